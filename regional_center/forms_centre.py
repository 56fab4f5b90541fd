"""Forms of the centre's pages (CENTRE, issue 9 §§1, 2, 7). They only shape input; the rules are the
services' (regional_center/services/{roadmap,partners,agreements,practices}.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tenants.models import School

from .models import Agreement, PartnerOrganisation, RoadmapStage
from .services.documents import ACCEPT
from .vocabulary import MentoringForm, Subject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: under its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class PartnerForm(forms.Form):
    name = forms.CharField(label="Название", max_length=300)
    short_name = forms.CharField(label="Краткое название", max_length=150, required=False)
    kind = forms.ChoiceField(label="Вид организации", choices=PartnerOrganisation.Kind.choices)
    school = forms.ModelChoiceField(
        label="Школа региона (для школы-партнёра)", queryset=School.objects.none(), required=False
    )
    subjects = forms.MultipleChoiceField(
        label="Сильные предметы", choices=Subject.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    offer = forms.CharField(label="Что предлагает", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    contact_person = forms.CharField(label="Контактное лицо", max_length=300, required=False)
    phone = forms.CharField(label="Телефон", max_length=50, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    website = forms.URLField(label="Сайт", required=False, assume_scheme="https")
    address = forms.CharField(label="Адрес", max_length=500, required=False)
    is_active = forms.BooleanField(label="Действует", required=False, initial=True)

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools


class AgreementForm(forms.Form):
    number = forms.CharField(label="Номер", max_length=50)
    signed_on = forms.DateField(label="Дата заключения", widget=DATE)
    partners = forms.ModelMultipleChoiceField(
        label="Организации-партнёры",
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    schools = forms.ModelMultipleChoiceField(
        label="Школы региона", queryset=School.objects.none(), required=False, widget=forms.SelectMultiple
    )
    starts_on = forms.DateField(label="Действует с", widget=DATE)
    ends_on = forms.DateField(label="Действует по", widget=DATE)
    subject = forms.CharField(label="Предмет соглашения", widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Статус", choices=Agreement.Status.choices)
    document = forms.FileField(
        label="Скан соглашения (PDF, DOCX, JPEG или PNG)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, partners=None, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partners"].queryset = partners
        if schools is not None:
            self.fields["schools"].queryset = schools


class StageForm(forms.Form):
    starts_on = forms.DateField(label="Начало", widget=DATE)
    ends_on = forms.DateField(label="Окончание", widget=DATE)
    status = forms.ChoiceField(label="Статус", choices=RoadmapStage.Status.choices)
    tasks = forms.CharField(
        label="Содержание этапа", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Контрольная точка", max_length=300)
    due_on = forms.DateField(label="Срок", widget=DATE)
    responsible = forms.CharField(label="Ответственный", max_length=300, required=False)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label="Выполнено", widget=DATE, required=False)


class PartnerPracticeForm(forms.Form):
    partner = forms.ModelChoiceField(label="Организация-партнёр", queryset=PartnerOrganisation.objects.none())
    title = forms.CharField(label="Название практики", max_length=300)
    form = forms.ChoiceField(label="Форма наставничества", choices=MentoringForm.choices)
    role_model_name = forms.CharField(label="Ролевая модель", max_length=200, required=False)
    subject = forms.ChoiceField(label="Предмет", choices=[("", "—"), *Subject.choices], required=False)
    topic = forms.CharField(label="Тема", max_length=300, required=False)
    description = forms.CharField(label="Описание", widget=forms.Textarea(attrs={"rows": 5}))
    results = forms.CharField(label="Результаты", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False)
    form = forms.ChoiceField(
        label="Форма", choices=[("", "все формы"), *MentoringForm.choices], required=False
    )
    role_model = forms.CharField(
        label="Ролевая модель", required=False, widget=forms.TextInput(attrs={"list": "role-models"})
    )
    subject = forms.ChoiceField(
        label="Предмет", choices=[("", "все предметы"), *Subject.choices], required=False
    )
    topic = forms.CharField(label="Тема", required=False)
    author = forms.ChoiceField(
        label="Автор",
        choices=[("", "школы и партнёры"), ("school", "школы"), ("partner", "партнёры")],
        required=False,
    )
