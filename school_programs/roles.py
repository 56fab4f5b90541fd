"""The one role table of a school: which school roles may read or change each area.

Pages (`access.rule_required("programme.write")`) and the API (`api.base.SchoolApiView.rule =
"programme"`: GET/HEAD/OPTIONS read `programme.read`, everything else `programme.write`) ask this
table and nothing else, so a mentor refused a page is refused the same data through the API. The
access matrix test (tests/test_access_matrix.py) calls every page and API operation as every persona
and checks the answer against this table.

A role listed here passes the role check only: object rules come after it in access.py (a mentor
may write plans, but only those of their own groups; anyone else's group is a 404).

Schema: TENANT (roles are looked up for the school whose schema is current).
"""

from __future__ import annotations

from tenants.models import SCHOOL_ROLES, Role

# Run the programme: bases, matching, orders, everything.
STAFF = frozenset({Role.CURATOR, Role.DIRECTOR})
# See the whole programme (psychologist: compatibility tests, support of mentees without a pair).
READERS = STAFF | {Role.PSYCHOLOGIST}
# Special categories of personal data (health/ОВЗ, preventive registers, difficult life situation).
SPECIAL_DATA = frozenset({Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST})
# Every member of the school; object rules in access.py narrow what a mentor or mentee sees.
MEMBERS = frozenset(SCHOOL_ROLES)
# Those who work inside a pair or group: staff and the group's own mentor (checked per object).
GROUP_WORKERS = STAFF | {Role.MENTOR}

RULES: dict[str, frozenset[Role]] = {
    # Programme, its road map and the role models of its forms.
    "programme.read": READERS,
    "programme.write": STAFF,
    # Participants: the register, consents, categories, guardianship, import.
    "participants.read": READERS,
    "participants.write": STAFF,
    # One participant's card: readers see anyone, a mentor themself and the mentees of own groups.
    "participant.read": MEMBERS,
    # An account for a participant (role, link, invitation); which role each may give is
    # tenants.roles.GRANTS (curator: mentor and mentee; director: any school role but director).
    "accounts.write": STAFF,
    # Bases of mentors and mentees, selection and training of mentors, the request map.
    "bases.read": READERS,
    "bases.write": STAFF,
    # Compatibility tests are done by the psychologist too.
    "compatibility.read": READERS,
    "compatibility.write": STAFF | {Role.PSYCHOLOGIST},
    # Matching: preferences, runs, suggestions, forming pairs and groups.
    "matching.read": READERS,
    "matching.write": STAFF,
    # Pairs and groups, their plans, meetings and agreements: members see their own (access.py).
    "groups.read": MEMBERS,
    "groups.write": GROUP_WORKERS,
    "plans.read": MEMBERS,
    "plans.write": GROUP_WORKERS,
    "meetings.read": MEMBERS,
    "meetings.write": GROUP_WORKERS,
    # A pair's agreement and a plan as documents: staff and the group's own mentor (access.py).
    "documents.read": GROUP_WORKERS,
    # Plan templates and the meeting settings are programme-wide reference data.
    "plan_templates.read": READERS,
    "plan_templates.write": STAFF,
    "meeting_settings.read": READERS,
    "meeting_settings.write": STAFF,
    # Director's orders: curator and director draw up, only the director signs.
    "orders.read": STAFF,
    "orders.write": STAFF,
    "orders.sign": frozenset({Role.DIRECTOR}),
    # Completion: releases, rewards, best practices, the final report.
    "completion.read": READERS,
    "completion.write": STAFF,
    # Surveys, distributions and links.
    "surveys.read": READERS,
    "surveys.write": STAFF,
    # Results of monitoring, grades, growth rules, indicators.
    "monitoring.read": READERS,
    "monitoring.write": STAFF,
    # The surveys a member answers themself.
    "my_surveys.read": MEMBERS,
    "my_surveys.write": MEMBERS,
    # Teachers' individual educational routes (ИОМ, issue 9): staff draw them up; a teacher reads their
    # own (access.py); what the region sees is written by services/routes.py.
    "routes.read": MEMBERS,
    "routes.write": STAFF,
    # Start page of the school.
    "home.read": MEMBERS,
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def rule_of(area_or_rule: str, method: str) -> str:
    """`"programme"` and GET → `"programme.read"`; a full rule (`"orders.sign"`) is kept."""
    if "." in area_or_rule:
        return area_or_rule
    return f"{area_or_rule}.{'read' if method.upper() in SAFE_METHODS else 'write'}"


def allowed_roles(rule: str) -> frozenset[Role]:
    """The roles of the table for a rule; an unknown rule is a programming error, not a refusal."""
    return RULES[rule]
