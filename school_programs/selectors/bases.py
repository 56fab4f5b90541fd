"""Reads of the two bases: the mentee base with its request map, the mentor base with selection,
and supply against demand by topic. Schema: TENANT."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Func, IntegerField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest

from ..models import (
    Form,
    GroupMentee,
    GroupStatus,
    MenteeRequest,
    MentorEntry,
    Participant,
    Programme,
    RequestStatus,
)
from ..models.choices import FORM_SIDES
from ..services.matching import TopicIndex, subject_key, topic_stems

OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.SUPPORT)
FORM_LABELS = dict(Form.choices)
NO_TOPIC = "тема не указана"


def mentee_base(
    programme: Programme, *, form: str = "", status: str = "", priority: str = "", topic: str = ""
) -> QuerySet[MenteeRequest]:
    """The request map, filtered; each line carries its active placement (`active_placements`)."""
    requests = (
        MenteeRequest.objects.filter(programme=programme)
        .select_related("participant", "role_model")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=GroupMentee.objects.filter(left_on__isnull=True).select_related(
                    "group__mentor__participant"
                ),
                to_attr="active_placements",
            )
        )
        .order_by("form", "participant__last_name", "participant__first_name")
    )
    if form:
        requests = requests.filter(form=form)
    if status:
        requests = requests.filter(status=status)
    if priority:
        requests = requests.filter(priority=priority)
    if topic:
        words = Func(F("topics"), Value(", "), function="array_to_string", output_field=CharField())
        requests = requests.annotate(topics_text=words).filter(
            Q(topic__icontains=topic) | Q(topics_text__icontains=topic) | Q(subject__icontains=topic)
        )
    return requests


def _active_mentees() -> Count:
    return Count(
        "groups__mentees",
        filter=Q(groups__status=GroupStatus.ACTIVE, groups__mentees__left_on__isnull=True),
    )


def mentor_base(
    programme: Programme, *, form: str = "", selection: str = "", trained: str = ""
) -> QuerySet[MentorEntry]:
    """The mentor base with `active` (mentees led now) and `free` (capacity − active) on each line."""
    entries = (
        MentorEntry.objects.filter(programme=programme)
        .select_related("participant")
        .annotate(active=_active_mentees())
        .annotate(free=Greatest(F("capacity") - F("active"), Value(0), output_field=IntegerField()))
        .order_by("participant__last_name", "participant__first_name")
    )
    if form:
        entries = entries.filter(forms__contains=[form])
    if selection:
        entries = entries.filter(selection=selection)
    if trained == "yes":
        entries = entries.filter(training_completed_on__isnull=False)
    elif trained == "no":
        entries = entries.filter(training_completed_on__isnull=True)
    return entries


def base_counts(programme: Programme) -> dict[str, int]:
    requests = MenteeRequest.objects.filter(programme=programme).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        matched=Count("id", filter=Q(status=RequestStatus.MATCHED)),
        support=Count("id", filter=Q(status=RequestStatus.SUPPORT)),
    )
    mentors = MentorEntry.objects.filter(programme=programme).aggregate(
        mentors=Count("id"),
        ready=Count(
            "id", filter=Q(selection=MentorEntry.Selection.SELECTED, training_completed_on__isnull=False)
        ),
        candidates=Count("id", filter=Q(selection=MentorEntry.Selection.CANDIDATE)),
    )
    return {**requests, **mentors}


def mentee_candidates() -> QuerySet[Participant]:
    """People who may be placed in the mentee base of some form (the form decides in the service)."""
    kinds = set().union(*(sides[1] for sides in FORM_SIDES.values()))
    return Participant.objects.filter(is_active=True, kind__in=kinds)


def mentor_candidates() -> QuerySet[Participant]:
    kinds = set().union(*(sides[0] for sides in FORM_SIDES.values()))
    return Participant.objects.filter(is_active=True, kind__in=kinds)


# --- Supply and demand ---------------------------------------------------------------------------


@dataclass
class DemandRow:
    """Open requests of one topic in one form against the ready mentors who cover it."""

    form: str
    topic: str
    requests: int = 0
    high_priority: int = 0
    mentors: int = 0
    free_places: int = 0
    mentor_names: list[str] = field(default_factory=list)

    @property
    def form_label(self) -> str:
        return FORM_LABELS.get(self.form, self.form)

    @property
    def uncovered(self) -> bool:
        """Nobody selected and trained offers this topic: the curator must look for a mentor."""
        return self.mentors == 0

    @property
    def short(self) -> bool:
        """Fewer free places than open requests (places of one mentor count in each topic they cover)."""
        return self.free_places < self.requests


def supply_demand(programme: Programme, *, form: str = "") -> list[DemandRow]:
    """Open requests (new, without a pair) by form and topic, against selected and trained mentors of
    the form whose topics or subjects cover the topic, with their free places. Uncovered topics first.

    A request counts under each of its topics; without topics, under its subject, else «тема не
    указана» (then its free-text words decide the coverage).
    """
    requests = MenteeRequest.objects.filter(programme=programme, status__in=OPEN_STATUSES)
    if form:
        requests = requests.filter(form=form)
    ready = mentor_base(programme, form=form).filter(
        selection=MentorEntry.Selection.SELECTED, training_completed_on__isnull=False
    )
    mentors = {entry.pk: entry for entry in ready}
    index = TopicIndex({pk: entry.topics for pk, entry in mentors.items()})
    subjects: dict[str, set[int]] = defaultdict(set)
    for pk, entry in mentors.items():
        for subject in [*entry.subjects, *entry.participant.subjects]:
            subjects[subject_key(subject)].add(pk)

    def offering(text: str) -> set[int]:
        found = set().union(*(index.mentors(stem) for stem in topic_stems(text)))
        return found | subjects.get(subject_key(text), set())

    rows: dict[tuple[str, str], DemandRow] = {}
    covering: dict[tuple[str, str], set[int]] = defaultdict(set)
    for request in requests.only("form", "topic", "topics", "subject", "priority"):
        for label in request.topics or [request.subject or NO_TOPIC]:
            key = (request.form, label.lower())
            row = rows.get(key)
            if row is None:
                row = rows[key] = DemandRow(form=request.form, topic=label)
            if row.requests == 0 or label == NO_TOPIC:  # a topic's mentors depend only on the topic
                text = request.topic if label == NO_TOPIC else label
                covering[key] |= {pk for pk in offering(text) if request.form in mentors[pk].forms}
            row.requests += 1
            row.high_priority += request.priority == "high"
    for key, row in rows.items():
        who = sorted(covering[key], key=lambda pk: mentors[pk].participant.last_name)
        row.mentors = len(who)
        row.free_places = sum(mentors[pk].free for pk in who)
        row.mentor_names = [mentors[pk].participant.short_name for pk in who]
    return sorted(rows.values(), key=lambda r: (not r.uncovered, r.form_label, -r.requests, r.topic))
