"""Schema: TENANT (one per school). The school's mentoring programme and all personal data."""

from django.apps import AppConfig


class SchoolProgramsConfig(AppConfig):
    name = "school_programs"
    verbose_name = "Программа наставничества школы"
    schema = "tenant"

    def ready(self):
        # The school's indicators register into the public analytics registry (which may not import
        # this app): numerator/denominator functions the regional roll-up calls per school.
        from . import indicators, indicators_sql  # noqa: F401
