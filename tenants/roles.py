"""The one role table of the public layer: which roles may read or change each area outside a school.

Pages (`@roles.rule_required("organisations.write")`) and the API (`permission_classes =
[roles.RulePermission]` with `rule = "organisations"`: GET/HEAD/OPTIONS read `organisations.read`,
everything else `organisations.write`) ask this table and nothing else; the access matrix test
(tests/test_access_matrix.py) reads it too. A role listed here passes the role check only: the scope
rules (a coordinator sees their own municipality, a director their own school) come after it, in the
`access_<thing>(user, id)` functions of tenants/access.py, which answer 404 for "missing" and "not
yours" alike.

Who may grant which role is a table of its own (`GRANTS`), read by the grant service and the pages.

Schema: PUBLIC.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .models import REGION_ROLES, SCHOOL_ROLES, Role

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EVERYONE = frozenset(Role)

RULES: dict[str, frozenset[Role]] = {
    # The region's own page: counters, municipalities, the centre's work.
    "region.read": REGION_ROLES,
    # Schools, municipalities, consultation points as organisations (never their people's data).
    "organisations.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    "organisations.write": frozenset({Role.REGIONAL_ADMIN}),
    # A consultation point's own page: its consultants, and those who oversee it (scope in access.py).
    "consultation_point.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.CONSULTANT},
    # The start page: sends everyone signed in to their place, or says they have none yet.
    "home.read": EVERYONE,
    # People and their roles: each owner of a scope manages the people of that scope.
    "people.read": frozenset({Role.REGIONAL_ADMIN, Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR}),
    "people.write": frozenset({Role.REGIONAL_ADMIN, Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR}),
    # One's own account: roles and places, password, sessions, API tokens.
    "account.read": EVERYONE,
    "account.write": EVERYONE,
    # --- issue 10: consultation points' requests for methodological help
    # (scope in consultation_points/access.py)
    # Requests: a school sees its own, a coordinator their point's, a consultant what is assigned to them.
    "consultation_requests.read": REGION_ROLES | SCHOOL_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.CONSULTANT},
    # A school's director or curator, or a teacher of it, asks for help (and may cancel or rate it).
    "consultation_requests.submit": SCHOOL_ROLES,
    # The point's coordinator assigns consultants; the regional centre across points (escalations).
    "consultation_requests.assign": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # The assigned consultant logs consultations and moves the request on.
    "consultation_requests.work": frozenset({Role.CONSULTANT}),
    # Service levels per point and municipality: those who run or oversee the points.
    "consultation_service_levels.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # Consultants' profiles: the centre selects and trains them; coordinators see their points'.
    "consultants.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # Enrolling grants the consultant role, which only the regional administrator grants (GRANTS).
    "consultants.write": frozenset({Role.REGIONAL_ADMIN}),
    # --- issue 11: analytics dashboards, targets, the ministry report (scope in analytics/access.py)
    # The dashboards' entry and the catalogue: everyone who has a dashboard of their scope.
    "analytics.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    # The region's dashboard, the org–org effect and the ministry report: the region's staff.
    "analytics_region.read": REGION_ROLES,
    # A municipality's dashboard: the region's staff, and its coordinator.
    "analytics_municipality.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # A school's dashboard: those who oversee it, and its own director or curator (never other schools).
    "analytics_school.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    # Per-school facts by school name: the region's staff and coordinators (their municipality's).
    "analytics_facts.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # Targets are set by orders of the region: read by those who answer for them, set by the centre.
    "analytics_targets.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    "analytics_targets.write": REGION_ROLES,
    # --- issue 9 §3 (EVENTS): events of the regional centre (scope in regional_center/access.py)
    # The calendar: the centre's staff, coordinators (their municipality's registrations), schools'
    # directors and curators, who register their teachers.
    "events.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    # Planning, status, materials and attendance: the regional administrator runs the events.
    "events.write": frozenset({Role.REGIONAL_ADMIN}),
    # Teachers registered: read by all who see events; each within their scope.
    "event_registrations.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    # A school's director or curator registers, withdraws and rates for their own teachers.
    "event_registrations.write": frozenset({Role.DIRECTOR, Role.CURATOR}),
    # Attendance summaries per school (ШНОР teachers reached): the centre's analyst and administrator.
    "event_attendance.read": REGION_ROLES,
    # --- issue 9 §§1, 2, 7 (CENTRE): the centre, road map, partners, agreements, practice library
    # The centre's page (management chain, staff, road map): the centre's staff, and coordinators
    # read-only — they work in the chain the page shows.
    "centre.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # The road map is the administrator's plan; the analyst and coordinators read it.
    "centre.write": frozenset({Role.REGIONAL_ADMIN}),
    # The to-do list (agreements expiring, milestones due) is the administrator's work.
    "centre_todo.read": frozenset({Role.REGIONAL_ADMIN}),
    # Summaries of the centre's work: the analyst's page, also open to the administrator.
    "centre_summary.read": REGION_ROLES,
    # Partners: coordinators see who can help their schools; the administrator registers them.
    "partners.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    "partners.write": frozenset({Role.REGIONAL_ADMIN}),
    # Agreements are the centre's contracts (scans included): its own staff only.
    "agreements.read": REGION_ROLES,
    "agreements.write": frozenset({Role.REGIONAL_ADMIN}),
    # The practice library: de-identified practices for everyone working in the region (not mentees,
    # who are mostly students); the administrator adds partners' practices.
    "practices.read": REGION_ROLES
    | {Role.MUNICIPAL_COORDINATOR, Role.CONSULTANT}
    | {Role.DIRECTOR, Role.CURATOR, Role.MENTOR, Role.PSYCHOLOGIST},
    "practices.write": frozenset({Role.REGIONAL_ADMIN}),
    # --- issue 9 §§4–6 (SUPPORT): ШНОР, org–org pairs, teachers' routes (scope: regional_center/access.py)
    # The ШНОР list, risk profiles, self-diagnosis and anti-risk programmes: the region's staff, the
    # coordinator (their municipality's schools), a school's director and curator (their own school).
    "low_results.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    # The risk profile is the region's assessment: the administrator sets it.
    "low_results.write": frozenset({Role.REGIONAL_ADMIN}),
    # The self-diagnosis is the school's own word: its director or curator enters it.
    "self_diagnosis.write": frozenset({Role.DIRECTOR, Role.CURATOR}),
    # The anti-risk programme is the school's, kept with the region: its director or curator, and the
    # regional administrator.
    "antirisk.write": frozenset({Role.REGIONAL_ADMIN, Role.DIRECTOR, Role.CURATOR}),
    # Organisation–organisation pairs: both schools' directors and curators see their pair, the
    # coordinator pairs touching their municipality, the analyst reads; the administrator manages them.
    "org_pairs.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    "org_pairs.write": frozenset({Role.REGIONAL_ADMIN}),
    # Teachers' routes as counts per school (no names): the region's staff and coordinators.
    "route_counts.read": REGION_ROLES | {Role.MUNICIPAL_COORDINATOR},
    # A route a school shared with its methodologist (the centre's staff or a consultant): only theirs.
    "shared_routes.read": REGION_ROLES | {Role.CONSULTANT},
}

# Who grants what (issue 8): the regional administrator any role; a municipal coordinator the director
# of a school of their municipality; a director the school's curator, mentors, mentees, psychologist.
# Consultants and coordinators are appointed by the regional centre.
GRANTS: dict[Role, frozenset[Role]] = {
    Role.REGIONAL_ADMIN: EVERYONE,
    Role.MUNICIPAL_COORDINATOR: frozenset({Role.DIRECTOR}),
    Role.DIRECTOR: SCHOOL_ROLES - {Role.DIRECTOR},
    # The curator runs the register: gives a teacher or student of it an account from the participant
    # card (school_programs.services.accounts), as a mentor or a mentee of their own school only.
    Role.CURATOR: frozenset({Role.MENTOR, Role.MENTEE}),
}


def allowed_roles(rule: str) -> frozenset[Role]:
    try:
        return RULES[rule]
    except KeyError:
        raise LookupError(f"no rule {rule!r} in tenants/roles.py") from None


def user_roles(user) -> frozenset[Role]:
    from .access import roles  # access imports this table's users; import late to avoid a cycle

    return roles(user)


def has_rule(user, rule: str) -> bool:
    allowed = allowed_roles(rule)
    if allowed == EVERYONE:
        # Open to every role means open to anyone signed in, also a person invited before their
        # first role is granted (their home page and account must still work).
        return bool(getattr(user, "is_authenticated", False))
    return bool(user_roles(user) & allowed)


def require_rule(user, rule: str) -> None:
    """Someone logged in without the role gets 403: they know the region's pages exist."""
    if not has_rule(user, rule):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def rule_required(rule: str, *, write: str | None = None):
    """Page decorator for public pages (login is asked first); with `write`, a POST needs that rule.
    The rules stay on the view (`access_rule`, `access_write_rule`) for the access matrix test."""
    allowed_roles(rule)
    if write:
        allowed_roles(write)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            unsafe = request.method not in SAFE_METHODS
            require_rule(request.user, write if write and unsafe else rule)
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule
        wrapped.access_write_rule = write or rule
        return wrapped

    return decorator


def view_rule(view_class, method: str) -> str:
    """The rule an API view asks for a method: `rules[METHOD]`, else `rule` + .read/.write."""
    method = method.upper()
    explicit = getattr(view_class, "rules", {}).get(method)
    if explicit:
        return explicit
    return f"{view_class.rule}.{'read' if method in SAFE_METHODS else 'write'}"


class RulePermission(BasePermission):
    """The public API's one permission: logged in, and a role the table gives the view's rule."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return has_rule(request.user, view_rule(type(view), request.method))
