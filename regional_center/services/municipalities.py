"""Municipalities of the region: added and renamed by the regional administrator.

Schema: PUBLIC. A municipality is not archived or deleted here: schools, consultation points and
coordinators' roles point at it, and municipalities are reorganised by law (merged into an okrug),
which is a rename plus moving schools (tenants.services.organisations.school_update).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Municipality, Region


def _check_name_free(*, region: Region, name: str, exclude_pk: int | None = None) -> None:
    taken = Municipality.objects.filter(region=region, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": f"Муниципалитет «{name}» в регионе уже есть."})


@transaction.atomic
def municipality_create(
    *, region: Region, name: str, kind: str, education_department: str = ""
) -> Municipality:
    name = name.strip()
    municipality = Municipality(
        region=region, name=name, kind=kind, education_department=education_department.strip()
    )
    _check_name_free(region=region, name=name)
    municipality.full_clean(validate_unique=False)
    municipality.save()
    return municipality


@transaction.atomic
def municipality_update(
    *,
    municipality: Municipality,
    name: str | None = None,
    kind: str | None = None,
    education_department: str | None = None,
) -> Municipality:
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    changed = []
    for field, value in (("name", name), ("kind", kind), ("education_department", education_department)):
        if value is not None:
            setattr(municipality, field, value.strip())
            changed.append(field)
    # Our check first: it names the field and the clash in Russian (Django's would not).
    _check_name_free(region=municipality.region, name=municipality.name, exclude_pk=municipality.pk)
    municipality.full_clean(validate_unique=False)
    if changed:
        municipality.save(update_fields=changed)
    return municipality
