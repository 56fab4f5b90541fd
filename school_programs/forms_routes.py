"""Forms of teachers' routes (ИОМ). They read the input; the rules (ШНОР only, a deficit found, deadlines
inside the route, who may be a methodologist) are school_programs.services.routes', whose errors the
views put under these fields."""

from __future__ import annotations

from django import forms

from regional_center.models import DeficitLevel, RouteArea, RouteItemStatus, RouteStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    """A person (participant or user) by their full name."""

    def label_from_instance(self, obj) -> str:
        return obj.full_name or str(obj.pk)


class RouteForm(forms.Form):
    """A new route: the teacher, the period, the deficit diagnostics in each of the four areas."""

    teacher = PersonChoiceField(label="Педагог", queryset=None)
    title = forms.CharField(label="Название маршрута", max_length=300)
    starts_on = forms.DateField(label="Начало", widget=DateInput())
    ends_on = forms.DateField(label="Окончание", widget=DateInput())
    methodologist = PersonChoiceField(
        label="Методист регионального центра",
        queryset=None,
        required=False,
        help_text="Ему станет виден этот маршрут с именем педагога; остальные в регионе видят только числа.",
    )

    def __init__(self, *args, teachers, methodologists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["methodologist"].queryset = methodologists
        for area, label in RouteArea.choices:
            self.fields[f"level_{area}"] = forms.TypedChoiceField(
                label=f"Дефициты: {label}", choices=DeficitLevel.choices, coerce=int
            )
            self.fields[f"comment_{area}"] = forms.CharField(
                label=f"Комментарий ({label})", max_length=2000, required=False
            )

    def diagnosis(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {area: (data[f"level_{area}"], data[f"comment_{area}"]) for area in RouteArea.values}


class RouteStatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус маршрута", choices=RouteStatus.choices)


class MethodologistForm(forms.Form):
    methodologist = PersonChoiceField(
        label="Методист регионального центра", queryset=None, required=False, empty_label="не назначен"
    )

    def __init__(self, *args, methodologists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methodologist"].queryset = methodologists


class RouteItemForm(forms.Form):
    area = forms.ChoiceField(label="Область дефицитов", choices=RouteArea.choices)
    title = forms.CharField(label="Что сделать", max_length=500)
    deadline = forms.DateField(label="Срок", widget=DateInput())


class RouteItemProgressForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=RouteItemStatus.choices)
    result = forms.CharField(label="Результат", max_length=2000, required=False)


class EventLinkForm(forms.Form):
    """An event of the regional centre chosen from the region's list (kept by id and title)."""

    event = forms.ModelChoiceField(label="Мероприятие регионального центра", queryset=None)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = lambda e: f"{e.starts_at:%d.%m.%Y} — {e.title}"


class ConsultationLinkForm(forms.Form):
    title = forms.CharField(label="Консультация", max_length=300)
    date = forms.DateField(label="Дата", widget=DateInput(), required=False)
