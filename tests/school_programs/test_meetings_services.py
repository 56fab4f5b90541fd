"""Meetings of pairs: their order and dates, stale pairs, e-mail reminders to mentors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from school_programs.models import (
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MentoringGroup,
    PlanTask,
    PlanTemplate,
    SchoolSettings,
)
from school_programs.selectors.groups import group_list
from school_programs.selectors.meetings import stale_groups
from school_programs.services import plans
from school_programs.services.meetings import meeting_delete, meeting_log, meeting_update, reminders_send
from school_programs.tasks import reminders_send_task
from tests.support import school as make
from tests.support.clock import TODAY


def pair(mentor_name="Наставникова", mentee_name="Учеников", programme=None, **mentor_fields):
    programme = programme or make.programme()
    entry = make.mentor(programme, make.student(mentor_name, grade=10, **mentor_fields))
    request = make.mentee(programme, make.student(mentee_name, grade=6))
    return make.group(programme, entry, [request])


def everyone(group):
    return [group.mentor.participant_id, *group.mentees.values_list("request__participant_id", flat=True)]


def log(group, kind, day, **fields):
    fields.setdefault("attendance", everyone(group))
    return meeting_log(group=group, kind=kind, held_on=day, today=TODAY, **fields)


def test_the_first_meeting_is_the_acquaintance(in_school_a):
    group = pair()
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.WORKING, datetime.date(2026, 10, 5))
    assert "начинается со встречи-знакомства" in error.value.message_dict["kind"][0]
    assert not Meeting.objects.exists()
    log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 2))
    log(group, MeetingKind.WORKING, datetime.date(2026, 10, 9))
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 1))
    assert "уже внесена (02.10.2026)" in error.value.message_dict["kind"][0]


def test_a_working_meeting_cannot_precede_the_acquaintance(in_school_a):
    group = pair()
    log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 10))
    with pytest.raises(ValidationError):
        log(group, MeetingKind.TRIAL, datetime.date(2026, 10, 5))


def test_the_final_meeting_closes_the_series(in_school_a):
    group = pair()
    log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 2))
    log(group, MeetingKind.FINAL, datetime.date(2026, 11, 20))
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.WORKING, datetime.date(2026, 11, 21))
    assert "завершила цикл встреч" in error.value.message_dict["held_on"][0]
    log(group, MeetingKind.WORKING, datetime.date(2026, 11, 1))  # recorded late, held before the final
    with pytest.raises(ValidationError):
        log(group, MeetingKind.FINAL, datetime.date(2026, 11, 21))


def test_meetings_are_held_inside_the_pairs_period_and_not_in_the_future(in_school_a):
    group = pair()
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 9, 20))
    assert "вне периода работы пары" in error.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.ACQUAINTANCE, TODAY + datetime.timedelta(days=1))
    assert "ещё не наступила" in error.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.ACQUAINTANCE, TODAY, duration_minutes=2)
    assert "от 5 до 600 минут" in error.value.message_dict["duration_minutes"][0]


def test_only_the_groups_people_are_marked_present_and_absentees_are_recorded(in_school_a):
    group = pair()
    outsider = make.student("Посторонний")
    with pytest.raises(ValidationError) as error:
        log(group, MeetingKind.ACQUAINTANCE, TODAY, attendance=[group.mentor.participant_id, outsider.pk])
    assert f"№ {outsider.pk}" in error.value.message_dict["attendance"][0]
    assert not Meeting.objects.exists()
    meeting = log(group, MeetingKind.ACQUAINTANCE, TODAY, attendance=[group.mentor.participant_id])
    rows = dict(MeetingAttendance.objects.filter(meeting=meeting).values_list("participant_id", "present"))
    assert rows == {pid: pid == group.mentor.participant_id for pid in everyone(group)}


def test_an_update_follows_the_same_rules_and_the_acquaintance_cannot_be_deleted_under_others(in_school_a):
    group = pair()
    first = log(group, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 2))
    second = log(group, MeetingKind.PLANNING, datetime.date(2026, 10, 9))
    with pytest.raises(ValidationError):
        meeting_update(meeting=second, kind=MeetingKind.ACQUAINTANCE, today=TODAY)
    updated = meeting_update(meeting=second, topic="Составили ИПР", duration_minutes=60, today=TODAY)
    assert updated.attendance.filter(present=True).count() == 2
    with pytest.raises(ValidationError):
        meeting_delete(meeting=first)
    meeting_delete(meeting=second)
    meeting_delete(meeting=first)
    assert not Meeting.objects.exists()


def test_a_pair_is_stale_after_the_configured_weeks_without_a_meeting(in_school_a):
    settings_ = SchoolSettings.current()
    settings_.meeting_gap_weeks = 3
    settings_.save()
    met = pair("Встречалась")
    silent = pair("Молчалина", "Забытый")
    log(met, MeetingKind.ACQUAINTANCE, datetime.date(2026, 11, 1))
    log(silent, MeetingKind.ACQUAINTANCE, datetime.date(2026, 10, 2))
    on_the_edge = datetime.date(2026, 10, 2) + datetime.timedelta(weeks=3)
    assert set(stale_groups(today=on_the_edge)) == {silent}
    assert set(stale_groups(today=on_the_edge - datetime.timedelta(days=1))) == set()
    assert set(stale_groups(today=datetime.date(2026, 11, 22))) == {silent, met}
    assert set(stale_groups(today=datetime.date(2026, 11, 21), weeks=8)) == set()
    flags = {
        g.pk: g.is_stale for g in group_list(MentoringGroup.objects.all(), programme=None, today=on_the_edge)
    }
    assert flags == {silent.pk: True, met.pk: False}


def test_a_pair_that_never_met_is_stale_counting_from_its_start(in_school_a):
    group = pair()  # starts 01.10.2026
    assert list(stale_groups(today=datetime.date(2026, 10, 21), weeks=3)) == []
    assert list(stale_groups(today=datetime.date(2026, 10, 22), weeks=3)) == [group]


def _overdue_task(group, deadline=datetime.date(2026, 11, 1)):
    plan = plans.plan_create_from_template(
        group=group,
        mentee=group.mentees.first().request,
        template=PlanTemplate.objects.get(form=group.form),
        start_date=group.start_date,
        end_date=group.end_date,
    )
    task = PlanTask.objects.filter(section__plan=plan).first()
    return plans.plan_task_update(plan_task=task, deadline=deadline)


def test_each_mentor_gets_one_reminder_with_stale_pairs_and_overdue_tasks(in_school_a, world, mailoutbox):
    programme = make.programme()
    first = pair("Иванова", "Петров", programme=programme, email="ivanova@school.test")
    second = make.group(
        programme, first.mentor, [make.mentee(programme, make.student("Сидоров", grade=5))], start=TODAY
    )
    _overdue_task(second)
    linked = pair("Смирнова", "Кузнецов", programme=programme, user=world.users["mentor_a"])
    log(linked, MeetingKind.ACQUAINTANCE, datetime.date(2026, 11, 20))
    _overdue_task(linked)
    quiet = pair("Спокойная", "Занятой", programme=programme, email="calm@school.test")
    log(quiet, MeetingKind.ACQUAINTANCE, datetime.date(2026, 11, 20))
    pair("Безадресная", "Одинокий", programme=programme)  # stale, but no e-mail: skipped

    sent = reminders_send(school=world.school_a, today=TODAY)

    assert sent == 2 == len(mailoutbox)
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"ivanova@school.test", "mentor_a@example.test"}
    ivanova = by_address["ivanova@school.test"]
    assert ivanova.subject == "Наставничество: напоминание о встречах и задачах ИПР (Школа А)"
    assert "Здравствуйте, Ученик!" in ivanova.body
    assert "не было встреч 3 нед. и больше" in ivanova.body
    assert "Петров У. (ученик – ученик): встреч ещё не было (работа начата 01.10.2026)" in ivanova.body
    assert f"/s/school-a/groups/{first.pk}/" in ivanova.body
    assert "Сидоров У.: «Провести диагностическую беседу" in ivanova.body
    assert "срок 01.11.2026" in ivanova.body
    mentor_a = by_address["mentor_a@example.test"].body
    assert "не было встреч" not in mentor_a
    assert "Кузнецов У.: «Провести диагностическую беседу" in mentor_a


def test_no_reminders_when_the_school_switched_them_off(in_school_a, world, mailoutbox):
    pair(email="someone@school.test")
    settings_ = SchoolSettings.current()
    settings_.reminders_enabled = False
    settings_.save()
    assert reminders_send(school=world.school_a, today=TODAY) == 0
    assert mailoutbox == []


def test_the_task_runs_in_the_schema_it_was_queued_for_and_sends_once_a_day(in_school_a, world, mailoutbox):
    pair(email="once@school.test")
    assert connection.schema_name == world.school_a.schema_name
    assert reminders_send_task.apply().get() == 1
    assert reminders_send_task.apply().get() == 0  # a second delivery the same day sends nothing
    assert len(mailoutbox) == 1
