"""Schema: PUBLIC. Schools (tenants), identity, memberships and roles, access rules, provisioning."""

from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Школы и пользователи"
    schema = "public"
