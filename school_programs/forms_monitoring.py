"""Forms of the monitoring pages: growth rules, the marks import, a mark entered by hand."""

from decimal import Decimal
from pathlib import PurePath

from django import forms

from nastavnik.tables import MAX_FILE_BYTES

from .dates import DateInRange
from .forms import DateInput
from .services.grades import MAX_ROWS
from .services.monitoring import MAX_THRESHOLD


class GrowthRulesForm(forms.Form):
    """One threshold per construct: «grew» = exit − entry ≥ threshold."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[rule.construct] = forms.DecimalField(
                label=rule.label,
                initial=Decimal(str(rule.threshold)),
                min_value=Decimal("0.01"),
                max_value=MAX_THRESHOLD,
                decimal_places=2,
                localize=True,
                help_text=rule.note,
                error_messages={
                    "required": "Укажите порог роста.",
                    "invalid": "Введите число, например 0,5.",
                    "min_value": "Порог роста должен быть больше 0.",
                    "max_value": f"Порог роста не больше {MAX_THRESHOLD}.",
                    "max_decimal_places": "Не больше двух знаков после запятой.",
                },
            )


class GradesImportForm(forms.Form):
    file = forms.FileField(
        label="Файл XLSX или CSV",
        help_text=f"Одна строка — одна отметка; до {MAX_ROWS} строк.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".xlsx", ".xlsm", ".csv"}:
            raise forms.ValidationError("Нужен файл XLSX или CSV.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Файл больше 5 МБ: разделите его на части.")
        return upload


class GradeForm(forms.Form):
    subject = forms.CharField(label="Предмет", max_length=100)
    period = forms.CharField(
        label="Период", max_length=60, help_text="Например: «2026/27, I четверть»", initial=""
    )
    period_end = forms.DateField(
        label="Конец периода", widget=DateInput(), validators=[DateInRange("Конец периода")]
    )
    value = forms.DecimalField(
        label="Отметка",
        min_value=1,
        max_value=5,
        decimal_places=2,
        localize=True,
        error_messages={
            "invalid": "Отметка — число от 1 до 5.",
            "min_value": "Отметка — число от 1 до 5.",
            "max_value": "Отметка — число от 1 до 5.",
        },
    )


class PeriodForm(forms.Form):
    """The period of the facts for the region (the school sees its own figures before the region)."""

    start = forms.DateField(label="С", widget=DateInput(), validators=[DateInRange("Начало периода")])
    end = forms.DateField(label="По", widget=DateInput(), validators=[DateInRange("Конец периода")])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Конец периода раньше начала.")
        return data
