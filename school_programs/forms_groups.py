"""Page forms of pairs and groups: the list's filters, dates, completion and early release of a mentor."""

from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from .dates import DateInRange
from .forms import DateInput
from .models import Form, GroupStatus, MentorRelease


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's Russian errors on the submitted form: per field where the form has it."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def select_options(choices, selected) -> str:
    """<option> tags of a long drop-down (hundreds of mentors) built in one pass: the widget renders
    each option through a template of its own, which made these pages slow."""
    chosen = "" if selected is None else str(selected)
    return mark_safe(  # safe: every value and label is escaped in the join below
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )


FLAG_CHOICES = [
    ("", "все"),
    ("stale", "нет встреч дольше срока"),
    ("no_plan", "ИПР не составлен"),
    ("overdue", "просрочены задачи ИПР"),
]


class GroupFilterForm(forms.Form):
    form = forms.ChoiceField(label="Форма", choices=[("", "все формы"), *Form.choices], required=False)
    status = forms.ChoiceField(label="Состояние", choices=[("", "все"), *GroupStatus.choices], required=False)
    mentor = forms.TypedChoiceField(label="Наставник", coerce=int, empty_value=None, required=False)
    flag = forms.ChoiceField(label="Внимание", choices=FLAG_CHOICES, required=False)

    def __init__(self, *args, mentors=(), **kwargs):
        """`mentors`: (id, name) pairs of the mentors who lead groups (selectors.groups.mentor_choices)."""
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", "все наставники"), *mentors]


class GroupCompleteForm(forms.Form):
    completed_on = forms.DateField(
        label="Дата завершения", widget=DateInput(), validators=[DateInRange("Дата завершения")]
    )
    result_summary = forms.CharField(
        label="Итоги работы пары / группы",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Что удалось, что нет, как изменились результаты наставляемых.",
    )


class ReleaseForm(forms.Form):
    reason = forms.ChoiceField(label="Основание", choices=MentorRelease.Reason.choices)
    released_on = forms.DateField(
        label="Дата", widget=DateInput(), validators=[DateInRange("Дата освобождения")]
    )
    note = forms.CharField(
        label="Обстоятельства",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Обязательны при неисполнении функций наставника и при ходатайстве обучающихся.",
    )


class GroupPeriodForm(forms.Form):
    """The pair's dates, corrected until an order fixes the pair (services.groups.group_period_update)."""

    start_date = forms.DateField(
        label="Начало работы", widget=DateInput(), validators=[DateInRange("Начало работы")]
    )
    end_date = forms.DateField(
        label="Плановое окончание", widget=DateInput(), validators=[DateInRange("Плановое окончание")]
    )
