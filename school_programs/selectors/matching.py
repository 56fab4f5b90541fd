"""Reads of matching: runs, their suggestions and unmatched mentees, compatibility tests and
speed-meeting choices. Schema: TENANT."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import (
    CompatibilityResult,
    MatchingRun,
    MatchSuggestion,
    MentorEntry,
    Programme,
    SpeedMeetingPreference,
    UnmatchedMentee,
)


def run_list(programme: Programme, *, form: str = "") -> QuerySet[MatchingRun]:
    runs = MatchingRun.objects.filter(programme=programme).order_by("-created_at", "-pk")
    return runs.filter(form=form) if form else runs


def latest_run(programme: Programme, form: str) -> MatchingRun | None:
    return run_list(programme, form=form).first()


def run_suggestions(run: MatchingRun) -> QuerySet[MatchSuggestion]:
    return run.suggestions.select_related("mentor__participant", "mentee__participant").order_by(
        "decision", "-score", "mentee__participant__last_name"
    )


def run_unmatched(run: MatchingRun) -> QuerySet[UnmatchedMentee]:
    return run.unmatched.select_related("mentee__participant").order_by("mentee__participant__last_name")


def compatibility_list(programme: Programme) -> QuerySet[CompatibilityResult]:
    return (
        CompatibilityResult.objects.filter(mentee__programme=programme)
        .select_related("mentor__participant", "mentee__participant")
        .order_by("-tested_on", "mentee__participant__last_name")
    )


def preference_list(programme: Programme) -> QuerySet[SpeedMeetingPreference]:
    return (
        SpeedMeetingPreference.objects.filter(programme=programme)
        .select_related("chooser", "chosen")
        .order_by("chooser__last_name", "chooser_id", "rank")
    )


def form_mentors(programme: Programme, form: str) -> QuerySet[MentorEntry]:
    """Mentors of the form in the programme's base (for the manual pair/group form)."""
    return (
        MentorEntry.objects.filter(programme=programme, forms__contains=[form])
        .exclude(selection__in=[MentorEntry.Selection.REJECTED, MentorEntry.Selection.RELEASED])
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
