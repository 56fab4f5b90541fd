"""Pages of the support of low-result schools: org–org pairs, teachers' routes as counts, and the
route copies shared with a methodologist. Thin: access → selectors → template."""

from django.shortcuts import render

from tenants import roles

from . import access
from .selectors_support import pair_indicators, pairs_listed, route_summaries, route_totals


@roles.rule_required("org_pairs.read")
def pair_list_view(request):
    pairs = pairs_listed(access.pairs_visible(request.user))
    return render(
        request,
        "regional_center/support/pairs.html",
        {"pairs": pairs, "can_write": roles.has_rule(request.user, "org_pairs.write")},
    )


@roles.rule_required("org_pairs.read")
def pair_view(request, pair_id: int):
    pair = access.access_pair(request.user, pair_id)
    return render(
        request,
        "regional_center/support/pair.html",
        {
            "pair": pair,
            "items": pair.plan_items.all(),
            "visits": pair.visits.all(),
            "indicators": pair_indicators(pair=pair),
            "can_write": roles.has_rule(request.user, "org_pairs.write"),
        },
    )


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
