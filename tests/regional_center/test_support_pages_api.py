"""Pages and API of the support of low-result schools: the ШНОР list and a school's card (risk profile,
self-diagnosis by the school itself, anti-risk programme with measures), a pair made from the ranked
suggestions with the ШНОР-mentor warning, and the pair card's htmx forms with errors under their fields."""

import datetime
import re

import pytest

from regional_center.models import (
    AntiRiskProgramme,
    OrganisationPair,
    PairIndicatorValue,
    PairVisit,
    SchoolRiskFactor,
    SelfDiagnosisEntry,
    SupportPlanItem,
)
from regional_center.services import low_results as lr
from regional_center.services import org_pairs as op
from tenants.models import Role

from .support_world import YEAR, person, school

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def errors_under(html: str, field: str) -> str:
    """The error text shown in the block of one form field ('' when none)."""
    match = re.search(rf'data-field="{field}">(.*?)</div>', html, re.S)
    assert match, f"no field {field} on the page"
    errors = re.search(r'class="errorlist"[^>]*>(.*?)</ul>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", " ", errors.group(1)).strip() if errors else ""


@pytest.fixture
def the_pair(world):
    return op.pair_create(
        mentor_school=world.school_a,
        mentee_school=world.school_b,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        goals="Поддержка школы Б",
    )


# --- ШНОР list and a school's card -----------------------------------------------------------------------


def test_the_list_shows_the_years_low_results_schools_only(world, client_of):
    html = client_of("analyst").get(f"/support/schools/?year={YEAR}").content.decode()
    assert world.school_b.short_name in html
    assert f"/support/schools/{world.school_a.pk}/" not in html  # school A is not ШНОР


def test_the_administrator_sets_a_risk_factor_and_errors_stay_under_their_field(world, client_of):
    admin = client_of("regional_admin")
    url = f"/support/schools/{world.school_b.pk}/risk/"
    response = admin.post(url, {"year": YEAR, "factor": "staff_shortage"}, **HTMX)
    assert response.status_code == 200
    assert "Обязательное поле" in errors_under(response.content.decode(), "level")
    assert not SchoolRiskFactor.objects.filter(school=world.school_b).exists()
    response = admin.post(
        url, {"year": YEAR, "factor": "staff_shortage", "level": 3, "subjects": ["maths"]}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="profile"' in response.content.decode()
    row = SchoolRiskFactor.objects.get(school=world.school_b, start_year=YEAR)
    assert (row.factor, row.level, row.subjects) == ("staff_shortage", 3, ["maths"])
    # The analyst reads the profile but has no form to change it.
    html = client_of("analyst").get(f"/support/schools/{world.school_b.pk}/").content.decode()
    assert "дефицит педагогических кадров" in html and 'data-testid="risk-form"' not in html
    assert client_of("analyst").post(url, {"year": YEAR}).status_code == 403


def test_the_school_enters_its_own_self_diagnosis_and_explains_a_difference(world, client_of):
    lr.risk_factor_set(school=world.school_b, start_year=YEAR, factor="low_motivation", level=3)
    curator_b = client_of("curator_b")
    page = curator_b.get(f"/support/schools/{world.school_b.pk}/").content.decode()
    assert 'data-testid="self-form"' in page
    url = f"/support/schools/{world.school_b.pk}/self/"
    response = curator_b.post(url, {"year": YEAR, "factor": "low_motivation", "level": 1}, **HTMX)
    assert "расходится с оценкой региона" in errors_under(response.content.decode(), "comment")
    assert not SelfDiagnosisEntry.objects.filter(school=world.school_b).exists()
    curator_b.post(
        url, {"year": YEAR, "factor": "low_motivation", "level": 1, "comment": "Кружки работают"}, **HTMX
    )
    assert SelfDiagnosisEntry.objects.get(school=world.school_b).comment == "Кружки работают"
    # Another school's curator may not enter it for school B, nor open its card.
    assert client_of("curator_a").post(url, {"year": YEAR}).status_code == 404
    assert client_of("curator_a").get(f"/support/schools/{world.school_b.pk}/").status_code == 404
    # The region's staff read it; the self-diagnosis is not theirs to write.
    assert client_of("regional_admin").post(url, {"year": YEAR}).status_code == 403


def test_the_programme_and_its_measures_from_the_card(world, client_of):
    curator_b = client_of("curator_b")
    response = curator_b.post(
        f"/support/schools/{world.school_b.pk}/programme/",
        {"year": YEAR, "title": "Программа перехода в эффективный режим", "status": "draft"},
        **HTMX,
    )
    assert response.status_code == 200
    programme = AntiRiskProgramme.objects.get(school=world.school_b, start_year=YEAR)
    url = f"/support/programmes/{programme.pk}/measures/"
    measure = {
        "title": "Курсы для учителей математики",
        "factor": "low_competence",
        "deadline": "2028-01-15",
        "responsible": "Завуч",
    }
    response = curator_b.post(url, measure, **HTMX)
    assert "учебном году" in errors_under(response.content.decode(), "deadline")
    assert not programme.measures.exists()
    curator_b.post(url, {**measure, "deadline": "2027-01-15"}, **HTMX)
    saved = programme.measures.get()
    response = curator_b.post(
        f"/support/measures/{saved.pk}/", {f"m{saved.pk}-status": "done", f"m{saved.pk}-result": ""}, **HTMX
    )
    assert "опишите результат" in errors_under(response.content.decode(), "result")
    # The coordinator of school B's municipality reads the programme, read-only; the coordinator of
    # another municipality and a director of school A cannot reach it.
    coordinator_b = person("coord-b", Role.MUNICIPAL_COORDINATOR, municipality=world.other_municipality)
    client = client_of("coordinator")
    client.force_login(coordinator_b)
    html = client.get(f"/support/schools/{world.school_b.pk}/").content.decode()
    assert "Курсы для учителей математики" in html and 'data-testid="measure-form"' not in html
    assert client.post(url, measure).status_code == 403
    assert client_of("coordinator").get(f"/support/schools/{world.school_b.pk}/").status_code == 404
    assert client_of("director_a").post(url, measure).status_code == 404


# --- Pairing from the suggestions --------------------------------------------------------------------------


def test_pairing_from_the_ranked_suggestions_shows_reasons(world, client_of):
    lr.risk_factor_set(
        school=world.school_b, start_year=YEAR, factor="low_competence", level=3, subjects=["maths"]
    )
    strong = school("strong-math", world.school_b.municipality, partner=True, subjects=["maths"])
    admin = client_of("regional_admin")
    page = admin.get(f"/support/schools/{world.school_b.pk}/pair/").content.decode()
    first = re.search(r'data-school="(\d+)".*?class="small reason">(.*?)</p>', page, re.S)
    assert first.group(1) == str(strong.pk)
    assert "1-е место" in first.group(2) and "математика" in first.group(2)
    response = admin.post(
        f"/support/schools/{world.school_b.pk}/pair/",
        {
            "mentor_school": strong.pk,
            "starts_on": "2026-10-01",
            "ends_on": "2027-05-31",
            "goals": "Математика",
        },
    )
    pair = OrganisationPair.objects.get(mentee_school=world.school_b)
    assert response.status_code == 302 and response["Location"] == f"/support/pairs/{pair.pk}/"


def test_a_low_results_mentor_is_warned_and_allowed_with_a_reason(world, client_of):
    weak_mentor = school("weak-mentor", world.school_b.municipality, low_results=True)
    admin = client_of("regional_admin")
    url = f"/support/schools/{world.school_b.pk}/pair/"
    form = {"mentor_school": weak_mentor.pk, "starts_on": "2026-10-01", "ends_on": "2027-05-31", "goals": "Ц"}
    html = admin.post(url, form).content.decode()
    assert "Пару можно создать, указав причину" in html
    assert "сама в перечне ШНОР" in errors_under(html, "mentor_low_results_reason")
    assert not OrganisationPair.objects.filter(mentee_school=world.school_b).exists()
    admin.post(url, {**form, "mentor_low_results_reason": "Сильная кафедра физики"})
    assert OrganisationPair.objects.get(mentee_school=world.school_b).mentor_low_results_reason


# --- The pair card ---------------------------------------------------------------------------------------


def test_the_pair_card_adds_plan_items_visits_indicators_and_completes(world, client_of, the_pair):
    admin = client_of("regional_admin")
    item = {
        "activity": "Стажировка учителей математики",
        "support_kind": "educational",
        "deadline": "2027-08-01",
        "mentor_responsible": "Иванова",
        "mentee_responsible": "Петров",
    }
    response = admin.post(f"/support/pairs/{the_pair.pk}/items/", item, **HTMX)
    assert "в периоде пары" in errors_under(response.content.decode(), "deadline")
    response = admin.post(f"/support/pairs/{the_pair.pk}/items/", {**item, "deadline": "2026-12-01"}, **HTMX)
    assert "Стажировка учителей математики" in response.content.decode()
    saved = SupportPlanItem.objects.get(pair=the_pair)

    response = admin.post(
        f"/support/pairs/{the_pair.pk}/visits/",
        {"date": "2026-12-20", "kind": "visit_to_mentee", "title": "Выезд", "summary": "Уроки"},
        **HTMX,
    )
    assert "ещё не состоялось" in errors_under(response.content.decode(), "date")  # the clock: 22.11.2026
    admin.post(
        f"/support/pairs/{the_pair.pk}/visits/",
        {"date": "2026-11-10", "kind": "visit_to_mentee", "title": "Выезд", "summary": "Уроки"},
        **HTMX,
    )
    assert PairVisit.objects.filter(pair=the_pair).count() == 1

    indicator = {
        "code": "vpr_math",
        "name": "ВПР математика",
        "stage": "before",
        "period_label": "весна 2026",
    }
    response = admin.post(f"/support/pairs/{the_pair.pk}/indicators/", {**indicator, "numerator": 5}, **HTMX)
    assert "и числитель, и знаменатель" in errors_under(response.content.decode(), "denominator")
    admin.post(
        f"/support/pairs/{the_pair.pk}/indicators/", {**indicator, "numerator": 12, "denominator": 40}, **HTMX
    )
    assert PairIndicatorValue.objects.get(pair=the_pair).value == 30

    done = {"results": "Стало лучше", "conclusions": "Продолжать", "completed_on": "2026-11-20"}
    response = admin.post(f"/support/pairs/{the_pair.pk}/complete/", done, **HTMX)
    assert "Стажировка учителей математики" in response.content.decode()  # the open item is named
    admin.post(
        f"/support/items/{saved.pk}/",
        {f"i{saved.pk}-status": "done", f"i{saved.pk}-result": "Прошли"},
        **HTMX,
    )
    response = admin.post(f"/support/pairs/{the_pair.pk}/complete/", done, **HTMX)
    assert response["HX-Redirect"] == f"/support/pairs/{the_pair.pk}/"
    the_pair.refresh_from_db()
    assert the_pair.status == OrganisationPair.Status.COMPLETED


def test_readers_see_the_card_without_forms(world, client_of, the_pair):
    for persona in ("analyst", "curator_b", "director_a"):
        html = client_of(persona).get(f"/support/pairs/{the_pair.pk}/").content.decode()
        assert 'data-testid="item-form"' not in html, persona
        assert client_of(persona).post(f"/support/pairs/{the_pair.pk}/items/", {}).status_code == 403
    assert (
        'data-testid="item-form"'
        in client_of("regional_admin").get(f"/support/pairs/{the_pair.pk}/").content.decode()
    )


# --- API ---------------------------------------------------------------------------------------------------


def test_the_api_keeps_profiles_programmes_and_the_pairs_work(world, client_of, the_pair):
    admin, curator_b = client_of("regional_admin"), client_of("curator_b")
    base = f"/api/v1/support/schools/{world.school_b.pk}"
    response = admin.post(
        f"{base}/risk-factors/",
        {"start_year": YEAR, "factor": "students_at_risk", "level": 2, "subjects": ["russian"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    response = curator_b.post(
        f"{base}/self-diagnosis/",
        {"start_year": YEAR, "factor": "students_at_risk", "level": 3},
        content_type="application/json",
    )
    assert response.status_code == 400 and "расходится" in response.json()["comment"][0]
    assert admin.post(f"{base}/self-diagnosis/", {}, content_type="application/json").status_code == 403
    response = curator_b.post(
        f"{base}/programme/create/",
        {"start_year": YEAR, "title": "Программа"},
        content_type="application/json",
    )
    assert response.status_code == 201
    programme_id = response.json()["id"]
    response = curator_b.post(
        f"/api/v1/support/programmes/{programme_id}/measures/create/",
        {"title": "Мера", "factor": "students_at_risk", "deadline": "2027-03-01", "responsible": "Завуч"},
        content_type="application/json",
    )
    assert response.status_code == 201
    profile = client_of("analyst").get(f"{base}/profile/?year={YEAR}").json()
    assert profile["low_results"] is True
    assert profile["profile"][0]["regional_level"] == 2 and profile["profile"][0]["own_level"] is None
    assert profile["programme"]["measures"][0]["title"] == "Мера"
    schools = client_of("analyst").get("/api/v1/support/schools/").json()
    assert [s["id"] for s in schools] == [world.school_b.pk]
    assert client_of("curator_a").get(f"{base}/profile/").status_code == 404

    pair = f"/api/v1/support/pairs/{the_pair.pk}"
    response = admin.post(
        f"{pair}/visits/create/",
        {"date": "2026-11-01", "kind": "online", "title": "Вебинар", "summary": "Разбор ВПР"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = admin.post(
        f"{pair}/indicators/",
        {"code": "vpr", "name": "ВПР", "stage": "during", "period_label": "осень 2026", "value": "41.5"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["value"] == "41.50"
    response = admin.post(
        f"{pair}/complete/",
        {"results": "Р", "conclusions": "В", "completed_on": "2026-11-21"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "completed"
    assert curator_b.post(f"{pair}/complete/", {}, content_type="application/json").status_code == 403


def test_a_director_of_another_school_cannot_write_the_programme(world, client_of):
    response = client_of("director_a").post(
        f"/support/schools/{world.school_b.pk}/programme/",
        {"year": YEAR, "title": "Чужая", "status": "draft"},
    )
    assert response.status_code == 404
    assert not AntiRiskProgramme.objects.filter(school=world.school_b).exists()
