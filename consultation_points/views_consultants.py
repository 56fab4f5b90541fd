"""The regional centre's consultants (issue 10, §1): the list with this month's load, enrolment and the
profile's edit. Coordinators read their points' consultants; the regional administrator enrols and
edits (tenants/roles.py "consultants.*"). Thin: access → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from tenants import roles
from tenants.organisations.views import form_errors
from tenants.services.people import PersonData

from . import access, selectors
from .forms_consultants import ConsultantEnrolForm, ConsultantFilterForm, ConsultantForm
from .models import DeficitArea, Format, Subject, TeacherCategory
from .services.consultants import PROFILE_FIELDS, consultant_enrol, consultant_update

PERSON_FIELDS = ("last_name", "first_name", "middle_name", "email", "phone")


def _labels(choices, values) -> list[str]:
    names = dict(choices.choices)
    return [names.get(value, value) for value in values]


@roles.rule_required("consultants.read")
def consultant_list_view(request):
    points = access.consultant_points(request.user)
    form = ConsultantFilterForm(request.GET or None, points=points)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.consultants_overview(
        access.visible_consultants(request.user),
        point_id=filters["point"].pk if filters.get("point") else None,
        active={"1": True, "0": False}.get(filters.get("active", "")),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for consultant in page:
        consultant.subject_labels = _labels(Subject, consultant.subjects)
        consultant.area_labels = _labels(DeficitArea, consultant.deficit_areas)
        consultant.category_labels = _labels(TeacherCategory, consultant.teacher_categories)
        consultant.format_labels = _labels(Format, consultant.formats)
    return render(
        request,
        "consultation_points/consultants/list.html",
        {
            "form": form,
            "page": page,
            "can_write": roles.has_rule(request.user, "consultants.write"),
        },
    )


def _profile(cleaned: dict) -> dict:
    return {name: cleaned[name] for name in PROFILE_FIELDS}


@roles.rule_required("consultants.write")
def consultant_create_view(request):
    form = ConsultantEnrolForm(request.POST or None, points=access.consultant_points(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultant = consultant_enrol(
                by=request.user,
                person=PersonData(**{name: data[name] for name in PERSON_FIELDS}),
                points=list(data["points"]),
                base_url=request.build_absolute_uri("/"),
                **_profile(data),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{consultant.user.full_name} — консультант.")
            return redirect("consultations:consultants")
    return render(
        request, "consultation_points/consultants/form.html", {"form": form, "title": "Новый консультант"}
    )


@roles.rule_required("consultants.write")
def consultant_edit_view(request, consultant_id: int):
    consultant = access.access_consultant(request.user, consultant_id)
    initial = {name: getattr(consultant, name) for name in PROFILE_FIELDS}
    initial["points"] = list(consultant.points.all())
    form = ConsultantForm(
        request.POST or None, initial=initial, points=access.consultant_points(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultant_update(
                consultant=consultant, points=list(form.cleaned_data["points"]), **_profile(form.cleaned_data)
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Профиль консультанта {consultant.user.full_name} сохранён.")
            return redirect("consultations:consultants")
    return render(
        request,
        "consultation_points/consultants/form.html",
        {"form": form, "title": consultant.user.full_name, "consultant": consultant},
    )
