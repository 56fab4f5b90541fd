"""The API keeps the promises of its OpenAPI schema: every operation documents its errors in the one
error shape (nastavnik/api.py), and real answers — pages of a list, null fields, a refused import —
validate against the schema. (That the schema builds without warnings: tests/tenants/test_health_and_docs.py.)
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context

from tests.support import school as make
from tests.support.openapi import SCHOOL_API, openapi, operations, validate

API = "/api/v1/schools/school-a/"
ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}


def in_a(world):
    return schema_context(world.school_a.schema_name)


def _body_schema(operation: dict, code: str) -> dict | None:
    return operation["responses"].get(code, {}).get("content", {}).get("application/json", {}).get("schema")


def _expected_errors(path: str, method: str, operation: dict) -> set[str]:
    parameters = operation.get("parameters", [])
    expected = set()
    if path.startswith(SCHOOL_API):
        # A non-member gets 404 for everything in a school; a member without the role, 403.
        expected |= {"403", "404"}
        if operation.get("security") and {} not in operation["security"]:
            expected.add("401")  # all but the answering by a personal link, open without login
    if any(p["in"] == "path" for p in parameters):
        expected.add("404")
    # A write may be refused by its service's rule even without a body (giving an account twice).
    writes = method in {"POST", "PUT", "PATCH", "DELETE"}
    if writes or "requestBody" in operation or any(p["in"] == "query" for p in parameters):
        expected.add("400")
    return expected


def test_every_operation_documents_its_errors_in_the_one_error_shape():
    missing = []
    for path, method, operation in operations():
        for code in sorted(_expected_errors(path, method, operation)):
            schema = _body_schema(operation, code)
            if schema != (VALIDATION_ERROR if code == "400" else ERROR):
                missing.append(f"{method} {path}: {code} → {schema}")
        for code in operation["responses"]:
            if code >= "400" and _body_schema(operation, code) not in (ERROR, VALIDATION_ERROR):
                missing.append(f"{method} {path}: {code} has no error body")
    assert len(operations()) > 100
    assert not missing, "\n".join(missing)


def test_the_error_components_are_declared_once():
    components = openapi()["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert set(components["ValidationError"]["properties"]) == {"detail", "non_field_errors", "errors"}
    assert not [name for name in components if name.endswith("ImportErrors")]


# --- Real answers against the schema ------------------------------------------------------------


def test_the_groups_list_is_the_documented_page(world, client_of):
    with in_a(world):
        prog = make.programme()
        entry = make.mentor(prog, make.student("Наставников", grade=10))
        make.group(prog, entry, [make.mentee(prog, make.student("Подопечный", grade=7))])
    response = client_of("curator_a").get(API + "groups/", {"limit": 1})
    assert response.status_code == 200
    assert response.json()["count"] == 1 and len(response.json()["results"]) == 1
    validate(response, path=SCHOOL_API + "groups/", method="GET")


def test_a_mentee_request_without_a_mentor_is_valid_with_mentor_null(world, client_of):
    with in_a(world):
        prog = make.programme()
        make.mentee(prog, make.student("Безнаставников", grade=7))
    response = client_of("curator_a").get(API + "mentee-requests/")
    assert response.status_code == 200
    assert [r["mentor"] for r in response.json()] == [None]
    validate(response, path=SCHOOL_API + "mentee-requests/", method="GET")


@pytest.mark.parametrize(
    ("url", "path", "data"),
    [
        ("participants/import/", "participants/import/", {"kind": "student"}),
        ("monitoring/grades/import/", "monitoring/grades/import/", {}),
    ],
)
def test_an_import_without_a_file_answers_in_the_documented_error_shape(world, client_of, url, path, data):
    response = client_of("curator_a").post(API + url, data)
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    validate(response, path=SCHOOL_API + path, method="POST")


def test_an_import_with_bad_rows_answers_in_the_documented_error_shape(world, client_of):
    broken = "Код;Фамилия;Имя;Дата рождения;Класс\nS-1;Иванов;Пётр;31.02.2012;7А\n"
    response = client_of("curator_a").post(
        API + "participants/import/",
        {"kind": "student", "file": SimpleUploadedFile("s.csv", broken.encode())},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2
    validate(response, path=SCHOOL_API + "participants/import/", method="POST")


def test_errors_of_every_kind_answer_as_documented(world, client_of):
    groups = SCHOOL_API + "groups/"
    anonymous = Client().get(API + "groups/")
    assert anonymous.status_code == 401
    validate(anonymous, path=groups, method="GET")

    other_school = client_of("curator_b").get(API + "groups/")
    assert other_school.status_code == 404
    validate(other_school, path=groups, method="GET")

    no_role = client_of("mentor_a").post(API + "participants/import/", {"kind": "student"})
    assert no_role.status_code == 403
    validate(no_role, path=SCHOOL_API + "participants/import/", method="POST")

    bad_query = client_of("curator_a").get(API + "groups/", {"status": "nonsense"})
    assert bad_query.status_code == 400 and list(bad_query.json()) == ["status"]
    validate(bad_query, path=groups, method="GET")

    unreadable = client_of("curator_a").post(
        API + "mentee-requests/", "{not json", content_type="application/json"
    )
    assert unreadable.status_code == 400 and "detail" in unreadable.json()
    validate(unreadable, path=SCHOOL_API + "mentee-requests/", method="POST")


def test_an_unknown_api_url_answers_with_the_json_404_and_a_page_with_the_page(world, client_of):
    client = client_of("curator_a")
    api = client.get(API + "groups/not-a-number/")
    assert api.status_code == 404 and list(api.json()) == ["detail"]
    validate(api, path=SCHOOL_API + "groups/{group_id}/", method="GET")
    page = client.get("/s/school-a/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_an_empty_id_filter_is_no_filter_and_not_a_server_error(world, client_of):
    """Found by the fuzzing: `?survey=` ran the id's min/max validators on None (500)."""
    response = client_of("curator_a").get(API + "surveys/distributions/", {"programme": "", "survey": ""})
    assert response.status_code == 200
    validate(response, path=SCHOOL_API + "surveys/distributions/", method="GET")
