"""Forms of the support pages (ШНОР profiles, anti-risk programmes, org–org pairs). They read the input;
the rules (ШНОР only, periods, overlaps, a ШНОР mentor's reason) are the services' (services/low_results.py,
services/org_pairs.py), whose errors the views put under these fields."""

from __future__ import annotations

from django import forms

from .models import AntiRiskProgramme, PairIndicatorValue, PairVisit, RiskFactor, RiskLevel, WorkStatus
from .vocabulary import Subject, SupportKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Учебный год", coerce=int, choices=())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = choices


class RiskFactorForm(forms.Form):
    factor = forms.ChoiceField(label="Фактор риска", choices=RiskFactor.choices)
    level = forms.TypedChoiceField(label="Уровень", choices=RiskLevel.choices, coerce=int)
    subjects = forms.MultipleChoiceField(
        label="В каких предметах проявляется",
        choices=Subject.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SelfDiagnosisForm(forms.Form):
    factor = forms.ChoiceField(label="Фактор риска", choices=RiskFactor.choices)
    level = forms.TypedChoiceField(label="Оценка школы", choices=RiskLevel.choices, coerce=int)
    comment = forms.CharField(
        label="Комментарий школы",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Обязателен, если оценка школы расходится с оценкой региона.",
    )


class ProgrammeForm(forms.Form):
    title = forms.CharField(label="Название программы", max_length=300)
    goal = forms.CharField(label="Цель и задачи", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(label="Статус", choices=AntiRiskProgramme.Status.choices)
    approved_on = _date("Утверждена", required=False)


class MeasureForm(forms.Form):
    title = forms.CharField(label="Мера", max_length=500)
    factor = forms.ChoiceField(label="На какой фактор риска", choices=RiskFactor.choices)
    deadline = _date("Срок")
    responsible = forms.CharField(label="Ответственный", max_length=300)


class ProgressForm(forms.Form):
    """A measure's or a plan item's status and result (done needs a result: the service says so)."""

    status = forms.ChoiceField(label="Статус", choices=WorkStatus.choices)
    result = forms.CharField(label="Результат", max_length=2000, required=False)


class PairForm(forms.Form):
    mentor_school = forms.ModelChoiceField(label="Школа-наставник", queryset=None)
    starts_on = _date("Начало")
    ends_on = _date("Окончание")
    goals = forms.CharField(label="Цели", widget=forms.Textarea(attrs={"rows": 3}))
    mentor_low_results_reason = forms.CharField(
        label="Почему наставник — ШНОР",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Заполните, если школа-наставник сама в перечне ШНОР в этом учебном году.",
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor_school"].queryset = schools


class PlanItemForm(forms.Form):
    activity = forms.CharField(label="Мероприятие", max_length=500)
    support_kind = forms.ChoiceField(label="Вид сопровождения", choices=SupportKind.choices)
    deadline = _date("Срок")
    mentor_responsible = forms.CharField(label="Ответственный от школы-наставника", max_length=300)
    mentee_responsible = forms.CharField(label="Ответственный от школы-наставляемого", max_length=300)


class VisitForm(forms.Form):
    date = _date("Дата")
    kind = forms.ChoiceField(label="Вид", choices=PairVisit.Kind.choices)
    title = forms.CharField(label="Название", max_length=300)
    summary = forms.CharField(label="Что сделано", widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(forms.Form):
    code = forms.CharField(label="Код показателя", max_length=64)
    name = forms.CharField(label="Показатель", max_length=300)
    stage = forms.ChoiceField(label="Этап", choices=PairIndicatorValue.Stage.choices)
    period_label = forms.CharField(label="Период", max_length=64, help_text="Например: ВПР, весна 2026")
    value = forms.DecimalField(label="Значение", max_digits=10, decimal_places=2, required=False)
    numerator = forms.IntegerField(label="Числитель", min_value=0, required=False)
    denominator = forms.IntegerField(label="Знаменатель", min_value=0, required=False)


class CompleteForm(forms.Form):
    results = forms.CharField(label="Результаты", widget=forms.Textarea(attrs={"rows": 3}))
    conclusions = forms.CharField(label="Выводы", widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = _date("Дата завершения")
