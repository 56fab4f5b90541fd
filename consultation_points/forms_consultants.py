"""Forms of the consultants' pages (the regional centre's record of its consultants)."""

from __future__ import annotations

from django import forms

from .models import DeficitArea, Format, Subject, TeacherCategory


def _many(label: str, choices, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class ConsultantForm(forms.Form):
    """The profile: selection and training, specialisation, capacity, active period, points."""

    selected_on = _date("Дата отбора региональным центром")
    training_programme = forms.CharField(label="Программа подготовки", max_length=300)
    certificate = forms.CharField(label="Удостоверение (номер, дата)", max_length=200, required=False)
    points = forms.ModelMultipleChoiceField(
        label="Консультационные пункты", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    subjects = _many("Предметы", Subject.choices, required=True)
    deficit_areas = _many("Специализация: области дефицитов", DeficitArea.choices, required=True)
    teacher_categories = _many("Специализация: категории педагогов", TeacherCategory.choices, required=True)
    formats = _many("Форматы работы", Format.choices, required=True)
    monthly_capacity = forms.IntegerField(label="Запросов в месяц", min_value=1, max_value=60, initial=4)
    active_from = _date("Работает с")
    active_to = _date("Работает по", required=False)

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = points


class ConsultantEnrolForm(ConsultantForm):
    """A new consultant: the person first (an existing account is found by e-mail), then the profile."""

    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    middle_name = forms.CharField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail", help_text="На него придёт приглашение, если учётной записи ещё нет."
    )
    phone = forms.CharField(label="Телефон", max_length=40, required=False)

    field_order = ["last_name", "first_name", "middle_name", "email", "phone"]


class ConsultantFilterForm(forms.Form):
    point = forms.ModelChoiceField(label="Пункт", queryset=None, required=False, empty_label="все пункты")
    active = forms.ChoiceField(
        label="Работает", choices=[("", "все"), ("1", "работают"), ("0", "не работают")], required=False
    )

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points
