"""Reads of the support of low-result schools: the ШНОР list with profiles, pairs, their indicators,
partner suggestions, and the route counts schools share. Querysets and plain rows; no access checks
(the caller passes querysets already narrowed by regional_center.access).

Schema: PUBLIC.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from nastavnik.russian import counted
from tenants.models import School

from .models import (
    AntiRiskProgramme,
    OrganisationPair,
    PairIndicatorValue,
    PartnerOrganisation,
    RiskFactor,
    RiskLevel,
    RouteSummary,
    SchoolRiskFactor,
    SchoolYearStatus,
    SelfDiagnosisEntry,
)
from .vocabulary import Subject

# --- ШНОР list and profiles -------------------------------------------------------------------------


def low_results_schools(*, schools: QuerySet[School], start_year: int) -> QuerySet[School]:
    """The ШНОР of the year among `schools`, with their profile's size and whether a programme exists."""
    flagged = SchoolYearStatus.objects.filter(school=OuterRef("pk"), start_year=start_year, low_results=True)
    return (
        schools.filter(Exists(flagged))
        .annotate(
            factor_count=Count("risk_factors", filter=Q(risk_factors__start_year=start_year), distinct=True),
            self_count=Count(
                "self_diagnosis", filter=Q(self_diagnosis__start_year=start_year), distinct=True
            ),
            has_programme=Exists(
                AntiRiskProgramme.objects.filter(school=OuterRef("pk"), start_year=start_year)
            ),
            active_pairs=Count(
                "mentee_pairs",
                filter=Q(mentee_pairs__status=OrganisationPair.Status.ACTIVE),
                distinct=True,
            ),
        )
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )


@dataclass
class ProfileRow:
    """One factor of a school's profile: the region's assessment and the school's own side by side."""

    factor: str
    label: str
    regional: SchoolRiskFactor | None
    own: SelfDiagnosisEntry | None


def risk_profile(*, school: School, start_year: int) -> list[ProfileRow]:
    regional = {r.factor: r for r in SchoolRiskFactor.objects.filter(school=school, start_year=start_year)}
    own = {e.factor: e for e in SelfDiagnosisEntry.objects.filter(school=school, start_year=start_year)}
    rows = [
        ProfileRow(code, label, regional.get(code), own.get(code))
        for code, label in RiskFactor.choices
        if code in regional or code in own
    ]
    rows.sort(key=lambda row: -(row.regional.level if row.regional else 0))
    return rows


def antirisk_programme(*, school: School, start_year: int) -> AntiRiskProgramme | None:
    return (
        AntiRiskProgramme.objects.filter(school=school, start_year=start_year)
        .prefetch_related("measures")
        .first()
    )


# --- Pairs ------------------------------------------------------------------------------------------


def pairs_listed(pairs: QuerySet[OrganisationPair]) -> QuerySet[OrganisationPair]:
    return pairs.select_related("mentor_school__municipality", "mentee_school__municipality").annotate(
        item_count=Count("plan_items", distinct=True),
        done_count=Count("plan_items", filter=Q(plan_items__status="done"), distinct=True),
    )


@dataclass
class IndicatorRow:
    code: str
    name: str
    values: dict[str, list[PairIndicatorValue]] = field(default_factory=dict)  # stage → values


def pair_indicators(*, pair: OrganisationPair) -> list[IndicatorRow]:
    """The mentee school's indicators before, during and after the pair's work.

    The seam for the analytics issue: today these are the values entered for the pair; once per-school
    facts exist, this function reads them (same rows out), and nothing else has to change.
    """
    rows: dict[str, IndicatorRow] = {}
    for value in PairIndicatorValue.objects.filter(pair=pair).order_by("code", "period_label", "pk"):
        row = rows.setdefault(value.code, IndicatorRow(value.code, value.name))
        row.values.setdefault(value.stage, []).append(value)
    return list(rows.values())


# --- Partner suggestions ----------------------------------------------------------------------------

SUBJECT_LABELS = dict(Subject.choices)
LEVEL_LABELS = dict(RiskLevel.choices)
FACTOR_LABELS = dict(RiskFactor.choices)


@dataclass
class Suggestion:
    rank: int
    school: School
    partner: PartnerOrganisation | None
    fit: int
    matches: list[str]
    same_municipality: bool
    load: int
    reason: str = ""


def _load_phrase(load: int) -> str:
    if load == 0:
        return "сейчас никого не наставляет"
    return f"сейчас наставляет {counted(load, 'школу', 'школы', 'школ')}"  # accusative: «наставляет 1 школу»


def partner_suggestions(
    *, mentee_school: School, start_year: int, candidates: QuerySet[School]
) -> list[Suggestion]:
    """Mentor schools for a ШНОР school, best first, each with the reason for its place.

    Candidates: active schools of the same region, not the school itself, not ШНОР that year, that are
    partner schools that year or have an active partner profile. Ranked by, in this order:
    1. fit — for each strong subject of the partner, the levels (1–3) of the school's risk factors that
       show in that subject, summed; a partner strong in «общие вопросы» fits factors tied to no subject;
    2. distance — the same municipality first;
    3. load — fewer active pairs as mentor first; then by name.
    """
    factors = list(SchoolRiskFactor.objects.filter(school=mentee_school, start_year=start_year))
    low_results = SchoolYearStatus.objects.filter(start_year=start_year, low_results=True).values("school_id")
    partner_flag = SchoolYearStatus.objects.filter(start_year=start_year, partner_school=True).values(
        "school_id"
    )
    today = timezone.localdate()
    schools = (
        candidates.filter(municipality__region_id=mentee_school.municipality.region_id)
        .exclude(pk=mentee_school.pk)
        .exclude(status=School.Status.ARCHIVED)
        .exclude(pk__in=low_results)
        .filter(Q(pk__in=partner_flag) | Q(partner_profile__is_active=True))
        .select_related("municipality", "partner_profile")
        .annotate(
            load=Count(
                "mentor_pairs",
                filter=Q(
                    mentor_pairs__status=OrganisationPair.Status.ACTIVE, mentor_pairs__ends_on__gte=today
                ),
                distinct=True,
            )
        )
    )
    found = []
    for school in schools:
        partner = getattr(school, "partner_profile", None)
        subjects = list(partner.subjects) if partner and partner.is_active else []
        fit, matches = 0, []
        for subject in subjects:
            related = [
                f for f in factors if subject in f.subjects or (subject == Subject.GENERAL and not f.subjects)
            ]
            if related:
                weight = sum(f.level for f in related)
                fit += weight
                named = ", ".join(f"«{FACTOR_LABELS[f.factor]}» ({LEVEL_LABELS[f.level]})" for f in related)
                matches.append(f"{SUBJECT_LABELS.get(subject, subject)} — {named}")
        found.append(
            Suggestion(
                rank=0,
                school=school,
                partner=partner,
                fit=fit,
                matches=matches,
                same_municipality=school.municipality_id == mentee_school.municipality_id,
                load=school.load,
            )
        )
    found.sort(key=lambda s: (-s.fit, not s.same_municipality, s.load, s.school.short_name))
    for rank, suggestion in enumerate(found, start=1):
        suggestion.rank = rank
        suggestion.reason = _reason(
            suggestion, has_subjects=bool(suggestion.partner and suggestion.partner.subjects)
        )
    return found


def _reason(s: Suggestion, *, has_subjects: bool) -> str:
    if s.matches:
        fit = f"сильные предметы совпадают с факторами риска школы (вес {s.fit}): " + "; ".join(s.matches)
    elif has_subjects:
        fit = "сильные предметы не совпадают с факторами риска школы"
    else:
        fit = "сильные предметы школы-партнёра не указаны"
    where = (
        "тот же муниципалитет"
        if s.same_municipality
        else f"другой муниципалитет ({s.school.municipality.name})"
    )
    return f"{s.rank}-е место: {fit}; {where}; {_load_phrase(s.load)}."


# --- Teachers' routes: counts the schools share ------------------------------------------------------


def route_summaries(*, schools: QuerySet[School]) -> QuerySet[RouteSummary]:
    return (
        RouteSummary.objects.filter(school__in=schools)
        .select_related("school__municipality")
        .prefetch_related("areas")
        .order_by("school__municipality__name", "school__short_name")
    )


def route_totals(summaries) -> dict:
    """The region's (or municipality's) totals of the shared counts, by area."""
    totals = defaultdict(int)
    areas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for summary in summaries:
        for name in (
            "routes_total",
            "routes_draft",
            "routes_active",
            "routes_completed",
            "with_methodologist",
        ):
            totals[name] += getattr(summary, name)
        for area in summary.areas.all():
            for name in ("with_deficit", "high_deficit", "items_planned", "items_in_progress", "items_done"):
                areas[area.area][name] += getattr(area, name)
    return {"totals": dict(totals), "areas": {k: dict(v) for k, v in areas.items()}}
