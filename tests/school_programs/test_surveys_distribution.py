"""Sending questionnaires: consent, recipients, waves, one-time links, reminders (services and Celery)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from nastavnik.celery import app
from school_programs.models import Consent, Distribution, Invitation, Survey
from school_programs.selectors.surveys import Recipients, recipient_ids
from school_programs.services import answering, distribution
from school_programs.tasks_surveys import (
    SURVEY_REMINDERS_TASK,
    survey_reminders_fan_out_task,
    survey_reminders_send_task,
)
from tenants import fanout
from tenants.models import School
from tests.school_programs.test_surveys_services import (
    good_answers,
    impact_survey,
    link_of,
    programme_with_people,
    send,
)
from tests.support import school as make


def test_people_without_a_valid_consent_are_not_invited_and_the_reason_is_given(in_school_a):
    people = programme_with_people()
    self_consented = make.student("Самостоятельный", grade=9, consent=False)
    Consent.objects.create(participant=self_consented, given_by="self", signed_on=datetime.date(2026, 9, 1))
    left = make.student("Выбывший", grade=9, is_active=False)
    ids = [people.alice.pk, people.boris.pk, people.nobody.pk, self_consented.pk, left.pk]

    result = send(impact_survey(), people, ids=ids)

    assert {i.participant_id for i in result.invited} == {people.alice.pk, people.boris.pk}
    reasons = {s.participant.pk: s.reason for s in result.skipped}
    assert "нет действующего согласия" in reasons[people.nobody.pk]
    assert "согласие должно дать родитель" in reasons[self_consented.pk]
    assert "выбыл" in reasons[left.pk]
    assert result.message == "Приглашены: 2. Не приглашены: 3 (причины — в списке)."
    assert set(Invitation.objects.values_list("participant_id", flat=True)) == {
        people.alice.pk,
        people.boris.pk,
    }


def test_when_nobody_can_be_invited_nothing_is_written(in_school_a):
    people = programme_with_people()
    with pytest.raises(ValidationError) as error:
        send(impact_survey(), people, ids=[people.nobody.pk])
    assert "Никого нельзя пригласить" in error.value.message_dict["participants"][0]
    assert not Distribution.objects.exists() and not Invitation.objects.exists()


def test_bad_periods_and_waves_are_refused(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    with pytest.raises(ValidationError) as error:
        send(survey, people, wave="once")
    assert "на входе и на выходе" in error.value.message_dict["wave"][0]
    with pytest.raises(ValidationError) as error:
        send(survey, people, days=-1)
    assert "раньше даты начала" in error.value.message_dict["closes_on"][0]
    assert not Distribution.objects.exists()


def test_the_same_wave_of_an_impact_survey_reaches_a_person_once_per_programme(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    send(survey, people, ids=[people.alice.pk])
    second = send(survey, people, ids=[people.alice.pk, people.boris.pk])
    assert [i.participant_id for i in second.invited] == [people.boris.pk]
    assert "уже приглашён на этап «вход»" in second.skipped[0].reason
    exit_wave = send(survey, people, wave="exit", ids=[people.alice.pk])
    assert [i.participant_id for i in exit_wave.invited] == [people.alice.pk]


def test_unknown_people_are_named_and_nothing_is_sent(in_school_a):
    people = programme_with_people()
    ids = recipient_ids(programme=people.programme, kind=Recipients.PEOPLE, people=[people.alice.pk, 999999])
    with pytest.raises(ValidationError) as error:
        send(impact_survey(), people, ids=ids)
    assert "№ 999999 не найдены" in error.value.message_dict["participants"][0]
    assert not Distribution.objects.exists()


def test_recipients_by_audience(in_school_a):
    people = programme_with_people()
    other = make.student("Другой", grade=7, letter="Б")
    programme = people.programme
    mentees = recipient_ids(programme=programme, kind=Recipients.MENTEES, form="teacher_student")
    assert set(mentees) == {people.alice.pk, people.boris.pk, people.vera.pk, people.nobody.pk}
    assert recipient_ids(programme=programme, kind=Recipients.MENTEES, form="student_student") == []
    assert recipient_ids(programme=programme, kind=Recipients.MENTORS) == [people.mentor.pk]
    seventh_a = recipient_ids(programme=programme, kind=Recipients.CLASS, grade=7, letter="а")
    assert set(seventh_a) == {people.alice.pk, people.boris.pk, people.nobody.pk}
    assert other.pk in recipient_ids(programme=programme, kind=Recipients.CLASS, grade=7)


def test_links_are_kept_only_as_hashes_work_once_issued_and_skip_account_holders(in_school_a, world):
    people = programme_with_people()
    teacher = make.teacher("Сучётной", user=world.users["mentor_a"])
    result = send(impact_survey(), people, ids=[people.alice.pk, people.boris.pk, teacher.pk])

    sheet = distribution.links_issue(distribution=result.distribution)

    assert {link.participant.pk for link in sheet.links} == {people.alice.pk, people.boris.pk}
    for link in sheet.links:
        stored = Invitation.objects.get(pk=link.invitation.pk)
        assert stored.token_hash == hashlib.sha256(link.token.encode()).hexdigest() != link.token
        assert len(link.token) >= 43
        closing = result.distribution.closes_on
        assert timezone.localtime(stored.expires_at).date() == closing
        assert timezone.localtime(stored.expires_at).time() == datetime.time(23, 59, 59)
    assert Invitation.objects.get(participant=teacher).token_hash == ""
    assert distribution.links_issue(distribution=result.distribution).links == []  # shown once, not again


def test_a_reissued_link_replaces_the_old_one(in_school_a):
    people = programme_with_people()
    result = send(impact_survey(), people, ids=[people.alice.pk])
    old = link_of(result, people.alice)
    invitation = Invitation.objects.get(participant=people.alice)
    new = distribution.link_reissue(invitation=invitation).token
    with pytest.raises(answering.LinkUnknown):
        answering.link_open(token=old)
    assert answering.link_open(token=new).pk == invitation.pk
    again = distribution.links_issue(distribution=result.distribution, class_name="7А", reissue=True)
    assert len(again.links) == 1
    with pytest.raises(answering.LinkUnknown):
        answering.link_open(token=new)
    with pytest.raises(ValidationError) as error:
        distribution.links_issue(distribution=result.distribution, class_name="седьмой")
    assert "7А" in error.value.message_dict["class_name"][0]


def test_a_link_cannot_be_reissued_after_the_answer(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    result = send(survey, people, ids=[people.alice.pk])
    answering.answer_by_link(token=link_of(result, people.alice), answers=good_answers(survey))
    with pytest.raises(ValidationError) as error:
        distribution.link_reissue(invitation=Invitation.objects.get(participant=people.alice))
    assert "уже заполнена" in error.value.messages[0]


def test_a_shorter_period_moves_the_expiry_of_issued_links(in_school_a):
    people = programme_with_people()
    result = send(impact_survey(), people, ids=[people.alice.pk])
    link_of(result, people.alice)
    distribution.distribution_set_period(distribution=result.distribution, closes_on=people.today)
    stored = Invitation.objects.get(participant=people.alice)
    assert timezone.localtime(stored.expires_at).date() == people.today


# --- Reminders ------------------------------------------------------------------------------------------


def test_reminders_go_to_people_with_an_address_at_most_once_in_three_days(in_school_a, world, mailoutbox):
    people = programme_with_people()
    account = make.teacher("Сучётной", user=world.users["mentor_a"])  # no own e-mail: the account's
    survey = impact_survey()
    result = send(survey, people, ids=[people.alice.pk, people.boris.pk, account.pk])
    now = timezone.now()

    assert distribution.survey_reminders_send(school=world.school_a, now=now) == 2
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"alice@school.test", "mentor_a@example.test"}
    assert "«Диагностика 7-х классов»" in by_address["alice@school.test"].body
    assert "персональной ссылке" in by_address["alice@school.test"].body
    assert "/s/school-a/my-surveys/" in by_address["mentor_a@example.test"].body
    assert by_address["alice@school.test"].subject == "Наставничество: ждём ответов на анкету (Школа А)"

    assert (
        distribution.survey_reminders_send(school=world.school_a, now=now + datetime.timedelta(days=2)) == 0
    )
    answering.answer_by_link(token=link_of(result, people.alice), answers=good_answers(survey))
    later = now + datetime.timedelta(days=3)
    assert distribution.survey_reminders_send(school=world.school_a, now=later) == 1
    assert mailoutbox[-1].to == ["mentor_a@example.test"]
    assert len(mailoutbox) == 3


def test_closed_distributions_send_no_reminders(in_school_a, world, mailoutbox):
    people = programme_with_people()
    send(impact_survey(), people, ids=[people.alice.pk])
    after_closing = timezone.now() + datetime.timedelta(days=30)
    assert distribution.survey_reminders_send(school=world.school_a, now=after_closing) == 0
    assert mailoutbox == []


def test_the_task_runs_in_its_school_and_a_repeat_sends_nothing(in_school_a, world, mailoutbox):
    people = programme_with_people()
    send(impact_survey(), people, ids=[people.alice.pk])
    assert connection.schema_name == world.school_a.schema_name
    assert survey_reminders_send_task.apply().get() == 1
    assert survey_reminders_send_task.apply().get() == 0
    assert len(mailoutbox) == 1


def test_the_fan_out_queues_the_reminder_task_by_name_for_every_active_school(world, monkeypatch):
    queued = []

    def send_task(name, args=None, kwargs=None, **options):
        queued.append({"name": name, **options})
        return app.AsyncResult(f"captured-{len(queued)}")

    monkeypatch.setattr(fanout.app, "send_task", send_task)
    assert survey_reminders_fan_out_task.apply().get() == School.objects.filter(status="active").count()
    assert {message["name"] for message in queued} == {SURVEY_REMINDERS_TASK}
    assert {world.school_a.schema_name, world.school_b.schema_name} <= {
        message["headers"]["_schema_name"] for message in queued
    }


def test_an_archived_survey_is_not_sent(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    survey.is_archived = True
    survey.save()
    with pytest.raises(ValidationError) as error:
        send(survey, people)
    assert "в архиве" in error.value.messages[0]
    assert Survey.objects.filter(pk=survey.pk).exists() and not Distribution.objects.exists()
