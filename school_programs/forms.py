"""Shared pieces of the school's page forms; each area keeps its forms in forms_<area>.py."""

from django import forms
from django.core.exceptions import ValidationError


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


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError (Russian, per field when it names fields) on the submitted form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
