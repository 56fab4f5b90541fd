"""Schema: TENANT (one per school). The school's mentoring programme and all personal data."""

from django.apps import AppConfig


class SchoolProgramsConfig(AppConfig):
    name = "school_programs"
    verbose_name = "Программа наставничества школы"
    schema = "tenant"
