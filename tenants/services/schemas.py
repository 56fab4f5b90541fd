"""School schemas: the migrated template, cloning it, and checking many schemas' migrations at once.

Schema: runs in PUBLIC and creates or inspects school schemas. This module and analytics' collector
are the only places that look across school schemas.

Why a template: creating a schema by running every migration costs a Django migration-graph walk and
hundreds of DDL statements per school (seconds once the apps grow). Cloning a schema that has
already been migrated copies tables, indexes, constraints, reference data and the django_migrations
rows in one server-side call, so a new school needs no migration run at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

# Schemas read per statement by the migration check: each table read takes a lock until the end of
# the transaction, and max_locks_per_transaction bounds how many one transaction may hold.
CHECK_CHUNK = 100


def template_schema_name() -> str:
    return settings.SCHOOL_TEMPLATE_SCHEMA


@lru_cache(maxsize=1)
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of the project, as (app, name): what a fully migrated schema has recorded.

    Read from the migration files once per process: they do not change while it runs.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return frozenset(loader.graph.nodes)


@dataclass(frozen=True)
class SchemaState:
    schema_name: str
    missing: frozenset[tuple[str, str]]

    @property
    def up_to_date(self) -> bool:
        return not self.missing


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def schema_states(
    schema_names: Iterable[str], expected: frozenset[tuple[str, str]] | None = None
) -> list[SchemaState]:
    """Which migrations each schema lacks, reading 100 schemas' django_migrations per query.

    Stock `migrate_schemas` builds the migration plan schema by schema (about 0.1 s each); this
    reads the recorded rows of many schemas in one UNION ALL and compares them with the graph.
    """
    expected = expected_migrations() if expected is None else expected
    names = list(schema_names)
    applied: dict[str, set[tuple[str, str]]] = {name: set() for name in names}
    existing = _existing_migration_tables(names)
    with connection.cursor() as cursor:
        for chunk in _chunks([n for n in names if n in existing], CHECK_CHUNK):
            union = " UNION ALL ".join(
                f"SELECT %s, app, name FROM {connection.ops.quote_name(name)}.django_migrations"
                for name in chunk
            )
            cursor.execute(union, chunk)
            for schema_name, app, migration in cursor.fetchall():
                applied[schema_name].add((app, migration))
    return [SchemaState(name, frozenset(expected - applied[name])) for name in names]


def _existing_migration_tables(names: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [names],
        )
        return {row[0] for row in cursor.fetchall()}


def schema_migrate(schema_name: str, verbosity: int = 0) -> None:
    """Run the tenant migrations in one schema (creating the schema when it does not exist)."""
    if not schema_exists(schema_name):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(schema_name)}")
    call_command(
        "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=verbosity
    )
    connection.set_schema_to_public()


def template_ensure(verbosity: int = 0) -> str:
    """Create or bring up to date the template schema new schools are cloned from."""
    name = template_schema_name()
    [state] = schema_states([name])
    if not state.up_to_date:
        schema_migrate(name, verbosity=verbosity)
    return name


def schema_clone_from_template(schema_name: str) -> None:
    """Copy the template (tables, data and migration records) into a new schema.

    The caller has checked the template is migrated (template_ensure), so the copy is complete and
    stock django-tenants' follow-up `migrate_schemas --fake` run is not needed.
    """
    connection.set_schema_to_public()
    CloneSchema().clone_schema(template_schema_name(), schema_name, "DATA", set_connection=False)


def schema_drop(schema_name: str) -> None:
    if schema_name in {"public", template_schema_name()}:
        raise ValueError(f"refusing to drop {schema_name}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema_name)} CASCADE")
