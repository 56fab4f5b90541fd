"""API tokens moved from DRF's authtoken (stored in clear) to django-rest-knox (hashed).

The authtoken app is no longer installed, so nothing reads its table any more; drop it so the old
tokens do not stay on disk in clear. Nothing to undo: knox tokens are issued afresh.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
