from django.db import migrations


def load(apps, schema_editor):
    from school_programs.instruments import load_instruments

    load_instruments(apps)


class Migration(migrations.Migration):
    dependencies = [("school_programs", "0003_surveys")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
