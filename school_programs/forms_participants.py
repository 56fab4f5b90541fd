"""Page forms of the participants area. They only shape the input; the rules are in
services/participants.py, services/consents.py and services/imports.py."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.utils import timezone

from nastavnik.tables import MAX_FILE_BYTES

from .dates import DateInRange
from .forms import DateInput, ListField
from .models import Consent, Participant, ParticipantKind
from .models.choices import Category
from .selectors.participants import ConsentState, ParticipantFilters, category_choices
from .services.imports import IMPORT_KINDS
from .services.participants import COMMON_FIELDS, KIND_FIELDS, allowed_categories

KIND_PLURALS = {
    ParticipantKind.STUDENT: "обучающиеся",
    ParticipantKind.TEACHER: "педагоги",
    ParticipantKind.PARENT: "родители",
    ParticipantKind.GRADUATE: "выпускники",
    ParticipantKind.EXTERNAL: "внешние наставники",
}


class ParticipantForm(forms.Form):
    """The fields of one kind of participant (KIND_FIELDS), with the model's Russian labels."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        names = [*COMMON_FIELDS[:4], *KIND_FIELDS[kind], *COMMON_FIELDS[4:]]
        self.fields.update(
            forms.fields_for_model(
                Participant,
                fields=names,
                widgets={"birth_date": DateInput()},
            )
        )
        if "grade" in self.fields:
            self.fields["grade"] = forms.TypedChoiceField(
                label="Класс (параллель)",
                choices=[("", "—"), *((n, str(n)) for n in range(1, 12))],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields["class_letter"].help_text = "Например, «А»"
        if "subjects" in self.fields:
            self.fields["subjects"] = ListField(
                label="Предметы", required=False, help_text="Через запятую: «алгебра, геометрия»"
            )
        if kind != ParticipantKind.STUDENT:
            self.fields["account"] = forms.CharField(
                label="Учётная запись на платформе",
                required=False,
                help_text="Логин или e-mail пользователя этой школы; пусто — участник не входит на платформу",
            )

    @staticmethod
    def initial_of(participant: Participant) -> dict:
        names = [*COMMON_FIELDS, *KIND_FIELDS[participant.kind]]
        initial = {name: getattr(participant, name) for name in names}
        initial["account"] = participant.user.username if participant.user_id and participant.user else ""
        return initial

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("account", None)
        return data


class ConsentForm(forms.Form):
    FIELDS = [
        "scope",
        "given_by",
        "representative",
        "representative_name",
        "form",
        "document_number",
        "signed_on",
        "valid_until",
    ]

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Consent, fields=self.FIELDS, widgets={"signed_on": DateInput(), "valid_until": DateInput()}
            )
        )
        self.fields["representative"].queryset = Participant.objects.filter(child_links__child=participant)
        self.fields["representative"].help_text = "Родители, связанные с участником"
        self.fields["signed_on"].initial = timezone.localdate()
        if participant.is_minor_on(timezone.localdate()):
            self.fields["given_by"].initial = Consent.GivenBy.REPRESENTATIVE


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label="Дата отзыва",
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[DateInRange("Дата отзыва")],
    )
    reason = forms.CharField(
        label="Причина отзыва", max_length=300, help_text="Например, «заявление от 10.11»"
    )


class CategoriesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="Категории", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = allowed_categories(participant)
        self.fields["categories"].choices = [(c, label) for c, label in Category.choices if c in allowed]


class GuardianshipForm(forms.Form):
    """On a student's page: pick a parent; on a parent's page: pick a child."""

    other = forms.ModelChoiceField(queryset=Participant.objects.none())

    def __init__(self, *args, queryset, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = queryset
        self.fields["other"].label = label


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Кого загружаем", choices=[(k, KIND_PLURALS[k]) for k in IMPORT_KINDS])
    file = forms.FileField(
        label="Файл XLSX или CSV", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".xlsx", ".xlsm", ".csv"}:
            raise forms.ValidationError("Нужен файл XLSX или CSV.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Файл больше 5 МБ: разделите его на части.")
        return upload


class ParticipantFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Кто", required=False)
    class_name = forms.CharField(
        label="Класс", required=False, max_length=6, widget=forms.TextInput(attrs={"size": 4})
    )
    search = forms.CharField(label="ФИО", required=False, max_length=100)
    category = forms.ChoiceField(label="Категория", required=False)
    consent = forms.ChoiceField(label="Согласие", required=False)
    include_inactive = forms.BooleanField(label="с выбывшими", required=False)

    def __init__(self, *args, with_special: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "все"), *ParticipantKind.choices]
        self.fields["category"].choices = [("", "любая"), *category_choices(with_special=with_special)]
        self.fields["consent"].choices = [("", "любое"), *ConsentState.CHOICES]

    def filters(self) -> ParticipantFilters:
        if not self.is_valid():
            return ParticipantFilters()
        return ParticipantFilters(**self.cleaned_data)
