"""The one permission idiom of the school API and the field that loads related ids through access.py.

Every API view of a school derives from `SchoolApiView` and names its area of the role table
(school_programs/roles.py): `rule = "matching"` means GET/HEAD/OPTIONS need `matching.read` and every
other method `matching.write`; `rules = {"POST": "orders.sign"}` names a rule for one method. A
non-member of the school gets 404 (SchoolMemberPermission), a member without the role 403, and only
then are objects loaded, through access.py.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.views import APIView

from tenants.access import SchoolMemberPermission

from .. import access
from ..roles import rule_of

NOT_FOUND = "Объект не найден."


class SchoolRulePermission(SchoolMemberPermission):
    """Member of the school (else 404) holding a role the table gives the view's rule (else 403)."""

    message = "Недостаточно прав для этого действия."

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return access.may(request.user, view_rule(view, request.method))


def view_rule(view, method: str) -> str:
    """The rule of the role table a view asks for this method (also read by the access matrix test)."""
    by_method = getattr(view, "rules", None) or {}
    return rule_of(by_method.get(method.upper(), view.rule), method)


class SchoolApiView(APIView):
    """Base of every school API view: set `rule` (an area of the role table), optionally `rules`."""

    permission_classes = [SchoolRulePermission]
    rule: str = ""
    rules: dict[str, str] = {}


@extend_schema_field(OpenApiTypes.INT)
class AccessibleField(serializers.Field):
    """A related id in a request body, loaded by an access function with the caller's user.

    «Missing» and «not yours» give one and the same error that names no object, so a body cannot be
    used to learn who is in the school: `AccessibleField(access.access_mentee_request)`.
    """

    default_error_messages = {"not_found": NOT_FOUND, "invalid": NOT_FOUND}

    def __init__(self, loader, **kwargs):
        self.loader = loader
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not str(data).isdigit():
            self.fail("invalid")
        try:
            return self.loader(self.context["request"].user, int(data))
        except Http404:
            self.fail("not_found")

    def to_representation(self, value):
        return value.pk


class AccessibleListField(serializers.ListField):
    """A list of related ids, each through the same access function (see AccessibleField). One
    unreachable id makes the one error of the field, without saying which id it was."""

    def __init__(self, loader, **kwargs):
        super().__init__(child=AccessibleField(loader), **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):  # per-item errors: all of them are «not found»
                raise serializers.ValidationError([NOT_FOUND]) from None
            raise
