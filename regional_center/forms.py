from django import forms

from .models import Municipality


class MunicipalityForm(forms.Form):
    name = forms.CharField(label="Название", max_length=200)
    kind = forms.ChoiceField(label="Вид", choices=Municipality.Kind.choices)
    education_department = forms.CharField(
        label="Орган управления образованием", max_length=300, required=False
    )
