"""API-wide behaviour: one error shape for the whole API, produced here and documented here.

Errors (the exception handler below, and DRF's own):
- 400: `{field: [messages]}`, `{"non_field_errors": [...]}` for a rule that is not one field's, `{"detail":
  "..."}` when the request as a whole is unreadable, and for a spreadsheet `{"detail": "...", "errors":
  [{row, column, message, text}]}` — all one component, `ValidationError`.
- 401/403/404/405/409/410/429/503: `{"detail": "..."}`, the component `Error`.

The AutoSchema adds these responses to every operation from what the operation is (one place, not 148
decorators): 401 where a login is needed, 403 and 404 for every operation inside a school (a
non-member gets 404, a member without the role 403), 404 wherever the path names an object, 400 for
every write (its service may refuse it by a rule, body or not) and wherever there is a query
parameter, 429 where a throttle applies.
"""

from __future__ import annotations

import drf_spectacular.openapi
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

SCHOOL_PATH_PREFIX = "/api/v1/schools/{school}/"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, exceptions.ValidationError):
        exc.detail = _field_errors(exc.detail)
    return drf_exception_handler(exc, context)


def _field_errors(detail):
    """A view's `ValidationError("…")` or `ValidationError({"end": "…"})` in the shape serializers give:
    an object, and a list of messages under each field (DRF would answer a bare list or a string)."""
    if not isinstance(detail, dict):
        return {"non_field_errors": detail if isinstance(detail, list) else [detail]}
    return {field: [errors] if isinstance(errors, str) else errors for field, errors in detail.items()}


def not_found(request, exception):
    """handler404: a URL no route matches (`groups/x/`) is, under /api/, the API's own 404 body."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)


ROW_ERROR_SCHEMA = {
    "type": "object",
    "description": "Ошибка в строке загруженного файла",
    "properties": {
        "row": {"type": "integer", "description": "Номер строки в файле (заголовок — строка 1)"},
        "column": {"type": "string", "description": "Столбец; пусто, если ошибка во всей строке"},
        "message": {"type": "string"},
        "text": {"type": "string", "description": "«Строка 5, столбец «Дата рождения»: …»"},
    },
    "required": ["row", "column", "message", "text"],
}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Ошибка запроса целиком: нет входа, нет прав, не найдено, ссылка больше не действует…",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

# What DRF puts under one field: its messages; a nested object's errors by its fields (an object);
# a list's errors by position (`{"0": [...]}` for a ListField, `[{}, {...}]` for a list of objects).
_FIELD_ERRORS = {
    "anyOf": [
        {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
        {"type": "object"},
    ]
}

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Ошибки по полям: {поле: [сообщения]}; non_field_errors — правила не одного поля; detail — "
        "запрос не прочитан целиком; errors — ошибки загруженного файла по строкам и столбцам."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/RowError"}},
    },
    "additionalProperties": _FIELD_ERRORS,
}

ERROR_DESCRIPTIONS = {
    "400": "Ошибки в запросе",
    "401": "Нужен вход: токен или сессия",
    "403": "Нет прав на это действие",
    "404": "Не найдено (или не ваше: чужая школа, чужой объект)",
    "429": "Слишком много попыток, повторите позже",
}


class AutoSchema(drf_spectacular.openapi.AutoSchema):
    def get_serializer_name(self, serializer, direction):
        """Names nested serializers after their view: every view declares its own `InputSerializer`
        and `OutputSerializer` (style.md), and without a prefix they would all be one «Input»."""
        cls = serializer if isinstance(serializer, type) else serializer.__class__
        owner, _, name = cls.__qualname__.rpartition(".")
        if owner:
            return owner.split(".")[-1].removesuffix("Api") + name
        return super().get_serializer_name(serializer, direction)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self._document_errors(operation)
        return operation

    # --- errors -----------------------------------------------------------------------------------

    def _error_codes(self, operation: dict) -> set[str]:
        view = self.view
        permissions = [type(p) for p in view.get_permissions()]
        public = bool(permissions) and all(issubclass(p, AllowAny) for p in permissions)
        in_school = self.path.startswith(SCHOOL_PATH_PREFIX)
        parameters = operation.get("parameters", [])
        codes = set()
        if not public:
            codes.add("401")
        if in_school or any(not issubclass(p, (IsAuthenticated, AllowAny)) for p in permissions):
            codes.add("403")
        if in_school or any(p["in"] == "path" for p in parameters):
            codes.add("404")
        # A write without a body (give an account, activate a plan, reject a suggestion) still goes
        # through a service that may refuse it by a rule (`ValidationError` → 400).
        writes = self.method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
        if writes or "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes.add("400")
        if view.get_throttles():
            codes.add("429")
        return codes

    def _document_errors(self, operation: dict) -> None:
        responses = operation["responses"]
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
        for code, response in responses.items():
            # A view may name an error of its own (410, 503) with a description: the body is still ours.
            if code[:1] in {"4", "5"} and "content" not in response:
                response["content"] = {"application/json": {"schema": self._error_ref(code)}}

    def _error_ref(self, code: str) -> dict:
        if code != "400":
            return self._component("Error", ERROR_SCHEMA)
        self._component("RowError", ROW_ERROR_SCHEMA)
        return self._component("ValidationError", VALIDATION_ERROR_SCHEMA)

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref
