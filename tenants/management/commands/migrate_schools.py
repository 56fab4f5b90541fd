from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ...models import School
from ...services.schemas import schema_migrate, schema_states, template_ensure, template_schema_name


class Command(BaseCommand):
    help = (
        "Применить миграции: общую схему, шаблон школ и только те схемы школ, где чего-то не хватает. "
        "Состояние сотен схем читается одним запросом на сотню схем."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="только проверить; код 1, если есть отставшие схемы"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if options["check"]:
            names = [template_schema_name(), *School.objects.values_list("schema_name", flat=True)]
            stale = [state for state in schema_states(names) if not state.up_to_date]
            for state in stale:
                self.stdout.write(f"{state.schema_name}: не применено миграций — {len(state.missing)}")
            if stale:
                raise CommandError(f"Схем с неприменёнными миграциями: {len(stale)}.")
            self.stdout.write(f"Все схемы ({len(names)}) в актуальном состоянии.")
            return
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        template_ensure(verbosity=verbosity)
        names = list(School.objects.values_list("schema_name", flat=True))
        stale = [state.schema_name for state in schema_states(names) if not state.up_to_date]
        for name in stale:
            schema_migrate(name, verbosity=verbosity)
        if verbosity:
            self.stdout.write(f"Схем школ: {len(names)}, обновлено: {len(stale)}.")
