"""The school's menu: which sections each school role is offered, each named like the page it opens.

Every role gets the menu of its work, not everything it may read: the director signs orders and
follows the programme (the curator's back office — bases, matching, survey building — is reachable
from the programme's pages but not in the director's menu); a mentor and a mentee see their own pairs
and their surveys. Each section names the rule of its page in roles.py; a test checks that nobody is
offered a section whose page would refuse them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenants.models import SCHOOL_ROLES, Role

from . import roles as role_table

CURATOR, DIRECTOR, PSYCHOLOGIST = Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST
MENTOR, MENTEE = Role.MENTOR, Role.MENTEE
READERS = frozenset({CURATOR, DIRECTOR, PSYCHOLOGIST})


@dataclass(frozen=True)
class Section:
    title: str  # the page's own heading (h1), or its first words
    url_name: str  # in the "school" namespace
    roles: frozenset[Role]  # whose menu shows it
    rule: str  # the rule the page asks (roles.py)


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


SECTIONS: list[Section] = [
    Section("Программа", "school:programme", READERS, "programme.read"),
    Section("Участники", "school:participants", READERS, "participants.read"),
    Section("Базы наставников и наставляемых", "school:bases", _roles(CURATOR, PSYCHOLOGIST), "bases.read"),
    Section("Подбор пар", "school:matching", _roles(CURATOR, PSYCHOLOGIST), "matching.read"),
    Section("Пары и группы", "school:groups", READERS, "groups.read"),
    # The same page: a mentor or a mentee sees only their own, under the heading «Мои пары».
    Section("Мои пары", "school:groups", _roles(MENTOR, MENTEE), "groups.read"),
    Section("Приказы", "school:orders", _roles(CURATOR, DIRECTOR), "orders.read"),
    Section("Анкеты и рассылки", "school:surveys", _roles(CURATOR, PSYCHOLOGIST), "surveys.read"),
    Section("Результаты мониторинга", "school:monitoring", READERS, "monitoring.read"),
    Section("Итоги программы", "school:completion", _roles(CURATOR, DIRECTOR), "completion.read"),
    Section("Индивидуальные образовательные маршруты", "school:routes", READERS, "routes.read"),
    Section("Мои анкеты", "school:my-surveys", frozenset(SCHOOL_ROLES), "my_surveys.read"),
]  # fmt: skip


def sections_for(roles: frozenset[Role]) -> list[Section]:
    """The menu of someone holding `roles` in the school: each page once (the first title wins for a
    curator who is also a mentor), and only pages the role table lets them open."""
    chosen: list[Section] = []
    seen: set[str] = set()
    for section in SECTIONS:
        if not roles & section.roles or section.url_name in seen:
            continue
        if not roles & role_table.allowed_roles(section.rule):
            continue
        seen.add(section.url_name)
        chosen.append(section)
    return chosen
