"""Municipalities of the region: the list with counts for everyone who oversees them, adding and
editing for the regional administrator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from tenants import access, roles
from tenants.organisations.views import form_errors

from .forms import MunicipalityForm
from .selectors import municipalities_counted
from .services.municipalities import municipality_create, municipality_update


@roles.rule_required("organisations.read")
def municipality_list_view(request):
    municipalities = municipalities_counted(access.visible_municipalities(request.user))
    return render(
        request,
        "regional_center/municipalities/list.html",
        {"municipalities": municipalities, "can_write": roles.has_rule(request.user, "organisations.write")},
    )


@roles.rule_required("organisations.write")
def municipality_create_view(request):
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = municipality_create(region=access.access_region(request.user), **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Муниципалитет «{municipality.name}» добавлен.")
            return redirect("organisations:municipalities")
    return render(
        request, "regional_center/municipalities/form.html", {"form": form, "title": "Новый муниципалитет"}
    )


@roles.rule_required("organisations.write")
def municipality_edit_view(request, municipality_id: int):
    municipality = access.access_municipality(request.user, municipality_id)
    form = MunicipalityForm(
        request.POST or None,
        initial={
            "name": municipality.name,
            "kind": municipality.kind,
            "education_department": municipality.education_department,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            municipality_update(municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Муниципалитет сохранён.")
            return redirect("organisations:municipalities")
    return render(
        request,
        "regional_center/municipalities/form.html",
        {"form": form, "title": f"Муниципалитет: {municipality.name}", "municipality": municipality},
    )
