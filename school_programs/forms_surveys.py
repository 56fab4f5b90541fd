"""Forms of the monitoring pages: the survey builder, sending, links, and reading posted answers."""

from __future__ import annotations

import re

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .dates import DateInRange
from .forms import DateInput
from .models import Construct, Distribution, Form, Participant, Question, Survey
from .selectors.surveys import Recipients

DIRECTION_CHOICES = [(1, "чем выше, тем лучше (1)"), (-1, "чем ниже, тем лучше (−1)")]
ROW_HELP = (
    "Одна строка — одно утверждение: «текст | что измеряет | направление», например "
    "«Я волнуюсь перед контрольной | тревожность | -1». Если не указать конструкт и направление, "
    "берутся из полей ниже."
)


class SurveyForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    purpose = forms.ChoiceField(label="Назначение", choices=Survey.Purpose.choices)
    audience = forms.ChoiceField(label="Для кого", choices=Survey.Audience.choices)
    form = forms.ChoiceField(
        label="Форма наставничества", choices=[("", "любая"), *Form.choices], required=False
    )
    description = forms.CharField(
        label="Пояснение для отвечающих", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_anonymous = forms.BooleanField(label="Анонимная (ответы не связываются с человеком)", required=False)


class SectionForm(forms.Form):
    title = forms.CharField(label="Раздел", max_length=300)


class CopyForm(forms.Form):
    title = forms.CharField(label="Название копии", max_length=300, required=False)


def _construct_lookup() -> dict[str, str]:
    lookup = {code: code for code in Construct.values}
    lookup.update({label.lower(): code for code, label in Construct.choices})
    return lookup


DIRECTIONS = {"1": 1, "+1": 1, "+": 1, "-1": -1, "−1": -1, "-": -1, "−": -1}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Тип", choices=Question.Kind.choices)
    text = forms.CharField(label="Вопрос", widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label="Обязательный", required=False, initial=True)
    choices = forms.CharField(
        label="Варианты ответа (по одному в строке)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Для вопросов с выбором одного или нескольких вариантов.",
    )
    rows = forms.CharField(
        label="Строки матрицы", widget=forms.Textarea(attrs={"rows": 5}), required=False, help_text=ROW_HELP
    )
    construct = forms.ChoiceField(
        label="Что измеряет (для шкал и по умолчанию для строк матрицы)",
        choices=[("", "—"), *Construct.choices],
        required=False,
    )
    direction = forms.TypedChoiceField(label="Направление", choices=DIRECTION_CHOICES, coerce=int, initial=1)

    @staticmethod
    def initial_for(question: Question) -> dict:
        labels = dict(Construct.choices)
        return {
            "kind": question.kind,
            "text": question.text,
            "required": question.required,
            "choices": "\n".join(question.choices),
            "rows": "\n".join(
                f"{row['text']} | {labels.get(row['construct'], row['construct'])} | {row['direction']}"
                for row in question.rows
            ),
            "construct": question.construct,
            "direction": question.direction,
        }

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        lookup = _construct_lookup()
        rows, problems = [], []
        for number, line in enumerate(self.cleaned_data.get("rows", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            text = parts[0]
            construct = data.get("construct") or ""
            direction = data.get("direction") or 1
            if len(parts) > 1 and parts[1]:
                construct = lookup.get(parts[1].lower(), "")
                if not construct:
                    problems.append(f"строка {number}: неизвестный конструкт «{parts[1]}»")
            if len(parts) > 2 and parts[2]:
                direction = DIRECTIONS.get(parts[2].replace(" ", ""))
                if direction is None:
                    problems.append(f"строка {number}: направление пишется 1 или -1")
            rows.append({"text": text, "construct": construct, "direction": direction})
        if problems:
            self.add_error("rows", "; ".join(problems) + ".")
        data["rows"] = rows
        if data.get("kind") == Question.Kind.MATRIX:
            # The question-level fields only seed the rows of a matrix.
            data["construct"], data["direction"] = "", 1
        return data


class FastSelectMultiple(forms.SelectMultiple):
    """A list of hundreds of people rendered in one pass (the default renders a template per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in (value or [])}
        attributes = self.build_attrs(self.attrs, attrs or {})
        attributes["name"] = name
        attribute_html = "".join(
            f' {key}="{escape(val)}"' for key, val in attributes.items() if val is not True
        )
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        return mark_safe(f"<select multiple{attribute_html}>{options}</select>")  # values escaped above


def people_choices() -> list[tuple[int, str]]:
    rows = Participant.objects.filter(is_active=True).values_list(
        "pk", "last_name", "first_name", "middle_name", "kind", "grade", "class_letter"
    )
    choices = []
    for pk, last, first, middle, kind, grade, letter in rows:
        initials = "".join(f"{part[0]}." for part in (first, middle) if part)
        where = (
            f"{grade}{letter}" if grade else dict(Participant._meta.get_field("kind").choices).get(kind, "")
        )
        choices.append((pk, f"{last} {initials} — {where}"))
    return choices


class DistributionForm(forms.Form):
    wave = forms.ChoiceField(label="Этап измерения", choices=Distribution.Wave.choices)
    opens_on = forms.DateField(label="Открыта с", widget=DateInput(), validators=[DateInRange("Открыта с")])
    closes_on = forms.DateField(
        label="До (включительно)", widget=DateInput(), validators=[DateInRange("Открыта до")]
    )
    recipients = forms.ChoiceField(
        label="Кому", choices=Recipients.CHOICES, widget=forms.RadioSelect, initial=Recipients.MENTEES
    )
    form = forms.ChoiceField(
        label="Форма наставничества (для пар и наставников)",
        choices=[("", "все формы"), *Form.choices],
        required=False,
    )
    grade = forms.IntegerField(label="Класс (параллель)", min_value=1, max_value=11, required=False)
    letter = forms.CharField(label="Литера (пусто — вся параллель)", max_length=4, required=False)
    people = forms.MultipleChoiceField(
        label="Выбранные люди", required=False, widget=FastSelectMultiple(attrs={"size": 12})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people_choices()

    def clean(self):
        data = super().clean()
        recipients = data.get("recipients")
        if recipients == Recipients.CLASS and not data.get("grade"):
            self.add_error("grade", "Укажите класс (параллель).")
        if recipients == Recipients.PEOPLE and not data.get("people"):
            self.add_error("people", "Выберите хотя бы одного человека.")
        data["people"] = [int(pk) for pk in data.get("people") or []]
        return data


class LinksForm(forms.Form):
    class_name = forms.CharField(label="Класс", max_length=8, required=False)
    reissue = forms.BooleanField(required=False)


class PeriodForm(forms.Form):
    closes_on = forms.DateField(
        label="Принимать ответы до", widget=DateInput(), validators=[DateInRange("Принимать ответы до")]
    )


# --- Posted answers ------------------------------------------------------------------------------------

ROW_FIELD = re.compile(r"^q(\d+)_r(\d+)$")


def answers_from_post(questions: list[Question], data) -> dict[int, object]:
    """The answers of the questionnaire page as the answering service takes them:
    `q<id>` for a question (several values for multiple choice), `q<id>_r<index>` for matrix rows."""
    answers: dict[int, object] = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == Question.Kind.MATRIX:
            answers[question.pk] = {
                index: data.get(f"{name}_r{index}", "") for index in range(len(question.rows))
            }
        elif question.kind == Question.Kind.MULTIPLE:
            answers[question.pk] = data.getlist(name)
        else:
            answers[question.pk] = data.get(name, "")
    return answers


def posted_values(data) -> dict[str, object]:
    """What the person entered, to show the questionnaire again with their answers after an error."""
    values: dict[str, object] = {}
    for key in data:
        if key.startswith("q"):
            items = data.getlist(key)
            values[key] = items if len(items) > 1 else items[0]
    return values
