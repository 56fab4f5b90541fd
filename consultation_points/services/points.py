"""Municipal consultation points: created, changed and archived by the regional administrator.

Schema: PUBLIC. A point is archived (is_active=False), never deleted: its consultants' roles and the
requests it answered refer to it. An archived point can be opened again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from regional_center.models import Municipality

from ..models import ConsultationPoint

CARD_FIELDS = ("name", "host_organisation", "address", "schedule", "head_name", "phone", "email")


def _check_name_free(*, municipality: Municipality, name: str, exclude_pk: int | None = None) -> None:
    taken = ConsultationPoint.objects.filter(municipality=municipality, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": f"Пункт «{name}» в муниципалитете «{municipality.name}» уже есть."})


@transaction.atomic
def point_create(
    *,
    municipality: Municipality,
    name: str,
    host_organisation: str = "",
    address: str = "",
    schedule: str = "",
    head_name: str = "",
    phone: str = "",
    email: str = "",
) -> ConsultationPoint:
    point = ConsultationPoint(
        municipality=municipality,
        name=name.strip(),
        host_organisation=host_organisation.strip(),
        address=address.strip(),
        schedule=schedule.strip(),
        head_name=head_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    _check_name_free(municipality=municipality, name=point.name)
    point.full_clean(validate_unique=False)
    point.save()
    return point


@transaction.atomic
def point_update(
    *, point: ConsultationPoint, municipality: Municipality | None = None, **card
) -> ConsultationPoint:
    """Change the card; fields not given stay. A point moves only within its region."""
    unknown = set(card) - set(CARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    point = ConsultationPoint.objects.select_for_update().select_related("municipality").get(pk=point.pk)
    changed = []
    if municipality is not None and municipality.pk != point.municipality_id:
        if municipality.region_id != point.municipality.region_id:
            raise ValidationError({"municipality": "Муниципалитет другого региона."})
        point.municipality = municipality
        changed.append("municipality")
    for field, value in card.items():
        if value is not None:
            setattr(point, field, value.strip())
            changed.append(field)
    _check_name_free(municipality=point.municipality, name=point.name, exclude_pk=point.pk)
    point.full_clean(validate_unique=False)
    if changed:
        point.save(update_fields=changed)
    return point


@transaction.atomic
def point_set_active(*, point: ConsultationPoint, active: bool) -> ConsultationPoint:
    """Archive (active=False) or reopen a point."""
    point = ConsultationPoint.objects.select_for_update().get(pk=point.pk)
    if point.is_active == active:
        state = "работает" if active else "уже в архиве"
        raise ValidationError(f"Пункт «{point.name}» {state}.")
    point.is_active = active
    point.save(update_fields=["is_active"])
    return point
