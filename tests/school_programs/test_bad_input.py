"""Ids typed into a query string: the API answers 400 naming the parameter, a page opens without the
filter. Before, `?programme=x` reached the ORM and ended as a 500."""

import pytest

from nastavnik.params import int_param

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"

API_URLS = [
    "monitoring/report/",
    "monitoring/report.xlsx",
    "monitoring/surveys/",
    "surveys/distributions/",
    "compatibility/",
    "preferences/",
    "matching-runs/",
    "supply-demand/",
]
PAGES = [
    "programme/",
    "groups/",
    "matching/",
    "completion/",
    "monitoring/",
    "monitoring/surveys/",
    "surveys/",
    "bases/",
    "orders/",
]


@pytest.mark.parametrize("url", API_URLS)
@pytest.mark.parametrize("value", ["x", "1.5", "-3", "²", "99999999999999999999999"])
def test_the_api_refuses_a_programme_that_is_not_an_id_naming_it(world, client_of, url, value):
    response = client_of("curator_a").get(f"{API_A}/{url}", {"programme": value})

    assert response.status_code == 400
    assert response.json() == {"programme": ["Ожидается целое число."]}


def test_the_api_names_every_bad_parameter_of_a_distribution_list(world, client_of):
    response = client_of("curator_a").get(f"{API_A}/surveys/distributions/?programme=x&survey=y")

    assert response.status_code == 400
    assert response.json() == {"programme": ["Ожидается целое число."], "survey": ["Ожидается целое число."]}


def test_a_survey_version_that_is_not_a_number_is_refused(world, client_of):
    # "²".isdigit() is True in Python: the old check let it through to the ORM.
    response = client_of("curator_a").get(f"{API_A}/surveys/1/?version=²")

    assert response.status_code == 400
    assert response.json() == {"version": ["Ожидается целое число."]}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("value", ["x", "²", "99999999999999999999999"])
def test_a_page_opens_without_the_filter_when_the_programme_is_not_an_id(world, client_of, url, value):
    response = client_of("curator_a").get(f"{A}/{url}", {"programme": value})

    assert response.status_code == 200


def test_a_survey_preview_with_a_bad_version_is_not_found(world, client_of):
    response = client_of("curator_a").get(f"{A}/surveys/1/preview/?version=²")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("", None), (None, None), ("x", None), ("0", None), ("-1", None), ("²", None)],
)
def test_int_param_takes_only_positive_ids(value, expected):
    assert int_param(value) == expected
