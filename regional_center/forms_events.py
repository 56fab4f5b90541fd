"""Forms of the events pages. They read the input; the rules (dates, seats, duplicates) are the
services' (regional_center.services.events), whose errors the views put under these fields."""

from __future__ import annotations

from django import forms

from .models import EventFormat, EventHost, EventKind, EventStatus, PartnerOrganisation
from .vocabulary import Subject, SupportKind, TeacherCategory

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
        super().__init__(**kwargs)


class EventForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    kind = forms.ChoiceField(label="Вид мероприятия", choices=EventKind.choices)
    starts_at = DateTimeLocalField(label="Начало")
    ends_at = DateTimeLocalField(label="Окончание")
    registration_deadline = DateTimeLocalField(label="Запись до")
    capacity = forms.IntegerField(label="Мест", min_value=1)
    format = forms.ChoiceField(label="Формат", choices=EventFormat.choices)
    place = forms.CharField(label="Место проведения", max_length=500, required=False)
    link = forms.URLField(label="Ссылка на трансляцию", max_length=500, required=False, assume_scheme="https")
    host_kind = forms.ChoiceField(label="Кто проводит", choices=EventHost.choices)
    host_partner = forms.ModelChoiceField(
        label="Организация-партнёр", queryset=PartnerOrganisation.objects.none(), required=False
    )
    host_school = forms.ModelChoiceField(label="Школа-организатор", queryset=None, required=False)
    support_kind = forms.ChoiceField(label="Вид методического сопровождения", choices=SupportKind.choices)
    audience = forms.MultipleChoiceField(
        label="Для кого (категории педагогов)",
        choices=TeacherCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.MultipleChoiceField(
        label="Предметы", choices=Subject.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(label="Описание", widget=forms.Textarea, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_partner"].queryset = PartnerOrganisation.objects.filter(is_active=True).order_by(
            "name"
        )
        self.fields["host_school"].queryset = schools


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=[("", "все виды"), *EventKind.choices], required=False)
    audience = forms.ChoiceField(
        label="Для кого", choices=[("", "все педагоги"), *TeacherCategory.choices], required=False
    )
    support = forms.ChoiceField(
        label="Сопровождение", choices=[("", "любое"), *SupportKind.choices], required=False
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=EventStatus.choices)


class RegistrationForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=None, empty_label=None)
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    middle_name = forms.CharField(label="Отчество", max_length=150, required=False)
    position = forms.CharField(label="Должность", max_length=200)
    subject = forms.ChoiceField(label="Предмет", choices=Subject.choices)
    category = forms.ChoiceField(label="Категория педагога", choices=TeacherCategory.choices)
    email = forms.EmailField(label="E-mail педагога")
    consent = forms.BooleanField(
        label="Педагог согласен передать эти данные региональному центру для мероприятия",
        required=False,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.only_school = schools.first() if schools.count() == 1 else None
        if self.only_school is not None:
            # One school: nothing to choose, the field is neither shown nor required.
            self.fields["school"].initial = self.only_school
            self.fields["school"].required = False
            self.fields["school"].widget = forms.HiddenInput()

    def clean_school(self):
        return self.cleaned_data.get("school") or self.only_school


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Оценка", choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int
    )
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label="Название материала", max_length=300)
    file = forms.FileField(
        label="Файл", required=False, help_text="PDF, DOCX, JPEG или PNG; тип проверяется по содержимому."
    )
    url = forms.URLField(label="или ссылка", max_length=500, required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("file") and data.get("url"):
            self.add_error("url", "Укажите файл или ссылку, не то и другое сразу.")
        elif not data.get("file") and not data.get("url") and not self.errors:
            self.add_error("file", "Выберите файл или укажите ссылку.")
        return data
