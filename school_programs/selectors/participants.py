"""Reads of the school's participants: the curator's list (1,500 people, one page in a few queries)
and one participant's card. Schema: TENANT.

Special categories are never loaded here: whoever may see them reads them through
services.participants.special_categories_read, which writes the access log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tenants.models import User

from ..models import Consent, Participant, ParticipantCategory, ParticipantKind
from ..models.choices import SPECIAL_CATEGORIES, Category
from ..models.participants import ADULT_AGE
from ..services.participants import class_name_parse
from .consents import consent_problem


class ConsentState:
    """The state of a participant's consent to personal-data processing, as the list shows it."""

    VALID = "valid"
    NEEDS_REPRESENTATIVE = "representative"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    MISSING = "missing"
    LABELS = {
        VALID: "действует",
        NEEDS_REPRESENTATIVE: "нужно согласие законного представителя",
        WITHDRAWN: "отозвано",
        EXPIRED: "истекло",
        MISSING: "нет согласия",
    }
    CHOICES = list(LABELS.items())


def consent_status(consent: Consent, on: datetime.date | None = None) -> str:
    """valid / expired / withdrawn (and "future" for a consent signed after the day)."""
    day = on or timezone.localdate()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return ConsentState.WITHDRAWN
    if consent.valid_until is not None and consent.valid_until < day:
        return ConsentState.EXPIRED
    if consent.signed_on > day:
        return "future"
    return ConsentState.VALID


CONSENT_STATUS_LABELS = {**ConsentState.LABELS, "future": "ещё не действует"}


@dataclass(frozen=True)
class ParticipantFilters:
    kind: str = ""
    class_name: str = ""  # «7», «7А»
    search: str = ""
    category: str = ""
    consent: str = ""  # one of ConsentState
    include_inactive: bool = False


def _adult_birth_cutoff(day: datetime.date) -> datetime.date:
    """Born on or before this date ⇒ adult on `day` (29 February counts as the 28th)."""
    try:
        return day.replace(year=day.year - ADULT_AGE)
    except ValueError:
        return day.replace(year=day.year - ADULT_AGE, day=28)


def _consent_rank(day: datetime.date) -> RawSQL:
    """The best consent state of each participant as a number (RANK_STATES), in one SQL subquery.

    The rule is selectors.consents.consent_problem's without special data: a valid consent counts
    fully when a representative gave it or the person is an adult on the day. PostgreSQL evaluates
    the correlated subquery only for the rows of the page, after the sort and the limit, through the
    consents' participant index. Written in SQL because this page answers for 1,500 people in under
    100 ms, and building the same expression with the ORM costs more than the query itself.
    """
    consent = Consent._meta.db_table
    person = Participant._meta.db_table
    sql = f"""
        SELECT COALESCE(MAX(
            CASE
                WHEN c.signed_on <= %s
                     AND (c.valid_until IS NULL OR c.valid_until >= %s)
                     AND (c.withdrawn_on IS NULL OR c.withdrawn_on > %s)
                THEN CASE
                    WHEN c.given_by = %s
                         OR "{person}".birth_date <= %s
                         OR ("{person}".birth_date IS NULL AND "{person}".kind <> %s)
                    THEN 4 ELSE 3 END
                WHEN c.withdrawn_on <= %s THEN 2
                WHEN c.valid_until < %s THEN 1
                ELSE 0
            END), 0)
        FROM "{consent}" c
        WHERE c.participant_id = "{person}".id AND c.scope = %s
    """
    params = [
        day,
        day,
        day,
        Consent.GivenBy.REPRESENTATIVE.value,
        _adult_birth_cutoff(day),
        ParticipantKind.STUDENT.value,
        day,
        day,
        Consent.Scope.PERSONAL_DATA.value,
    ]
    return RawSQL(sql, params, output_field=IntegerField())


RANK_STATES = {
    4: ConsentState.VALID,
    3: ConsentState.NEEDS_REPRESENTATIVE,
    2: ConsentState.WITHDRAWN,
    1: ConsentState.EXPIRED,
    0: ConsentState.MISSING,
}
STATE_RANKS = {state: rank for rank, state in RANK_STATES.items()}


def consent_states_set(participants: Iterable[Participant]) -> None:
    """Give each participant of participant_list() its `consent_state` and `consent_label`."""
    for participant in participants:
        participant.consent_state = RANK_STATES[participant.consent_rank]
        participant.consent_label = ConsentState.LABELS[participant.consent_state]


def open_categories() -> Prefetch:
    """Categories anybody who sees the participant may see: the special ones are left out."""
    return Prefetch(
        "categories",
        queryset=ParticipantCategory.objects.exclude(category__in=SPECIAL_CATEGORIES).order_by("category"),
        to_attr="open_categories",
    )


def participant_list(
    *, filters: ParticipantFilters = ParticipantFilters(), on: datetime.date | None = None
) -> QuerySet[Participant]:
    """Participants with `consent_rank` computed in SQL (consent_states_set names it) and their
    non-special categories prefetched.

    Filtering by a special category is the caller's decision (only for access.can_see_special, and
    the shown rows are then logged by the page).
    """
    day = on or timezone.localdate()
    people = Participant.objects.annotate(consent_rank=_consent_rank(day)).prefetch_related(open_categories())
    if not filters.include_inactive:
        people = people.filter(is_active=True)
    if filters.kind:
        people = people.filter(kind=filters.kind)
    if filters.class_name:
        parsed = class_name_parse(filters.class_name)
        if parsed is None:
            return people.none()
        grade, letter = parsed
        people = people.filter(grade=grade)
        if letter:
            people = people.filter(class_letter=letter)
    for word in filters.search.split():
        people = people.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
        )
    if filters.category:
        people = people.filter(
            Exists(ParticipantCategory.objects.filter(participant=OuterRef("pk"), category=filters.category))
        )
    if filters.consent:
        people = people.filter(consent_rank=STATE_RANKS[filters.consent])
    return people.order_by("last_name", "first_name", "middle_name", "pk")


def participant_counts() -> dict[str, int]:
    """Active participants per kind (every kind present, zeros included) and the total."""
    counts = dict.fromkeys(ParticipantKind.values, 0)
    for row in Participant.objects.filter(is_active=True).values("kind").annotate(n=Count("pk")).order_by():
        counts[row["kind"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


@dataclass
class ParticipantCard:
    participant: Participant
    consents: list[tuple[Consent, str]]
    categories: list[ParticipantCategory]
    parents: list[Participant]
    children: list[Participant]
    consent_problem: str | None
    special_consent_problem: str | None


def participant_detail(participant: Participant, on: datetime.date | None = None) -> ParticipantCard:
    """One participant's card: consents with their status, non-special categories, parents and children."""
    day = on or timezone.localdate()
    consents = list(participant.consents.select_related("representative").order_by("-signed_on", "-pk"))
    return ParticipantCard(
        participant=participant,
        consents=[(consent, consent_status(consent, day)) for consent in consents],
        categories=list(participant.categories.exclude(category__in=SPECIAL_CATEGORIES).order_by("category")),
        parents=[
            link.parent
            for link in participant.parent_links.select_related("parent").order_by("parent__last_name")
        ],
        children=[
            link.child
            for link in participant.child_links.select_related("child").order_by("child__last_name")
        ],
        consent_problem=consent_problem(participant, day),
        special_consent_problem=consent_problem(participant, day, special=True),
    )


ACCESS_ACTIONS = {
    "view": "просмотр карточки",
    "list": "список с отбором по категории",
    "export": "выгрузка",
    "change": "изменение категорий",
}


def special_access_log(participant: Participant, limit: int = 20) -> list:
    """The latest views of this participant's special categories (who, when, where)."""
    rows = list(participant.special_accesses.order_by("-at")[:limit])
    users = User.objects.in_bulk({row.user_id for row in rows if row.user_id})
    for row in rows:
        row.viewer = users.get(row.user_id)
        row.action_label = ACCESS_ACTIONS.get(row.action, row.action)
    return rows


def parents_to_link(participant: Participant) -> QuerySet[Participant]:
    """Parents that may be linked to this student (active, not linked yet)."""
    return Participant.objects.filter(kind=ParticipantKind.PARENT, is_active=True).exclude(
        child_links__child=participant
    )


def children_to_link(participant: Participant) -> QuerySet[Participant]:
    return Participant.objects.filter(kind=ParticipantKind.STUDENT, is_active=True).exclude(
        parent_links__parent=participant
    )


def category_choices(*, with_special: bool) -> list[tuple[str, str]]:
    return [
        (code, label) for code, label in Category.choices if with_special or code not in SPECIAL_CATEGORIES
    ]
