"""The demo region's programmes obey the rules the services enforce, by construction."""

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from school_programs.demo import DEMO_SCHOOLS
from school_programs.models import (
    DevelopmentPlan,
    Form,
    GroupMentee,
    Guardianship,
    Meeting,
    MentoringGroup,
    MentorRelease,
    ParticipantKind,
    PlanTask,
    Programme,
)
from school_programs.selectors.consents import participants_with_valid_consent
from tenants.demo_calendar import on, school_year
from tenants.models import School, User
from tests.support.clock import TODAY as DAY
from tests.support.db import committed


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0)
        schools = list(School.objects.filter(slug__in=DEMO_SCHOOLS))
    return schools


def test_several_demo_schools_run_a_programme_with_every_form(demo, db):
    forms = set()
    for school in demo:
        with schema_context(school.schema_name):
            assert Programme.objects.exclude(status="completed").count() == 1
            forms |= set(MentoringGroup.objects.values_list("form", flat=True))
            assert Meeting.objects.exists()
            assert MentorRelease.objects.exists()
            tasks = PlanTask.objects.all()
            assert tasks.exclude(result_status="").exists() and tasks.filter(result_status="").exists()
    assert forms == set(Form.values)
    assert len(demo) >= 3


def test_demo_pairs_obey_the_matching_rules(demo, db):
    for school in demo:
        with schema_context(school.schema_name):
            placements = GroupMentee.objects.filter(left_on__isnull=True).select_related(
                "group__mentor__participant", "request__participant"
            )
            people = {p.group.mentor.participant_id for p in placements} | {
                p.request.participant_id for p in placements
            }
            assert people <= participants_with_valid_consent(people, DAY)
            parent_child = set(Guardianship.objects.values_list("parent_id", "child_id"))
            load: dict[int, int] = {}
            for placement in placements:
                mentor, mentee = placement.group.mentor, placement.request.participant
                assert (mentor.participant_id, mentee.pk) not in parent_child
                assert placement.group.form in mentor.forms
                assert mentor.selection == "selected" and mentor.training_completed_on
                if placement.group.form == Form.STUDENT_STUDENT:
                    assert mentor.participant.grade > mentee.grade
                if mentor.participant.kind == ParticipantKind.TEACHER:
                    assert mentor.written_consent_on
                load[mentor.pk] = load.get(mentor.pk, 0) + 1
            for placement in placements:
                assert load[placement.group.mentor_id] <= placement.group.mentor.capacity


def test_demo_logins_of_school_a_are_its_people(demo, db):
    school = next(s for s in demo if s.slug == "yo-sosh-7")
    with schema_context(school.schema_name):
        mentor_groups = MentoringGroup.objects.filter(mentor__participant__user__username="mentor")
        assert mentor_groups.count() == 2
        assert GroupMentee.objects.filter(request__participant__user__username="mentee").exists()


def test_demo_monitoring_has_entry_and_exit_answers_and_marks_last_year(demo, db):
    from school_programs.models import Distribution, Grade, SurveyResponse

    for school in demo:
        with schema_context(school.schema_name):
            previous = Programme.objects.get(status="completed")
            waves = set(Distribution.objects.filter(programme=previous).values_list("wave", flat=True))
            assert waves == {"entry", "exit"}
            exits = SurveyResponse.objects.filter(distribution__programme=previous, distribution__wave="exit")
            assert exits.count() >= 30
            assert Grade.objects.filter(period=f"{school_year(on(2025, 11, 22))}, год").exists()
            current = Programme.objects.exclude(status="completed").get()
            assert Distribution.objects.filter(programme=current, wave="entry").exists()


def test_last_years_results_page_shows_the_meetings_and_plans_the_database_holds(demo, db, client):
    school = next(s for s in demo if s.slug == "yo-sosh-7")
    with schema_context(school.schema_name):
        previous = Programme.objects.get(status="completed")
        meetings = Meeting.objects.filter(group__programme=previous).count()
        plans = DevelopmentPlan.objects.filter(group__programme=previous).count()
        tasks = PlanTask.objects.filter(section__plan__group__programme=previous)
        achieved, tasks = tasks.filter(result_status__in=["full", "exceeded"]).count(), tasks.count()
    assert meetings > 0 and plans > 0
    client.force_login(User.objects.get(username="curator"))
    page = client.get(f"/s/{school.slug}/completion/", {"programme": previous.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<div class="stat">{meetings}</div><div class="stat-label">встреч проведено' in text
    total = re.search(r"<tfoot>.*?</tfoot>", text, re.S).group(0)
    cells = re.findall(r"<th>([^<]*)</th>", total)
    # Всего | пар, групп, завершено, досрочно, работают, встреч, ИПР, задач, в полной мере, превышен, доля
    assert cells[5:8] == [str(meetings), str(plans), str(tasks)]
    assert f"({achieved} из {tasks})" in text


def test_last_years_pairs_worked_through_the_year_and_were_closed_by_the_services(demo, db):
    """Written in bulk, the closed year keeps the rules the services enforce one row at a time."""
    for school in demo:
        with schema_context(school.schema_name):
            previous = Programme.objects.get(status="completed")
            assert previous.completed_on == previous.end_date <= DAY
            assert previous.final_report.startswith("Итоги года")
            for group in MentoringGroup.objects.filter(programme=previous).select_related("fixing_order"):
                assert group.status == "completed" and group.completed_on <= previous.end_date
                assert group.fixing_order.status == "signed"
                meetings = list(group.meetings.order_by("held_on"))
                kinds = [meeting.kind for meeting in meetings]
                assert len(kinds) >= 6, group
                assert kinds[0] == "acquaintance" and kinds[-1] == "final"
                assert kinds.count("acquaintance") == kinds.count("final") == 1
                assert group.start_date <= meetings[0].held_on
                assert meetings[-1].held_on <= group.completed_on <= DAY
                members = {group.mentor.participant_id} | set(
                    group.mentees.values_list("request__participant_id", flat=True)
                )
                for meeting in meetings:
                    attendance = dict(meeting.attendance.values_list("participant_id", "present"))
                    assert set(attendance) == members and attendance[group.mentor.participant_id]
                mentees = set(group.mentees.values_list("request_id", flat=True))
                plans = DevelopmentPlan.objects.filter(group=group)
                assert set(plans.values_list("mentee_id", flat=True)) == mentees
                for plan in plans:
                    assert plan.status == "completed"
                    assert group.start_date <= plan.mentor_signed_on == plan.mentee_signed_on
                    assert plan.mentor_signed_on <= group.fixing_order.date
            tasks = PlanTask.objects.filter(section__plan__group__programme=previous)
            statuses = Counter(tasks.values_list("result_status", flat=True))
            assert "" not in statuses
            assert statuses["full"] + statuses["exceeded"] > 0.6 * tasks.count()
            assert statuses["partial"] > 0
            assert not tasks.filter(result_status="exceeded", exceeded_description="").exists()
            assert not tasks.exclude(deadline__range=(previous.start_date, previous.end_date)).exists()
            # The plans were drawn from the seed's templates: their full task texts (issue 12).
            assert tasks.filter(task__contains="на платформе «Учи.ру»").exists()
