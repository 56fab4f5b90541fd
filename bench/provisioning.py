"""Provisioning one school, and checking that hundreds of school schemas need no migration."""

import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from regional_center.models import Municipality, Region
from tenants.models import School
from tenants.services.provisioning import SchoolData, school_create, school_schema_name
from tenants.services.schemas import schema_states, template_schema_name

from .report import median_seconds, table


def _municipality() -> Municipality:
    region, _ = Region.objects.get_or_create(name="Регион для замеров")
    municipality, _ = Municipality.objects.get_or_create(region=region, name="Муниципалитет для замеров")
    return municipality


def _stock_school(slug: str, municipality: Municipality) -> School:
    """django-tenants' own path: save the tenant row, then TenantMixin.create_schema()."""
    school = School(
        slug=slug,
        schema_name=school_schema_name(slug),
        full_name=slug,
        short_name=slug,
        municipality=municipality,
    )
    school.save()
    school.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    return school


def _measure_provisioning(municipality, repeat: int, tag: str) -> list[tuple[str, float]]:
    def by_migrations(i):
        _stock_school(f"{tag}-migrate-{i}", municipality)

    def by_stock_clone(i):
        # TENANT_BASE_SCHEMA makes create_schema() clone the template, then fake-apply migrations.
        settings.TENANT_BASE_SCHEMA = template_schema_name()
        try:
            _stock_school(f"{tag}-clone-{i}", municipality)
        finally:
            del settings.TENANT_BASE_SCHEMA

    def by_nastavnik(i):
        _nastavnik_school(f"{tag}-copy-{i}", municipality)

    return [
        ("django-tenants: CREATE SCHEMA + migrations", median_seconds(by_migrations, repeat)),
        ("django-tenants: clone_schema() of template + fake migrate", median_seconds(by_stock_clone, repeat)),
        ("Nastavnik school_create (template DDL replay + rows)", median_seconds(by_nastavnik, repeat)),
    ]


def _nastavnik_school(slug: str, municipality: Municipality) -> School:
    return school_create(
        data=SchoolData(slug=slug, full_name="Школа", short_name="Школа", municipality=municipality)
    )


def run(args) -> None:
    municipality = _municipality()
    rows = _measure_provisioning(municipality, args.repeat, "small")
    table(
        f"Provisioning one school into a region of {School.objects.count()} schools (median)",
        rows,
        rows[0][0],
    )

    have = School.objects.count()
    started = time.perf_counter()
    for i in range(max(0, args.schools - have)):
        _nastavnik_school(f"fill-{i}", municipality)
    filled = max(0, args.schools - have)
    fill_seconds = time.perf_counter() - started
    print(
        f"\n(Nastavnik created {filled} more schools in {fill_seconds:.1f} s, "
        f"{fill_seconds / max(filled, 1) * 1000:.0f} ms each)"
    )

    rows = _measure_provisioning(municipality, args.repeat, "large")
    table(
        f"Provisioning one school into a region of {School.objects.count()} schools (median)",
        rows,
        rows[0][0],
    )

    names = list(School.objects.values_list("schema_name", flat=True))

    def stock_check(_):
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()

    def nastavnik_check(_):
        states = schema_states(names)
        assert all(state.up_to_date for state in states)

    rows = [
        (f"django-tenants: migrate_schemas over {len(names)} schemas", median_seconds(stock_check, 1)),
        (f"Nastavnik schema_states over {len(names)} schemas", median_seconds(nastavnik_check, args.repeat)),
    ]
    table(f"'Nothing to migrate' over {len(names)} school schemas", rows, baseline=rows[0][0])
