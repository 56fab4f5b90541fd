"""Schema: PUBLIC. Municipal consultation points, their consultants and requests for help."""

from django.apps import AppConfig


class ConsultationPointsConfig(AppConfig):
    name = "consultation_points"
    verbose_name = "Муниципальные консультационные пункты"
    schema = "public"
