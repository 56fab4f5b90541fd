"""Schema: PUBLIC. Indicator catalogue, targets and aggregated per-school facts (never personal data)."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Аналитика и показатели"
    schema = "public"
