"""The regional pages and messages in correct Russian (issue 12, «Messages»): counts agree with their
numbers («1 школа», «2 школы», «5 школ», «21 школа») and words about a teacher with the teacher's
gender («записана» for a woman), through the shared helper nastavnik/russian.py."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from nastavnik.russian import plural
from regional_center.models import EventRegistration
from regional_center.services import events
from tenants.services import onboarding
from tests.regional_center.events_support import make_event, teacher
from tests.support.db import committed

pytestmark = pytest.mark.django_db

WOMAN = {"last_name": "Петрова", "first_name": "Анна", "middle_name": "Ивановна"}
MAN = {"last_name": "Петров", "first_name": "Иван", "middle_name": "Сергеевич"}
UNKNOWN = {"last_name": "Ким", "first_name": "Саша", "middle_name": ""}


def _register_on_the_page(client, event, n: int, person: dict) -> str:
    data = {k: v for k, v in teacher(n, **person).items() if k != "consent"} | {"consent": "on"}
    response = client.post(f"/events/{event.pk}/register/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- Events: the teacher's gender ---------------------------------------------------------------------


def test_a_registration_message_agrees_with_the_teachers_gender(world, client_of):
    event = make_event(world, title="Семинар о согласовании")
    curator = client_of("curator_a")
    assert "Петрова Анна Ивановна записана на мероприятие." in _register_on_the_page(curator, event, 1, WOMAN)
    assert "Петров Иван Сергеевич записан на мероприятие." in _register_on_the_page(curator, event, 2, MAN)
    # No patronymic and a surname that tells nothing: both forms rather than a wrong one.
    assert "Ким Саша записан(а) на мероприятие." in _register_on_the_page(curator, event, 3, UNKNOWN)


def test_attendance_on_the_event_page_agrees_with_each_teacher(world, client_of):
    event = make_event(world, title="Семинар с посещаемостью")
    woman = events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a,
                                       **teacher(1, **WOMAN))  # fmt: skip
    man = events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a,
                                     **teacher(2, **MAN))  # fmt: skip
    EventRegistration.objects.filter(pk=woman.pk).update(attended=True)
    EventRegistration.objects.filter(pk=man.pk).update(attended=False)
    page = client_of("regional_admin").get(f"/events/{event.pk}/").content.decode()
    assert "<td>была\n" in page and "<td>не был\n" in page and "был(а)" not in page


def test_the_attendance_message_agrees_with_the_number_who_came(world, client_of, time_machine):
    event = make_event(world, title="Семинар: кто пришёл")
    first = events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a,
                                       **teacher(1, **WOMAN))  # fmt: skip
    events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a,
                               **teacher(2, **MAN))  # fmt: skip
    time_machine.move_to(event.ends_at)
    admin = client_of("regional_admin")
    page = admin.post(f"/events/{event.pk}/attendance/", {f"attended_{first.pk}": "on"}, follow=True)
    assert "Посещаемость отмечена: пришёл 1 из 2." in page.content.decode()


def test_a_full_event_is_refused_without_a_number_against_a_plural_noun(world):
    event = make_event(world, title="Семинар на одно место", capacity=1)
    events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a, **teacher(1))
    with pytest.raises(ValidationError) as refused:
        events.registration_create(event=event, by=world.users["curator_a"], school=world.school_a,
                                   **teacher(2))  # fmt: skip
    assert refused.value.messages == ["Мест больше нет: все места заняты (1 из 1)."]


# --- Counts -------------------------------------------------------------------------------------------


def _job(client, **job) -> str:
    job_id = uuid.uuid4().hex
    onboarding._job_save(job_id, {"file": "s.csv", "schools": [], "errors": [], **job})
    return client.get(
        f"/organisations/schools/upload/jobs/{job_id}/", HTTP_HX_REQUEST="true"
    ).content.decode()


@pytest.mark.parametrize(
    ("total", "queued", "running"),
    [
        (1, "(1 школа)", "Подключено 0 из 1 школы…"),
        (2, "(2 школы)", "Подключено 0 из 2 школ…"),
        (5, "(5 школ)", "Подключено 0 из 5 школ…"),
        (21, "(21 школа)", "Подключено 0 из 21 школы…"),
    ],
)
def test_the_onboarding_progress_counts_schools_in_agreement(world, client_of, total, queued, running):
    client = client_of("regional_admin")
    assert queued in _job(client, state="queued", done=0, total=total, region_id=world.region.pk)
    assert running in _job(client, state="running", done=0, total=total, region_id=world.region.pk)


@pytest.mark.parametrize(
    ("days", "words"), [(1, "в течение 1 дня"), (3, "в течение 3 дней"), (21, "в течение 21 дня")]
)
def test_the_expiring_agreements_window_is_counted_in_days(world, client_of, days, words):
    page = client_of("regional_admin").get("/region/agreements/", {"within": days}).content.decode()
    assert f"Истекают {words}</h2>" in page


@pytest.mark.parametrize(
    ("lagging", "words"),
    [(1, "Отстаёт 1 школа"), (2, "Отстают 2 школы"), (5, "Отстают 5 школ"), (21, "Отстаёт 21 школа")],
)
def test_the_dashboards_off_track_count_agrees_with_its_verb_and_noun(world, lagging, words):
    item = {"school": world.school_a, "municipality": world.municipality, "indicators": []}
    page = Paginator([item] * lagging, 50).page(1)
    html = render_to_string(
        "analytics/_off_track.html", {"off_track": page, "dashboard": {"period": "2026/27"}}
    )
    assert f"{words}." in html


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> str:
    out = io.StringIO()
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0, stdout=out)
    return out.getvalue()


def test_the_demo_reports_its_counts_in_agreement(demo_output):
    assert "Отметки школ по учебным годам: 32 школы, с историей за 2025/26." in demo_output  # was «32 школ»
    # A rerun over a seeded database prints other numbers; whatever they are, the noun agrees.
    low = re.search(r"Поддержка ШНОР: риск-профили (\d+) (\w+),", demo_output)
    assert low and low[2] == plural(int(low[1]), "школы", "школ", "школ")  # genitive: of 21 школы
    asked = re.search(r"Консультации: (\d+) (\w+),", demo_output)
    assert asked and asked[2] == plural(int(asked[1]), "запрос", "запроса", "запросов")
