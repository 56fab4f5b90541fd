"""`manage.py sync_indicators`: create or refresh the shipped indicators (codes never change)."""

from django.core.management.base import BaseCommand

from analytics.catalogue import SHIPPED, sync_catalogue


class Command(BaseCommand):
    help = "Создать недостающие и обновить описания поставляемых показателей."

    def handle(self, *args, **options):
        created = sync_catalogue()
        self.stdout.write(f"Показателей в поставке: {len(SHIPPED)}, создано: {created}.")
