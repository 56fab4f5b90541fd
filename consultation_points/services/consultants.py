"""Consultants: the regional centre's record of selection, training and specialisation; the secret of
each consultant's calendar feed.

Schema: PUBLIC.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.models import Membership, Role
from tenants.services.people import PersonData, person_by_email, person_create

from ..models import Consultant, ConsultationPoint

PROFILE_FIELDS = (
    "selected_on",
    "training_programme",
    "certificate",
    "subjects",
    "deficit_areas",
    "teacher_categories",
    "formats",
    "monthly_capacity",
    "active_from",
    "active_to",
)


def _sync_memberships(consultant: Consultant, points: list[ConsultationPoint]) -> None:
    """The consultant's role follows the points they serve: a role at each, none elsewhere."""
    wanted = {point.pk for point in points}
    have = Membership.objects.filter(user=consultant.user, role=Role.CONSULTANT)
    for membership in have:
        active = membership.consultation_point_id in wanted
        if membership.is_active != active:
            membership.is_active = active
            membership.save(update_fields=["is_active"])
    existing = set(have.values_list("consultation_point_id", flat=True))
    for point in points:
        if point.pk not in existing:
            Membership.objects.create(user=consultant.user, role=Role.CONSULTANT, consultation_point=point)


@transaction.atomic
def consultant_create(*, user, points: list[ConsultationPoint], **profile) -> Consultant:
    """Record a person selected by the regional centre as a consultant of `points`."""
    if not points:
        raise ValidationError({"points": "Выберите хотя бы один консультационный пункт."})
    if Consultant.objects.filter(user=user).exists():
        raise ValidationError({"user": f"{user.full_name} уже консультант."})
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    consultant = Consultant(user=user, **profile)
    consultant.full_clean()
    consultant.save()
    consultant.points.set(points)
    _sync_memberships(consultant, points)
    return consultant


@transaction.atomic
def consultant_enrol(
    *, by, person: PersonData, points: list[ConsultationPoint], base_url: str = "", **profile
) -> Consultant:
    """The regional centre enrols a person it selected and trained as a consultant of `points`.

    A person whose e-mail is already known keeps their account; anyone else is created with the
    consultant role at the first point and invited (tenants.services.people: the role is granted
    through the grant log, so only those who may grant it can enrol). Nothing is kept if the profile
    is refused."""
    if not points:
        raise ValidationError({"points": "Выберите хотя бы один консультационный пункт."})
    user = person_by_email(person.email)
    if user is None:
        user = person_create(
            by=by, data=person, role=Role.CONSULTANT, scope=points[0], base_url=base_url
        ).user
    return consultant_create(user=user, points=points, **profile)


@transaction.atomic
def consultant_update(
    *, consultant: Consultant, points: list[ConsultationPoint] | None = None, **profile
) -> Consultant:
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    for name, value in profile.items():
        setattr(consultant, name, value)
    consultant.full_clean()
    consultant.save()
    if points is not None:
        if not points:
            raise ValidationError({"points": "Выберите хотя бы один консультационный пункт."})
        consultant.points.set(points)
        _sync_memberships(consultant, points)
    return consultant


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(*, consultant: Consultant) -> str:
    """A new secret for the consultant's calendar feed; the previous link stops working. Returned once,
    stored only as its hash."""
    token = secrets.token_urlsafe(32)
    Consultant.objects.filter(pk=consultant.pk).update(calendar_token_hash=_hash(token))
    consultant.calendar_token_hash = _hash(token)
    return token


def consultant_by_calendar_token(token: str) -> Consultant | None:
    if not token or len(token) > 100:
        return None
    return Consultant.objects.filter(calendar_token_hash=_hash(token)).select_related("user").first()
