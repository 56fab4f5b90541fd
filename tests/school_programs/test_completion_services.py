"""Completion: results of pairs, early release, rewards, best practices and the programme's report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from regional_center.models import PublishedPractice
from school_programs.models import (
    DevelopmentPlan,
    Form,
    GroupMentee,
    GroupStatus,
    MeetingKind,
    MentorEntry,
    MentorRelease,
    MentorReward,
    PlanTask,
    PlanTemplate,
    Programme,
    RequestStatus,
    ResultStatus,
    RoleModel,
)
from school_programs.selectors.completion import programme_report
from school_programs.services import completion, plans
from school_programs.services.meetings import meeting_log
from tests.support import school as make
from tests.support.clock import TODAY


def pair(programme, mentor_name="Наставникова", mentees=("Учеников",)):
    entry = make.mentor(programme, make.student(mentor_name, grade=10), capacity=len(mentees))
    requests = [make.mentee(programme, make.student(name, grade=6)) for name in mentees]
    return make.group(programme, entry, requests)


def test_completing_a_pair_closes_its_requests_and_plans_and_warns_without_a_final_meeting(in_school_a):
    programme = make.programme()
    group = pair(programme)
    request = group.mentees.get().request
    plan = plans.plan_create_from_template(
        group=group, mentee=request, template=None, start_date=group.start_date, end_date=group.end_date
    )
    plan.status = DevelopmentPlan.Status.ACTIVE
    plan.save()
    outcome = completion.group_complete(
        group=group, result_summary="Оценки по алгебре выросли до «4».", completed_on=TODAY, today=TODAY
    )
    assert outcome.warnings == ["Итоговая встреча не внесена: рекомендуется провести её перед завершением."]
    group.refresh_from_db()
    request.refresh_from_db()
    plan.refresh_from_db()
    assert (group.status, group.completed_on) == (GroupStatus.COMPLETED, TODAY)
    assert request.status == RequestStatus.CLOSED
    assert plan.status == DevelopmentPlan.Status.COMPLETED
    with pytest.raises(ValidationError):
        completion.group_complete(group=group, result_summary="Ещё раз", completed_on=TODAY, today=TODAY)


def test_completion_after_the_final_meeting_has_no_warning_and_needs_a_summary(in_school_a):
    group = pair(make.programme())
    people = [group.mentor.participant_id]
    meeting_log(
        group=group,
        kind=MeetingKind.ACQUAINTANCE,
        held_on=datetime.date(2026, 10, 2),
        attendance=people,
        today=TODAY,
    )
    meeting_log(
        group=group,
        kind=MeetingKind.FINAL,
        held_on=datetime.date(2026, 11, 20),
        attendance=people,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        completion.group_complete(group=group, result_summary="  ", completed_on=TODAY, today=TODAY)
    assert "result_summary" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        completion.group_complete(
            group=group, result_summary="Итоги", completed_on=TODAY + datetime.timedelta(days=1), today=TODAY
        )
    assert "ещё не наступила" in error.value.message_dict["completed_on"][0]
    outcome = completion.group_complete(group=group, result_summary="Итоги", completed_on=TODAY, today=TODAY)
    assert outcome.warnings == []


def test_early_release_terminates_the_group_and_sends_mentees_back_to_the_search(in_school_a):
    programme = make.programme()
    group = pair(programme, mentees=("Первый", "Второй"))
    requests = [placement.request for placement in group.mentees.all()]
    release = completion.mentor_release(
        group=group,
        reason=MentorRelease.Reason.APPLICATION,
        released_on=datetime.date(2026, 11, 10),
        today=TODAY,
    )
    assert release.order is None
    group.refresh_from_db()
    assert (group.status, group.completed_on) == (GroupStatus.TERMINATED, datetime.date(2026, 11, 10))
    for request in requests:
        request.refresh_from_db()
        assert request.status == RequestStatus.SUPPORT
        assert request.get_status_display() == "без пары: психологическая поддержка, поиск продолжается"
    assert set(GroupMentee.objects.filter(group=group).values_list("left_on", flat=True)) == {
        datetime.date(2026, 11, 10)
    }
    group.mentor.refresh_from_db()
    assert group.mentor.selection == MentorEntry.Selection.RELEASED
    # The search goes on: the same request may be placed with a new mentor.
    make.group(programme, make.mentor(programme, make.student("Новая", grade=11)), requests[:1])


def test_release_for_non_performance_needs_the_circumstances(in_school_a):
    group = pair(make.programme())
    with pytest.raises(ValidationError) as error:
        completion.mentor_release(
            group=group, reason=MentorRelease.Reason.NON_PERFORMANCE, released_on=TODAY, today=TODAY
        )
    assert "Опишите обстоятельства" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError):
        completion.mentor_release(group=group, reason="boredom", released_on=TODAY, today=TODAY)
    assert not MentorRelease.objects.exists()
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE


def test_a_mentor_is_rewarded_only_for_leading_a_pair(in_school_a):
    programme = make.programme()
    group = pair(programme)
    idle = make.mentor(programme, make.teacher("Без пары"))
    with pytest.raises(ValidationError) as error:
        completion.mentor_reward(mentor=idle, kind=MentorReward.Kind.GRATITUDE_LETTER, awarded_on=TODAY)
    assert "не вёл / вела пар" in error.value.message_dict["mentor"][0]
    reward = completion.mentor_reward(
        mentor=group.mentor,
        kind=MentorReward.Kind.GRATITUDE_LETTER,
        awarded_on=TODAY,
        wording="За высокие результаты наставляемого",
    )
    assert reward.get_kind_display() == "благодарственное письмо"


def test_publishing_refuses_a_practice_that_names_a_participant(in_school_a, world):
    programme = make.programme()
    make.student("Ёлкин", first_name="Пётр")
    practice = completion.best_practice_create(
        programme=programme,
        title="Взаимное обучение на переменах",
        form=Form.STUDENT_STUDENT,
        description="Старшеклассник помогал Петру Ёлкину, и пётр елкин подтянул алгебру.",
        results="Успеваемость выросла.",
    )
    with pytest.raises(ValidationError) as error:
        completion.best_practice_publish(practice=practice, school=world.school_a, today=TODAY)
    assert error.value.message_dict["description"] == [
        "В тексте есть фамилия и имя участника программы (Ёлкин Пётр): уберите персональные данные "
        "перед публикацией."
    ]
    assert not PublishedPractice.objects.filter(school=world.school_a).exists()
    practice.refresh_from_db()
    assert practice.published_on is None


def test_a_clean_practice_is_copied_to_the_public_schema_without_school_data(in_school_a, world):
    programme = make.programme()
    make.student("Ёлкин", first_name="Пётр")
    role_model = RoleModel.objects.get(form=Form.STUDENT_STUDENT, name="успевающий – неуспевающий")
    practice = completion.best_practice_create(
        programme=programme,
        title="Взаимное обучение на переменах",
        form=Form.STUDENT_STUDENT,
        role_model=role_model,
        description="Старшеклассник-наставник и шестиклассник разбирали задачи дважды в неделю.",
        results="Успеваемость выросла у 8 из 10 наставляемых.",
    )
    completion.best_practice_publish(practice=practice, school=world.school_a, today=TODAY)
    practice.refresh_from_db()
    assert practice.published_on == TODAY
    with schema_context("public"):
        row = PublishedPractice.objects.get(school=world.school_a)
    assert (row.school_id, row.form_label, row.role_model_name) == (
        world.school_a.pk,
        "ученик – ученик",
        "успевающий – неуспевающий",
    )
    with pytest.raises(ValidationError):
        completion.best_practice_publish(practice=practice, school=world.school_a, today=TODAY)
    with pytest.raises(ValidationError):
        completion.best_practice_update(
            practice=practice, title="Новое", form=Form.STUDENT_STUDENT, description="Новое описание"
        )


def test_a_practice_role_model_must_belong_to_its_form(in_school_a):
    role_model = RoleModel.objects.filter(form=Form.TEACHER_TEACHER).first()
    with pytest.raises(ValidationError) as error:
        completion.best_practice_create(
            programme=make.programme(),
            title="Практика",
            form=Form.STUDENT_STUDENT,
            role_model=role_model,
            description="Описание",
        )
    assert "другой форме" in error.value.message_dict["role_model"][0]


def test_the_report_counts_pairs_groups_meetings_and_achieved_tasks_per_form_and_role_model(in_school_a):
    programme = make.programme()
    done = pair(programme, "Первая")
    group = pair(programme, "Вторая", mentees=("А", "Б"))
    stopped = pair(programme, "Третья")
    people = [done.mentor.participant_id]
    meeting_log(
        group=done,
        kind=MeetingKind.ACQUAINTANCE,
        held_on=datetime.date(2026, 10, 2),
        attendance=people,
        today=TODAY,
    )
    meeting_log(
        group=done, kind=MeetingKind.FINAL, held_on=datetime.date(2026, 11, 2), attendance=people, today=TODAY
    )
    plan = plans.plan_create_from_template(
        group=done,
        mentee=done.mentees.get().request,
        template=PlanTemplate.objects.get(form=Form.STUDENT_STUDENT),
        start_date=done.start_date,
        end_date=done.end_date,
    )
    tasks = list(PlanTask.objects.filter(section__plan=plan))  # 7 tasks in the student template
    plans.plan_task_update(plan_task=tasks[0], result_status=ResultStatus.FULL)
    plans.plan_task_update(
        plan_task=tasks[1], result_status=ResultStatus.EXCEEDED, exceeded_description="Призёр"
    )
    plans.plan_task_update(plan_task=tasks[2], result_status=ResultStatus.PARTIAL)
    completion.group_complete(group=done, result_summary="Итоги", completed_on=TODAY, today=TODAY)
    completion.mentor_release(
        group=stopped,
        reason=MentorRelease.Reason.PETITION,
        released_on=TODAY,
        note="Ходатайство",
        today=TODAY,
    )
    completion.mentor_reward(mentor=done.mentor, kind=MentorReward.Kind.GRATITUDE_LETTER, awarded_on=TODAY)
    completion.best_practice_create(
        programme=programme,
        title="Практика",
        form=Form.STUDENT_STUDENT,
        role_model=done.role_model,
        description="Описание",
    )

    report = programme_report(programme)

    assert len(report.rows) == 1
    row = report.rows[0]
    assert (row.form_label, row.role_model) == ("ученик – ученик", done.role_model.name)
    assert (row.pairs, row.groups, row.completed, row.terminated, row.active) == (2, 1, 1, 1, 1)
    assert (row.meetings, row.plans, row.tasks, row.tasks_full, row.tasks_exceeded) == (2, 1, 7, 1, 1)
    assert row.achieved_share == round(100 * 2 / 7, 1)
    assert row.practices == 1
    assert report.total.formed == 3
    assert report.rewards == [("благодарственное письмо", 1)]
    assert report.releases == [("по письменному мотивированному ходатайству обучающихся", 1)]
    assert group.status == GroupStatus.ACTIVE


def test_the_programme_is_completed_once_no_pair_works(in_school_a):
    programme = make.programme()
    group = pair(programme)
    with pytest.raises(ValidationError) as error:
        completion.programme_final_report(
            programme=programme, final_report="Итоги года", complete=True, completed_on=TODAY, today=TODAY
        )
    assert "Работают ещё пары и группы (1)" in error.value.message_dict["complete"][0]
    programme.refresh_from_db()
    assert programme.final_report == "" and programme.status != Programme.Status.COMPLETED
    completion.programme_final_report(programme=programme, final_report="Черновик итогов", today=TODAY)
    completion.group_complete(group=group, result_summary="Итоги", completed_on=TODAY, today=TODAY)
    completion.programme_final_report(
        programme=programme, final_report="Итоги года", complete=True, completed_on=TODAY, today=TODAY
    )
    programme.refresh_from_db()
    assert (programme.status, programme.completed_on, programme.final_report) == (
        Programme.Status.COMPLETED,
        TODAY,
        "Итоги года",
    )
