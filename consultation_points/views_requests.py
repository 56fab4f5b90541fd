"""Pages of the consultation service (issue 10): the request form, the list and card of a request with
its assignment panel, the coordinator's queue, the consultant's «Мои запросы и консультации», the
service levels, and the consultant's calendar feed. Thin: access → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tenants import access as tenant_access
from tenants import roles
from tenants.models import Role, School
from tenants.organisations.views import form_errors

from . import access, selectors
from .calendar import consultant_calendar
from .forms_requests import AssignForm, ConsultationForm, RatingForm, ReasonForm, RequestForm
from .models import RequestStatus
from .services import consultations as consultation_services
from .services import requests as request_services
from .services.consultants import calendar_token_issue, consultant_by_calendar_token
from .services.ranking import suggestions_for, suggestions_for_many


def _schools_of(user):
    ids = {m.school_id for m in tenant_access.memberships(user) if m.school_id}
    return School.objects.filter(pk__in=ids, status=School.Status.ACTIVE).select_related("municipality")


@roles.rule_required("consultation_requests.read")
def request_list_view(request):
    rows = access.visible_requests(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    rows = selectors.with_service_levels(rows).order_by("-created_at", "-pk")
    return render(
        request,
        "consultation_points/requests/list.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "status": status,
            "statuses": RequestStatus.choices,
            "can_submit": roles.has_rule(request.user, "consultation_requests.submit"),
        },
    )


@roles.rule_required("consultation_requests.submit")
def request_create_view(request):
    user = request.user
    schools = _schools_of(user)
    own_role = {Role(m.role) for m in tenant_access.memberships(user) if m.school_id}
    # A teacher asks for themselves: their own name and contact are filled in.
    initial = {}
    if not own_role & {Role.DIRECTOR, Role.CURATOR}:
        initial = {"contact_name": user.full_name, "contact_email": user.email, "contact_phone": user.phone}
    form = RequestForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = request_services.request_submit(by=user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            where = created.point.name if created.point else "региональный центр"
            messages.success(request, f"Запрос № {created.pk} отправлен: {where}.")
            return redirect("consultations:request", created.pk)
    return render(request, "consultation_points/requests/form.html", {"form": form})


def _request_context(request, item, *, assign_form=None, consultation_form=None, reason_form=None):
    user = request.user
    suggestions = []
    can_assign = roles.has_rule(user, "consultation_requests.assign") and access.may_assign(user, item)
    if can_assign and item.is_open:
        suggestions = suggestions_for(
            request=item,
            across_points=access.assigns_across_points(user),
            region_points=access.coordinated_points(user),
        )
    consultations = list(item.consultations.select_related("consultant__user"))
    now = timezone.now()
    return {
        "item": item,
        "show_contact": access.may_see_contact(user, item),
        "events": item.events.select_related("actor", "consultant__user"),
        "consultations": consultations,
        "suggestions": suggestions,
        "can_assign": can_assign and item.is_open,
        "can_work": access.is_assigned_consultant(user, item) and item.status in ("assigned", "in_progress"),
        "can_cancel": item.is_open and access.may_cancel(user, item),
        "is_requester": access.is_requester(user, item),
        "now": now,
        "assign_form": assign_form or AssignForm(),
        "consultation_form": consultation_form or ConsultationForm(),
        "reason_form": reason_form or ReasonForm(),
        "rating_form": RatingForm(),
    }


@roles.rule_required("consultation_requests.read")
def request_detail_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    return render(request, "consultation_points/requests/detail.html", _request_context(request, item))


def _done(request, item, message: str):
    messages.success(request, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("consultations:request", args=[item.pk])
        return response
    return redirect("consultations:request", item.pk)


def _failed(request, item, error: ValidationError, **forms):
    context = _request_context(request, item, **forms)
    context["action_errors"] = error.messages
    return render(request, "consultation_points/requests/detail.html", context, status=400)


@require_POST
@roles.rule_required("consultation_requests.assign")
def request_assign_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.may_assign(request.user, item):
        raise Http404
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _failed(request, item, ValidationError("Выберите консультанта."), assign_form=form)
    across = access.assigns_across_points(request.user)
    pool = (
        access.visible_consultants(request.user)
        if across
        else item.point.consultants.all()
        if item.point
        else None
    )
    consultant = pool.filter(pk=form.cleaned_data["consultant"]).first() if pool is not None else None
    if consultant is None:
        return _failed(request, item, ValidationError("Консультант не найден среди консультантов пункта."))
    try:
        request_services.consultant_assign(
            request=item,
            consultant=consultant,
            by=request.user,
            across_points=across,
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as error:
        return _failed(request, item, error, assign_form=form)
    return _done(request, item, f"Запрос № {item.pk} назначен: {consultant.user.full_name}.")


@require_POST
@roles.rule_required("consultation_requests.assign")
def request_escalate_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.may_assign(request.user, item):
        raise Http404
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": "Укажите причину."})
        request_services.request_escalate(request=item, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _failed(request, item, error, reason_form=form)
    return _done(request, item, "Запрос передан в региональный центр.")


@require_POST
@roles.rule_required("consultation_requests.assign")
def request_decline_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.may_assign(request.user, item):
        raise Http404
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": "Укажите причину отклонения."})
        request_services.request_decline(request=item, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _failed(request, item, error, reason_form=form)
    return _done(request, item, "Запрос отклонён.")


@require_POST
@roles.rule_required("consultation_requests.submit")
def request_cancel_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.may_cancel(request.user, item):
        raise PermissionDenied("Отменить запрос может тот, кто его подал, или директор и куратор школы.")
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": "Укажите причину отмены."})
        request_services.request_cancel(request=item, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _failed(request, item, error, reason_form=form)
    return _done(request, item, "Запрос отменён.")


@require_POST
@roles.rule_required("consultation_requests.work")
def request_complete_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.is_assigned_consultant(request.user, item):
        raise Http404
    try:
        request_services.request_complete(request=item, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        return _failed(request, item, error)
    return _done(request, item, "Запрос выполнен.")


@require_POST
@roles.rule_required("consultation_requests.work")
def consultation_create_view(request, request_id: int):
    item = access.access_consultation_request(request.user, request_id)
    if not access.is_assigned_consultant(request.user, item):
        raise Http404
    form = ConsultationForm(request.POST)
    if not form.is_valid():
        return _failed(request, item, ValidationError("Проверьте поля консультации."), consultation_form=form)
    try:
        consultation_services.consultation_log(request=item, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form_errors(form, error)
        return _failed(request, item, error, consultation_form=form)
    return _done(request, item, "Консультация записана.")


@require_POST
@roles.rule_required("consultation_requests.submit")
def consultation_rate_view(request, consultation_id: int):
    consultation = access.access_consultation(request.user, consultation_id)
    item = access.access_consultation_request(request.user, consultation.request_id)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"rating": "Поставьте оценку от 1 до 5."})
        consultation_services.consultation_rate(
            consultation=consultation,
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        return _failed(request, item, error)
    return _done(request, item, "Спасибо за оценку.")


@roles.rule_required("consultation_requests.assign")
def queue_view(request):
    """The coordinator's queue (the regional centre's: every point, escalated requests first)."""
    user = request.user
    points = access.coordinated_points(user)
    rows = access.visible_requests(user).filter(point__in=points) | access.visible_requests(user).filter(
        escalated=True, point__isnull=True
    )
    escalated_only = request.GET.get("escalated") == "1"
    if escalated_only:
        rows = rows.filter(escalated=True)
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    ordered = selectors.queue(rows, status=status if status in RequestStatus.values else "", overdue=overdue)
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    waiting = [item for item in page if item.status == RequestStatus.NEW]
    suggestions = suggestions_for_many(requests=waiting, points=points) if waiting else {}
    for item in page:
        item.top = suggestions.get(item.pk, [])
    return render(
        request,
        "consultation_points/requests/queue.html",
        {
            "page": page,
            "status": status,
            "overdue": overdue,
            "escalated_only": escalated_only,
            "statuses": RequestStatus.choices,
            "counts": selectors.status_counts(rows),
            "across": access.assigns_across_points(user),
        },
    )


@roles.rule_required("consultation_requests.work", write="consultation_requests.work")
def my_work_view(request):
    """«Мои запросы и консультации»: what is assigned to the consultant, their coming sessions, and the
    link of their calendar feed (a new secret link on POST)."""
    consultant = access.consultant_of(request.user)
    feed_url = None
    if request.method == "POST" and consultant is not None:
        token = calendar_token_issue(consultant=consultant)
        feed_url = request.build_absolute_uri(reverse("consultations:calendar", args=[token]))
        messages.success(request, "Новая ссылка на календарь создана; прежняя больше не работает.")
    rows = access.visible_requests(request.user).filter(consultant__user=request.user)
    return render(
        request,
        "consultation_points/requests/mine.html",
        {
            "consultant": consultant,
            "open": selectors.with_service_levels(
                rows.filter(status__in=["assigned", "in_progress"])
            ).order_by("-is_priority", "created_at"),
            "closed": rows.exclude(status__in=["new", "assigned", "in_progress"]).order_by("-closed_at")[:20],
            "upcoming": selectors.upcoming_consultations(consultant) if consultant else [],
            "feed_url": feed_url,
        },
    )


@roles.rule_required("consultation_service_levels.read")
def service_levels_view(request):
    rows = access.visible_requests(request.user)
    return render(
        request,
        "consultation_points/requests/service_levels.html",
        {
            "by_point": selectors.service_levels_by_point(rows),
            "by_municipality": selectors.service_levels_by_municipality(rows),
            "sla": request_services.SLA,
        },
    )


@tenant_access.reachable_by_link
def calendar_feed_view(request, token: str):
    """The consultant's sessions as iCalendar, for a calendar program to subscribe to: the secret in
    the URL is the access (a calendar program sends no cookies)."""
    consultant = consultant_by_calendar_token(token)
    if consultant is None:
        raise Http404
    response = HttpResponse(consultant_calendar(consultant), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="consultations.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
