"""Schema: PUBLIC. The region, its municipalities and the regional centre of mentoring."""

from django.apps import AppConfig


class RegionalCenterConfig(AppConfig):
    name = "regional_center"
    verbose_name = "Региональный центр наставничества"
    schema = "public"
