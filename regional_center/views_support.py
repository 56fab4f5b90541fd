"""Pages of the support of low-result schools: the ШНОР list per year, a school's risk profile beside its
self-diagnosis and its anti-risk programme; org–org pairs (list, card with plan, visits, indicators and
completion, creation from ranked suggestions); teachers' routes as counts, and the route copies shared
with a methodologist. Thin: access → forms → services/selectors → template.

Each form on a card posts by htmx to its own URL and gets its section back (errors under the fields);
without htmx the same URL redirects to the card, or renders the card with the errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tenants import roles
from tenants.organisations.views import form_errors

from . import access
from .forms_support import (
    CompleteForm,
    IndicatorForm,
    MeasureForm,
    PairForm,
    PlanItemForm,
    ProgrammeForm,
    ProgressForm,
    RiskFactorForm,
    SelfDiagnosisForm,
    VisitForm,
    YearForm,
)
from .models import OrganisationPair, school_year_label
from .selectors_support import (
    antirisk_programme,
    low_results_schools,
    pair_indicators,
    pairs_listed,
    partner_suggestions,
    risk_profile,
    route_summaries,
    route_totals,
)
from .services import low_results, org_pairs
from .services.org_pairs import MENTOR_IS_LOW_RESULTS
from .services.school_years import current_school_year, school_year_choices


def _year(request) -> int:
    """The school year asked for (?year= or the form's hidden year), else the current one."""
    raw = request.POST.get("year") or request.GET.get("year")
    choices = dict(school_year_choices())
    if raw and str(raw).isdigit() and int(raw) in choices:
        return int(raw)
    return current_school_year()


def _saved(request, error_or_none, form, done: str) -> bool:
    """Put a service's refusal under the form's fields; otherwise say what was done."""
    if error_or_none is not None:
        form_errors(form, error_or_none)
        return False
    if not request.htmx:
        messages.success(request, done)
    return True


def _call(service, **kwargs):
    """Run a service; its ValidationError comes back as a value for the form."""
    try:
        service(**kwargs)
    except ValidationError as error:
        return error
    return None


# --- ШНОР: the list, the school's card ---------------------------------------------------------------


@roles.rule_required("low_results.read")
def school_list_view(request):
    year = _year(request)
    schools = low_results_schools(schools=access.support_schools(request.user), start_year=year)
    return render(
        request,
        "regional_center/support/schools.html",
        {
            "schools": schools,
            "year": year,
            "year_label": school_year_label(year),
            "year_form": YearForm(initial={"year": year}, choices=school_year_choices()),
            "can_pair": roles.has_rule(request.user, "org_pairs.write"),
        },
    )


def _is_own(user, school) -> bool:
    try:
        access.access_own_school(user, school.pk)
    except Http404:
        return False
    return True


def _school_context(request, school, year, **forms) -> dict:
    user = request.user
    may_profile = roles.has_rule(user, "low_results.write")
    may_self = roles.has_rule(user, "self_diagnosis.write") and _is_own(user, school)
    may_programme = (
        roles.has_rule(user, "antirisk.write")
        and access.programme_schools(user).filter(pk=school.pk).exists()
    )
    programme = antirisk_programme(school=school, start_year=year)
    programme_initial = (
        {
            "title": programme.title,
            "goal": programme.goal,
            "status": programme.status,
            "approved_on": programme.approved_on,
        }
        if programme
        else {}
    )
    context = {
        "school": school,
        "year": year,
        "year_label": school_year_label(year),
        "year_form": YearForm(initial={"year": year}, choices=school_year_choices()),
        "is_low_results": low_results.is_low_results(school=school, start_year=year),
        "profile": risk_profile(school=school, start_year=year),
        "programme": programme,
        "measures": [
            {
                "measure": m,
                "form": ProgressForm(initial={"status": m.status, "result": m.result}, prefix=f"m{m.pk}"),
            }
            for m in (programme.measures.all() if programme else [])
        ],
        "may_profile": may_profile,
        "may_self": may_self,
        "may_programme": may_programme,
        "may_pair": roles.has_rule(user, "org_pairs.write"),
        "risk_form": RiskFactorForm(),
        "self_form": SelfDiagnosisForm(),
        "programme_form": ProgrammeForm(initial=programme_initial),
        "measure_form": MeasureForm(),
        "pairs": pairs_listed(access.pairs_visible(user).filter(mentee_school=school)),
    }
    context.update(forms)
    return context


@roles.rule_required("low_results.read")
def school_view(request, school_id: int):
    school = access.access_support_school(request.user, school_id)
    return render(
        request, "regional_center/support/school.html", _school_context(request, school, _year(request))
    )


def _school_answer(request, school, year, section: str, ok: bool, **forms):
    context = _school_context(request, school, year, **forms)
    if request.htmx:
        return render(request, f"regional_center/support/_school_{section}.html", context)
    if ok:
        return redirect(f"{reverse('support:school', args=[school.pk])}?year={year}#{section}")
    return render(request, "regional_center/support/school.html", context)


@roles.rule_required("low_results.write")
@require_POST
def risk_factor_set_view(request, school_id: int):
    school = access.access_support_school(request.user, school_id)
    year = _year(request)
    form = RiskFactorForm(request.POST)
    ok = form.is_valid() and _saved(
        request,
        _call(
            low_results.risk_factor_set, school=school, start_year=year, by=request.user, **form.cleaned_data
        ),
        form,
        "Фактор риска сохранён.",
    )
    return _school_answer(request, school, year, "profile", ok, **({} if ok else {"risk_form": form}))


@roles.rule_required("self_diagnosis.write")
@require_POST
def self_diagnosis_set_view(request, school_id: int):
    school = access.access_own_school(request.user, school_id)
    year = _year(request)
    form = SelfDiagnosisForm(request.POST)
    ok = form.is_valid() and _saved(
        request,
        _call(
            low_results.self_diagnosis_set,
            school=school,
            start_year=year,
            by=request.user,
            **form.cleaned_data,
        ),
        form,
        "Самодиагностика сохранена.",
    )
    return _school_answer(request, school, year, "profile", ok, **({} if ok else {"self_form": form}))


@roles.rule_required("antirisk.write")
@require_POST
def programme_save_view(request, school_id: int):
    """Create the school's programme for the year, or change it (title, goal, status, approval)."""
    school = access.access_programme_school(request.user, school_id)
    year = _year(request)
    form = ProgrammeForm(request.POST)
    ok = False
    if form.is_valid():
        programme = antirisk_programme(school=school, start_year=year)
        if programme is None:
            error = _call(
                low_results.antirisk_programme_create, school=school, start_year=year, **form.cleaned_data
            )
        else:
            error = _call(low_results.antirisk_programme_update, programme=programme, **form.cleaned_data)
        ok = _saved(request, error, form, "Антирисковая программа сохранена.")
    return _school_answer(request, school, year, "programme", ok, **({} if ok else {"programme_form": form}))


@roles.rule_required("antirisk.write")
@require_POST
def measure_add_view(request, programme_id: int):
    programme = access.access_antirisk_programme(request.user, programme_id)
    school = access.access_programme_school(request.user, programme.school_id)
    form = MeasureForm(request.POST)
    ok = form.is_valid() and _saved(
        request,
        _call(low_results.antirisk_measure_add, programme=programme, **form.cleaned_data),
        form,
        "Мера добавлена.",
    )
    return _school_answer(
        request, school, programme.start_year, "programme", ok, **({} if ok else {"measure_form": form})
    )


@roles.rule_required("antirisk.write")
@require_POST
def measure_update_view(request, measure_id: int):
    measure = access.access_antirisk_measure(request.user, measure_id)
    programme = measure.programme
    school = access.access_programme_school(request.user, programme.school_id)
    form = ProgressForm(request.POST, prefix=f"m{measure.pk}")
    ok = form.is_valid() and _saved(
        request,
        _call(low_results.antirisk_measure_update, measure=measure, **form.cleaned_data),
        form,
        "Мера обновлена.",
    )
    context = _school_context(request, school, programme.start_year)
    if not ok:
        for row in context["measures"]:
            if row["measure"].pk == measure.pk:
                row["form"] = form
    if request.htmx:
        return render(request, "regional_center/support/_school_programme.html", context)
    if ok:
        return redirect(
            f"{reverse('support:school', args=[school.pk])}?year={programme.start_year}#programme"
        )
    return render(request, "regional_center/support/school.html", context)


# --- Org–org pairs ----------------------------------------------------------------------------------


@roles.rule_required("org_pairs.read")
def pair_list_view(request):
    pairs = pairs_listed(access.pairs_visible(request.user))
    return render(
        request,
        "regional_center/support/pairs.html",
        {"pairs": pairs, "can_write": roles.has_rule(request.user, "org_pairs.write")},
    )


@roles.rule_required("org_pairs.write")
def pair_create_view(request, school_id: int):
    """Pair a ШНОР school with a mentor: the ranked suggestions with their reasons beside the form.

    A mentor that is itself ШНОР this year is refused with a warning until the reason is written; the
    reason field is on the form from the start, the warning appears under it.
    """
    mentee = access.access_support_school(request.user, school_id)
    year = current_school_year()
    candidates = access.support_schools(request.user)
    suggestions = (
        partner_suggestions(mentee_school=mentee, start_year=year, candidates=candidates)
        if low_results.is_low_results(school=mentee, start_year=year)
        else []
    )
    schools = candidates.exclude(pk=mentee.pk).exclude(status="archived").order_by("short_name")
    chosen = request.GET.get("mentor")
    initial = {"mentor_school": chosen} if chosen and str(chosen).isdigit() else {}
    form = PairForm(request.POST or None, initial=initial, schools=schools)
    warning = False
    if request.method == "POST" and form.is_valid():
        try:
            pair = org_pairs.pair_create(mentee_school=mentee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            warning = any(
                getattr(e, "code", "") == MENTOR_IS_LOW_RESULTS
                for e in getattr(error, "error_dict", {}).get("mentor_low_results_reason", [])
            )
            form_errors(form, error)
        else:
            messages.success(request, f"Пара «{pair}» создана.")
            return redirect("support:pair", pair_id=pair.pk)
    return render(
        request,
        "regional_center/support/pair_create.html",
        {
            "mentee": mentee,
            "year_label": school_year_label(year),
            "is_low_results": low_results.is_low_results(school=mentee, start_year=year),
            "suggestions": suggestions,
            "form": form,
            "warning": warning,
        },
    )


def _pair_context(request, pair, **forms) -> dict:
    can_write = roles.has_rule(request.user, "org_pairs.write")
    active = pair.status == OrganisationPair.Status.ACTIVE
    context = {
        "pair": pair,
        "items": [
            {
                "item": item,
                "form": ProgressForm(
                    initial={"status": item.status, "result": item.result}, prefix=f"i{item.pk}"
                ),
            }
            for item in pair.plan_items.all()
        ],
        "visits": pair.visits.all(),
        "indicators": pair_indicators(pair=pair),
        "can_write": can_write,
        "can_change": can_write and active,
        "item_form": PlanItemForm(),
        "visit_form": VisitForm(),
        "indicator_form": IndicatorForm(),
        "complete_form": CompleteForm(),
    }
    context.update(forms)
    return context


@roles.rule_required("org_pairs.read")
def pair_view(request, pair_id: int):
    pair = access.access_pair(request.user, pair_id)
    return render(request, "regional_center/support/pair.html", _pair_context(request, pair))


def _pair_answer(request, pair, section: str, ok: bool, context: dict):
    if request.htmx:
        return render(request, f"regional_center/support/_pair_{section}.html", context)
    if ok:
        return redirect(f"{reverse('support:pair', args=[pair.pk])}#{section}")
    return render(request, "regional_center/support/pair.html", context)


def _pair_form_view(request, pair_id, *, form_class, name, section, service, done, **extra):
    pair = access.access_pair(request.user, pair_id)
    form = form_class(request.POST)
    ok = form.is_valid() and _saved(
        request, _call(service, pair=pair, **extra, **form.cleaned_data), form, done
    )
    pair.refresh_from_db()
    context = _pair_context(request, pair, **({} if ok else {name: form}))
    return _pair_answer(request, pair, section, ok, context)


@roles.rule_required("org_pairs.write")
@require_POST
def plan_item_add_view(request, pair_id: int):
    return _pair_form_view(
        request,
        pair_id,
        form_class=PlanItemForm,
        name="item_form",
        section="plan",
        service=org_pairs.plan_item_add,
        done="Пункт плана добавлен.",
    )


@roles.rule_required("org_pairs.write")
@require_POST
def plan_item_update_view(request, item_id: int):
    item = access.access_plan_item(request.user, item_id)
    pair = item.pair
    form = ProgressForm(request.POST, prefix=f"i{item.pk}")
    ok = form.is_valid() and _saved(
        request,
        _call(org_pairs.plan_item_update, item=item, **form.cleaned_data),
        form,
        "Пункт плана обновлён.",
    )
    context = _pair_context(request, pair)
    if not ok:
        for row in context["items"]:
            if row["item"].pk == item.pk:
                row["form"] = form
    return _pair_answer(request, pair, "plan", ok, context)


@roles.rule_required("org_pairs.write")
@require_POST
def visit_add_view(request, pair_id: int):
    return _pair_form_view(
        request,
        pair_id,
        form_class=VisitForm,
        name="visit_form",
        section="visits",
        service=org_pairs.visit_add,
        done="Мероприятие записано.",
    )


@roles.rule_required("org_pairs.write")
@require_POST
def indicator_set_view(request, pair_id: int):
    return _pair_form_view(
        request,
        pair_id,
        form_class=IndicatorForm,
        name="indicator_form",
        section="indicators",
        service=org_pairs.indicator_value_set,
        done="Значение показателя сохранено.",
    )


@roles.rule_required("org_pairs.write")
@require_POST
def pair_complete_view(request, pair_id: int):
    pair = access.access_pair(request.user, pair_id)
    form = CompleteForm(request.POST)
    ok = form.is_valid() and _saved(
        request, _call(org_pairs.pair_complete, pair=pair, **form.cleaned_data), form, "Пара завершена."
    )
    pair.refresh_from_db()
    context = _pair_context(request, pair, **({} if ok else {"complete_form": form}))
    if request.htmx and ok:
        # Completion changes the whole card (no more forms): send the browser to it.
        response = render(request, "regional_center/support/_pair_completion.html", context)
        response["HX-Redirect"] = reverse("support:pair", args=[pair.pk])
        return response
    return _pair_answer(request, pair, "completion", ok, context)


# --- Teachers' routes: counts, and the methodologist's copies -----------------------------------------


@roles.rule_required("route_counts.read")
def route_counts_view(request):
    summaries = list(route_summaries(schools=access.route_count_schools(request.user)))
    return render(
        request,
        "regional_center/support/route_counts.html",
        {
            "summaries": summaries,
            "totals": route_totals(summaries),
            "mine": access.shared_routes_of(request.user),
        },
    )


@roles.rule_required("shared_routes.read")
def shared_route_view(request, shared_id: int):
    shared = access.access_shared_route(request.user, shared_id)
    return render(request, "regional_center/support/shared_route.html", {"route": shared})
