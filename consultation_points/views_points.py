"""Consultation points as organisations: the list for those who oversee them, the card, archive and
reopen for the regional administrator. (The point's own working page is views.home.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from regional_center.selectors import points_search
from tenants import access, roles
from tenants.organisations.views import form_errors

from .forms import PointForm
from .services.points import CARD_FIELDS, point_create, point_set_active, point_update


@roles.rule_required("organisations.read")
def point_list_view(request):
    points = points_search(
        points=access.organisation_points(request.user),
        q=request.GET.get("q", ""),
        active={"1": True, "0": False}.get(request.GET.get("active", "")),
    )
    return render(
        request,
        "consultation_points/points/list.html",
        {
            "page": Paginator(points, 50).get_page(request.GET.get("page")),
            "q": request.GET.get("q", ""),
            "can_write": roles.has_rule(request.user, "organisations.write"),
        },
    )


@roles.rule_required("organisations.write")
def point_create_view(request):
    municipalities = access.visible_municipalities(request.user).order_by("name")
    form = PointForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            point = point_create(**form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Консультационный пункт «{point.name}» добавлен.")
            return redirect("organisations:points")
    return render(
        request,
        "consultation_points/points/form.html",
        {"form": form, "title": "Новый консультационный пункт"},
    )


@roles.rule_required("organisations.write")
def point_edit_view(request, point_id: int):
    point = access.access_point_record(request.user, point_id)
    municipalities = access.visible_municipalities(request.user).order_by("name")
    initial = {field: getattr(point, field) for field in CARD_FIELDS}
    initial["municipality"] = point.municipality
    form = PointForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            point_update(point=point, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Карточка пункта сохранена.")
            return redirect("organisations:points")
    return render(
        request, "consultation_points/points/form.html", {"form": form, "title": point.name, "point": point}
    )


@require_POST
@roles.rule_required("organisations.write")
def point_active_view(request, point_id: int, active: bool):
    point = access.access_point_record(request.user, point_id)
    try:
        point_set_active(point=point, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Пункт «{point.name}» {'снова работает' if active else 'перенесён в архив'}."
        )
    return redirect("organisations:points")
