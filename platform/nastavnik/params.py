"""Ids people type into a query string (`?programme=12`): one place that reads them.

Pages take a bad id as «no filter» (the page still opens); the API answers 400 naming the parameter,
so a client learns its mistake instead of getting data it did not ask for. Nothing here lets a
non-numeric value reach the ORM, where it used to raise and end as a 500.
"""

from __future__ import annotations

from collections.abc import Mapping

from rest_framework import serializers

NOT_AN_ID = "Ожидается целое число."
# PostgreSQL's integer and bigint limits: a larger number is no id of ours and would overflow the query.
MAX_ID = 2**63 - 1


def int_param(value: object) -> int | None:
    """A positive integer id from a query value, else None (absent, empty, text, negative, too large)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdParamField(serializers.IntegerField):
    """An id in the API's query string: a positive integer, or 400 «Ожидается целое число.»."""

    default_error_messages = {
        "invalid": NOT_AN_ID,
        "max_string_length": NOT_AN_ID,
        "min_value": NOT_AN_ID,
        "max_value": NOT_AN_ID,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def validate_empty_values(self, data):
        # `?survey=` is no filter. Answered here, before the min/max validators, which cannot
        # compare None (returning None from to_internal_value still ran them: a 500 found by fuzzing).
        if isinstance(data, str) and data.strip() == "":
            return (True, None)
        return super().validate_empty_values(data)


def query_ids(query: Mapping, *names: str) -> dict[str, int | None]:
    """The named ids of an API query string, validated together: {name: int or None}.

    Raises DRF's ValidationError (400) with every bad parameter named, e.g.
    {"programme": ["Ожидается целое число."]}.
    """
    serializer_class = type(
        "QueryIdsSerializer", (serializers.Serializer,), {name: IdParamField() for name in names}
    )
    data = serializer_class(data={name: query.get(name) for name in names if name in query})
    data.is_valid(raise_exception=True)
    return {name: data.validated_data.get(name) for name in names}


def query_id(query: Mapping, name: str) -> int | None:
    """One id of an API query string, or None when absent; 400 naming it when it is not an id."""
    return query_ids(query, name)[name]
