from django import forms

from regional_center.services.school_years import school_year_choices

from ..models import School

YES_NO = [("", "все"), ("1", "да"), ("0", "нет")]


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, help_text="наименование, код или ИНН")
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=None, required=False, empty_label="все"
    )
    kind = forms.ChoiceField(label="Тип", choices=[("", "все"), *School.Kind.choices], required=False)
    low_results = forms.ChoiceField(label="ШНОР", choices=YES_NO, required=False)
    partner = forms.ChoiceField(label="Школа-партнёр", choices=YES_NO, required=False)
    status = forms.ChoiceField(label="Статус", choices=[("", "все"), *School.Status.choices], required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class SchoolCardForm(forms.Form):
    full_name = forms.CharField(
        label="Полное наименование", max_length=500, widget=forms.TextInput(attrs={"size": 80})
    )
    short_name = forms.CharField(label="Краткое наименование", max_length=200)
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None)
    kind = forms.ChoiceField(label="Тип организации", choices=School.Kind.choices)
    address = forms.CharField(label="Адрес", max_length=500, required=False)
    inn = forms.CharField(label="ИНН", max_length=12, required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class SchoolCreateForm(SchoolCardForm):
    slug = forms.CharField(
        label="Код в адресе",
        max_length=48,
        help_text="латинские строчные буквы, цифры и дефис; не меняется после создания",
    )
    low_results = forms.BooleanField(label="Школа с низкими результатами (ШНОР)", required=False)
    partner_school = forms.BooleanField(label="Школа-партнёр", required=False)

    field_order = ["slug", "full_name", "short_name", "municipality", "kind", "address", "inn"]


class SchoolFlagsForm(forms.Form):
    start_year = forms.TypedChoiceField(label="Учебный год", coerce=int, choices=())
    low_results = forms.BooleanField(label="Школа с низкими результатами (ШНОР)", required=False)
    partner_school = forms.BooleanField(label="Школа-партнёр", required=False)
    reason = forms.CharField(
        label="Основание",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="например, приказ",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = school_year_choices()


class OnboardingUploadForm(forms.Form):
    file = forms.FileField(label="Файл XLSX или CSV")
