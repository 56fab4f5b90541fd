import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Демо одной командой: миграции, демо-регион, фоновый обработчик Celery и веб-сервер."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("DEMO_ADDR", "0.0.0.0:8000"))
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, **options):
        call_command("migrate_schools", verbosity=0)
        call_command("seed_demo", print_logins=True, verbosity=1)
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "nastavnik", "worker", "--beat", "--loglevel=warning",
                 "--concurrency=2", "--schedule", os.path.join(".devdata", "celerybeat-schedule")],
            )  # fmt: skip
        host = options["addr"].replace("0.0.0.0", "localhost")
        self.stdout.write(
            self.style.SUCCESS(f"\n«Наставник» открыт на http://{host}/  (Ctrl+C — остановить)\n")
        )
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            if worker:
                worker.terminate()
                worker.wait(15)
