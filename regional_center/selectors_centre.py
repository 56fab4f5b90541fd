"""Reads of the regional centre's own work (CENTRE, issue 9 §§1, 2, 7): the management chain, the
centre's staff, the administrator's to-do list, the analyst's summaries, partners, agreements and the
practice library's search. Return rows and querysets; pages and the API format them.

Schema: PUBLIC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Q, QuerySet

from tenants.models import Membership

from .models import Agreement, PartnerOrganisation, PublishedPractice, Region, RoadmapMilestone, RoadmapStage
from .selectors import municipalities_with_school_counts
from .services.agreements import agreements_expiring
from .vocabulary import MentoringForm, Subject

# --- The centre and the management chain -------------------------------------------------------------


def centre_staff(region: Region) -> QuerySet[Membership]:
    """The centre's people: users with an active role in the region (administrators, analysts)."""
    return (
        Membership.objects.filter(region=region, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )


@dataclass
class ChainLink:
    level: str
    name: str
    note: str = ""
    children: list = field(default_factory=list)


@dataclass
class Chain:
    """Seed 003's management structure, filled from the region's own records."""

    authority: str
    municipalities: list
    centre: str
    schools: int
    low_results: int
    partners: int
    points: int


def management_chain(region: Region) -> Chain:
    municipalities = list(municipalities_with_school_counts(region))
    return Chain(
        authority=region.education_authority,
        municipalities=municipalities,
        centre=region.centre_name,
        schools=sum(m.school_count for m in municipalities),
        low_results=sum(m.low_results_count for m in municipalities),
        partners=sum(m.partner_count for m in municipalities),
        points=sum(m.point_count for m in municipalities),
    )


# --- Road map ----------------------------------------------------------------------------------------


def roadmap(region: Region) -> list[RoadmapStage]:
    """The three stages in their order (a stage not planned yet is absent) with milestones counted."""
    stages = RoadmapStage.objects.filter(region=region).prefetch_related("milestones")
    stages = stages.annotate(
        milestone_count=Count("milestones"),
        done_count=Count("milestones", filter=Q(milestones__done_on__isnull=False)),
    )
    order = list(RoadmapStage.Kind.values)
    return sorted(stages, key=lambda s: order.index(s.kind))


def milestones_due(*, region: Region, today: datetime.date, within_days: int) -> QuerySet[RoadmapMilestone]:
    """Open milestones overdue or due within `within_days` days."""
    return (
        RoadmapMilestone.objects.filter(
            stage__region=region,
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("stage")
        .order_by("due_on", "pk")
    )


# --- The administrator's to-do list and the analyst's summaries ----------------------------------------


@dataclass
class Todo:
    within_days: int
    agreements_expiring: list
    milestones_due: list
    drafts: list

    @property
    def empty(self) -> bool:
        return not (self.agreements_expiring or self.milestones_due or self.drafts)


def centre_todo(*, region: Region, today: datetime.date, within_days: int = 30) -> Todo:
    agreements = Agreement.objects.filter(region=region)
    return Todo(
        within_days=within_days,
        agreements_expiring=list(
            agreements_expiring(agreements=agreements, within_days=within_days, today=today)
        ),
        milestones_due=list(milestones_due(region=region, today=today, within_days=within_days)),
        drafts=list(agreements.filter(status=Agreement.Status.DRAFT).order_by("signed_on")),
    )


def _counted(queryset, field_name: str, choices) -> list[tuple[str, int]]:
    labels = dict(choices)
    counts = dict(queryset.values_list(field_name).annotate(n=Count("pk")).values_list(field_name, "n"))
    return [(labels[code], counts.get(code, 0)) for code in labels]


@dataclass
class Summary:
    agreements_by_status: list
    partners_by_kind: list
    practices_by_form: list
    practices_by_subject: list
    practices_total: int
    practices_from_partners: int
    roadmap: list
    milestones_total: int
    milestones_done: int
    milestones_overdue: int


def centre_summary(*, region: Region, today: datetime.date) -> Summary:
    practices = PublishedPractice.objects.filter(
        Q(school__municipality__region=region) | Q(partner__isnull=False)
    )
    stages = roadmap(region)
    milestones = RoadmapMilestone.objects.filter(stage__region=region)
    return Summary(
        agreements_by_status=_counted(
            Agreement.objects.filter(region=region), "status", Agreement.Status.choices
        ),
        partners_by_kind=_counted(
            PartnerOrganisation.objects.filter(is_active=True), "kind", PartnerOrganisation.Kind.choices
        ),
        practices_by_form=[row for row in _counted(practices, "form", MentoringForm.choices) if row[1]],
        practices_by_subject=[row for row in _counted(practices, "subject", Subject.choices) if row[1]],
        practices_total=practices.count(),
        practices_from_partners=practices.filter(partner__isnull=False).count(),
        roadmap=stages,
        milestones_total=milestones.count(),
        milestones_done=milestones.filter(done_on__isnull=False).count(),
        milestones_overdue=milestones.filter(done_on__isnull=True, due_on__lt=today).count(),
    )


# --- Partners and agreements ----------------------------------------------------------------------------


def partners_search(
    *, partners: QuerySet, q: str = "", kind: str = "", subject: str = "", active: bool | None = None
) -> QuerySet[PartnerOrganisation]:
    q = q.strip()
    if q:
        partners = partners.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(offer__icontains=q))
    if kind:
        partners = partners.filter(kind=kind)
    if subject:
        partners = partners.filter(subjects__contains=[subject])
    if active is not None:
        partners = partners.filter(is_active=active)
    return partners.annotate(agreement_count=Count("agreements", distinct=True)).order_by("name")


def agreements_search(
    *, agreements: QuerySet, status: str = "", partner_id: int | None = None, q: str = ""
) -> QuerySet[Agreement]:
    if status:
        agreements = agreements.filter(status=status)
    if partner_id:
        agreements = agreements.filter(partners__pk=partner_id)
    q = q.strip()
    if q:
        agreements = agreements.filter(Q(number__icontains=q) | Q(subject__icontains=q))
    return agreements.order_by("ends_on", "number").distinct()


# --- The practice library ---------------------------------------------------------------------------------


def practices_search(
    *,
    practices: QuerySet,
    q: str = "",
    form: str = "",
    role_model: str = "",
    subject: str = "",
    topic: str = "",
    author: str = "",
) -> QuerySet[PublishedPractice]:
    """Full-text search (Russian stemming, web-search syntax: «наставничество -студент», "…") over
    title, topic, role model, description and results, best match first; then the filters."""
    if form:
        practices = practices.filter(form=form)
    if role_model.strip():
        practices = practices.filter(role_model_name__icontains=role_model.strip())
    if subject:
        practices = practices.filter(subject=subject)
    if topic.strip():
        query = SearchQuery(topic.strip(), config="russian", search_type="websearch")
        practices = practices.filter(Q(search=query) | Q(topic__icontains=topic.strip()))
    if author == "school":
        practices = practices.filter(school__isnull=False)
    elif author == "partner":
        practices = practices.filter(partner__isnull=False)
    q = q.strip()
    if q:
        query = SearchQuery(q, config="russian", search_type="websearch")
        return (
            practices.filter(search=query)
            .annotate(rank=SearchRank(F("search"), query))
            .order_by("-rank", "-published_at")
        )
    return practices.order_by("-published_at", "-pk")


def practice_role_models(practices: QuerySet) -> list[str]:
    return sorted(set(practices.exclude(role_model_name="").values_list("role_model_name", flat=True)))
