"""Pages: meetings of a pair or group and the school's meeting settings.

Mounted under /s/<school>/ by school_programs/urls.py. The group's mentor and staff record meetings.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import access
from ..forms_groups import add_service_errors
from ..forms_meetings import MeetingForm, SchoolSettingsForm
from ..models import MeetingKind, MentoringGroup
from ..selectors.groups import group_members
from ..selectors.meetings import school_settings, stale_groups
from ..services.meetings import meeting_delete, meeting_log, meeting_update, school_settings_update

STALE_SHOWN = 50


def _managed_group(request, group_id: int) -> MentoringGroup:
    group = access.access_group(request.user, group_id)
    if not access.can_manage_group(request.user, group):
        raise PermissionDenied("Встречи вносят наставник пары и куратор.")
    return group


def _meeting_or_404(group: MentoringGroup, meeting_id: int):
    meeting = group.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def _group_url(group: MentoringGroup) -> str:
    return reverse("school:group", args=[group.pk])


@access.rule_required("meetings.write")
def meeting_new(request, group_id: int):
    group = _managed_group(request, group_id)
    members = group_members(group)
    first = not group.meetings.exists()
    initial = {
        "kind": MeetingKind.ACQUAINTANCE if first else MeetingKind.WORKING,
        "held_on": timezone.localdate(),
        "attendance": [person.pk for person in members],
    }
    form = MeetingForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_log(group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Встреча внесена.")
            return redirect(_group_url(group))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "school_programs/meetings/form.html",
        {"form": form, "group": group, "meeting": None, "first": first},
        status=status,
    )


@access.rule_required("meetings.write")
def meeting_edit(request, group_id: int, meeting_id: int):
    group = _managed_group(request, group_id)
    meeting = _meeting_or_404(group, meeting_id)
    fields = ("kind", "held_on", "format", "duration_minutes", "topic", "notes")
    initial = {name: getattr(meeting, name) for name in fields}
    initial["attendance"] = list(
        meeting.attendance.filter(present=True).values_list("participant_id", flat=True)
    )
    form = MeetingForm(request.POST or None, initial=initial, members=group_members(group))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Встреча сохранена.")
            return redirect(_group_url(group))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "school_programs/meetings/form.html",
        {"form": form, "group": group, "meeting": meeting, "first": False},
        status=status,
    )


@require_POST
@access.rule_required("meetings.write")
def meeting_remove(request, group_id: int, meeting_id: int):
    group = _managed_group(request, group_id)
    meeting = _meeting_or_404(group, meeting_id)
    try:
        meeting_delete(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Встреча удалена.")
    return redirect(_group_url(group))


@access.rule_required("meeting_settings.read", write="meeting_settings.write")
def meeting_settings(request):
    """How many weeks without a meeting flag a pair, and whether mentors get e-mail reminders."""
    current = school_settings()
    staff = access.has_role(request.user, access.STAFF)
    initial = {"meeting_gap_weeks": current.meeting_gap_weeks, "reminders_enabled": current.reminders_enabled}
    form = SchoolSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                school_settings_update(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Настройки сохранены.")
                return redirect(reverse("school:meeting-settings"))
        status = 400
    stale = stale_groups(today=timezone.localdate(), weeks=current.meeting_gap_weeks)
    context = {
        "form": form,
        "staff": staff,
        "settings": current,
        "stale": stale[:STALE_SHOWN],
        "stale_count": stale.count(),
    }
    return render(request, "school_programs/meetings/settings.html", context, status=status)


urlpatterns = [
    path("groups/<int:group_id>/meetings/new/", meeting_new, name="meeting-new"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/", meeting_edit, name="meeting"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/delete/", meeting_remove, name="meeting-delete"),
    path("meetings/settings/", meeting_settings, name="meeting-settings"),
]
