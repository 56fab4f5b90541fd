"""Events pages: the calendar (month view, htmx to switch months), an event's page with its
registrations, materials and attendance, planning for the regional administrator, registration by
schools, the analyst's attendance summary, ICS export. Thin: forms in, services and selectors work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.russian import plural
from tenants import access as tenant_access
from tenants import roles
from tenants.organisations.views import form_errors

from . import access
from .forms_events import (
    EventFilterForm,
    EventForm,
    FeedbackForm,
    MaterialForm,
    RegistrationForm,
    StatusForm,
)
from .ics_events import calendar_ics
from .models import EventStatus
from .selectors_events import (
    WEEKDAYS,
    attendance_by_school,
    attendance_summary,
    events_filter,
    events_with_counts,
    month_calendar,
    parse_month,
)
from .services import event_materials, events

ICS = "text/calendar; charset=utf-8"


def _filtered(request):
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = events_filter(
        access.events_visible(request.user),
        kind=data.get("kind", ""),
        audience=data.get("audience", ""),
        support_kind=data.get("support", ""),
    )
    return form, found


@roles.rule_required("events.read")
def calendar_view(request):
    form, found = _filtered(request)
    year, month = parse_month(request.GET.get("month"))
    month_view = month_calendar(events_with_counts(found), year=year, month=month)
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "form": form,
        "month": month_view,
        "weekdays": WEEKDAYS,
        "query": query.urlencode(),
        "can_write": roles.has_rule(request.user, "events.write"),
        "can_summary": roles.has_rule(request.user, "event_attendance.read"),
    }
    template = (
        "regional_center/events/_calendar.html" if request.htmx else "regional_center/events/calendar.html"
    )
    return render(request, template, context)


def _schools_of_region(request):
    return tenant_access.organisation_schools(request.user).filter(status="active").order_by("short_name")


@roles.rule_required("events.write")
def event_create_view(request):
    form = EventForm(request.POST or None, schools=_schools_of_region(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = events.event_create(
                region=tenant_access.access_region(request.user), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Мероприятие «{event.title}» запланировано.")
            return redirect("events:event", event_id=event.pk)
    return render(request, "regional_center/events/form.html", {"form": form, "title": "Новое мероприятие"})


@roles.rule_required("events.write")
def event_edit_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    initial = {name: getattr(event, name) for name in events.EVENT_FIELDS}
    for name in ("starts_at", "ends_at", "registration_deadline"):
        initial[name] = timezone.localtime(initial[name])
    form = EventForm(request.POST or None, initial=initial, schools=_schools_of_region(request))
    if request.method == "POST" and form.is_valid():
        try:
            events.event_update(event=event, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect("events:event", event_id=event.pk)
    return render(
        request,
        "regional_center/events/form.html",
        {"form": form, "event": event, "title": f"Изменить: {event.title}"},
    )


@roles.rule_required("events.read")
def event_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    user = request.user
    registrations = access.registrations_visible(user).filter(event=event).select_related("feedback")
    own_schools = access.registering_schools(user)
    can_register = (
        roles.has_rule(user, "event_registrations.write")
        and event.status == EventStatus.OPEN
        and timezone.now() <= event.registration_deadline
        and own_schools.exists()
    )
    own_school_ids = set(own_schools.values_list("pk", flat=True))
    rows = []
    for registration in registrations:
        own = registration.school_id in own_school_ids
        rows.append(
            {
                "registration": registration,
                "own": own,
                "may_cancel": own
                and timezone.now() <= event.registration_deadline
                and event.status not in (EventStatus.HELD, EventStatus.CANCELLED),
                "feedback_form": FeedbackForm(prefix=f"f{registration.pk}")
                if own and registration.attended and not hasattr(registration, "feedback")
                else None,
            }
        )
    can_write = roles.has_rule(user, "events.write")
    return render(
        request,
        "regional_center/events/event.html",
        {
            "event": event,
            "rows": rows,
            "taken": event.registrations.count(),
            "summary": attendance_summary(event.registrations.all())
            if roles.has_rule(user, "event_attendance.read")
            else None,
            "materials": event.materials.all(),
            "can_write": can_write,
            "can_register": can_register,
            "status_form": StatusForm(initial={"status": event.status}) if can_write else None,
            "material_form": MaterialForm() if can_write else None,
            "can_mark": can_write
            and event.starts_at <= timezone.now()
            and event.status != EventStatus.CANCELLED,
        },
    )


@require_POST
@roles.rule_required("events.write")
def event_status_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Статус: выберите статус из списка.")
    else:
        try:
            event = events.event_status_set(event=event, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Статус мероприятия: «{event.get_status_display()}».")
    return redirect("events:event", event_id=event.pk)


@roles.rule_required("event_registrations.write")
def registration_create_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    schools = access.registering_schools(request.user)
    form = RegistrationForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            registration = events.registration_create(event=event, by=request.user, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                f"{registration.full_name} {registration.agreed('записан', 'записана')} на мероприятие.",
            )
            if "again" in request.POST:
                return redirect("events:register", event_id=event.pk)
            return redirect("events:event", event_id=event.pk)
    return render(
        request,
        "regional_center/events/register.html",
        {"event": event, "form": form, "taken": event.registrations.count()},
    )


@require_POST
@roles.rule_required("event_registrations.write")
def registration_cancel_view(request, registration_id: int):
    registration = access.access_own_registration(request.user, registration_id)
    try:
        events.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Запись педагога {registration.full_name} отменена.")
    return redirect("events:event", event_id=registration.event_id)


@require_POST
@roles.rule_required("event_registrations.write")
def feedback_view(request, registration_id: int):
    registration = access.access_own_registration(request.user, registration_id)
    form = FeedbackForm(request.POST, prefix=f"f{registration.pk}")
    if not form.is_valid():
        messages.error(request, "Оценка: выберите от 1 до 5.")
    else:
        try:
            events.feedback_give(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Отзыв о мероприятии для педагога {registration.full_name} сохранён.")
    return redirect("events:event", event_id=registration.event_id)


@roles.rule_required("events.write")
def attendance_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    registrations = list(event.registrations.select_related("school"))
    if request.method == "POST":
        marks = {r.pk: f"attended_{r.pk}" in request.POST for r in registrations}
        try:
            events.attendance_mark(event=event, marks=marks)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            came = sum(marks.values())
            verb = plural(came, "пришёл", "пришли", "пришли")  # «пришёл 1 из 2», «пришли 2 из 5»
            messages.success(request, f"Посещаемость отмечена: {verb} {came} из {len(marks)}.")
            return redirect("events:event", event_id=event.pk)
    return render(
        request, "regional_center/events/attendance.html", {"event": event, "registrations": registrations}
    )


@require_POST
@roles.rule_required("events.write")
def material_add_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("file"):
                event_materials.material_add_file(
                    event=event, title=data["title"], upload=data["file"], by=request.user
                )
            else:
                event_materials.material_add_link(
                    event=event, title=data["title"], url=data["url"], by=request.user
                )
        except ValidationError as error:
            form_errors(form, error)
    if form.errors:
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label if name in form.fields else 'Материал'}: {' '.join(errs)}"
                for name, errs in form.errors.items()
            ),
        )
    else:
        messages.success(request, f"Материал «{form.cleaned_data['title']}» добавлен.")
    return redirect("events:event", event_id=event.pk)


@roles.rule_required("events.read")
def material_download_view(request, material_id: int):
    material = access.access_event_material(request.user, material_id)
    if material.url:
        return redirect(material.url)
    if not material.file:
        raise Http404
    extension = material.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        material.file.open("rb"),
        content_type=material.content_type,
        as_attachment=True,
        filename=f"material-{material.pk}.{extension}",
    )


@require_POST
@roles.rule_required("events.write")
def material_delete_view(request, material_id: int):
    material = access.access_event_material(request.user, material_id)
    event_id = material.event_id
    event_materials.material_delete(material=material)
    messages.success(request, f"Материал «{material.title}» удалён.")
    return redirect("events:event", event_id=event_id)


def _ics_response(request, events_, *, name: str, filename: str) -> HttpResponse:
    body = calendar_ics(
        events_,
        name=name,
        host=request.get_host().split(":")[0],
        url_of=lambda e: request.build_absolute_uri(reverse("events:event", args=[e.pk])),
    )
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles.rule_required("events.read")
def event_ics_view(request, event_id: int):
    event = access.access_event(request.user, event_id)
    return _ics_response(request, [event], name=event.title, filename=f"event-{event.pk}.ics")


@roles.rule_required("events.read")
def calendar_ics_view(request):
    _, found = _filtered(request)
    return _ics_response(
        request,
        found.order_by("starts_at"),
        name="Мероприятия регионального центра наставничества",
        filename="events.ics",
    )


@roles.rule_required("event_attendance.read")
def attendance_summary_view(request):
    low_results_only = request.GET.get("low_results") == "1"
    registrations = access.registrations_visible(request.user)
    rows = attendance_by_school(registrations=registrations, low_results_only=low_results_only)
    return render(
        request,
        "regional_center/events/summary.html",
        {
            "rows": rows,
            "totals": attendance_summary(registrations),
            "low_results_only": low_results_only,
            "events": events_with_counts(access.events_visible(request.user)).order_by("-starts_at")[:50],
        },
    )
