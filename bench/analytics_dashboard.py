"""Analytics (issue 11): the regional dashboard from facts for 2,000 schools.

Data, written in bulk into the bench's own database (public rows only — a fact is two numbers per
school, indicator and school year, so no school schema is needed to read dashboards): a region of 40
municipalities and 2,000 schools (a fifth ШНОР, 60 of them mentees of organisation pairs), facts for
every active indicator of the catalogue for this and last school year (≈ 120,000 rows), the four
seed targets. Until FACTS's 2,000-school builder exists this module fills its own.

Measured: `analytics.dashboards.region_dashboard` (facts → pandas roll-ups with suppression, statuses
of every school against its target, distribution, schools off track, the org–org difference in
differences with its 2,000-round bootstrap), p50 and p95 of 20 runs; and the page through
django.test.Client (middleware, template, charts' data).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from django.db import connection
from django.test import Client
from django.utils import timezone
from psycopg2.extras import execute_values

from analytics.dashboards import region_dashboard
from analytics.models import Indicator, Target
from analytics.periods import previous_period, school_year_label
from regional_center.models import Municipality, Region
from regional_center.models.support import OrganisationPair
from tenants.models import Membership, Role, School, User

SCHOOLS = 2000
MUNICIPALITIES = 40
RUNS = 20


def _fill() -> Region:
    region = Region.objects.create(name="Бенчмарк-область (аналитика)")
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n:02d}") for n in range(MUNICIPALITIES)]
    )
    rng = random.Random(11)
    schools = School.objects.bulk_create(
        [
            School(
                schema_name=f"school_bench_a{n}",
                slug=f"bench-a{n}",
                full_name=f"Школа {n}",
                short_name=f"Школа {n}",
                municipality=municipalities[n % MUNICIPALITIES],
                low_results=n % 5 == 0,
            )
            for n in range(SCHOOLS)
        ]
    )
    low = [s for s in schools if s.low_results]
    mentors = [s for s in schools if not s.low_results][:60]
    OrganisationPair.objects.bulk_create(
        [
            OrganisationPair(
                mentor_school=mentor,
                mentee_school=mentee,
                starts_on=date(2026, 9, 1),
                ends_on=date(2027, 6, 30),
                goals="бенчмарк",
            )
            for mentor, mentee in zip(mentors, low[:60], strict=True)
        ]
    )
    period = school_year_label(timezone.localdate())
    indicators = list(Indicator.objects.filter(is_active=True))
    now = timezone.now()
    rows = []
    for school in schools:
        size = rng.randint(3, 400)  # small rural schools next to large city ones: suppression happens
        for indicator in indicators:
            for label in (previous_period(period), period):
                denominator = rng.randint(0, size)
                rows.append(
                    (school.pk, indicator.pk, label, rng.randint(0, denominator), denominator, now, 0)
                )
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "INSERT INTO analytics_indicatorfact (school_id, indicator_id, period, numerator, denominator,"
            " computed_at, data_version) VALUES %s",
            rows,
            page_size=5000,
        )
    targets = {
        "competency_growth": 60,
        "self_education_growth": 80,
        "academic_improvement": 30,
        "students_10_18_in_mentoring": 70,
    }
    for code, value in targets.items():
        Target.objects.create(
            indicator=Indicator.objects.get(code=code),
            scope="region",
            region=region,
            period=period,
            value=value,
            order_number="1",
            order_date=date(2026, 8, 25),
            order_title="бенчмарк",
        )
    print(f"facts: {len(rows):,} rows for {SCHOOLS:,} schools".replace(",", " "))
    return region


def _timed(fn, runs: int) -> list[float]:
    fn()  # warm-up: imports, the catalogue
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def run(args=None) -> None:
    region = _fill()
    analyst = User.objects.create(username="bench.analytics", last_name="Аналитик", first_name="Бенч")
    Membership.objects.create(user=analyst, role=Role.REGIONAL_ANALYST, region=region)
    client = Client(SERVER_NAME="localhost")
    client.force_login(analyst)
    today = timezone.localdate()
    period = school_year_label(today)
    rows = [
        ("`region_dashboard` (facts → pandas, statuses, DiD bootstrap)",
         _timed(lambda: region_dashboard(region=region, period=period, today=today), RUNS)),
        ("the page /analytics/region/ through the test client",
         _timed(lambda: client.get("/analytics/region/"), RUNS)),
    ]  # fmt: skip
    print("\n## Analytics: the regional dashboard from facts, 2,000 schools\n")
    print("| what | runs | p50 ms | p95 ms |\n|---|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {len(times)} | {statistics.median(times):.0f} | {_p95(times):.0f} |")
