"""Provisioning one school, and checking that hundreds of school schemas need no migration."""

import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import pre_migrate

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

    _measure_nothing_to_migrate(list(School.objects.values_list("schema_name", flat=True)), args.repeat)


class _Plans:
    """Every migration plan a `migrate` run was about to apply, from the pre_migrate signal (sent with
    the plan by each run that gets past --check): a no-op deploy must never see a non-empty one."""

    def __init__(self):
        self.pending: set[str] = set()

    def __call__(self, plan=None, **kwargs):
        # Sent once per installed app with the same plan: a set keeps one line per schema.
        if plan:
            self.pending.add(f"{connection.schema_name}: {', '.join(str(m) for m, _ in plan)}")


def _measure_nothing_to_migrate(names: list[str], repeat: int) -> None:
    """The four ways over the same school schemas, each run `repeat` times and each shown to find
    nothing to do, so that the table compares the same outcome."""
    plans = _Plans()
    pre_migrate.connect(plans, dispatch_uid="bench-nothing-to-migrate")

    def stock_check(_):
        # The stock check: migrate's --check in every school schema, exit status 1 at the first
        # schema with something unapplied (and no signals, since nothing is run).
        try:
            call_command("migrate_schemas", tenant=True, check_unapplied=True, interactive=False, verbosity=0)
        except SystemExit as stop:
            raise AssertionError(f"migrate_schemas --check: unapplied migrations ({stop.code})") from None
        finally:
            connection.set_schema_to_public()

    def stock_deploy(_):
        # What a stock deploy runs: the public schema, then every school schema with migrate's
        # signals (post_migrate creates content types and checks them, schema by schema).
        call_command("migrate_schemas", interactive=False, verbosity=0)
        connection.set_schema_to_public()

    def nastavnik_check(_):
        states = schema_states(names)
        assert all(state.up_to_date for state in states)

    def nastavnik_deploy(_):
        # The product's deploy: the public schema, the template, then only the schemas that lag.
        call_command("migrate_schools", verbosity=0)

    ways = [
        (f"django-tenants: `migrate_schemas --tenant --check`, {len(names)} school schemas", stock_check),
        (
            f"django-tenants: `migrate_schemas` (public + {len(names)} school schemas), no-op deploy",
            stock_deploy,
        ),
        (f"Nastavnik `schema_states` (the check), {len(names)} school schemas", nastavnik_check),
        (
            f"Nastavnik `migrate_schools` (public + template + {len(names)} school schemas), no-op deploy",
            nastavnik_deploy,
        ),
    ]
    try:
        rows = []
        for label, way in ways:
            rows.append((label, median_seconds(way, repeat)))
            assert not plans.pending, f"{label}: migrations to apply {sorted(plans.pending)[:3]}"
    finally:
        pre_migrate.disconnect(dispatch_uid="bench-nothing-to-migrate")
    assert all(state.up_to_date for state in schema_states(names)), "a way changed the schemas"
    table(
        f"'Nothing to migrate' over {len(names)} school schemas (median of {repeat} runs each)",
        rows,
        baseline=rows[0][0],
    )
