"""Pages of the regional centre of mentoring (CENTRE, issue 9 §§1, 2, 7): the centre's home, the road
map, partners, agreements and the practice library. Thin: the role table lets the caller in, an
access function finds the object, a form shapes input, a service decides, a selector reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tenants import roles

from . import access
from .forms_centre import (
    AgreementForm,
    MilestoneDoneForm,
    MilestoneForm,
    PartnerForm,
    PartnerPracticeForm,
    PracticeSearchForm,
    StageForm,
    apply_errors,
)
from .models import Agreement, PartnerOrganisation, RoadmapStage
from .selectors_centre import (
    agreements_search,
    centre_staff,
    centre_summary,
    centre_todo,
    management_chain,
    partners_search,
    practice_role_models,
    practices_search,
    roadmap,
)
from .services.agreements import agreement_create, agreement_update, agreements_expiring
from .services.partners import partner_create, partner_update
from .services.practices import partner_practice_create
from .services.roadmap import milestone_create, milestone_update, stage_save
from .vocabulary import Subject


def _within(request, default: int = 30) -> int:
    raw = request.GET.get("within", "")
    return max(1, min(int(raw), 3650)) if raw.isdigit() else default


def _region_schools(region):
    from tenants.models import School

    return (
        School.objects.filter(municipality__region=region)
        .exclude(status=School.Status.ARCHIVED)
        .order_by("short_name")
    )


# --- The centre's home and the road map ---------------------------------------------------------------


@roles.rule_required("centre.read")
def home(request):
    """The centre's home. The administrator: what to do (agreements expiring, milestones due, drafts);
    the analyst: summaries, read-only; a coordinator: the chain and the road map, read-only."""
    region = access.centre_region(request.user)
    today = timezone.localdate()
    context = {
        "region": region,
        "chain": management_chain(region),
        "staff": centre_staff(region),
        "stages": roadmap(region),
        "today": today,
    }
    if roles.has_rule(request.user, "centre_todo.read"):
        context["todo"] = centre_todo(region=region, today=today, within_days=_within(request))
    elif roles.has_rule(request.user, "centre_summary.read"):
        context["summary"] = centre_summary(region=region, today=today)
    return render(request, "regional_center/centre/home.html", context)


@roles.rule_required("centre.read")
def roadmap_page(request):
    return _roadmap_render(request, region=access.centre_region(request.user))


@roles.rule_required("centre.write")
@require_POST
def stage_edit(request, stage_kind: str):
    region = access.centre_region(request.user)
    if stage_kind not in RoadmapStage.Kind.values:
        raise Http404
    form = StageForm(request.POST, prefix=stage_kind)
    if form.is_valid():
        try:
            stage_save(region=region, kind=stage_kind, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Этап «{RoadmapStage.Kind(stage_kind).label}» сохранён.")
            return redirect("centre:roadmap")
    return _roadmap_render(request, region=region, kind=stage_kind, form=form)


@roles.rule_required("centre.write")
@require_POST
def milestone_add(request, stage_id: int):
    stage = access.access_roadmap_stage(request.user, stage_id)
    form = MilestoneForm(request.POST, prefix=f"m-{stage.kind}")
    if form.is_valid():
        try:
            milestone_create(stage=stage, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Контрольная точка добавлена.")
            return redirect("centre:roadmap")
    return _roadmap_render(request, region=stage.region, kind=stage.kind, milestone_form=form)


@roles.rule_required("centre.write")
@require_POST
def milestone_done(request, milestone_id: int):
    milestone = access.access_roadmap_milestone(request.user, milestone_id)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        done_on = form.cleaned_data["done_on"] if "reopen" not in request.POST else None
        if done_on is None and "reopen" not in request.POST:
            done_on = timezone.localdate()
        try:
            milestone_update(milestone=milestone, done_on=done_on)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(
                request, f"Контрольная точка «{milestone}»: {'выполнена' if done_on else 'снова в работе'}."
            )
    return redirect("centre:roadmap")


def _roadmap_render(request, *, region, kind=None, form=None, milestone_form=None):
    """The road map page; after a refused edit, with that stage's form and its errors (status 400)."""
    stages = {stage.kind: stage for stage in roadmap(region)}
    rows = []
    for each, label in RoadmapStage.Kind.choices:
        stage = stages.get(each)
        initial = (
            {
                "starts_on": stage.starts_on,
                "ends_on": stage.ends_on,
                "status": stage.status,
                "tasks": stage.tasks,
            }
            if stage
            else {}
        )
        rows.append(
            {
                "kind": each,
                "label": label,
                "stage": stage,
                "form": form
                if (each == kind and form is not None)
                else StageForm(initial=initial, prefix=each),
                "milestone_form": milestone_form
                if (each == kind and milestone_form is not None)
                else MilestoneForm(prefix=f"m-{each}"),
                "open": each == kind,
            }
        )
    return render(
        request,
        "regional_center/centre/roadmap.html",
        {"region": region, "rows": rows, "today": timezone.localdate()},
        status=400 if kind else 200,
    )


# --- Partners ----------------------------------------------------------------------------------------


@roles.rule_required("partners.read")
def partner_list(request):
    partners = partners_search(
        partners=access.centre_partners(request.user),
        q=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        subject=request.GET.get("subject", ""),
    )
    return render(
        request,
        "regional_center/centre/partner_list.html",
        {
            "partners": partners,
            "kinds": PartnerOrganisation.Kind.choices,
            "subjects": Subject.choices,
            "filters": request.GET,
        },
    )


@roles.rule_required("partners.read")
def partner_detail(request, partner_id: int):
    partner = access.access_partner(request.user, partner_id)
    agreements = (
        access.centre_agreements(request.user).filter(partners=partner)
        if roles.has_rule(request.user, "agreements.read")
        else None
    )
    practices = access.centre_practices(request.user).filter(partner=partner)
    return render(
        request,
        "regional_center/centre/partner_detail.html",
        {"partner": partner, "agreements": agreements, "practices": practices},
    )


def _partner_form_page(request, *, partner=None):
    region = access.centre_region(request.user)
    schools = _region_schools(region)
    if request.method == "POST":
        form = PartnerForm(request.POST, schools=schools)
        if form.is_valid():
            try:
                if partner is None:
                    partner = partner_create(region=region, **form.cleaned_data)
                else:
                    partner = partner_update(partner=partner, region=region, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Партнёр «{partner}» сохранён.")
                return redirect("centre:partner", partner.pk)
    else:
        initial = {}
        if partner is not None:
            initial = {name: getattr(partner, name) for name in PartnerForm.base_fields}
        form = PartnerForm(initial=initial, schools=schools)
    return render(
        request,
        "regional_center/centre/form.html",
        {
            "form": form,
            "title": f"Партнёр «{partner}»: изменение" if partner else "Новый партнёр",
            "back": ("centre:partners", "← партнёры"),
            "multipart": False,
        },
        status=400 if request.method == "POST" else 200,
    )


@roles.rule_required("partners.write")
def partner_new(request):
    return _partner_form_page(request)


@roles.rule_required("partners.write")
def partner_edit(request, partner_id: int):
    return _partner_form_page(request, partner=access.access_partner(request.user, partner_id))


# --- Agreements --------------------------------------------------------------------------------------


@roles.rule_required("agreements.read")
def agreement_list(request):
    within = _within(request)
    agreements = access.centre_agreements(request.user)
    expiring = list(
        agreements_expiring(agreements=agreements, within_days=within, today=timezone.localdate())
    )
    listed = agreements_search(
        agreements=agreements, status=request.GET.get("status", ""), q=request.GET.get("q", "")
    )
    return render(
        request,
        "regional_center/centre/agreement_list.html",
        {
            "agreements": listed,
            "expiring": expiring,
            "within": within,
            "statuses": Agreement.Status.choices,
            "filters": request.GET,
            "today": timezone.localdate(),
        },
    )


@roles.rule_required("agreements.read")
def agreement_detail(request, agreement_id: int):
    agreement = access.access_agreement(request.user, agreement_id)
    return render(
        request,
        "regional_center/centre/agreement_detail.html",
        {"agreement": agreement, "today": timezone.localdate(), "region": agreement.region},
    )


@roles.rule_required("agreements.read")
def agreement_document(request, agreement_id: int):
    """The scan, to those who may read the agreement (not a public media URL: access is checked)."""
    agreement = access.access_agreement(request.user, agreement_id)
    if not agreement.document:
        raise Http404
    extension = agreement.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        agreement.document.open("rb"),
        content_type=agreement.document_type or "application/octet-stream",
        as_attachment=True,
        filename=f"Соглашение {agreement.number}.{extension}",
    )


def _agreement_form_page(request, *, agreement=None):
    region = access.centre_region(request.user)
    choices = {
        "partners": PartnerOrganisation.objects.filter(is_active=True).order_by("name")
        if agreement is None
        else PartnerOrganisation.objects.order_by("name"),
        "schools": _region_schools(region),
    }
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, **choices)
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document") or None
            try:
                if agreement is None:
                    agreement = agreement_create(region=region, document=document, **data)
                else:
                    agreement = agreement_update(agreement=agreement, document=document, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Соглашение {agreement} сохранено.")
                return redirect("centre:agreement", agreement.pk)
    else:
        initial = {}
        if agreement is not None:
            initial = {
                name: getattr(agreement, name)
                for name in ("number", "signed_on", "starts_on", "ends_on", "subject", "status")
            }
            initial["partners"] = list(agreement.partners.all())
            initial["schools"] = list(agreement.schools.all())
        form = AgreementForm(initial=initial, **choices)
    return render(
        request,
        "regional_center/centre/form.html",
        {
            "form": form,
            "title": f"Соглашение {agreement}: изменение"
            if agreement
            else "Новое соглашение о сотрудничестве",
            "back": ("centre:agreements", "← соглашения"),
            "multipart": True,
            "document": agreement.document_name if agreement and agreement.document else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@roles.rule_required("agreements.write")
def agreement_new(request):
    return _agreement_form_page(request)


@roles.rule_required("agreements.write")
def agreement_edit(request, agreement_id: int):
    return _agreement_form_page(request, agreement=access.access_agreement(request.user, agreement_id))


# --- The practice library -----------------------------------------------------------------------------


@roles.rule_required("practices.read")
def practice_list(request):
    practices = access.centre_practices(request.user)
    search = PracticeSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    found = practices_search(practices=practices, **filters)
    return render(
        request,
        "regional_center/centre/practice_list.html",
        {
            "search": search,
            "practices": found[:100],
            "count": found.count(),
            "role_models": practice_role_models(practices),
            "searched": bool(request.GET),
        },
    )


@roles.rule_required("practices.read")
def practice_detail(request, practice_id: int):
    practice = access.access_practice(request.user, practice_id)
    return render(request, "regional_center/centre/practice_detail.html", {"practice": practice})


@roles.rule_required("practices.write")
def practice_new(request):
    partners = access.centre_partners(request.user).filter(is_active=True).order_by("name")
    if request.method == "POST":
        form = PartnerPracticeForm(request.POST, partners=partners)
        if form.is_valid():
            try:
                practice = partner_practice_create(**form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Практика «{practice}» добавлена в библиотеку.")
                return redirect("centre:practice", practice.pk)
    else:
        form = PartnerPracticeForm(partners=partners, initial={"partner": request.GET.get("partner")})
    return render(
        request,
        "regional_center/centre/form.html",
        {
            "form": form,
            "title": "Практика партнёра",
            "back": ("centre:practices", "← библиотека практик"),
            "multipart": False,
        },
        status=400 if request.method == "POST" else 200,
    )
