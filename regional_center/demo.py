"""Demo data of the regional layer (called by `manage.py seed_demo` as `regional_center.demo.seed`).

Every demo school gets last school year's flags besides the current year's (written when it was
onboarded), so the school pages show a history: a few schools changed status between the years.
Idempotent: a year already recorded is left as it is.
"""

from __future__ import annotations

from consultation_points.models import ConsultationPoint
from consultation_points.services.points import point_update
from nastavnik.russian import counted
from tenants.models import School

from .demo_centre import seed_centre  # CENTRE
from .demo_events import seed_events  # EVENTS
from .demo_support import seed_support  # SUPPORT
from .models import Region, SchoolYearStatus
from .services.school_years import current_school_year, school_flags_set

# (slug, last year's ШНОР, last year's partner, why it changed): these schools were something else a
# year before, the rest were as they are now.
CHANGED_LAST_YEAR = {
    "yo-sosh-7": (True, False, "Вышла из перечня ШНОР по итогам мониторинга 2025/26 учебного года"),
    "yo-lyceum-11": (False, False, "Включена в сеть школ-партнёров приказом Минобразования № 412"),
}

POINT_CARDS = {
    "host_organisation": "Муниципальный методический кабинет",
    "schedule": "вт, чт 14:00–17:00; консультации по записи",
}


def seed(region: Region, stdout=None) -> None:
    current = current_school_year()
    previous = current - 1
    schools = School.objects.filter(municipality__region=region).order_by("slug")
    for school in schools:
        recorded = set(SchoolYearStatus.objects.filter(school=school).values_list("start_year", flat=True))
        if current not in recorded:  # a demo database seeded before flags were kept per year
            school_flags_set(
                school=school,
                start_year=current,
                low_results=school.low_results,
                partner_school=school.partner_school,
                reason="Подключение школы к платформе",
            )
        if previous in recorded:
            continue
        low_results, partner, reason = CHANGED_LAST_YEAR.get(
            school.slug,
            (
                school.low_results,
                school.partner_school,
                "Перечень регионального центра на прошлый учебный год",
            ),
        )
        school_flags_set(
            school=school, start_year=previous, low_results=low_results, partner_school=partner, reason=reason
        )
    for point in ConsultationPoint.objects.filter(municipality__region=region, host_organisation=""):
        point_update(point=point, head_name=f"Руководитель пункта ({point.municipality.name})", **POINT_CARDS)
    if stdout is not None:
        stdout.write(
            f"Отметки школ по учебным годам: {counted(schools.count(), 'школа', 'школы', 'школ')}, "
            f"с историей за {previous}/{current % 100:02d}."
        )
    # issue 9 §§1, 2, 7 (CENTRE): road map, partners, agreements, partners' practices.
    seed_centre(region, stdout=stdout)
    # issue 9 §3 (EVENTS): the centre's events (a partner, if the demo has one, hosts a webinar).
    seed_events(region, stdout=stdout)
    # issue 9 §§4–5 (SUPPORT): ШНОР risk profiles, a programme, three org–org pairs with plans.
    seed_support(region, stdout=stdout)
