"""The access matrix (issue 7, section 9): every page and every API operation, as every persona, must
answer what the one role table says.

Generated from the URL configuration, so a new page or operation is covered without anyone writing a
test: the school's pages (`urls_tenants.page_patterns`) and API operations (`api_patterns`, one check
per HTTP method a view defines — the same operations the OpenAPI schema lists); and the public layer:
every page of `nastavnik.urls_public` and every operation of the public API (`tenants/api/urls.py`),
with the rules of tenants/roles.py (`access_rule` of `roles.rule_required`, `roles.view_rule`).
Expected answers in a school:

- anonymous: a page redirects to the log-in (302), the API answers 401/403;
- anyone without a role in school A (curator of school B, consultant, coordinator of another
  municipality, regional analyst and administrator): 404 for everything of school A;
- a member of school A whose roles the table (school_programs/roles.py) does not give the rule: 403;
- a member the table allows: anything but 401/403 and 5xx (an empty POST may well be a 400, an object
  that is not theirs a 404).

Expected answers in the public layer:

- anonymous: a page redirects to the log-in (302), the API answers 401/403;
- a persona whose roles the table does not give the rule: 403;
- a persona the table allows: anything but 401/403 and 5xx, and a 404 only where the path names an
  object outside the persona's scope (tenants/access.py says which) or one that does not exist.

Every page and API view must name its rule (school: `access.rule_required`, public:
`roles.rule_required`; API views `rule`); one without fails the test. Pages reached by a personal link
(`reachable_by_link`) are the documented exception: the token is the access. Not walked in the public
layer: log-in and log-out, language switching, the health check, the OpenAPI schema and docs, and the
token endpoints (`auth/token/` is open by design, `auth/logout/` takes a token only — both are
tests/tenants/test_api_tokens.py's). PDF downloads are called only by personas that must be refused
(allowed ones would start LibreOffice).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver
from django_tenants.utils import schema_context

from nastavnik import urls_public, urls_tenants
from school_programs import roles as role_table
from school_programs.api.base import view_rule
from school_programs.models import (
    CompatibilityResult,
    Form,
    MatchingRun,
    MatchSuggestion,
    Meeting,
    MeetingKind,
    Order,
    PlanTemplate,
    SpeedMeetingPreference,
    Survey,
)
from school_programs.services import plans as plan_services
from tenants import access as tenant_access
from tenants import roles as public_roles
from tenants.api import urls as public_api_urls
from tenants.models import Membership, Role, User
from tests.support import school as make

MISSING = 999999
SCHOOL_A = "school-a"


@dataclass
class Persona:
    name: str
    user: User | None
    school_a_roles: frozenset


# --- The personas ----------------------------------------------------------------------------------


def _persona_users(world) -> dict[str, User | None]:
    """The personas of tests/support/world.py plus those this test needs (created in the test's
    transaction, so they vanish with it)."""

    def user(name: str, role: Role, **scope) -> User:
        created = User.objects.create(username=f"matrix_{name}", last_name=name.title(), first_name="Тест")
        Membership.objects.create(user=created, role=role, **scope)
        return created

    users = world.users
    return {
        "anonymous": None,
        "mentee_a": user("mentee_a", Role.MENTEE, school=world.school_a),
        "mentor_a": users["mentor_a"],
        "psychologist_a": user("psychologist_a", Role.PSYCHOLOGIST, school=world.school_a),
        "curator_a": users["curator_a"],
        "director_a": users["director_a"],
        "curator_b": users["curator_b"],
        "consultant": users["point_consultant"],
        "coordinator": users["coordinator"],
        "coordinator_elsewhere": user(
            "coordinator_elsewhere", Role.MUNICIPAL_COORDINATOR, municipality=world.other_municipality
        ),
        "analyst": users["analyst"],
        "regional_admin": users["regional_admin"],
    }


# --- One object of each kind in school A -------------------------------------------------------------


def _school_a_objects(world, users) -> dict[str, int]:
    """Ids for the path parameters: the mentor and mentee personas own the pair, so that the object
    rules let them in where the role table does."""
    with schema_context(world.school_a.schema_name):
        today = datetime.date(2026, 11, 22)
        programme = make.programme()
        mentor_person = make.teacher("Наставникова", user=users["mentor_a"])
        mentee_person = make.student("Подопечный", user=users["mentee_a"])
        entry = make.mentor(programme, mentor_person, forms=[Form.STUDENT_STUDENT])
        request = make.mentee(programme, mentee_person)
        group = make.group(programme, entry, [request])
        template = PlanTemplate.objects.filter(form=Form.STUDENT_STUDENT).first()
        plan = plan_services.plan_create_from_template(
            group=group,
            mentee=request,
            template=template,
            start_date=group.start_date,
            end_date=group.end_date,
        )
        section = plan.sections.order_by("order").first()
        meeting = Meeting.objects.create(group=group, held_on=today, kind=MeetingKind.values[0])
        run = MatchingRun.objects.create(programme=programme, form=Form.STUDENT_STUDENT)
        other_request = make.mentee(programme, make.student("Ожидающий"))
        suggestion = MatchSuggestion.objects.create(run=run, mentor=entry, mentee=other_request, score=50)
        preference = SpeedMeetingPreference.objects.create(
            programme=programme, chooser=mentor_person, chosen=mentee_person, rank=1
        )
        compatibility = CompatibilityResult.objects.create(
            mentor=entry, mentee=request, score=80, tested_on=today
        )
        order = Order.objects.create(
            programme=programme, kind=Order.Kind.choices[0][0], date=today, title="Приказ"
        )
        survey = Survey.objects.first()
        return {
            "programme_id": programme.pk,
            "item_id": programme.roadmap.first().pk if programme.roadmap.exists() else MISSING,
            "role_model_id": group.role_model_id or MISSING,
            "participant_id": mentee_person.pk,
            "child_id": mentee_person.pk,
            "parent_id": make.parent("Родитель", of=[mentee_person]).pk,
            "other_id": mentor_person.pk,
            "consent_id": mentee_person.consents.first().pk,
            "request_id": request.pk,
            "entry_id": entry.pk,
            "preference_id": preference.pk,
            "result_id": compatibility.pk,
            "run_id": run.pk,
            "suggestion_id": suggestion.pk,
            "group_id": group.pk,
            "plan_id": plan.pk,
            "plan_section_id": section.pk,
            "plan_task_id": section.tasks.first().pk,
            "template_id": template.pk,
            "template_section_id": template.sections.first().pk,
            "template_task_id": template.sections.first().tasks.first().pk,
            "meeting_id": meeting.pk,
            "order_id": order.pk,
            "survey_id": survey.pk if survey else MISSING,
        }


def _value(name: str, route: str, ids: dict[str, int]) -> str:
    """The value of one path parameter; ids the fixture has no object for are MISSING (a 404)."""
    if name in ("section_id", "task_id"):
        if "plan-template" in route:
            name = f"template_{name}"
        elif route.startswith("plans/") or "/plans/" in route:
            name = f"plan_{name}"
    known = {"kind": "student", "fmt": "docx", "job_id": "unknown-job", "active": "1"}
    if name in known:
        return known[name]
    return str(ids.get(name, MISSING))


# --- Walking the URL configuration ------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _concrete(route: str, ids) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _value(m.group(1), route, ids), route)


# --- The public layer -------------------------------------------------------------------------------

# Not walked (see the module's docstring): log-in/out, i18n, health, the API (walked from its own
# URLConf below, with its prefix), the schema and the docs.
PUBLIC_SKIP = ("login/", "logout/", "i18n/", "healthz", "api/")
PUBLIC_SKIP_EXACT = frozenset()
PUBLIC_API_SKIP = frozenset({"api/v1/auth/token/", "api/v1/auth/logout/"})


def _public_ids(world) -> dict[str, int]:
    return {
        "school_id": world.school_a.pk,
        "municipality_id": world.municipality.pk,
        "point_id": world.point.pk,
    }


def _public_scope(world):
    """in_scope(user, route): does every object the route names lie in the user's scope? A route
    naming no object, or one that does not exist (MISSING, an unknown job), is "out of scope"
    only in the second case."""
    import re

    finders = {
        "school_id": lambda user: tenant_access.organisation_schools(user).filter(pk=world.school_a.pk),
        "municipality_id": lambda user: tenant_access.visible_municipalities(user).filter(
            pk=world.municipality.pk
        ),
        "point_id": lambda user: tenant_access.visible_consultation_points(user).filter(pk=world.point.pk),
    }

    def in_scope(user, route: str) -> bool:
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        for name in names:
            finder = finders.get(name)
            if finder is None or not finder(user).exists():
                return False
        return True

    return in_scope


# --- The expectations -------------------------------------------------------------------------------


def _expect(persona: Persona, rule: str, *, api: bool) -> str:
    if persona.user is None:
        return "login"
    if not persona.school_a_roles:
        return "404"
    if persona.school_a_roles & role_table.allowed_roles(rule):
        return "allowed"
    return "403"


def _holds(expected: str, status: int, *, api: bool) -> bool:
    if expected == "login":
        return status in ((401, 403) if api else (302,))
    if expected == "404":
        return status == 404
    if expected == "403":
        return status == 403
    return status < 500 and status not in (401, 403)


@pytest.fixture
def matrix_world(world):
    users = _persona_users(world)
    ids = _school_a_objects(world, users)
    personas = []
    for name, user in users.items():
        roles = tenant_access.school_roles(user, world.school_a) if user else frozenset()
        personas.append(Persona(name, user, roles))
    return personas, ids


def test_every_page_and_operation_answers_what_the_role_table_says(matrix_world, world, capsys):
    personas, ids = matrix_world
    clients = {}
    for persona in personas:
        client = Client()
        if persona.user is not None:
            client.force_login(persona.user)
        clients[persona.name] = client

    checks, failures, unruled = 0, [], []

    def check(persona, method, url, rule, *, api, post_only_ok=False):
        nonlocal checks
        expected = _expect(persona, rule, api=api)
        if url.rstrip("/").endswith("pdf") and expected == "allowed":
            return None
        call = getattr(clients[persona.name], method.lower())
        kwargs = {"content_type": "application/json"} if api and method != "GET" else {}
        response = call(url, **kwargs)
        if post_only_ok and response.status_code == 405:
            return 405  # a page that only takes POST: the POST check below judges it
        checks += 1
        if not _holds(expected, response.status_code, api=api):
            failures.append(
                f"{persona.name} {method} {url}: {response.status_code}, expected {expected} ({rule})"
            )
        if persona.name == "curator_b" and response.status_code < 300:
            failures.append(f"school B reached school A: {method} {url}")
        return response.status_code

    def public_check(persona, method, url, rule, route, *, api, post_only_ok=False):
        nonlocal checks
        if persona.user is None:
            expected = "login"
        elif not public_roles.has_rule(persona.user, rule):
            expected = "403"
        else:
            expected = "allowed"
        call = getattr(clients[persona.name], method.lower())
        kwargs = {"content_type": "application/json"} if api and method != "GET" else {}
        response = call(url, **kwargs)
        if post_only_ok and response.status_code == 405:
            return 405
        checks += 1
        status = response.status_code
        if expected == "allowed" and status == 404 and in_scope(persona.user, route):
            failures.append(f"{persona.name} {method} {url}: 404 for an object in their scope ({rule})")
        elif not _holds(expected, status, api=api):
            failures.append(f"{persona.name} {method} {url}: {status}, expected {expected} ({rule})")
        return status

    # School pages.
    for route, view in _walk(urls_tenants.page_patterns):
        if getattr(view, "reachable_by_link", False):
            continue
        rule = getattr(view, "access_rule", None)
        if rule is None:
            unruled.append(route)
            continue
        url = f"/s/{SCHOOL_A}/" + _concrete(route, ids)
        write_rule = getattr(view, "access_write_rule", rule)
        for persona in personas:
            status = check(persona, "GET", url, rule, api=False, post_only_ok=True)
            if status == 405 or write_rule != rule:
                check(persona, "POST", url, write_rule, api=False)

    # School API: every method each view defines.
    for route, view in _walk(urls_tenants.api_patterns):
        view_class = getattr(view, "view_class", None)
        if view_class is None or not getattr(view_class, "rule", ""):
            if view_class is not None and "AllowAny" not in str(view_class.permission_classes):
                unruled.append("api " + route)
            continue
        url = f"/api/v1/schools/{SCHOOL_A}/" + _concrete(route, ids)
        for method in ("get", "post", "put", "patch", "delete"):
            if not hasattr(view_class, method):
                continue
            rule = view_rule(view_class, method)
            for persona in personas:
                check(persona, method.upper(), url, rule, api=True)

    # The public layer: every page of urls_public and every operation of the public API.
    in_scope = _public_scope(world)
    public_ids = _public_ids(world)
    pages = [
        (route, view)
        for route, view in _walk(urls_public.urlpatterns)
        if not route.startswith(PUBLIC_SKIP) and route not in PUBLIC_SKIP_EXACT
    ]
    assert len(pages) > 10, "the public pages were not found"
    for route, view in pages:
        if getattr(view, "reachable_by_link", False):
            continue
        rule = getattr(view, "access_rule", None)
        if rule is None:
            unruled.append("public " + route)
            continue
        url = "/" + _concrete(route, public_ids)
        write_rule = getattr(view, "access_write_rule", rule)
        for persona in personas:
            status = public_check(persona, "GET", url, rule, route, api=False, post_only_ok=True)
            if status == 405 or write_rule != rule:
                public_check(persona, "POST", url, write_rule, route, api=False)

    for route, view in _walk(public_api_urls.urlpatterns, "api/v1/"):
        view_class = getattr(view, "view_class", None)
        if route in PUBLIC_API_SKIP:
            continue
        if view_class is None or not getattr(view_class, "rule", ""):
            unruled.append("public api " + route)
            continue
        url = "/" + _concrete(route, public_ids)
        for method in ("get", "post", "put", "patch", "delete"):
            if not hasattr(view_class, method):
                continue
            rule = public_roles.view_rule(view_class, method)
            for persona in personas:
                public_check(persona, method.upper(), url, rule, route, api=True)

    with capsys.disabled():
        print(f"\naccess matrix: {checks} checks")
    assert not unruled, "pages and API views without a rule of the role table: " + ", ".join(unruled)
    assert not failures, f"{len(failures)} of {checks} checks failed:\n" + "\n".join(failures[:80])
