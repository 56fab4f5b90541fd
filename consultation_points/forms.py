from django import forms


class PointForm(forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None)
    name = forms.CharField(label="Название", max_length=300)
    host_organisation = forms.CharField(
        label="Организация, на базе которой работает", max_length=500, required=False
    )
    address = forms.CharField(label="Адрес", max_length=300, required=False)
    schedule = forms.CharField(
        label="График работы",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="например: вт, чт 14:00–17:00",
    )
    head_name = forms.CharField(label="Руководитель (ФИО)", max_length=300, required=False)
    phone = forms.CharField(label="Телефон", max_length=40, required=False)
    email = forms.EmailField(label="E-mail", required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
