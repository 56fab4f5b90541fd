"""Creating schools: the public row and the school's own schema, together or not at all.

Schema: PUBLIC (creates the school's schema as a clone of the migrated template).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django_tenants.utils import schema_exists

from regional_center.models import Municipality
from regional_center.services.school_years import current_school_year, school_flags_set

from ..models import School
from .schemas import (
    schema_clone_from_template,
    schema_copy_from_template,
    schema_migrate,
    template_ensure,
    template_snapshot,
)


def school_schema_name(slug: str) -> str:
    return "school_" + slug.replace("-", "_")


@dataclass
class SchoolData:
    """What is needed to create a school; also one row of a bulk onboarding file."""

    slug: str
    full_name: str
    short_name: str
    municipality: Municipality
    kind: str = School.Kind.SCHOOL
    address: str = ""
    inn: str = ""
    low_results: bool = False
    partner_school: bool = False
    extra: dict = field(default_factory=dict)

    def build(self) -> School:
        school = School(
            slug=self.slug,
            schema_name=school_schema_name(self.slug),
            full_name=self.full_name,
            short_name=self.short_name,
            municipality=self.municipality,
            kind=self.kind,
            address=self.address,
            inn=self.inn,
            low_results=self.low_results,
            partner_school=self.partner_school,
        )
        # Uniqueness is checked by school_validate, once and in Russian: Django's own check would
        # report the slug twice, once as the untranslated «Schema name».
        school.full_clean(validate_unique=False)
        return school


def inn_check(inn: str) -> None:
    """An organisation's ИНН has 10 digits (12 is a person's; some entrepreneurs run schools)."""
    if inn and not (inn.isdigit() and len(inn) in (10, 12)):
        raise ValidationError({"inn": f"ИНН «{inn}»: ожидается 10 или 12 цифр."})


def school_validate(data: SchoolData) -> School:
    """Check a school without writing anything; raises ValidationError with Russian messages."""
    school = data.build()
    inn_check(school.inn)
    if School.objects.filter(Q(schema_name=school.schema_name) | Q(slug=school.slug)).exists():
        raise ValidationError({"slug": f"Код «{data.slug}» уже занят другой школой."})
    if data.low_results and data.partner_school:
        raise ValidationError(
            {"partner_school": "Школа с низкими результатами (ШНОР) не может быть школой-партнёром."}
        )
    return school


@transaction.atomic
def school_create(*, data: SchoolData, method: str = "copy", by=None) -> School:
    """Create the school row and its schema in one transaction: a failure leaves neither behind.

    The ШНОР and partner flags are recorded as the current school year's (with `by` as who set
    them), so the school's flag history starts with its onboarding.

    method="copy" (default) replays the migrated template's DDL and rows; "clone" uses
    django-tenants' clone function; "migrate" runs every migration in a fresh schema. See
    tenants/services/schemas.py for why, and `make bench` for the figures.
    """
    school = school_validate(data)
    if schema_exists(school.schema_name, case_sensitive=False):
        raise ValidationError({"slug": f"Схема «{school.schema_name}» уже существует в базе данных."})
    school.save()
    if method == "copy":
        changed = template_ensure()
        snapshot = None if changed else template_snapshot()
        if snapshot is not None:
            schema_copy_from_template(school.schema_name, snapshot)
        else:
            schema_clone_from_template(school.schema_name)
    elif method == "clone":
        template_ensure()
        schema_clone_from_template(school.schema_name)
    elif method == "migrate":
        schema_migrate(school.schema_name)
    else:
        raise ValueError(f"unknown provisioning method {method!r}")
    school_flags_set(
        school=school,
        start_year=current_school_year(),
        low_results=data.low_results,
        partner_school=data.partner_school,
        reason="Подключение школы к платформе",
        by=by,
    )
    school.refresh_from_db()
    return school
