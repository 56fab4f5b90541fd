"""Reads for the director's orders and the documents printed from them. Schema: TENANT.

Membership (public schema) is read for the director's name: the school's search_path includes public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from tenants.models import Membership, Role, School

from ..models import (
    GroupMentee,
    GroupStatus,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Order,
    Participant,
    Programme,
)


def order_list(*, kind: str = "", status: str = "", year: int | None = None) -> QuerySet[Order]:
    orders = Order.objects.select_related("programme")
    if kind:
        orders = orders.filter(kind=kind)
    if status:
        orders = orders.filter(status=status)
    if year:
        orders = orders.filter(date__year=year)
    return orders


def order_years() -> list[int]:
    years = Order.objects.annotate(year=ExtractYear("date")).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def orders_to_sign() -> QuerySet[Order]:
    """Drafts waiting for the director's signature, oldest first: the director's block on the home page."""
    return Order.objects.filter(status=Order.Status.DRAFT).select_related("programme").order_by("date", "pk")


def _active_mentees() -> Prefetch:
    return Prefetch(
        "mentees",
        queryset=GroupMentee.objects.select_related("request__participant").order_by(
            "request__participant__last_name", "request__participant__first_name"
        ),
    )


def groups_with_people() -> QuerySet[MentoringGroup]:
    return MentoringGroup.objects.select_related(
        "mentor__participant", "role_model", "programme"
    ).prefetch_related(_active_mentees(), "plans")


def groups_awaiting_order(programme: Programme) -> QuerySet[MentoringGroup]:
    """Working pairs and groups of the programme that no order (draft or signed) fixes yet."""
    return groups_with_people().filter(
        programme=programme, fixing_order__isnull=True, status=GroupStatus.ACTIVE
    )


def releases_awaiting_order(programme: Programme) -> QuerySet[MentorRelease]:
    return (
        MentorRelease.objects.filter(group__programme=programme, order__isnull=True)
        .select_related("group__mentor__participant", "group__role_model", "group__programme")
        .prefetch_related(
            Prefetch("group__mentees", queryset=GroupMentee.objects.select_related("request__participant"))
        )
        .order_by("released_on", "pk")
    )


def rewards_awaiting_order(programme: Programme) -> QuerySet[MentorReward]:
    return (
        MentorReward.objects.filter(mentor__programme=programme, order__isnull=True)
        .select_related("mentor__participant", "mentor__programme")
        .order_by("mentor__participant__last_name", "pk")
    )


def mentees_on(group: MentoringGroup, day: datetime.date) -> list[Participant]:
    """The group's mentees who had not left by `day` (uses the prefetched `mentees`).

    A signed order keeps naming the people it fixed even after a mentee leaves the group later.
    """
    return [
        placement.request.participant
        for placement in group.mentees.all()
        if placement.left_on is None or placement.left_on > day
    ]


def group_label(group: MentoringGroup, day: datetime.date | None = None) -> str:
    """«Иванов И. И. → Петров П., Сидоров С. (ученик – ученик; успевающий – неуспевающий)»."""
    mentees = mentees_on(group, day or datetime.date.max)
    names = ", ".join(person.short_name for person in mentees) or "нет наставляемых"
    model = f"; {group.role_model.name}" if group.role_model else ""
    return f"{group.mentor.participant.short_name} → {names} ({group.get_form_display()}{model})"


@dataclass
class Appendix:
    """A table attached to an order («Приложение к приказу»): pairs fixed, mentors rewarded."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _person_line(person: Participant) -> str:
    return f"{person.full_name}, {person.description}" if person.description else person.full_name


def order_appendix(order: Order) -> Appendix | None:
    if order.kind == Order.Kind.FIX_GROUPS:
        groups = (
            groups_with_people()
            .filter(fixing_order=order)
            .order_by("mentor__participant__last_name", "mentor__participant__first_name", "pk")
        )
        appendix = Appendix(
            title="Состав наставнических пар / групп",
            headers=["№", "Наставник", "Наставляемые", "Форма наставничества", "Ролевая модель", "Срок"],
        )
        for number, group in enumerate(groups, start=1):
            appendix.rows.append(
                [
                    str(number),
                    _person_line(group.mentor.participant),
                    "\n".join(_person_line(person) for person in mentees_on(group, order.date)),
                    group.get_form_display(),
                    group.role_model.name if group.role_model else "—",
                    f"{group.start_date:%d.%m.%Y} — {group.end_date:%d.%m.%Y}",
                ]
            )
        return appendix
    if order.kind == Order.Kind.REWARD_MENTORS:
        rewards = order.rewards.select_related("mentor__participant").order_by(
            "mentor__participant__last_name", "mentor__participant__first_name", "pk"
        )
        appendix = Appendix(
            title="Наставники, представленные к поощрению",
            headers=["№", "Наставник", "Должность, класс, место работы", "Вид поощрения", "Формулировка"],
        )
        for number, reward in enumerate(rewards, start=1):
            person = reward.mentor.participant
            appendix.rows.append(
                [str(number), person.full_name, person.description, reward.get_kind_display(), reward.wording]
            )
        return appendix
    return None


def order_acquaintances(order: Order) -> list[Participant]:
    """The people an order names, who sign «С приказом ознакомлены»: curators and mentors."""
    people: list[Participant] = []
    if order.kind in {Order.Kind.APPROVE_PROGRAMME, Order.Kind.FIX_GROUPS, Order.Kind.RELEASE_MENTOR}:
        people += list(order.programme.curators.order_by("last_name", "first_name"))
    if order.kind == Order.Kind.FIX_GROUPS:
        people += [
            group.mentor.participant
            for group in order.fixed_groups.select_related("mentor__participant").order_by(
                "mentor__participant__last_name"
            )
        ]
    if order.kind == Order.Kind.RELEASE_MENTOR:
        people += [
            release.group.mentor.participant
            for release in order.releases.select_related("group__mentor__participant").order_by("pk")
        ]
    if order.kind == Order.Kind.REWARD_MENTORS:
        people += [
            reward.mentor.participant
            for reward in order.rewards.select_related("mentor__participant").order_by(
                "mentor__participant__last_name"
            )
        ]
    unique: dict[int, Participant] = {}
    for person in people:
        unique.setdefault(person.pk, person)
    return list(unique.values())


def director_name(school: School) -> str:
    """«Фамилия И. О.» of the school's director (the user holding the director role), or ""."""
    membership = (
        Membership.objects.filter(school=school, role=Role.DIRECTOR, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user.short_name if membership else ""
