"""Schema: PUBLIC. Schools (tenants), identity, memberships and roles, access rules, provisioning."""

from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Школы и пользователи"
    schema = "public"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from nastavnik.sessions import renewed_at_login

        from .services.sessions import on_user_logged_in

        # Record each page session so that its owner can list and end it (Личный кабинет).
        user_logged_in.connect(on_user_logged_in, dispatch_uid="tenants.session_record")
        user_logged_in.connect(renewed_at_login, dispatch_uid="nastavnik.session_renewed_at_login")
