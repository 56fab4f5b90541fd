"""A school A with work in it for the shell's tests (links, home pages): mentor_a's pair of two mentees
(one of them a logged-in mentee) with a fixing order, a meeting, a plan for each mentee (one task
overdue), a survey waiting for the mentee; mentor_a's second pair that has never met; a psychologist."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import (
    DevelopmentPlan,
    Distribution,
    Form,
    Invitation,
    MeetingKind,
    Order,
    PlanSection,
    PlanTask,
)
from school_programs.services.meetings import meeting_log
from tenants.models import Membership, Role, User
from tests.support import school as make
from tests.support import surveys
from tests.support.world import PASSWORD


def school_user(world, username: str, role: Role) -> User:
    user = User(
        username=username, last_name=username.title(), first_name="Тест", email=f"{username}@example.test"
    )
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.create(user=user, role=role, school=world.school_a)
    return user


def plan_for(group, request, *, tasks=()) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(
        group=group, mentee=request, start_date=group.start_date, end_date=group.end_date
    )
    section = PlanSection.objects.create(plan=plan, order=1, title="Учебные трудности")
    for number, (task, deadline) in enumerate(tasks, start=1):
        PlanTask.objects.create(section=section, order=number, task=task, deadline=deadline)
    return plan


def build(world) -> SimpleNamespace:
    today = timezone.localdate()
    mentee_user = school_user(world, "mentee_a", Role.MENTEE)
    psychologist = school_user(world, "psychologist_a", Role.PSYCHOLOGIST)
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=90), end_date=today + datetime.timedelta(days=200)
        )
        mentor = make.teacher("Наставникова", first_name="Анна", user=world.users["mentor_a"])
        entry = make.mentor(programme, mentor, forms=[Form.TEACHER_STUDENT], capacity=3)
        pupil = make.student("Ученикова", first_name="Дарья", user=mentee_user)
        mate = make.student("Одногруппников", first_name="Пётр")
        own_request = make.mentee(programme, pupil, form=Form.TEACHER_STUDENT)
        mate_request = make.mentee(programme, mate, form=Form.TEACHER_STUDENT)
        start, end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=150)
        group = make.group(programme, entry, [own_request, mate_request], start=start, end=end)
        order = Order.objects.create(
            programme=programme,
            kind=Order.Kind.FIX_GROUPS,
            date=start,
            title="О закреплении наставнических пар",
        )
        group.fixing_order = order
        group.save(update_fields=["fixing_order"])
        meeting_log(
            group=group,
            kind=MeetingKind.ACQUAINTANCE,
            held_on=today - datetime.timedelta(days=10),
            attendance=[mentor.pk],
        )
        own_plan = plan_for(
            group,
            own_request,
            tasks=[
                ("Разобрать контрольную по дробям", today - datetime.timedelta(days=5)),
                ("Прочитать главу учебника", today + datetime.timedelta(days=7)),
            ],
        )
        mate_plan = plan_for(group, mate_request)
        # mentor_a's second pair, formed a week ago: it has never met.
        silent = make.group(
            programme,
            entry,
            [make.mentee(programme, make.student("Молчунов"), form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=7),
            end=end,
        )
        version = surveys.survey("Анкета входа для наставляемых")
        surveys.question(version)
        waiting = surveys.distribution(
            programme, version, Distribution.Wave.ENTRY, opens_on=today - datetime.timedelta(days=2)
        )
        invitation = Invitation.objects.create(distribution=waiting, participant=pupil)
    return SimpleNamespace(
        today=today,
        programme=programme,
        group=group,
        silent=silent,
        invitation=invitation,
        order=order,
        own_plan=own_plan,
        mate_plan=mate_plan,
        mentor=mentor,
        pupil=pupil,
        mentee_user=mentee_user,
        psychologist=psychologist,
    )
