"""«This school's data changed»: the mark that makes recompute incremental.

Schema: PUBLIC table (analytics.SchoolDataChange), written from whatever school schema the
connection is in. Every save, delete or many-to-many change of a model of a per-school app (AppConfig
`schema = "tenant"`) inserts one row for the school in the same transaction, so the mark commits and
rolls back with the change it records; a service that writes in bulk (bulk_create, queryset.update)
calls `school_data_changed()` itself. One mark per school and transaction is enough: a marker in the
connection's on-commit list remembers that this transaction already marked the school (the list is
emptied on commit and on rollback, and a rolled-back savepoint takes its marker with it).

Why a log written by the writers and not triggers or pg_stat counters: triggers would have to be
replayed into 2,000 schemas and compete for a row lock per school; pg_stat counters are flushed
asynchronously and reset after a crash, so a recompute could miss a committed change. Insert-only
rows never make two writers of one school wait for each other.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tenants.utils import get_public_schema_name

_MARK_SQL = (
    "INSERT INTO public.analytics_schooldatachange (school_id, at) "
    "SELECT id, now() FROM public.tenants_school WHERE schema_name = %s"
)


class _Marked:
    """The on-commit entry standing for «this transaction already marked `schema_name`»."""

    def __init__(self, schema_name: str):
        self.schema_name = schema_name

    def __call__(self):  # nothing to do at commit: the row is already written
        return None


def school_data_changed(*, schema_name: str | None = None) -> None:
    """Record that the school's data changed (the current schema's school unless named)."""
    schema_name = schema_name or getattr(connection, "schema_name", None)
    if not schema_name or schema_name == get_public_schema_name():
        return
    if connection.in_atomic_block:
        if any(
            isinstance(func, _Marked) and func.schema_name == schema_name
            for _, func, _ in connection.run_on_commit
        ):
            return
        connection.on_commit(_Marked(schema_name))
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, [schema_name])


def forget_marks(schema_name: str) -> None:
    """After a recompute in this same transaction (tests, the demo): the next change marks again."""
    connection.run_on_commit = [
        entry
        for entry in connection.run_on_commit
        if not (isinstance(entry[1], _Marked) and entry[1].schema_name == schema_name)
    ]


def _on_change(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: fixtures, not the school's work
        return
    school_data_changed()


def _on_m2m(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        school_data_changed()


def connect() -> None:
    """Listen to every model of the per-school apps (their AppConfig says schema = "tenant")."""
    for model in apps.get_models():
        if getattr(model._meta.app_config, "schema", None) != "tenant":
            continue
        uid = f"analytics-change-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=field.remote_field.through, dispatch_uid=uid + "-" + field.name
            )
