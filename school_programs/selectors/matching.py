"""Reads of matching: runs, their suggestions and unmatched mentees, compatibility tests and
speed-meeting choices. Schema: TENANT."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ..models import (
    CompatibilityResult,
    MatchingRun,
    MatchSuggestion,
    MentorEntry,
    Programme,
    SpeedMeetingPreference,
    UnmatchedMentee,
)


def _get(queryset: QuerySet, pk):
    found = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def run_list(programme: Programme, *, form: str = "") -> QuerySet[MatchingRun]:
    runs = MatchingRun.objects.filter(programme=programme).order_by("-created_at", "-pk")
    return runs.filter(form=form) if form else runs


def latest_run(programme: Programme, form: str) -> MatchingRun | None:
    return run_list(programme, form=form).first()


def run_get(run_id) -> MatchingRun:
    return _get(MatchingRun.objects.select_related("programme"), run_id)


def run_suggestions(run: MatchingRun) -> QuerySet[MatchSuggestion]:
    return run.suggestions.select_related("mentor__participant", "mentee__participant").order_by(
        "decision", "-score", "mentee__participant__last_name"
    )


def run_unmatched(run: MatchingRun) -> QuerySet[UnmatchedMentee]:
    return run.unmatched.select_related("mentee__participant").order_by("mentee__participant__last_name")


def suggestion_get(suggestion_id) -> MatchSuggestion:
    return _get(
        MatchSuggestion.objects.select_related(
            "run__programme", "mentor__participant", "mentee__participant"
        ),
        suggestion_id,
    )


def compatibility_list(programme: Programme) -> QuerySet[CompatibilityResult]:
    return (
        CompatibilityResult.objects.filter(mentee__programme=programme)
        .select_related("mentor__participant", "mentee__participant")
        .order_by("-tested_on", "mentee__participant__last_name")
    )


def compatibility_get(result_id) -> CompatibilityResult:
    return _get(CompatibilityResult.objects.select_related("mentor", "mentee"), result_id)


def preference_list(programme: Programme) -> QuerySet[SpeedMeetingPreference]:
    return (
        SpeedMeetingPreference.objects.filter(programme=programme)
        .select_related("chooser", "chosen")
        .order_by("chooser__last_name", "chooser_id", "rank")
    )


def preference_get(preference_id) -> SpeedMeetingPreference:
    return _get(SpeedMeetingPreference.objects.select_related("programme"), preference_id)


def form_mentors(programme: Programme, form: str) -> QuerySet[MentorEntry]:
    """Mentors of the form in the programme's base (for the manual pair/group form)."""
    return (
        MentorEntry.objects.filter(programme=programme, forms__contains=[form])
        .exclude(selection__in=[MentorEntry.Selection.REJECTED, MentorEntry.Selection.RELEASED])
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
