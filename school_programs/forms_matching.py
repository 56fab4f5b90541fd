"""Page forms of matching: the form to match, a new mentor for a suggestion, a pair or group by hand."""

from django import forms

from .dates import DateInRange
from .forms import DateInput
from .forms_bases import MentorChoiceField
from .models import Form, MenteeRequest, MentorEntry, MentoringGroup, Programme, RoleModel
from .selectors.matching import form_mentors
from .services.groups import OPEN_STATUSES


def programme_forms(programme: Programme) -> list[tuple[str, str]]:
    return [(code, label) for code, label in Form.choices if code in programme.forms]


class MatchingFormChoice(forms.Form):
    form = forms.ChoiceField(label="Форма наставничества")

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = programme_forms(programme)


class AcceptForm(forms.Form):
    """Accepting a suggestion (or all of them) names the day the pairs start working."""

    start_date = forms.DateField(
        label="Начало работы",
        validators=[DateInRange("Начало работы")],
        error_messages={"required": "Укажите дату начала работы пары."},
    )


class ChangeMentorForm(forms.Form):
    mentor = forms.ModelChoiceField(label="Другой наставник", queryset=MentorEntry.objects.none())

    def __init__(self, *args, candidates: list, **kwargs):
        """candidates: (MentorEntry, Fit | None) pairs from services.matching.change_candidates."""
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        field.queryset = MentorEntry.objects.filter(pk__in=[entry.pk for entry, _ in candidates])
        # Best first (as the service sorts them), with the score the pair would get.
        field.choices = [
            ("", "— выберите —"),
            *(
                (entry.pk, f"{entry.participant.full_name} — оценка {fit.score if fit else 0:.1f}")
                for entry, fit in candidates
            ),
        ]


class _RequestsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: MenteeRequest) -> str:
        return f"{obj.participant.full_name} ({obj.participant.description}): {obj.topic}"


class GroupCreateForm(forms.Form):
    """A pair (one mentee) or a group (several) formed by the curator by hand."""

    mentor = MentorChoiceField(label="Наставник", queryset=MentorEntry.objects.none())
    role_model = forms.ModelChoiceField(
        label="Ролевая модель", queryset=RoleModel.objects.none(), required=False
    )
    start_date = forms.DateField(
        label="Начало работы", widget=DateInput(), validators=[DateInRange("Начало работы")]
    )
    end_date = forms.DateField(
        label="Плановое окончание", widget=DateInput(), validators=[DateInRange("Плановое окончание")]
    )
    presence = forms.ChoiceField(label="Взаимодействие", choices=MentoringGroup.Presence.choices)
    openness = forms.ChoiceField(label="Открытость", choices=MentoringGroup.Openness.choices)

    def __init__(self, *args, programme: Programme, form: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = form_mentors(programme, form)
        self.fields["requests"] = _RequestsField(
            label="Наставляемые",
            queryset=MenteeRequest.objects.filter(programme=programme, form=form, status__in=OPEN_STATUSES)
            .select_related("participant")
            .order_by("participant__last_name", "participant__first_name"),
            widget=forms.CheckboxSelectMultiple,
            help_text="Один наставляемый — пара, несколько — группа.",
        )
        self.fields["role_model"].queryset = RoleModel.objects.filter(form=form, is_active=True)
        self.order_fields(
            ["mentor", "requests", "role_model", "start_date", "end_date", "presence", "openness"]
        )
