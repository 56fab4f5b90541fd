import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import Consent, RoadmapItem, Stage
from school_programs.selectors.consents import consent_problem, participants_with_valid_consent
from school_programs.services.programmes import programme_create
from school_programs.services.roadmap import roadmap_item_update
from tests.support import school as make
from tests.support.clock import TODAY as DAY


def test_a_minor_needs_the_consent_of_a_legal_representative(in_school_a):
    child = make.student("Петров", consent=False)
    assert "нет действующего согласия" in consent_problem(child, DAY)
    Consent.objects.create(
        participant=child, given_by=Consent.GivenBy.SELF, signed_on=datetime.date(2026, 9, 1)
    )
    assert "законный представитель" in consent_problem(child, DAY)
    mother = make.parent("Петрова", of=[child])
    make.consent(child, by=mother)
    assert consent_problem(child, DAY) is None
    assert child.pk in participants_with_valid_consent([child.pk], DAY)


def test_withdrawn_or_expired_consent_is_no_consent(in_school_a):
    adult = make.teacher("Сидорова", consent=False)
    make.consent(adult, withdrawn_on=datetime.date(2026, 11, 1), withdrawal_reason="по заявлению")
    assert consent_problem(adult, DAY) is not None
    assert consent_problem(adult, datetime.date(2026, 10, 1)) is None
    make.consent(adult, valid_until=datetime.date(2026, 10, 31))
    assert consent_problem(adult, DAY) is not None
    assert adult.pk not in participants_with_valid_consent([adult.pk], DAY)


def test_special_categories_need_a_written_special_consent(in_school_a):
    child = make.student("Орлов")
    assert "специальных категорий" in consent_problem(child, DAY, special=True)
    make.consent(child, special=True)
    assert consent_problem(child, DAY, special=True) is None


def test_a_new_programme_gets_the_seven_stage_road_map_inside_its_period(in_school_a):
    programme = programme_create(
        title="Программа",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 5, 31),
        forms=["student_student"],
    )
    items = list(programme.roadmap.all())
    assert {item.stage for item in items} == set(Stage.values)
    assert all(programme.start_date <= item.deadline <= programme.end_date for item in items)
    assert items[0].is_overdue_on(datetime.date(2026, 10, 15))
    assert not items[-1].is_overdue_on(datetime.date(2026, 10, 15))


def test_road_map_deadline_outside_the_period_is_refused(in_school_a):
    programme = programme_create(
        title="Программа", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
    )
    item = programme.roadmap.first()
    with pytest.raises(ValidationError) as error:
        roadmap_item_update(item=item, deadline=datetime.date(2027, 8, 1))
    assert "в пределах программы" in str(error.value)
    done = roadmap_item_update(item=item, status=RoadmapItem.Status.DONE)
    assert done.done_on is not None
