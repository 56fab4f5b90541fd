"""Partner organisations of the regional centre: added and edited by the regional administrator.

Schema: PUBLIC. A partner school is one of the region's schools: its municipality is copied from the
school, so "same municipality first" reads one field for every partner.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.models import School

from ..models import PartnerOrganisation, Region

FIELDS = (
    "name",
    "short_name",
    "kind",
    "school",
    "municipality",
    "subjects",
    "offer",
    "contact_person",
    "phone",
    "email",
    "website",
    "address",
    "is_active",
)


def _check(*, partner: PartnerOrganisation, region: Region) -> None:
    errors = {}
    if partner.kind == PartnerOrganisation.Kind.SCHOOL:
        if partner.school is None:
            errors["school"] = "Для школы-партнёра выберите школу региона."
        elif partner.school.municipality.region_id != region.pk:
            errors["school"] = "Эта школа не относится к региону."
        else:
            taken = PartnerOrganisation.objects.filter(school=partner.school).exclude(pk=partner.pk).first()
            if taken:
                errors["school"] = f"Школа «{partner.school}» уже есть среди партнёров: «{taken}»."
            partner.municipality = partner.school.municipality
    elif partner.school is not None:
        errors["school"] = "Школу региона указывают только для партнёра вида «школа с лучшими практиками»."
    if partner.municipality is not None and partner.municipality.region_id != region.pk:
        errors["municipality"] = "Этот муниципалитет не относится к региону."
    name_taken = PartnerOrganisation.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk)
    if partner.name and name_taken.exists():
        errors["name"] = f"Партнёр «{partner.name}» уже есть."
    if len(set(partner.subjects)) != len(partner.subjects):
        partner.subjects = list(dict.fromkeys(partner.subjects))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def partner_create(
    *, region: Region, name: str, kind: str, school: School | None = None, **fields
) -> PartnerOrganisation:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    partner = PartnerOrganisation(name=name.strip(), kind=kind, school=school, **fields)
    _check(partner=partner, region=region)
    partner.full_clean(validate_unique=False, validate_constraints=False)
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner: PartnerOrganisation, region: Region, **fields) -> PartnerOrganisation:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    for name, value in fields.items():
        setattr(partner, name, value.strip() if isinstance(value, str) else value)
    _check(partner=partner, region=region)
    partner.full_clean(validate_unique=False, validate_constraints=False)
    partner.save()
    return partner
