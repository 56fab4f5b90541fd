"""ШНОР and partner flags per school year: one service sets them, keeps history, mirrors the current year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from regional_center.models import SchoolYearStatus
from regional_center.services.school_years import current_school_year, school_flags_history, school_flags_set
from tenants.models import School
from tenants.services.organisations import school_archive


def test_the_school_year_turns_on_the_first_of_september():
    assert current_school_year(datetime.date(2026, 8, 31)) == 2025
    assert current_school_year(datetime.date(2026, 9, 1)) == 2026
    assert current_school_year() == 2026  # the suite's clock: 22 November 2026


def test_setting_the_current_year_mirrors_the_flags_on_the_school(world):
    admin = world.users["regional_admin"]
    status = school_flags_set(
        school=world.school_a,
        start_year=2026,
        low_results=True,
        partner_school=False,
        reason="Приказ № 5",
        by=admin,
    )
    school = School.objects.get(pk=world.school_a.pk)
    assert school.low_results and not school.partner_school
    assert (status.set_by, status.reason, status.year_label) == (admin, "Приказ № 5", "2026/27")


def test_another_year_is_history_and_leaves_the_current_value_alone(world):
    school_flags_set(school=world.school_b, start_year=2025, low_results=False, partner_school=True)
    assert School.objects.get(pk=world.school_b.pk).low_results  # still the current year's ШНОР
    history = list(school_flags_history(school=world.school_b))
    assert [(s.start_year, s.low_results, s.partner_school) for s in history] == [
        (2026, True, False),
        (2025, False, True),
    ]


def test_a_change_within_a_year_replaces_that_year_and_records_who_and_why(world):
    school_flags_set(
        school=world.school_b, start_year=2026, low_results=False, partner_school=False, reason="Вышла"
    )
    [status] = SchoolYearStatus.objects.filter(school=world.school_b, start_year=2026)
    assert not status.low_results and status.reason == "Вышла"
    assert not School.objects.get(pk=world.school_b.pk).low_results


def test_the_year_moves_with_the_clock(world, time_machine):
    time_machine.move_to(datetime.datetime(2027, 9, 2, 12, 0))
    school_flags_set(school=world.school_a, start_year=2027, low_results=False, partner_school=True)
    assert School.objects.get(pk=world.school_a.pk).partner_school


@pytest.mark.parametrize("year", [2015, 2028])
def test_years_too_far_back_or_ahead_are_refused(world, year):
    with pytest.raises(ValidationError) as error:
        school_flags_set(school=world.school_a, start_year=year, low_results=True, partner_school=False)
    assert "недоступен" in error.value.message_dict["start_year"][0]


def test_a_school_cannot_be_both(world):
    with pytest.raises(ValidationError, match="не может быть школой-партнёром"):
        school_flags_set(school=world.school_a, start_year=2026, low_results=True, partner_school=True)
    assert not SchoolYearStatus.objects.filter(school=world.school_a, low_results=True).exists()


def test_an_archived_school_keeps_its_flags(world):
    school_archive(school=world.school_a)
    with pytest.raises(ValidationError, match="в архиве"):
        school_flags_set(school=world.school_a, start_year=2026, low_results=True, partner_school=False)
