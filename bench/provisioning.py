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
    school = School(slug=slug, schema_name=school_schema_name(slug), full_name=slug, short_name=slug,
                    municipality=municipality)  # fmt: skip
    school.save()
    school.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    return school


def run(args) -> None:
    municipality = _municipality()
    repeat = args.repeat

    def by_migrations(i):
        _stock_school(f"stock-migrate-{i}", municipality)

    def by_stock_clone(i):
        # TENANT_BASE_SCHEMA makes create_schema() clone the template, then fake-apply migrations.
        settings.TENANT_BASE_SCHEMA = template_schema_name()
        try:
            _stock_school(f"stock-clone-{i}", municipality)
        finally:
            del settings.TENANT_BASE_SCHEMA

    def by_nastavnik(i):
        school_create(data=SchoolData(slug=f"nastavnik-{i}", full_name="Школа", short_name="Школа",
                                      municipality=municipality))  # fmt: skip

    rows = [
        ("django-tenants: CREATE SCHEMA + migrations", median_seconds(by_migrations, repeat)),
        ("django-tenants: clone of template + fake migrate", median_seconds(by_stock_clone, repeat)),
        ("Nastavnik school_create (clone, no migrate run)", median_seconds(by_nastavnik, repeat)),
    ]
    table("Provisioning one school (median)", rows, baseline=rows[0][0])

    # Make the region up to `schools` schemas, then ask "is anything left to migrate?".
    have = School.objects.count()
    started = time.perf_counter()
    for i in range(max(0, args.schools - have)):
        school_create(data=SchoolData(slug=f"fill-{i}", full_name="Школа", short_name="Школа",
                                      municipality=municipality))  # fmt: skip
    fill_seconds = time.perf_counter() - started
    count = School.objects.count()
    names = list(School.objects.values_list("schema_name", flat=True))

    def stock_check(_):
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()

    def nastavnik_check(_):
        states = schema_states(names)
        assert all(state.up_to_date for state in states)

    rows = [
        (f"django-tenants: migrate_schemas over {count} schemas", median_seconds(stock_check, 1)),
        (f"Nastavnik schema_states over {count} schemas", median_seconds(nastavnik_check, repeat)),
    ]
    table(f"'Nothing to migrate' over {count} school schemas", rows, baseline=rows[0][0])
    print(f"\n(creating {max(0, args.schools - have)} schools for this took {fill_seconds:.1f} s)")
