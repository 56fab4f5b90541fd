"""Pairs and orders as the seed's four-year programme needs them: a start date when accepting, pair
dates editable until an order fixes them, orders whose dates agree with their pairs, parents in the
mentor base, order texts and plan templates in the seed's words."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import (
    DevelopmentPlan,
    Form,
    MatchSuggestion,
    MentorRelease,
    Order,
    PlanTemplateTask,
)
from school_programs.reference import PLAN_TEMPLATES
from school_programs.services.completion import mentor_release
from school_programs.services.groups import group_period_update, pair_problem
from school_programs.services.groups import mentee_facts as mentee_facts_of
from school_programs.services.groups import mentor_facts as mentor_facts_of
from school_programs.services.matching import matching_suggest, suggestions_accept_all
from school_programs.services.orders import (
    order_draft_fix_groups,
    order_draft_release_mentor,
    order_sign,
    order_update,
)
from tests.school_programs.test_orders_services import build_plan, build_programme
from tests.support import school as make

SS = Form.STUDENT_STUDENT


@pytest.fixture
def prog(in_school_a):
    return make.programme()


def test_accept_all_takes_the_start_date_of_the_pairs(prog):
    make.mentor(prog, make.student("Наставник", grade=10), topics=["алгебра"])
    make.mentee(prog, make.student("Младший", grade=7), topics=["алгебра"])
    run = matching_suggest(programme=prog, form=SS)
    with pytest.raises(ValidationError, match="Укажите дату начала"):
        suggestions_accept_all(run=run, start_date=None)
    suggestions_accept_all(run=run, start_date=datetime.date(2026, 12, 1))
    group = run.suggestions.get().mentor.groups.get()
    assert group.start_date == datetime.date(2026, 12, 1) and group.end_date == prog.end_date
    assert group.mentees.get().joined_on == datetime.date(2026, 12, 1)


def test_the_accept_all_page_passes_the_date_and_refuses_without_it(client_of, world):
    from django_tenants.utils import schema_context

    with schema_context(world.school_a.schema_name):
        prog = make.programme()
        make.mentor(prog, make.student("Наставник", grade=10), topics=["алгебра"])
        make.mentee(prog, make.student("Младший", grade=7), topics=["алгебра"])
        run = matching_suggest(programme=prog, form=SS)
    curator = client_of("curator_a")
    page = curator.get(f"/s/school-a/matching/?programme={prog.pk}&form={SS}").content.decode()
    assert 'name="start_date" value="2026-11-22"' in page
    refused = curator.post(f"/s/school-a/matching/runs/{run.pk}/accept-all/", follow=True)
    assert "Ничего не принято. Укажите дату начала работы пары." in refused.content.decode()
    curator.post(f"/s/school-a/matching/runs/{run.pk}/accept-all/", {"start_date": "2026-12-01"})
    with schema_context(world.school_a.schema_name):
        suggestion = MatchSuggestion.objects.get(run=run)
        assert suggestion.mentor.groups.get().start_date == datetime.date(2026, 12, 1)


def test_pair_dates_are_editable_until_an_order_fixes_the_pair(in_school_a):
    setting = build_programme()
    pair = group_period_update(group=setting.pair, start_date=datetime.date(2026, 10, 10))
    assert pair.start_date == datetime.date(2026, 10, 10)
    assert pair.mentees.get().joined_on == datetime.date(2026, 10, 10)
    with pytest.raises(ValidationError, match="в пределах программы"):
        group_period_update(group=pair, end_date=datetime.date(2027, 7, 1))
    order_draft_fix_groups(programme=setting.programme, groups=[pair], date=datetime.date(2026, 10, 5))
    with pytest.raises(ValidationError, match="закреплена приказом"):
        group_period_update(group=pair, start_date=datetime.date(2026, 10, 12))


def test_an_order_refuses_pairs_whose_dates_contradict_its_date(in_school_a):
    setting = build_programme()
    group_period_update(group=setting.pair, start_date=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError) as error:
        order_draft_fix_groups(
            programme=setting.programme, groups=[setting.pair], date=datetime.date(2026, 10, 5)
        )
    assert "начинает работу 01.03.2027 — позже, чем через месяц после даты приказа 05.10.2026" in str(
        error.value
    )
    order = order_draft_fix_groups(
        programme=setting.programme, groups=[setting.group], date=datetime.date(2026, 10, 5)
    )
    with pytest.raises(ValidationError, match=r"закончила работу 31\.05\.2027"):
        order_update(order=order, date=datetime.date(2027, 6, 15))
    with pytest.raises(ValidationError) as error:
        order_sign(order=order, number="12", signed_on=datetime.date(2027, 6, 15))
    assert "signed_on" in error.value.message_dict


def test_a_parent_mentors_students_in_teacher_student_never_their_own_child(prog):
    child = make.student("Сын", grade=5)
    other = make.student("Другой", grade=5)
    parent = make.parent("Активная", of=[child])
    entry = make.mentor(prog, parent, forms=(Form.TEACHER_STUDENT,))
    own = make.mentee(prog, child, form=Form.TEACHER_STUDENT)
    someone = make.mentee(prog, other, form=Form.TEACHER_STUDENT)
    facts = mentor_facts_of([entry], on=make.TODAY)[entry.pk]
    mentees = mentee_facts_of([own, someone], on=make.TODAY)
    assert pair_problem(facts, mentees[someone.pk]) is None
    assert "Родитель не может быть наставником своего ребёнка" in pair_problem(facts, mentees[own.pk]).message


def test_the_fixing_order_cites_the_plan_only_when_every_mentee_has_one(in_school_a):
    setting = build_programme()
    build_plan(setting)
    with_plan = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=make.TODAY)
    assert "Закрепить наставников за наставляемыми на основании индивидуального плана развития" in (
        with_plan.body
    )
    without = order_draft_fix_groups(programme=setting.programme, groups=[setting.group], date=make.TODAY)
    assert "на основании индивидуальн" not in without.body
    assert DevelopmentPlan.objects.count() == 1


def test_a_draft_is_headed_without_number_and_the_release_order_reads_in_the_seeds_words(in_school_a):
    setting = build_programme()
    release = mentor_release(
        group=setting.pair,
        reason=MentorRelease.Reason.PETITION,
        released_on=datetime.date(2026, 11, 10),
        note="ходатайство 7А класса",
    )
    order = order_draft_release_mentor(releases=[release], date=datetime.date(2026, 11, 12))
    assert order.title == "О досрочном освобождении от обязанностей наставника"
    assert "по письменному мотивированному ходатайству обучающихся" in order.body
    assert order.heading == "Проект приказа от 12.11.2026" and "№" not in str(order)
    signed = order_sign(order=order, number="151/1", signed_on=datetime.date(2026, 11, 13))
    assert signed.heading == "Приказ № 151/1 от 13.11.2026"
    assert MentorRelease.Reason.NON_PERFORMANCE.label == (
        "в связи с невыполнением или ненадлежащим выполнением наставником возложенных на него обязанностей"
    )
    assert Order.objects.count() == 1


def test_plan_templates_carry_the_seeds_full_task_texts(in_school_a):
    tasks = set(PlanTemplateTask.objects.values_list("task", flat=True))
    assert (
        "Перенять успешный опыт наставника по подготовке домашнего задания (выполнения упражнений, "
        "заучивания стихотворений и т.д.) / подготовки к контрольным работам и пр." in tasks
    )
    assert (
        "Принять участие в олимпиадах, мониторингах на платформе «Учи.ру», в конкурсах, соревнованиях"
        in tasks
    )
    teacher = next(sections for form, _, _, sections in PLAN_TEMPLATES if form == Form.TEACHER_TEACHER)
    # Seed 001, «Учитель – учитель», section 3 has nine tasks (3.1–3.9).
    assert len(teacher[2][1]) == 9


def test_matching_never_suggests_a_mentor_released_at_their_own_request(prog):
    tired = make.mentor(prog, make.student("Уставший", grade=10), topics=["алгебра"], capacity=2)
    first = make.mentee(prog, make.student("Первый", grade=7), topics=["алгебра"])
    pair = make.group(prog, tired, [first])
    mentor_release(group=pair, reason=MentorRelease.Reason.APPLICATION, released_on=make.TODAY)
    make.mentee(prog, make.student("Второй", grade=7), topics=["алгебра"])
    run = matching_suggest(programme=prog, form=SS)
    assert not run.suggestions.filter(mentor=tired).exists()
