"""The consultation service in correct Russian (issue 12, «Messages»): words about a consultant agree
with the consultant's gender («консультировала» for a woman), counts with their numbers («1 запрос»,
«2 дня»), through the shared helper nastavnik/russian.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultation_points.models import Format
from consultation_points.services import ranking
from consultation_points.services.consultations import consultation_log
from consultation_points.services.requests import consultant_assign
from tenants.models import User

pytestmark = pytest.mark.django_db


def _man(login: str) -> User:
    return User.objects.create(
        username=login,
        last_name="Петров",
        first_name="Иван",
        middle_name="Сергеевич",
        email=f"{login}@example.test",
    )


def _consulted(request, consultant, world, times: int) -> None:
    consultant_assign(request=request, consultant=consultant, by=world.users["coordinator"], notify=False)
    for _ in range(times):
        consultation_log(
            request=request,
            by=consultant.user,
            starts_at=timezone.now(),
            format=Format.ONLINE,
            duration_minutes=60,
        )


def _reasons(found, consultant) -> str:
    (suggestion,) = [s for s in found if s.consultant == consultant]
    return suggestion.reason_text


def test_the_reasons_agree_with_the_consultants_gender_and_count_the_consultations(
    world, make_consultant, make_request
):
    woman = make_consultant("Знакомая")  # Анна Знакомая
    man = make_consultant(user=_man("cons-petrov"))
    newcomer = make_consultant("Новенькая")
    _consulted(make_request(topic="Прежний запрос её"), woman, world, times=1)
    _consulted(make_request(topic="Прежний запрос его"), man, world, times=2)
    found = ranking.suggestions_for(request=make_request(), across_points=False)
    assert "уже консультировала эту школу (1 консультация)" in _reasons(found, woman)
    assert "уже консультировал эту школу (2 консультации)" in _reasons(found, man)
    assert "со школой ещё не работала" in _reasons(found, newcomer)
    assert "(а)" not in " ".join(s.reason_text for s in found)


def test_a_consultant_of_unknown_gender_gets_both_forms(world, make_consultant, make_request):
    user = User.objects.create(
        username="cons-kim", last_name="Ким", first_name="Саша", email="kim@example.test"
    )
    consultant = make_consultant(user=user)
    found = ranking.suggestions_for(request=make_request(), across_points=False)
    assert "со школой ещё не работал(а)" in _reasons(found, consultant)


@pytest.mark.parametrize(
    ("capacity", "words"), [(1, "уже 1 запрос при лимите 1"), (2, "уже 2 запроса при лимите 2")]
)
def test_beyond_capacity_counts_the_months_requests_in_agreement(
    world, make_consultant, make_request, capacity, words
):
    consultant = make_consultant(monthly_capacity=capacity)
    for n in range(capacity):
        consultant_assign(
            request=make_request(topic=f"Запрос {n}"),
            consultant=consultant,
            by=world.users["coordinator"],
            notify=False,
        )
    with pytest.raises(ValidationError) as refused:
        consultant_assign(
            request=make_request(), consultant=consultant, by=world.users["coordinator"], notify=False
        )
    assert words in refused.value.message_dict["override_reason"][0]


def test_the_consultant_list_says_selected_in_the_consultants_gender(world, client_of, make_consultant):
    make_consultant("Отобранная")
    make_consultant(user=_man("cons-selected"))
    page = client_of("regional_admin").get("/consultations/consultants/").content.decode()
    assert "отобрана 01.05.2026" in page and "отобран 01.05.2026" in page
    assert "отобран(а)" not in page


def test_the_service_level_norms_count_days_in_agreement(world, client_of):
    page = client_of("coordinator").get("/consultations/service-levels/").content.decode()
    assert (
        "консультант назначается за 5 дней (срочный запрос — за 2 дня), "
        "первая консультация — за 14 дней (срочный — за 7 дней)."
    ) in page
