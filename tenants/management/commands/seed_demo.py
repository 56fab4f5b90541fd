from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from tqdm import tqdm

from ...demo import DEMO_PASSWORD, SCHOOLS, login_table, seed_region


class Command(BaseCommand):
    help = "Создать демонстрационный регион (повторный запуск ничего не меняет)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="напечатать демо-логины")

    def handle(self, *args, **options):
        bar = tqdm(
            total=len(SCHOOLS),
            unit="шк.",
            desc="Демо-регион",
            file=self.stderr,
            disable=options["verbosity"] == 0,
        )
        region = seed_region(progress=bar.update)
        bar.close()
        # Other apps add their demo data through an optional `<app>.demo.seed(region)`; looked up by
        # name so that this public app never imports a per-school app.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name != "tenants" and find_spec(module_name):
                module = import_module(module_name)
                if hasattr(module, "seed"):
                    module.seed(region, stdout=self.stdout)
        # Then `<app>.demo.finish(region)`, for work that reads every app's demo data (indicator facts).
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name != "tenants" and find_spec(module_name):
                module = import_module(module_name)
                if hasattr(module, "finish"):
                    module.finish(region, stdout=self.stdout)
        if options["print_logins"]:
            self.stdout.write(self.style.SUCCESS(f"\nДемо-логины (пароль у всех: {DEMO_PASSWORD}):"))
            for username, role, where in login_table():
                self.stdout.write(f"  {username:<16} {role:<46} {where}")
