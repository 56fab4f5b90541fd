"""Changing a school as an organisation: its card, archiving and bringing it back.

Schema: PUBLIC. Creating a school is provisioning.school_create; its ШНОР and partner flags are
regional_center.services.school_years (per school year). A school is never deleted here: its schema
holds the programme's records (orders, plans, consents) that the school must keep, so archiving only
closes the door (tenants.access.can_enter_school) and keeps the schema as it is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from regional_center.models import Municipality

from ..models import School
from .provisioning import inn_check

# What the card may change. The slug is not here: it names the schema and is in every link people
# have saved; a school keeps it for life.
EDITABLE_FIELDS = ("full_name", "short_name", "municipality", "kind", "address", "inn")


@transaction.atomic
def school_update(
    *,
    school: School,
    full_name: str | None = None,
    short_name: str | None = None,
    municipality: Municipality | None = None,
    kind: str | None = None,
    address: str | None = None,
    inn: str | None = None,
) -> School:
    """Change the school's card; fields left as None stay as they are. The new municipality must be
    in the school's region (a school does not move between deployments)."""
    school = School.objects.select_for_update().select_related("municipality").get(pk=school.pk)
    if municipality is not None and municipality.region_id != school.municipality.region_id:
        raise ValidationError(
            {"municipality": "Муниципалитет другого региона: школа не может в него перейти."}
        )
    changes = {
        "full_name": full_name,
        "short_name": short_name,
        "municipality": municipality,
        "kind": kind,
        "address": address,
        "inn": inn,
    }
    changed = []
    for field, value in changes.items():
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
        setattr(school, field, value)
        changed.append(field)
    inn_check(school.inn)
    school.full_clean(validate_unique=False)
    if changed:
        school.save(update_fields=changed)
    return school


@transaction.atomic
def school_archive(*, school: School) -> School:
    """Move a school to the archive: nobody enters it any more, its schema and data stay.

    Offer the full export (tenants.services.school_export) first; archiving does not require it,
    because the data is not touched and the school can be brought back."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status == School.Status.ARCHIVED:
        raise ValidationError(f"Школа «{school.short_name}» уже в архиве.")
    school.status = School.Status.ARCHIVED
    school.save(update_fields=["status"])
    return school


@transaction.atomic
def school_unarchive(*, school: School) -> School:
    """Bring an archived school back: its people enter it again with the roles they had."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status != School.Status.ARCHIVED:
        raise ValidationError(f"Школа «{school.short_name}» не в архиве.")
    school.status = School.Status.ACTIVE
    school.save(update_fields=["status"])
    return school
