"""Where each kind of user starts, and what the top navigation offers them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from . import access, roles
from .models import Membership, Role
from .routing import school_reverse

# Order in which homes are offered to someone with several roles: the widest scope first.
ROLE_PRIORITY = [
    Role.REGIONAL_ADMIN,
    Role.REGIONAL_ANALYST,
    Role.MUNICIPAL_COORDINATOR,
    Role.CONSULTANT,
    Role.DIRECTOR,
    Role.CURATOR,
    Role.PSYCHOLOGIST,
    Role.MENTOR,
    Role.MENTEE,
]


@dataclass(frozen=True)
class Place:
    """A home page the user may go to: a scope they have a role in."""

    title: str
    subtitle: str
    url: str
    key: tuple


def _place(membership: Membership) -> Place:
    if membership.region_id:
        return Place(
            membership.region.centre_name or membership.region.name,
            "Регион",
            # issue 11 (DASHBOARDS): the analyst's home is the region's dashboard.
            reverse(
                "analytics:region" if membership.role == Role.REGIONAL_ANALYST else "regional_center:home"
            ),
            ("region", membership.region_id),
        )
    if membership.municipality_id:
        return Place(
            membership.municipality.name,
            "Муниципалитет",
            # issue 11 (DASHBOARDS): the coordinator's home is the municipality's dashboard.
            reverse("analytics:municipality", args=[membership.municipality_id]),
            ("municipality", membership.municipality_id),
        )
    if membership.consultation_point_id:
        return Place(
            membership.consultation_point.name,
            "Консультационный пункт",
            reverse("consultation_points:home", args=[membership.consultation_point_id]),
            ("consultation_point", membership.consultation_point_id),
        )
    school = membership.school
    return Place(
        school.short_name,
        school.municipality.name,
        school_reverse(school.slug, "school:home"),
        ("school", school.pk),
    )


def places(user) -> list[tuple[Place, list[str]]]:
    """Each scope the user works in once, with the user's role names there, widest scope first."""
    ordered = sorted(access.memberships(user), key=lambda m: ROLE_PRIORITY.index(Role(m.role)))
    result: dict[tuple, tuple[Place, list[str]]] = {}
    for membership in ordered:
        place = _place(membership)
        result.setdefault(place.key, (place, []))[1].append(membership.get_role_display())
    return list(result.values())


def home_url(user) -> str | None:
    """The single home of a user with one scope; None when they must choose (or have none)."""
    found = places(user)
    return found[0][0].url if len(found) == 1 else None


# --- The public menu -------------------------------------------------------------------------------
# Pages outside a school, each shown only to those whom tenants/roles.py lets open it: the menu asks
# the same rule as the page's `rule_required`. The title is the page's own heading (h1). A page not
# mounted yet is left out. Other sections of the issue add their line in their own block.


@dataclass(frozen=True)
class MenuItem:
    title: str
    url_name: str
    rule: str


PUBLIC_MENU: list[MenuItem] = [
    # --- issue 8 §1 (organisations)
    MenuItem("Школы региона", "organisations:schools", "organisations.read"),
    MenuItem("Муниципалитеты", "organisations:municipalities", "organisations.read"),
    MenuItem("Консультационные пункты", "organisations:points", "organisations.read"),
    # --- issue 8 §2 (people)
    MenuItem("Люди и роли", "people:list", "people.read"),
    # --- issue 10 (consultations): requests for methodological help, scope in consultation_points/access.py
    MenuItem("Запросы", "consultations:requests", "consultation_requests.read"),
    MenuItem("Очередь", "consultations:queue", "consultation_requests.assign"),
    MenuItem("Мои запросы и консультации", "consultations:mine", "consultation_requests.work"),
    MenuItem("Сроки", "consultations:service_levels", "consultation_service_levels.read"),
    MenuItem("Консультанты", "consultations:consultants", "consultants.read"),
    # --- issue 9 §§1, 2, 7 (CENTRE)
    MenuItem("Региональный центр", "regional_center:home", "centre.read"),
    MenuItem("Библиотека практик", "centre:practices", "practices.read"),
    # --- issue 9 §3 (EVENTS)
    MenuItem("Мероприятия", "events:calendar", "events.read"),
    # --- issue 9 §§4–6 (support): ШНОР, org–org pairs, teachers' routes as counts
    MenuItem("Школы с низкими результатами", "support:schools", "low_results.read"),
    MenuItem("Пары «организация – организация»", "support:pairs", "org_pairs.read"),
    MenuItem("Индивидуальные образовательные маршруты", "support:routes", "route_counts.read"),
    # --- issue 11 (DASHBOARDS)
    MenuItem("Показатели", "analytics:home", "analytics.read"),
    MenuItem("Личный кабинет", "account:home", "account.read"),
]


def public_menu(user, path: str) -> list[dict]:
    """The public menu items this user may open, with the one matching the current page marked."""
    items = []
    for item in PUBLIC_MENU:
        if not roles.has_rule(user, item.rule):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # that section's pages are not mounted (yet)
            continue
        items.append({"title": item.title, "url": url, "active": path.startswith(url)})
    return items
