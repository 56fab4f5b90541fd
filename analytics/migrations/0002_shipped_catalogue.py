"""The shipped indicator catalogue (analytics.catalogue): stable codes, names and definitions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from analytics.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("analytics", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
