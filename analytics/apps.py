"""Schema: PUBLIC. Indicator catalogue, targets and aggregated per-school facts (never personal data)."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Аналитика и показатели"
    schema = "public"

    def ready(self):
        # Every write of a per-school app marks its school for the next incremental recompute.
        from . import changes

        changes.connect()
