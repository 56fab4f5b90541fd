"""Consultation points (issue 10): ranked consultant suggestions and the coordinator's queue page.

Data, written in bulk into the bench's own database: 20 municipalities with a point each, 500
consultants (a fifth of them serve a second point), 200 schools (a quarter ШНОР), 8,000 finished
requests with 20,000 past consultations, this month's assignments for the load, and 5,000 open requests
at the first municipality's point — the queue its coordinator opens.

Measured (p50 and p95 server time, queries of one run):
- ranking one escalated request among all 500 consultants (the regional centre's view):
  `services.ranking.suggestions_for`, beside the naive way — the same scoring, but each consultant's
  points, month's load and history with the school asked of the ORM one consultant at a time;
- the coordinator's queue page (50 a page, the best three consultants with reasons for each new
  request) through django.test.Client with the middleware and template, beside a page that differs
  only in ranking each request the naive way.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time

from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, path
from django.utils import timezone

from bench import settle
from consultation_points import access, selectors
from consultation_points.models import (
    OPEN_STATUSES,
    Consultant,
    Consultation,
    ConsultationPoint,
    ConsultationRequest,
    DeficitArea,
    Format,
    RequestStatus,
    Subject,
    SupportKind,
    TeacherCategory,
)
from consultation_points.services import ranking
from nastavnik import urls_public
from regional_center.models import Municipality, Region
from tenants import roles
from tenants.models import Membership, Role, School, User

MUNICIPALITIES = 20
CONSULTANTS = 500
SCHOOLS = 200
PAST_REQUESTS = 8000
PAST_CONSULTATIONS = 20000
QUEUE = 5000
SEED = 20261122
MARK = "bench-consult"
NAIVE_RUNS = 3  # seconds a run; enough to place them beside the measured ways
TARGETS_MS = {"ranking": 50, "queue": 150}


def _fill() -> dict:
    """Everything in bulk; a second call finds it (the bench database is new for every `make bench`)."""
    region = Region.objects.filter(name="Регион консультаций").first()
    if region is not None:
        return _found(region)
    rng = random.Random(SEED)
    now = timezone.now()
    region = Region.objects.create(name="Регион консультаций")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Округ консультаций {n + 1:02d}") for n in range(MUNICIPALITIES)
    )
    points = ConsultationPoint.objects.bulk_create(
        ConsultationPoint(municipality=m, name=f"КП {m.name}") for m in municipalities
    )
    # Rows only: the consultation service lives in the public schema and never opens a school's.
    schools = School.objects.bulk_create(
        School(
            slug=f"{MARK}-{n}",
            schema_name=f"school_bench_consult_{n}",
            full_name=f"МБОУ «Школа {n + 1}»",
            short_name=f"Школа {n + 1}",
            municipality=municipalities[n % MUNICIPALITIES],
            low_results=n % 4 == 0,
        )
        for n in range(SCHOOLS)
    )
    users = User.objects.bulk_create(
        User(
            username=f"{MARK}-{n}",
            last_name=f"Консультант{n:03d}",
            first_name="Анна",
            email=f"c{n}@bench.test",
        )
        for n in range(CONSULTANTS)
    )
    subjects, areas, categories = Subject.values, DeficitArea.values, TeacherCategory.values
    consultants = Consultant.objects.bulk_create(
        Consultant(
            user=user,
            selected_on=datetime.date(2025, 5, 1),
            training_programme="ДПП ПК «Методическое сопровождение» (72 ч)",
            subjects=rng.sample(subjects, rng.randint(1, 3)),
            deficit_areas=rng.sample(areas, rng.randint(1, 3)),
            teacher_categories=rng.sample(categories, rng.randint(1, 2)),
            formats=rng.choice([[Format.IN_PERSON], [Format.ONLINE], [Format.IN_PERSON, Format.ONLINE]]),
            monthly_capacity=rng.randint(2, 8),
            active_from=datetime.date(2025, 6, 1),
        )
        for user in users
    )
    through = Consultant.points.through
    links = []
    for n, consultant in enumerate(consultants):
        home = points[n % MUNICIPALITIES]
        links.append(through(consultant_id=consultant.pk, consultationpoint_id=home.pk))
        if n % 5 == 0:
            second = points[(n + 7) % MUNICIPALITIES]
            links.append(through(consultant_id=consultant.pk, consultationpoint_id=second.pk))
    through.objects.bulk_create(links)
    submitter = User.objects.create(username=f"{MARK}-teacher", last_name="Учителева", first_name="Мария")
    by_point = {}
    for link in links:
        by_point.setdefault(link.consultationpoint_id, []).append(link.consultant_id)
    point_of = {m.pk: p for m, p in zip(municipalities, points, strict=True)}

    def request_row(school, *, status, created, consultant_id=None, assigned=None):
        return ConsultationRequest(
            point=point_of[school.municipality_id],
            school=school,
            submitted_by=submitter,
            contact_name="Учителева Мария Ивановна",
            contact_email="teacher@bench.test",
            teacher_category=rng.choice(categories),
            topic=f"Запрос {rng.randint(1, 10**6)}",
            subject=rng.choice(subjects),
            deficit_area=rng.choice(areas),
            support_kind=rng.choice(SupportKind.values),
            preferred_format=rng.choice(["", Format.ONLINE, Format.IN_PERSON]),
            is_priority=school.low_results,
            status=status,
            consultant_id=consultant_id,
            created_at=created,
            assigned_at=assigned,
            first_assigned_at=assigned,
            closed_at=assigned + datetime.timedelta(days=20) if status == RequestStatus.DONE else None,
            assign_due_at=created + datetime.timedelta(days=5),
            consult_due_at=created + datetime.timedelta(days=14),
        )

    past = []
    for _ in range(PAST_REQUESTS):
        school = rng.choice(schools)
        created = now - datetime.timedelta(days=rng.randint(40, 700))
        consultant_id = rng.choice(by_point[point_of[school.municipality_id].pk])
        past.append(
            request_row(
                school,
                status=RequestStatus.DONE,
                created=created,
                consultant_id=consultant_id,
                assigned=created + datetime.timedelta(hours=rng.randint(2, 100)),
            )
        )
    past = ConsultationRequest.objects.bulk_create(past, batch_size=2000)
    Consultation.objects.bulk_create(
        (
            Consultation(
                request=row,
                consultant_id=row.consultant_id,
                starts_at=row.assigned_at + datetime.timedelta(days=rng.randint(1, 15)),
                format=rng.choice(Format.values),
                duration_minutes=60,
                summary="Разобрали задания",
                created_by=submitter,
                rating=rng.randint(3, 5),
            )
            for row in (past[n % PAST_REQUESTS] for n in range(PAST_CONSULTATIONS))
        ),
        batch_size=2000,
    )
    # The coordinator's queue: 5,000 open requests of the first municipality's schools; the assigned
    # ones count in this month's load of their consultants.
    first = municipalities[0]
    local_schools = [s for s in schools if s.municipality_id == first.pk]
    local_consultants = by_point[points[0].pk]
    month_start = ranking.month_start(now)
    queue = []
    for n in range(QUEUE):
        school = rng.choice(local_schools)
        created = now - datetime.timedelta(hours=rng.randint(1, 24 * 30))
        if n % 3:
            queue.append(request_row(school, status=RequestStatus.NEW, created=created))
        else:
            assigned = max(created, month_start) + datetime.timedelta(minutes=5)
            queue.append(
                request_row(
                    school,
                    status=rng.choice([RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS]),
                    created=created,
                    consultant_id=rng.choice(local_consultants),
                    assigned=assigned,
                )
            )
    ConsultationRequest.objects.bulk_create(queue, batch_size=2000)
    coordinator = User.objects.create(
        username=f"{MARK}-coordinator", last_name="Координатор", first_name="Ирина"
    )
    Membership.objects.create(user=coordinator, role=Role.MUNICIPAL_COORDINATOR, municipality=first)
    admin = User.objects.create(username=f"{MARK}-admin", last_name="Администратор", first_name="Олег")
    Membership.objects.create(user=admin, role=Role.REGIONAL_ADMIN, region=region)
    # An escalated request of a ШНОР school: ranked among every consultant of the region.
    escalated = request_row(schools[0], status=RequestStatus.NEW, created=now)
    escalated.point, escalated.escalated = None, True
    escalated.save()
    tables = [m._meta.db_table for m in (Consultant, through, ConsultationRequest, Consultation, School)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
    return _found(region)


def _found(region) -> dict:
    return {
        "coordinator": User.objects.get(username=f"{MARK}-coordinator"),
        "admin": User.objects.get(username=f"{MARK}-admin"),
        "escalated": ConsultationRequest.objects.filter(escalated=True, school__municipality__region=region)
        .select_related("school")
        .get(),
        "points": ConsultationPoint.objects.filter(municipality__region=region),
    }


# --- The naive way: the same scoring, data asked for one consultant at a time -----------------------


def naive_candidates(consultants, *, school_ids, now=None) -> list[ranking.Candidate]:
    month = ranking.month_start(now)
    candidates = []
    for consultant in consultants:
        points = list(consultant.points.values_list("pk", "municipality_id"))
        load = (
            ConsultationRequest.objects.filter(consultant=consultant, assigned_at__gte=month)
            .exclude(status=RequestStatus.CANCELLED)
            .count()
        )
        schools = {}
        for school_id in school_ids:
            held = Consultation.objects.filter(consultant=consultant, request__school_id=school_id).count()
            if held:
                schools[school_id] = held
        candidates.append(
            ranking.Candidate(
                consultant=consultant,
                load=load,
                municipality_ids=frozenset(m for _, m in points),
                point_ids=frozenset(p for p, _ in points),
                schools=schools,
            )
        )
    return candidates


def naive_suggestions(request, consultants) -> list[ranking.Suggestion]:
    candidates = naive_candidates(consultants, school_ids=[request.school_id])
    return ranking.rank(request, candidates, municipality_id=request.school.municipality_id)


@roles.rule_required("consultation_requests.assign")
def naive_queue_view(request):
    """The real queue view, except that each new request of the page ranks its point's consultants the
    naive way (the list of consultants is loaded once per request, as a first version would)."""
    user = request.user
    points = access.coordinated_points(user)
    rows = access.visible_requests(user).filter(point__in=points)
    ordered = selectors.queue(rows)
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        item.top = []
        if item.status == RequestStatus.NEW:
            consultants = Consultant.objects.filter(Consultant.active_on(today), points=item.point_id)
            item.top = naive_suggestions(item, consultants.select_related("user"))[:3]
    return render(
        request,
        "consultation_points/requests/queue.html",
        {
            "page": page,
            "status": "",
            "overdue": False,
            "escalated_only": False,
            "statuses": RequestStatus.choices,
            "counts": selectors.status_counts(rows),
            "across": False,
        },
    )


# --- Measuring -----------------------------------------------------------------------------------------


def _timed(operation, runs: int, *, warm_up: int = 2) -> tuple[float, float, int]:
    """p50 and p95 in ms, and the queries of one run (counted in the last warm-up run, or in the first
    measured one when there is none: the naive ways take seconds a run)."""
    queries = None
    for n in range(warm_up):
        if n == warm_up - 1:
            with CaptureQueriesContext(connection) as captured:
                operation()
            queries = len(captured)
        else:
            operation()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        if queries is None:
            with CaptureQueriesContext(connection) as captured:
                operation()
            queries = len(captured)
        else:
            operation()
        timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else timings[0]
    return statistics.median(timings), p95, queries


def _print(title: str, rows: list[tuple[str, int, tuple[float, float, int]]], target_key: str) -> None:
    base = rows[0][2][1]
    print(f"\n## {title}\n")
    print("| way | runs | p50, ms | p95, ms | queries | p95 speed-up vs the first row |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, runs, (p50, p95, queries) in rows:
        print(f"| {label} | {runs} | {p50:.1f} | {p95:.1f} | {queries} | {base / p95:.1f}× |")
    target = TARGETS_MS[target_key]
    ours = rows[-1][2][1]
    print(f"\nTarget: p95 under {target} ms — {'met' if ours < target else 'NOT met'} ({ours:.1f} ms).")


def run(args) -> None:
    started = time.perf_counter()
    data = _fill()
    settle()
    filled = time.perf_counter() - started
    escalated = data["escalated"]
    region_points = data["points"]
    today = timezone.localdate()
    everyone = ranking.candidate_consultants(points=region_points, today=today).select_related("user")
    fast = ranking.suggestions_for(request=escalated, across_points=True, region_points=region_points)
    slow = naive_suggestions(escalated, everyone)
    assert [s.consultant.pk for s in fast] == [s.consultant.pk for s in slow], "the two ways must agree"
    assert len(fast) == CONSULTANTS
    runs = max(40, args.repeat * 10)
    ranking_rows = [
        (
            "naive: per-consultant ORM queries, same scoring",
            NAIVE_RUNS,
            _timed(lambda: naive_suggestions(escalated, everyone), NAIVE_RUNS, warm_up=0),
        ),
        (
            "Nastavnik `suggestions_for` (candidates, load and history in SQL)",
            runs,
            _timed(
                lambda: ranking.suggestions_for(
                    request=escalated, across_points=True, region_points=region_points
                ),
                runs,
            ),
        ),
    ]
    print(
        f"\n(consultation data prepared in {filled:.0f} s: {CONSULTANTS} consultants, "
        f"{Consultation.objects.count()} consultations, {ConsultationRequest.objects.count()} requests)"
    )
    _print(
        f"Ranking one request among {CONSULTANTS} consultants with {PAST_CONSULTATIONS:,} past "
        "consultations (issue 10)",
        ranking_rows,
        "ranking",
    )

    urls_public.urlpatterns.insert(0, path("bench-naive-queue/", naive_queue_view))
    clear_url_caches()
    client = Client(HTTP_HOST="localhost")
    client.force_login(data["coordinator"])

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    queued = ConsultationRequest.objects.filter(
        point=region_points.order_by("pk").first(), status__in=OPEN_STATUSES
    ).count()
    queue_rows = [
        (
            "naive: the same page, each new request ranked per consultant",
            NAIVE_RUNS,
            _timed(page("/bench-naive-queue/"), NAIVE_RUNS, warm_up=0),
        ),
        ("Nastavnik queue page (`consultations:queue`)", runs, _timed(page("/consultations/queue/"), runs)),
    ]
    _print(
        f"The coordinator's queue page, {queued:,} open requests at the point, 50 a page with the best three "
        "consultants for each new one (issue 10)",
        queue_rows,
        "queue",
    )
