"""matching_suggest and the curator's decisions, in a school schema."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import (
    CompatibilityResult,
    Form,
    MatchingRun,
    MatchSuggestion,
    MentoringGroup,
    RequestStatus,
    SpeedMeetingPreference,
)
from school_programs.services.matching import (
    compatibility_record,
    matching_suggest,
    preference_record,
    suggestion_accept,
    suggestion_change_mentor,
    suggestion_reject,
    suggestions_accept_all,
)
from tests.support import school as make

SS = Form.STUDENT_STUDENT


@pytest.fixture
def prog(in_school_a):
    return make.programme()


def test_suggestions_are_kept_with_score_explanation_and_the_unmatched_with_reasons(prog):
    senior = make.mentor(prog, make.student("Алгебраист", grade=10), topics=["алгебра", "ОГЭ"], capacity=1)
    wanted = make.mentee(prog, make.student("Нужна", grade=8), topics=["алгебра"], subject="математика")
    second = make.mentee(prog, make.student("Тоже", grade=8), topics=["алгебра"], priority="low")
    make.mentee(prog, make.student("Химик", grade=8), topics=["химия"])
    run = matching_suggest(programme=prog, form=SS)

    [suggestion] = run.suggestions.all()
    assert (suggestion.mentor, suggestion.mentee) == (senior, wanted)
    assert suggestion.explanation.startswith("совпадают темы: алгебра")
    assert suggestion.score == run.total_score
    reasons = {
        u.mentee.participant.last_name: u.reason for u in run.unmatched.select_related("mentee__participant")
    }
    assert reasons["Тоже"].startswith("все подходящие наставники заняты (Алгебраист У.)")
    assert reasons["Химик"] == (
        "ни у одного отобранного наставника формы «ученик – ученик» нет нужных тем или предмета: химия"
    )
    assert second.pk not in {s.mentee_id for s in run.suggestions.all()}


def test_a_new_run_supersedes_the_proposed_suggestions_of_older_runs_but_keeps_decisions(prog):
    a = make.mentor(prog, make.student("Первый", grade=10), topics=["алгебра"])
    b = make.mentor(prog, make.student("Второй", grade=10), topics=["физика"])
    make.mentee(prog, make.student("А", grade=7), topics=["алгебра"])
    make.mentee(prog, make.student("Б", grade=7), topics=["физика"])
    first = matching_suggest(programme=prog, form=SS)
    rejected = first.suggestions.get(mentor=b)
    suggestion_reject(suggestion=rejected)
    second = matching_suggest(programme=prog, form=SS)
    assert list(first.suggestions.values_list("decision", flat=True)) == [MatchSuggestion.Decision.REJECTED]
    assert second.suggestions.count() == 2
    assert MatchingRun.objects.filter(programme=prog, form=SS).count() == 2
    assert a.pk in set(second.suggestions.values_list("mentor_id", flat=True))


def test_matching_a_form_outside_the_programme_is_refused(prog):
    prog.forms = [SS]
    prog.save()
    with pytest.raises(ValidationError) as error:
        matching_suggest(programme=prog, form=Form.TEACHER_TEACHER)
    assert "Форма «учитель – учитель» не выбрана в программе" in error.value.message_dict["form"][0]
    assert not MatchingRun.objects.exists()


def test_accepting_creates_a_pair_and_marks_the_request(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=10), topics=["алгебра"])
    request = make.mentee(prog, make.student("Младший", grade=7), topics=["алгебра"])
    run = matching_suggest(programme=prog, form=SS)
    group = suggestion_accept(suggestion=run.suggestions.get())
    assert group.mentor == entry
    assert list(group.mentees.values_list("request_id", flat=True)) == [request.pk]
    assert group.start_date == make.TODAY and group.end_date == prog.end_date
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCHED
    assert run.suggestions.get().decision == MatchSuggestion.Decision.ACCEPTED
    with pytest.raises(ValidationError, match="Решение по этой паре уже принято: принято"):
        suggestion_accept(suggestion=run.suggestions.get())


def test_accepting_into_a_group_joins_the_mentors_working_group_of_the_form(prog):
    entry = make.mentor(prog, make.student("Вожатый", grade=11), topics=["проект"], capacity=3)
    placed = make.mentee(prog, make.student("Уже", grade=7), topics=["проект"])
    existing = make.group(prog, entry, [placed])
    make.mentee(prog, make.student("Новый", grade=7), topics=["проект"])
    run = matching_suggest(programme=prog, form=SS)
    group = suggestion_accept(suggestion=run.suggestions.get(), as_group=True)
    assert group == existing
    assert existing.mentees.count() == 2
    assert MentoringGroup.objects.count() == 1


def test_accepting_rechecks_the_rules_when_things_changed_since_the_run(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=10), topics=["алгебра"])
    request = make.mentee(prog, make.student("Младший", grade=7), topics=["алгебра"])
    run = matching_suggest(programme=prog, form=SS)
    request.participant.consents.update(withdrawn_on=make.TODAY)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        suggestion_accept(suggestion=run.suggestions.get())
    assert not MentoringGroup.objects.exists()
    assert run.suggestions.get().decision == MatchSuggestion.Decision.PROPOSED
    assert entry.groups.count() == 0


def test_changing_the_mentor_is_checked_by_the_same_hard_rules(prog):
    make.mentor(prog, make.student("Первый", grade=10), topics=["алгебра"])
    younger = make.mentor(prog, make.student("Младше", grade=6), topics=["алгебра"])
    other = make.mentor(prog, make.student("Другой", grade=11), topics=["геометрия"])
    make.mentee(prog, make.student("Семиклассник", grade=7), topics=["алгебра"])
    run = matching_suggest(programme=prog, form=SS)
    suggestion = run.suggestions.get()
    with pytest.raises(ValidationError) as error:
        suggestion_change_mentor(suggestion=suggestion, mentor=younger)
    assert "Наставник-ученик должен учиться в более старшем классе" in error.value.message_dict["mentor"][0]
    changed = suggestion_change_mentor(suggestion=suggestion, mentor=other)
    assert changed.mentor == other
    assert changed.explanation.endswith("наставник выбран куратором")
    assert changed.decision == MatchSuggestion.Decision.PROPOSED


def test_changing_to_a_mentor_whose_places_are_promised_in_the_run_is_refused(prog):
    full = make.mentor(prog, make.student("Занят", grade=10), topics=["алгебра"], capacity=1)
    make.mentor(prog, make.student("Свободен", grade=10), topics=["физика"], capacity=1)
    make.mentee(prog, make.student("А", grade=7), topics=["алгебра"])
    make.mentee(prog, make.student("Б", grade=7), topics=["физика"])
    run = matching_suggest(programme=prog, form=SS)
    physics = run.suggestions.exclude(mentor=full).get()
    with pytest.raises(ValidationError, match="ещё 1 предложено"):
        suggestion_change_mentor(suggestion=physics, mentor=full)


def test_accept_all_is_all_or_nothing(prog):
    make.mentor(prog, make.student("Первый", grade=10), topics=["алгебра"])
    make.mentor(prog, make.student("Второй", grade=10), topics=["физика"])
    make.mentee(prog, make.student("А", grade=7), topics=["алгебра"])
    b = make.mentee(prog, make.student("Б", grade=7), topics=["физика"])
    run = matching_suggest(programme=prog, form=SS)
    b.participant.consents.update(withdrawn_on=make.TODAY)
    with pytest.raises(ValidationError) as error:
        suggestions_accept_all(run=run, start_date=make.TODAY)
    assert "Пара Второй У. — Б У.:" in error.value.messages[0]
    assert not MentoringGroup.objects.exists()
    assert set(run.suggestions.values_list("decision", flat=True)) == {MatchSuggestion.Decision.PROPOSED}

    b.participant.consents.update(withdrawn_on=None)
    assert suggestions_accept_all(run=run, start_date=make.TODAY) == 2
    assert MentoringGroup.objects.count() == 2


def test_compatibility_and_speed_meeting_choices_feed_the_next_run(prog):
    calm = make.mentor(prog, make.student("Спокойный", grade=10), topics=["алгебра"])
    loud = make.mentor(prog, make.student("Шумный", grade=10), topics=["алгебра"])
    request = make.mentee(prog, make.student("Тихоня", grade=7), topics=["алгебра"])
    compatibility_record(mentor=calm, mentee=request, score=82, tested_on=make.TODAY, method="Тест")
    compatibility_record(mentor=loud, mentee=request, score=30, tested_on=make.TODAY)
    compatibility_record(mentor=loud, mentee=request, score=35, tested_on=make.TODAY)  # re-test replaces
    assert CompatibilityResult.objects.get(mentor=loud).score == 35
    preference_record(programme=prog, chooser=request.participant, chosen=calm.participant, rank=1)
    preference_record(programme=prog, chooser=calm.participant, chosen=request.participant, rank=1)
    run = matching_suggest(programme=prog, form=SS)
    suggestion = run.suggestions.get()
    assert suggestion.mentor == calm
    assert "совместимость 82/100" in suggestion.explanation
    assert "взаимный выбор после быстрых встреч" in suggestion.explanation


def test_bad_compatibility_and_preferences_are_refused(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=10))
    request = make.mentee(prog, make.student("Младший", grade=7))
    with pytest.raises(ValidationError, match="Совместимость — число от 0 до 100"):
        compatibility_record(mentor=entry, mentee=request, score=120, tested_on=make.TODAY)
    with pytest.raises(ValidationError, match="Дата теста не может быть в будущем"):
        compatibility_record(
            mentor=entry, mentee=request, score=50, tested_on=make.TODAY + datetime.timedelta(1)
        )
    stranger = make.student("Посторонний", grade=7)
    with pytest.raises(ValidationError, match="нет в базах наставников и наставляемых"):
        preference_record(programme=prog, chooser=stranger, chosen=entry.participant, rank=1)
    another = make.mentee(prog, make.student("Второй", grade=7))
    with pytest.raises(ValidationError, match="наставник выбирает наставляемых"):
        preference_record(programme=prog, chooser=request.participant, chosen=another.participant, rank=1)
    assert not CompatibilityResult.objects.exists()
    assert not SpeedMeetingPreference.objects.exists()
