from django import forms

from regional_center.models import Municipality

from ..models import Indicator
from ..periods import validate_period


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Показатель", queryset=Indicator.objects.filter(is_active=True).order_by("position", "code")
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=Municipality.objects.none(), required=False, empty_label="весь регион"
    )
    period = forms.CharField(label="Учебный год", max_length=7, validators=[validate_period])
    value = forms.DecimalField(label="Целевое значение", max_digits=8, decimal_places=2, min_value=0)
    order_number = forms.CharField(label="Номер приказа", max_length=64)
    order_date = forms.DateField(label="Дата приказа", widget=forms.DateInput(attrs={"type": "date"}))
    order_title = forms.CharField(label="Название приказа", max_length=500)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
