"""Pages: teachers' individual educational routes (ИОМ) of a school with low results.

Mounted under /s/<school>/ by school_programs/urls.py. Readers (curator, director, psychologist) see every
route, a teacher their own; the curator and the director draw them up, choose the region's methodologist
and link the region's events. Forms on the card post by htmx and get their section back, errors under
the fields; without htmx the same URL redirects to the card or shows it with the errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from regional_center.models import RouteStatus
from regional_center.services.low_results import is_low_results
from regional_center.services.school_years import current_school_year

from .. import access
from ..forms_groups import add_service_errors
from ..forms_routes import (
    ConsultationLinkForm,
    EventLinkForm,
    MethodologistForm,
    RouteForm,
    RouteItemForm,
    RouteItemProgressForm,
    RouteStatusForm,
)
from ..models import RouteLink
from ..selectors.routes import route_events, route_methodologists, route_teachers, routes_listed
from ..services import routes as services


def _attempt(form, service, **kwargs) -> bool:
    """Run a service; its refusal goes under the form's fields."""
    try:
        service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@access.rule_required("routes.read")
def route_list(request):
    school = request.school
    return render(
        request,
        "school_programs/routes/list.html",
        {
            "routes": routes_listed(access.visible_routes(request.user)),
            "staff": access.may(request.user, "routes.write"),
            "low_results": is_low_results(school=school, start_year=current_school_year()),
        },
    )


@access.rule_required("routes.write")
def route_create(request):
    school = request.school
    form = RouteForm(
        request.POST or None, teachers=route_teachers(), methodologists=route_methodologists(school=school)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            route = services.route_create(
                school=school,
                teacher=data["teacher"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                methodologist=data["methodologist"],
                diagnosis=form.diagnosis(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Маршрут «{route.title}» составлен.")
            return redirect("school:route", route_id=route.pk)
    return render(request, "school_programs/routes/create.html", {"form": form})


def _card(request, route, **forms) -> dict:
    school = request.school
    staff = access.may(request.user, "routes.write")
    methodologists = route_methodologists(school=school)
    context = {
        "route": route,
        "diagnoses": route.diagnoses.all(),
        "items": [
            {
                "item": item,
                "form": RouteItemProgressForm(
                    initial={"status": item.status, "result": item.result}, prefix=f"r{item.pk}"
                ),
            }
            for item in route.items.all()
        ],
        "links": route.links.all(),
        "staff": staff,
        "open": staff and route.status != RouteStatus.COMPLETED,
        "item_form": RouteItemForm(),
        "event_form": EventLinkForm(events=route_events(school=school)),
        "consultation_form": ConsultationLinkForm(),
        "methodologist_form": MethodologistForm(
            initial={"methodologist": route.methodologist_id}, methodologists=methodologists
        ),
        "status_form": RouteStatusForm(initial={"status": route.status}),
        "methodologist": methodologists.filter(pk=route.methodologist_id).first()
        if route.methodologist_id
        else None,
    }
    context.update(forms)
    return context


@access.rule_required("routes.read")
def route_card(request, route_id: int):
    route = access.access_route(request.user, route_id)
    return render(request, "school_programs/routes/card.html", _card(request, route))


def _answer(request, route, section: str, ok: bool, **forms):
    route.refresh_from_db()
    context = _card(request, route, **({} if ok else forms))
    if request.htmx:
        return render(request, f"school_programs/routes/_{section}.html", context)
    if ok:
        return redirect(f"{reverse('school:route', args=[route.pk])}#{section}")
    return render(request, "school_programs/routes/card.html", context)


@require_POST
@access.rule_required("routes.write")
def route_item_add(request, route_id: int):
    route = access.access_route(request.user, route_id)
    form = RouteItemForm(request.POST)
    ok = form.is_valid() and _attempt(
        form, services.route_item_add, school=request.school, route=route, **form.cleaned_data
    )
    return _answer(request, route, "items", ok, item_form=form)


@require_POST
@access.rule_required("routes.write")
def route_item_update(request, route_item_id: int):
    item = access.access_route_item(request.user, route_item_id)
    form = RouteItemProgressForm(request.POST, prefix=f"r{item.pk}")
    ok = form.is_valid() and _attempt(
        form, services.route_item_update, school=request.school, item=item, **form.cleaned_data
    )
    route = item.route
    route.refresh_from_db()
    context = _card(request, route)
    if not ok:
        for row in context["items"]:
            if row["item"].pk == item.pk:
                row["form"] = form
    if request.htmx:
        return render(request, "school_programs/routes/_items.html", context)
    if ok:
        return redirect(f"{reverse('school:route', args=[route.pk])}#items")
    return render(request, "school_programs/routes/card.html", context)


@require_POST
@access.rule_required("routes.write")
def route_event_link(request, route_id: int):
    """Link an event of the regional centre chosen from the region's list (id, title and date kept)."""
    route = access.access_route(request.user, route_id)
    form = EventLinkForm(request.POST, events=route_events(school=request.school))
    ok = False
    if form.is_valid():
        event = form.cleaned_data["event"]
        try:
            services.route_link_add(
                school=request.school,
                route=route,
                kind=RouteLink.Kind.EVENT,
                ref_id=event.pk,
                title=event.title,
                date=event.starts_at.date(),
            )
        except ValidationError as error:
            # The service names the event by its id (`ref_id`); on this form it is the «event» field.
            if hasattr(error, "error_dict") and "ref_id" in error.error_dict:
                error = ValidationError({"event": error.error_dict["ref_id"]})
            add_service_errors(form, error)
        else:
            ok = True
    return _answer(request, route, "links", ok, event_form=form)


@require_POST
@access.rule_required("routes.write")
def route_consultation_link(request, route_id: int):
    route = access.access_route(request.user, route_id)
    form = ConsultationLinkForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        services.route_link_add,
        school=request.school,
        route=route,
        kind=RouteLink.Kind.CONSULTATION,
        **form.cleaned_data,
    )
    return _answer(request, route, "links", ok, consultation_form=form)


@require_POST
@access.rule_required("routes.write")
def route_methodologist(request, route_id: int):
    route = access.access_route(request.user, route_id)
    form = MethodologistForm(request.POST, methodologists=route_methodologists(school=request.school))
    ok = form.is_valid() and _attempt(
        form,
        services.route_methodologist_set,
        school=request.school,
        route=route,
        methodologist=form.cleaned_data["methodologist"],
    )
    return _answer(request, route, "head", ok, methodologist_form=form)


@require_POST
@access.rule_required("routes.write")
def route_status(request, route_id: int):
    route = access.access_route(request.user, route_id)
    form = RouteStatusForm(request.POST)
    ok = form.is_valid() and _attempt(
        form, services.route_update, school=request.school, route=route, status=form.cleaned_data["status"]
    )
    if ok and request.htmx:
        # The status closes or opens every form of the card: the whole card is shown again.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = reverse("school:route", args=[route.pk])
        return response
    return _answer(request, route, "head", ok, status_form=form)


urlpatterns = [
    path("routes/", route_list, name="routes"),
    path("routes/new/", route_create, name="route-create"),
    path("routes/<int:route_id>/", route_card, name="route"),
    path("routes/<int:route_id>/items/", route_item_add, name="route-item-add"),
    path("routes/items/<int:route_item_id>/", route_item_update, name="route-item"),
    path("routes/<int:route_id>/links/event/", route_event_link, name="route-event-link"),
    path(
        "routes/<int:route_id>/links/consultation/", route_consultation_link, name="route-consultation-link"
    ),
    path("routes/<int:route_id>/methodologist/", route_methodologist, name="route-methodologist"),
    path("routes/<int:route_id>/status/", route_status, name="route-status"),
]
