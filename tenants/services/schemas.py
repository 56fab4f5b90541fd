"""School schemas: the migrated template, cloning it, and checking many schemas' migrations at once.

Schema: runs in PUBLIC and creates or inspects school schemas. This module and analytics' collector
are the only places that look across school schemas.

Why a template: creating a schema by running every migration costs a Django migration-graph walk and
hundreds of DDL statements per school (seconds once the apps grow). A new school is instead a copy of
a schema that has already been migrated.

Why not django-tenants' clone_schema() for that copy: the PL/pgSQL function introspects the catalogue
object by object, and the catalogue grows with every school, so each clone is slower than the last
(about 0.15 s at 15 schools, about 1 s at 200, measured by `make bench`). Nastavnik takes the
template's DDL once per process with pg_dump (schema-qualified, so it is re-targeted by replacing the
schema name), replays it in the new schema and copies the template's rows (migration records,
reference data): a cost that does not grow with the number of schools. pg_dump is taken from
settings.PG_BINDIR (NASTAVNIK_PG_BINDIR; the local services set it to the embedded server's
binaries), else from PATH. Without a pg_dump that can read the server (missing, or older than the
server), or while the template itself is uncommitted, the clone function is the fallback.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

logger = logging.getLogger(__name__)

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


def template_ensure(verbosity: int = 0) -> bool:
    """Create or bring up to date the template schema new schools are copied from.

    Returns True when the template was changed just now (and so may not be committed yet).
    """
    [state] = schema_states([template_schema_name()])
    if state.up_to_date:
        return False
    schema_migrate(template_schema_name(), verbosity=verbosity)
    forget_template_snapshot()
    return True


@dataclass(frozen=True)
class TemplateSnapshot:
    """The template's DDL with a placeholder for the schema name, and the tables whose rows to copy."""

    migrations: frozenset[tuple[str, str]]
    ddl: str
    tables_with_rows: tuple[tuple[str, str | None], ...]  # (table, identity column or None)


_PLACEHOLDER = "__nastavnik_new_school_schema__"
_snapshot: TemplateSnapshot | None = None


def _pg_dump_binary() -> Path | None:
    if settings.PG_BINDIR:
        binary = Path(settings.PG_BINDIR) / "pg_dump"
        return binary if binary.exists() else None
    on_path = shutil.which("pg_dump")
    return Path(on_path) if on_path else None


def _dump_template_ddl(binary: Path) -> str:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    command = [
        str(binary),
        "--schema-only",
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        f"--schema={template_schema_name()}",
        "--dbname",
        db["NAME"],
    ]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120).stdout


def _retarget(ddl: str, template: str) -> str:
    """pg_dump qualifies every object with its schema; swap the template's name for a placeholder.

    Session settings and psql meta-commands (\\restrict) are dropped: the statements run inside the
    caller's transaction and must not change its search_path.
    """
    statements = []
    for line in ddl.splitlines():
        if line.startswith(("\\", "SET ", "SELECT pg_catalog.set_config")) or line.startswith("--"):
            continue
        statements.append(line)
    text = "\n".join(statements)
    text = text.replace(f"CREATE SCHEMA {template};", f'CREATE SCHEMA "{_PLACEHOLDER}";')
    return text.replace(f"{template}.", f'"{_PLACEHOLDER}".')


def _tables_with_rows(template: str) -> tuple[tuple[str, str | None], ...]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attidentity <> '' LIMIT 1) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
            [template],
        )
        tables = cursor.fetchall()
        result = []
        for table, identity in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(template)}.{quote(table)})")
            if cursor.fetchone()[0]:
                result.append((table, identity))
    return tuple(result)


def template_snapshot() -> TemplateSnapshot | None:
    """The cached DDL of the committed, up-to-date template; None when it cannot be taken."""
    global _snapshot
    expected = expected_migrations()
    if _snapshot is not None and _snapshot.migrations == expected:
        return _snapshot
    binary = _pg_dump_binary()
    if binary is None:
        return None
    template = template_schema_name()
    try:
        dumped = _dump_template_ddl(binary)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        # Typically a pg_dump older than the server, which refuses to dump it.
        stderr = getattr(error, "stderr", "") or ""
        logger.warning("pg_dump %s failed, cloning schemas instead: %s %s", binary, error, stderr[:500])
        return None
    ddl = _retarget(dumped, template)
    if "CREATE TABLE" not in ddl:  # the template is not committed yet: pg_dump cannot see it
        return None
    _snapshot = TemplateSnapshot(expected, ddl, _tables_with_rows(template))
    return _snapshot


def forget_template_snapshot() -> None:
    global _snapshot
    _snapshot = None


def schema_copy_from_template(schema_name: str, snapshot: TemplateSnapshot) -> None:
    """Create `schema_name` by replaying the template's DDL and copying its rows."""
    quote = connection.ops.quote_name
    target, template = quote(schema_name), quote(template_schema_name())
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(snapshot.ddl.replace(f'"{_PLACEHOLDER}"', target))
        for table, identity in snapshot.tables_with_rows:
            cursor.execute(f"INSERT INTO {target}.{quote(table)} SELECT * FROM {template}.{quote(table)}")
            if identity:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"(SELECT COALESCE(MAX({quote(identity)}), 0) + 1 FROM {target}.{quote(table)}), false)",
                    [f"{target}.{quote(table)}", identity],
                )


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
