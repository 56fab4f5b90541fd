"""API-wide behaviour: business-rule errors from services become 400 with per-field Russian messages."""

import drf_spectacular.openapi
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return drf_exception_handler(exc, context)


class AutoSchema(drf_spectacular.openapi.AutoSchema):
    """Names nested serializers after their view: every view declares its own `InputSerializer` and
    `OutputSerializer` (style.md), and without a prefix they would all be one «Input» component."""

    def get_serializer_name(self, serializer, direction):
        cls = serializer if isinstance(serializer, type) else serializer.__class__
        owner, _, name = cls.__qualname__.rpartition(".")
        if owner:
            return owner.split(".")[-1].removesuffix("Api") + name
        return super().get_serializer_name(serializer, direction)
