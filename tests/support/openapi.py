"""The OpenAPI schema as /api/schema/ serves it, and checking a real answer against it.

Built in-process from the same URL tree (nastavnik.urls_openapi), so it needs no database and can
be made while pytest collects the fuzzing tests.
"""

from __future__ import annotations

import copy
import http.client
import json
from functools import cache

import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.core.transport import Response

SCHOOL_API = "/api/v1/schools/{school}/"


@cache
def openapi() -> dict:
    generated = SchemaGenerator(urlconf="nastavnik.urls_openapi").get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def operations() -> list[tuple[str, str, dict]]:
    """(path, METHOD, operation) for every operation of the schema."""
    methods = {"get", "post", "put", "patch", "delete"}
    return [
        (path, method.upper(), operation)
        for path, item in openapi()["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def openapi_copy() -> dict:
    """A copy for a loader that may change the dict it is given."""
    return copy.deepcopy(openapi())


@cache
def _checker():
    return schemathesis.openapi.from_dict(openapi_copy())


def validate(response, *, path: str, method: str) -> None:
    """Raise (with schemathesis's explanation) unless a Django test client's answer is one the schema
    documents for the operation: its status, content type and body."""
    request = requests.Request(method, f"http://localhost{response.request['PATH_INFO']}").prepare()
    answer = Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=response.content,
        request=request,
        elapsed=0.0,
        verify=False,
        message=http.client.responses.get(response.status_code, ""),
    )
    documented = openapi()["paths"][path][method.lower()]["responses"]
    assert str(response.status_code) in documented, (
        f"{response.status_code} is not documented: {list(documented)}"
    )
    _checker()[path][method].validate_response(answer)
