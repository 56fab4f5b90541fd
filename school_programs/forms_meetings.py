"""Page forms of meetings and the school's meeting settings."""

from django import forms

from .dates import DateInRange
from .forms import DateInput
from .models import Meeting, MeetingKind


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Вид встречи", choices=MeetingKind.choices)
    held_on = forms.DateField(label="Дата", widget=DateInput(), validators=[DateInRange("Дата встречи")])
    format = forms.ChoiceField(label="Формат", choices=Meeting.Format.choices)
    duration_minutes = forms.IntegerField(label="Длительность, мин", min_value=5, max_value=600, initial=45)
    topic = forms.CharField(label="Тема", max_length=300, required=False)
    notes = forms.CharField(label="Заметки", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attendance = forms.TypedMultipleChoiceField(
        label="Присутствовали", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].choices = [(person.pk, person.full_name) for person in members]


class SchoolSettingsForm(forms.Form):
    meeting_gap_weeks = forms.IntegerField(
        label="Пара без встреч отмечается через, недель",
        min_value=1,
        max_value=52,
    )
    reminders_enabled = forms.BooleanField(label="Напоминать наставникам по e-mail", required=False)
