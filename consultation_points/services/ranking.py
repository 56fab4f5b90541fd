"""Ranked consultant suggestions for requests: who fits best, and why.

The rule (issue 10, §3): subject fit, specialisation fit (deficit area, teacher category), format,
the same municipality first, continuity with a consultant the school already worked with, and load
against the monthly capacity. A consultant with no room left this month is ranked after everyone with
room, whatever their fit: assigning them needs an override with a reason
(services.requests.consultant_assign).

Data is read in three queries whatever the number of consultants or requests (the candidates with
their month's load and municipalities aggregated in SQL, then the past consultations with the schools
in question); the scoring is one pass in Python over those rows, so the queue page ranks fifty
requests with the same three queries. Never one query per consultant (bench/consultations.py
measures the difference).

Schema: PUBLIC.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from nastavnik.russian import counted

from ..models import (
    Consultant,
    Consultation,
    ConsultationPoint,
    ConsultationRequest,
    DeficitArea,
    Format,
    RequestStatus,
    Subject,
    TeacherCategory,
)

# Points per criterion; the reasons shown beside each suggestion name the same criteria.
WEIGHTS = {
    "subject": 30,
    "deficit_area": 25,
    "municipality": 15,
    "category": 10,
    "format": 10,
    "continuity": 10,
    "load": 10,  # the free share of the month's capacity
}


@dataclass
class Candidate:
    consultant: Consultant
    load: int  # requests assigned to them this calendar month
    municipality_ids: frozenset[int]
    point_ids: frozenset[int]
    # school id → consultations already held with that school (only the schools asked about)
    schools: dict[int, int] = field(default_factory=dict)

    @property
    def capacity(self) -> int:
        return self.consultant.monthly_capacity

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


@dataclass
class Reason:
    text: str
    good: bool


@dataclass
class Suggestion:
    rank: int
    consultant: Consultant
    score: int
    load: int
    capacity: int
    has_room: bool
    # What the reasons are built from, on first use.
    request: ConsultationRequest = field(repr=False)
    candidate: Candidate = field(repr=False)
    municipality_id: int = field(repr=False)

    @functools.cached_property
    def reasons(self) -> list[Reason]:
        return reasons(self.request, self.candidate, municipality_id=self.municipality_id)

    @property
    def reason_text(self) -> str:
        return "; ".join(reason.text for reason in self.reasons)


def month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def monthly_load(consultant_ids: Iterable[int] | None = None, *, now=None) -> QuerySet:
    """Requests given to each consultant since the 1st of this month (a cancelled one frees its place)."""
    rows = ConsultationRequest.objects.filter(assigned_at__gte=month_start(now)).exclude(
        status=RequestStatus.CANCELLED
    )
    if consultant_ids is not None:
        rows = rows.filter(consultant_id__in=list(consultant_ids))
    return rows


def candidate_consultants(*, points: QuerySet[ConsultationPoint] | None, today: datetime.date) -> QuerySet:
    """Consultants active today serving any of `points` (None: every point of every region the caller
    passed through `points`' absence — the regional centre's view, filtered by the caller)."""
    consultants = Consultant.objects.filter(Consultant.active_on(today))
    if points is not None:
        through = Consultant.points.through.objects.filter(consultationpoint__in=points)
        consultants = consultants.filter(pk__in=through.values("consultant_id"))
    return consultants


def load_candidates(
    *, consultants: QuerySet[Consultant], school_ids: Iterable[int], now: datetime.datetime | None = None
) -> list[Candidate]:
    """The candidates with everything the scoring needs, in three queries."""
    load = (
        monthly_load(now=now)
        .filter(consultant=OuterRef("pk"))
        .order_by()
        .values("consultant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Arrays from correlated subqueries rather than GROUP BY over the consultant and user columns:
    # grouping by every selected column of two wide rows cost more than the rest of the statement.
    memberships = Consultant.points.through.objects.filter(consultant_id=OuterRef("pk")).order_by()
    rows = list(
        consultants.select_related("user")
        .annotate(
            month_load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)),
            municipality_list=ArraySubquery(
                memberships.values("consultationpoint__municipality_id").distinct()
            ),
            point_list=ArraySubquery(memberships.values("consultationpoint_id")),
        )
        .order_by("pk")
    )
    candidates = {
        row.pk: Candidate(
            consultant=row,
            load=row.month_load,
            municipality_ids=frozenset(i for i in row.municipality_list if i is not None),
            point_ids=frozenset(i for i in row.point_list if i is not None),
        )
        for row in rows
    }
    school_ids = list(set(school_ids))
    if candidates and school_ids:
        # By school only: a list of every candidate's id in the statement costs more to build and
        # plan than the few rows of consultants who are not candidates (skipped here).
        history = (
            Consultation.objects.filter(request__school_id__in=school_ids)
            .order_by()
            .values_list("consultant_id", "request__school_id")
            .annotate(n=Count("pk"))
        )
        for consultant_id, school_id, count in history:
            if consultant_id in candidates:
                candidates[consultant_id].schools[school_id] = count
    return list(candidates.values())


@functools.cache
def _labels(choices) -> dict[str, str]:
    # Built once per choices class: the scoring labels every criterion of every candidate.
    return dict(choices.choices)


def _label(choices, value: str) -> str:
    return _labels(choices).get(value, value)


def _criteria(
    request: ConsultationRequest, candidate: Candidate, *, municipality_id: int
) -> tuple[tuple[str, bool], ...]:
    """Which criteria of WEIGHTS (except load) the candidate meets for the request. A request with
    no preferred format is met by every format."""
    consultant = candidate.consultant
    return (
        ("subject", request.subject in consultant.subjects),
        ("deficit_area", request.deficit_area in consultant.deficit_areas),
        ("municipality", municipality_id in candidate.municipality_ids),
        ("category", request.teacher_category in consultant.teacher_categories),
        ("format", not request.preferred_format or request.preferred_format in consultant.formats),
        ("continuity", candidate.schools.get(request.school_id, 0) > 0),
    )


def score(request: ConsultationRequest, candidate: Candidate, *, municipality_id: int) -> int:
    """The fit of one candidate for one request: the weights of the criteria met, and the free share
    of the month's capacity."""
    met = _criteria(request, candidate, municipality_id=municipality_id)
    free = max(candidate.capacity - candidate.load, 0)
    return sum(WEIGHTS[key] for key, fits in met if fits) + round(WEIGHTS["load"] * free / candidate.capacity)


def reasons(request: ConsultationRequest, candidate: Candidate, *, municipality_id: int) -> list[Reason]:
    """The same criteria in words, in the order of the weights. Built only for the suggestions shown
    (the queue shows three of hundreds ranked), not during the ranking."""
    met = dict(_criteria(request, candidate, municipality_id=municipality_id))
    subject = _label(Subject, request.subject)
    area = _label(DeficitArea, request.deficit_area)
    category = _label(TeacherCategory, request.teacher_category)
    held = candidate.schools.get(request.school_id, 0)
    words = [
        ("subject", f"ведёт «{subject}»", f"не ведёт «{subject}»"),
        ("deficit_area", f"специализация: {area}", f"нет специализации «{area}»"),
        ("municipality", "работает в муниципалитете школы", "из другого муниципалитета"),
        ("category", f"работает с категорией «{category}»", f"не работает с категорией «{category}»"),
    ]
    if request.preferred_format:
        shown = _label(Format, request.preferred_format)
        words.append(("format", f"работает {shown}", f"не работает {shown}"))
    consulted = candidate.consultant.agreed("консультировал", "консультировала")
    worked = candidate.consultant.agreed("работал", "работала")
    times = counted(held, "консультация", "консультации", "консультаций")
    words.append(("continuity", f"уже {consulted} эту школу ({times})", f"со школой ещё не {worked}"))
    found = [Reason(yes if met[key] else no, met[key]) for key, yes, no in words]
    if candidate.has_room:
        found.append(Reason(f"загрузка {candidate.load} из {candidate.capacity} в этом месяце", True))
    else:
        found.append(
            Reason(f"лимит исчерпан: {candidate.load} из {candidate.capacity} — только с обоснованием", False)
        )
    return found


def rank(
    request: ConsultationRequest, candidates: Iterable[Candidate], *, municipality_id: int
) -> list[Suggestion]:
    """Best first: everyone with room before everyone without, then by score, then by lighter load."""
    scored = [
        (candidate, score(request, candidate, municipality_id=municipality_id)) for candidate in candidates
    ]
    scored.sort(
        key=lambda item: (
            not item[0].has_room,
            -item[1],
            item[0].load / item[0].capacity,
            item[0].consultant.user.last_name,
            item[0].consultant.pk,
        )
    )
    return [
        Suggestion(
            rank=index,
            consultant=candidate.consultant,
            score=points,
            load=candidate.load,
            capacity=candidate.capacity,
            has_room=candidate.has_room,
            request=request,
            candidate=candidate,
            municipality_id=municipality_id,
        )
        for index, (candidate, points) in enumerate(scored, start=1)
    ]


def suggestions_for(
    *, request: ConsultationRequest, across_points: bool, region_points=None, now=None
) -> list[Suggestion]:
    """Ranked suggestions for one request. A coordinator chooses among the consultants of the
    request's point; the regional centre (`across_points`) among every point of `region_points`."""
    today = timezone.localdate(now) if now else timezone.localdate()
    if across_points:
        points = region_points
    elif request.point_id:
        points = ConsultationPoint.objects.filter(pk=request.point_id)
    else:
        return []
    consultants = candidate_consultants(points=points, today=today)
    candidates = load_candidates(consultants=consultants, school_ids=[request.school_id], now=now)
    return rank(request, candidates, municipality_id=request.school.municipality_id)


def suggestions_for_many(
    *, requests: list[ConsultationRequest], points: QuerySet[ConsultationPoint], limit: int = 3, now=None
) -> dict[int, list[Suggestion]]:
    """The queue page: the best `limit` suggestions for each request of the page, from one load of the
    candidates of `points`. A request is ranked only among the consultants of its own point (or all,
    when it was escalated and `points` are the region's)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    consultants = candidate_consultants(points=points, today=today)
    candidates = load_candidates(consultants=consultants, school_ids=[r.school_id for r in requests], now=now)
    by_point: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        for point_id in candidate.point_ids:
            by_point[point_id].append(candidate)
    result = {}
    for request in requests:
        pool = candidates if request.escalated or not request.point_id else by_point.get(request.point_id, [])
        result[request.pk] = rank(request, pool, municipality_id=request.school.municipality_id)[:limit]
    return result
