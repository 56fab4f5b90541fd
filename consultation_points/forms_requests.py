"""Forms of the consultation service's pages (the API validates with its own serializers; both call the
same services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import DeficitArea, Format, Subject, SupportKind, TeacherCategory, Urgency


class RequestForm(forms.Form):
    school = forms.ModelChoiceField(queryset=None, label="Школа", empty_label=None)
    topic = forms.CharField(label="Тема запроса", max_length=300)
    description = forms.CharField(label="Что нужно", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    subject = forms.ChoiceField(label="Предмет", choices=Subject.choices)
    deficit_area = forms.ChoiceField(label="Область дефицита", choices=DeficitArea.choices)
    support_kind = forms.ChoiceField(label="Вид сопровождения", choices=SupportKind.choices)
    teacher_category = forms.ChoiceField(label="Категория педагога", choices=TeacherCategory.choices)
    urgency = forms.ChoiceField(label="Срочность", choices=Urgency.choices, initial=Urgency.NORMAL)
    preferred_format = forms.ChoiceField(
        label="Удобный формат", choices=[("", "любой"), *Format.choices], required=False
    )
    preferred_from = forms.DateField(
        label="Удобно с", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    preferred_to = forms.DateField(
        label="Удобно по", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact_name = forms.CharField(label="Педагог (ФИО)", max_length=300)
    contact_email = forms.EmailField(label="E-mail педагога", required=False)
    contact_phone = forms.CharField(label="Телефон педагога", max_length=40, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AssignForm(forms.Form):
    consultant = forms.IntegerField(widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label="Причина назначения сверх лимита", required=False, widget=forms.TextInput()
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Причина", widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Дата и время",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    format = forms.ChoiceField(label="Формат", choices=Format.choices)
    duration_minutes = forms.IntegerField(
        label="Продолжительность, мин", min_value=10, max_value=480, initial=60
    )
    participants = forms.CharField(
        label="Участники", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(label="Содержание", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label="Рекомендации", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label="Дальнейшие шаги", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(
        label="Следующий шаг к дате", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_starts_at(self):
        return timezone.localtime(self.cleaned_data["starts_at"])


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Оценка", coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label="Отзыв", required=False, widget=forms.Textarea(attrs={"rows": 2}))
