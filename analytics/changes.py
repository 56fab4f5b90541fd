"""«This school's data changed»: the mark that makes recompute incremental.

Schema: PUBLIC table (analytics.SchoolDataChange), written from whatever school schema the
connection is in. Every save, delete or many-to-many change of a model of a per-school app (AppConfig
`schema = "tenant"`) inserts one row for the school in the same transaction, so the mark commits and
rolls back with the change it records; a service that writes in bulk (bulk_create, queryset.update)
calls `school_data_changed()` itself. One mark per school and transaction is enough (see _MARK_SQL).

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

# One mark per school and transaction. The schools already marked are listed in a transaction-local
# setting (set_config(…, true)): PostgreSQL reverts it with the transaction, and a rolled-back
# savepoint takes both its mark and its entry in the list with it, so the list and the rows agree.
_GUC = "nastavnik.changed_schools"
_MARK_SQL = f"""
WITH marked AS (SELECT coalesce(current_setting('{_GUC}', true), '') AS seen)
INSERT INTO public.analytics_schooldatachange (school_id, at)
SELECT s.id, now() FROM public.tenants_school s, marked
WHERE s.schema_name = %(schema)s
  AND position(',' || %(schema)s || ',' IN marked.seen) = 0
  AND set_config('{_GUC}', marked.seen || ',' || %(schema)s || ',', true) IS NOT NULL
"""
_FORGET_SQL = f"""
SELECT set_config(
    '{_GUC}', replace(coalesce(current_setting('{_GUC}', true), ''), ',' || %s || ',', ''), true
)
"""


def school_data_changed(*, schema_name: str | None = None) -> None:
    """Record that the school's data changed (the current schema's school unless named)."""
    schema_name = schema_name or getattr(connection, "schema_name", None)
    if not schema_name or schema_name == get_public_schema_name():
        return
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, {"schema": schema_name})


def forget_marks(schema_name: str, cursor=None) -> None:
    """After a recompute inside a longer transaction (tests, the demo): the next change marks again."""
    if cursor is None:
        with connection.cursor() as cursor:
            cursor.execute(_FORGET_SQL, [schema_name])
    else:
        cursor.execute(_FORGET_SQL, [schema_name])


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
