"""Analytics (issue 11): the regional dashboard from facts for 2,000 schools.

Data, written in bulk into the bench's own database (public rows only — a fact is two numbers per
school, indicator and school year, so no school schema is needed to read dashboards): a region of 40
municipalities and 2,000 schools (a fifth ШНОР, 60 of them mentees of organisation pairs), facts for
every active indicator of the catalogue for this and last school year (≈ 120,000 rows), the four
seed targets. Until FACTS's 2,000-school builder exists this module fills its own.

Measured, p50 and p95:
- cold, the naive way: every request computes everything from the facts (facts → pandas roll-ups
  with suppression, the schools' rows, the org–org difference in differences with its 2,000-round
  bootstrap), as the page did before the figures were kept per data version — each run first
  changes 20 schools' facts the way a recompute does, so the data version is new;
- warm: `analytics.dashboards.region_dashboard` with the figures of the current data version in the
  process, and in the shared cache only (another worker process's first request);
- the page /analytics/region/ through django.test.Client (middleware, template, charts' data), warm
  and cold (first after a recompute).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from psycopg2.extras import execute_values

from analytics import dashboards
from analytics.dashboards import region_dashboard
from analytics.models import Indicator, IndicatorFact, Target
from analytics.periods import period_bounds, previous_period, school_year_label
from bench import settle
from regional_center.models import Municipality, Region
from regional_center.models.support import OrganisationPair
from tenants.models import Membership, Role, School, User

SCHOOLS = 2000
MUNICIPALITIES = 40
RUNS = 20
COLD_RUNS = 5


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
    # The year's interim measurements: a snapshot per school, indicator and month already over (as the
    # nightly recompute leaves them), the forecast's points.
    start, _ = period_bounds(period)
    months = []
    month = start
    while month < timezone.localdate().replace(day=1):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    snapshots = [
        (
            school_id,
            indicator_id,
            label,
            month,
            month + timedelta(days=27),
            rng.randint(0, denominator),
            denominator,
        )
        for school_id, indicator_id, label, _, denominator, _, _ in rows
        if label == period
        for month in months
    ]
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "INSERT INTO analytics_factsnapshot (school_id, indicator_id, period, month, taken_on, numerator,"
            " denominator) VALUES %s",
            snapshots,
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

    def number(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    print(
        f"facts: {number(len(rows))}; monthly snapshots: {number(len(snapshots))}; schools: {number(SCHOOLS)}"
    )
    return region


def _timed(fn, runs: int, *, before=None, warm_up: bool = True) -> list[float]:
    if warm_up:
        fn()  # warm-up: imports, the catalogue, the figures of the data version
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def _recompute_20_schools(region: Region):
    """What an incremental recompute of 20 schools writes: new counts, a new computation time."""
    rng = random.Random(20)

    def change():
        schools = list(
            School.objects.filter(municipality__region=region).order_by("?").values_list("pk", flat=True)[:20]
        )
        now = timezone.now()
        facts = list(IndicatorFact.objects.filter(school_id__in=schools))
        for fact in facts:
            fact.numerator = rng.randint(0, fact.denominator)
            fact.computed_at = now
        IndicatorFact.objects.bulk_update(facts, ["numerator", "computed_at"], batch_size=2000)

    return change


def _forget_process_copy():
    dashboards._MEMORY.clear()


def run(args=None) -> None:
    region = _fill()
    settle()
    analyst = User.objects.create(username="bench.analytics", last_name="Аналитик", first_name="Бенч")
    Membership.objects.create(user=analyst, role=Role.REGIONAL_ANALYST, region=region)
    client = Client(SERVER_NAME="localhost")
    client.force_login(analyst)
    today = timezone.localdate()
    period = school_year_label(today)
    cache.clear()
    recompute = _recompute_20_schools(region)

    def dashboard():
        return region_dashboard(region=region, period=period, today=today)

    def page():
        response = client.get("/analytics/region/")
        assert response.status_code == 200, response.status_code

    rows = [
        ("naive: `region_dashboard` computing everything in the request (after a 20-school recompute)",
         _timed(dashboard, COLD_RUNS, before=recompute)),
        ("`region_dashboard`, figures of the data version in the process (warm)",
         _timed(dashboard, RUNS)),
        ("`region_dashboard`, figures from the shared cache (another worker's first request)",
         _timed(dashboard, RUNS, before=_forget_process_copy)),
        ("the page /analytics/region/ through the test client, warm",
         _timed(page, RUNS)),
        ("the page, first after a 20-school recompute (cold: computes and stores the figures)",
         _timed(page, COLD_RUNS, before=recompute)),
    ]  # fmt: skip
    started = time.perf_counter()
    recompute()
    dashboards.warm_figures(period=period)
    warm_task = (time.perf_counter() - started) * 1000
    print("\n## Analytics: the regional dashboard from facts, 2,000 schools\n")
    print("| what | runs | p50 ms | p95 ms |\n|---|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {len(times)} | {statistics.median(times):.0f} | {_p95(times):.0f} |")
    print(
        f"| the recompute task's warm-up of the figures after a run (one region) | 1 | {warm_task:.0f} | — |"
    )
