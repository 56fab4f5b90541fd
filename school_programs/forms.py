"""Shared pieces of the school's page forms; each area keeps its forms in forms_<area>.py."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ListField(forms.CharField):
    """A comma-separated list typed by a person («алгебра, геометрия») as a list of clean strings."""

    def to_python(self, value):
        text = super().to_python(value)
        return [item.strip() for item in text.split(",") if item.strip()] if text else []

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value
