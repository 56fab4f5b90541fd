"""Targets: the list for those who answer for them, and setting one for the regional centre."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from tenants import access as tenant_access
from tenants import roles
from tenants.organisations.views import form_errors

from .. import access
from ..forms.targets import TargetForm
from ..periods import school_year_label
from ..selectors.dashboards import targets_queryset
from ..services.targets import target_set


@roles.rule_required("analytics_targets.read", write="analytics_targets.write")
def target_list_view(request):
    municipalities = tenant_access.visible_municipalities(request.user).order_by("name")
    region = municipalities.first().region if municipalities.exists() else None
    if region is None:
        region = access.dashboard_region(request.user)
    form = TargetForm(
        request.POST or None,
        municipalities=municipalities,
        initial={"period": school_year_label(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = target_set(
                region=access.dashboard_region(request.user), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Цель «{target.indicator.name}» сохранена: {target.value}.")
            return redirect("analytics:targets")
    return render(
        request,
        "analytics/targets.html",
        {
            "targets": targets_queryset(region=region, municipalities=municipalities),
            "form": form,
            "can_write": roles.has_rule(request.user, "analytics_targets.write"),
        },
    )
