"""Schools as organisations, for the regional administrator (writes) and the region's analyst and
municipal coordinators (reads, a coordinator within their municipality). Thin: forms in, services
and selectors (regional_center.selectors, tenants.services.*) do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from regional_center.selectors import schools_search
from regional_center.services.school_years import current_school_year, school_flags_history, school_flags_set

from .. import access, roles
from ..services.onboarding import (
    OnboardingFileError,
    onboarding_job,
    onboarding_template,
    schools_onboard_start,
)
from ..services.organisations import school_archive, school_unarchive, school_update
from ..services.provisioning import SchoolData, school_create
from ..services.school_export import school_export, school_export_filename
from .forms import (
    OnboardingUploadForm,
    SchoolCardForm,
    SchoolCreateForm,
    SchoolFilterForm,
    SchoolFlagsForm,
    yes_no,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError under the form's own fields (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@roles.rule_required("organisations.read")
def school_list_view(request):
    municipalities = access.visible_municipalities(request.user).order_by("name")
    form = SchoolFilterForm(request.GET or None, municipalities=municipalities)
    filters = form.cleaned_data if form.is_valid() else {}
    schools = schools_search(
        schools=access.organisation_schools(request.user),
        q=filters.get("q", ""),
        municipality_id=filters["municipality"].pk if filters.get("municipality") else None,
        kind=filters.get("kind", ""),
        low_results=yes_no(filters.get("low_results")),
        partner_school=yes_no(filters.get("partner")),
        status=filters.get("status", ""),
    )
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tenants/organisations/school_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_write": roles.has_rule(request.user, "organisations.write"),
        },
    )


@roles.rule_required("organisations.write")
def school_create_view(request):
    municipalities = access.visible_municipalities(request.user).order_by("name")
    form = SchoolCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = SchoolData(**form.cleaned_data)
        try:
            school = school_create(data=data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Школа «{school.short_name}» подключена.")
            return redirect("organisations:school", school_id=school.pk)
    return render(request, "tenants/organisations/school_form.html", {"form": form, "title": "Новая школа"})


@roles.rule_required("organisations.read")
def school_view(request, school_id: int):
    school = access.access_school_record(request.user, school_id)
    year = current_school_year()
    return render(
        request,
        "tenants/organisations/school.html",
        {
            "school": school,
            "history": school_flags_history(school=school),
            "flags_form": SchoolFlagsForm(
                initial={
                    "start_year": year,
                    "low_results": school.low_results,
                    "partner_school": school.partner_school,
                }
            ),
            "can_write": roles.has_rule(request.user, "organisations.write"),
        },
    )


@roles.rule_required("organisations.write")
def school_edit_view(request, school_id: int):
    school = access.access_school_record(request.user, school_id)
    municipalities = access.visible_municipalities(request.user).order_by("name")
    initial = {
        field: getattr(school, field) for field in ("full_name", "short_name", "kind", "address", "inn")
    }
    initial["municipality"] = school.municipality
    form = SchoolCardForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            school_update(school=school, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Карточка школы сохранена.")
            return redirect("organisations:school", school_id=school.pk)
    return render(
        request,
        "tenants/organisations/school_form.html",
        {"form": form, "school": school, "title": f"Карточка: {school.short_name}"},
    )


@require_POST
@roles.rule_required("organisations.write")
def school_flags_view(request, school_id: int):
    school = access.access_school_record(request.user, school_id)
    form = SchoolFlagsForm(request.POST)
    if form.is_valid():
        try:
            status = school_flags_set(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Отметки за {status.year_label} учебный год сохранены.")
    else:
        messages.error(request, "Выберите учебный год из списка.")
    return redirect("organisations:school", school_id=school.pk)


@roles.rule_required("organisations.write")
def school_archive_view(request, school_id: int):
    """GET: what archiving means and the export to take first; POST: archive."""
    school = access.access_school_record(request.user, school_id)
    if request.method == "POST":
        try:
            school_archive(school=school)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Школа «{school.short_name}» перенесена в архив. Её данные сохранены.")
        return redirect("organisations:school", school_id=school.pk)
    return render(request, "tenants/organisations/school_archive.html", {"school": school})


@require_POST
@roles.rule_required("organisations.write")
def school_unarchive_view(request, school_id: int):
    school = access.access_school_record(request.user, school_id)
    try:
        school_unarchive(school=school)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Школа «{school.short_name}» снова работает.")
    return redirect("organisations:school", school_id=school.pk)


@roles.rule_required("organisations.write")
def school_export_view(request, school_id: int):
    """The whole school schema as XLSX: personal data of the school's people, so the administrator only."""
    school = access.access_school_record(request.user, school_id)
    response = HttpResponse(school_export(school=school), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{school_export_filename(school)}"'
    return response


@roles.rule_required("organisations.write")
def onboarding_view(request):
    form = OnboardingUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            started = schools_onboard_start(
                region=access.access_region(request.user),
                name=upload.name,
                content=upload.read(),
                by=request.user,
            )
        except OnboardingFileError as error:
            context["errors"] = error.errors
        else:
            if started.job_id:
                return redirect("organisations:onboarding_job", job_id=started.job_id)
            context["created"] = started.schools
    return render(request, "tenants/organisations/onboarding.html", context)


@roles.rule_required("organisations.write")
def onboarding_job_view(request, job_id: str):
    """Progress of a large onboarding; with htmx only the progress block, polled until it finishes."""
    job = onboarding_job(job_id)
    if job is None or job["region_id"] != access.access_region(request.user).pk:
        raise Http404
    template = "_onboarding_job.html" if request.htmx else "onboarding_job.html"
    return render(request, f"tenants/organisations/{template}", {"job": job, "job_id": job_id})


@roles.rule_required("organisations.write")
def onboarding_template_view(request):
    response = HttpResponse(onboarding_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nastavnik-schools.xlsx"'
    return response
