"""Page forms of the bases: request map lines, mentor lines, selection steps, compatibility, choices."""

from django import forms
from django.core.exceptions import ValidationError

from .dates import DateInRange
from .forms import DateInput, ListField
from .models import (
    Form,
    MenteeRequest,
    MentorEntry,
    Participant,
    Programme,
    RequestStatus,
    RoleModel,
)
from .models.choices import Priority
from .selectors.bases import mentee_candidates, mentor_candidates


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return f"{obj.full_name} — {obj.description}"


def _programme_forms(programme: Programme) -> list[tuple[str, str]]:
    return [(code, label) for code, label in Form.choices if code in programme.forms]


def _role_models() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Желаемая ролевая модель",
        queryset=RoleModel.objects.filter(is_active=True).order_by("form", "order"),
        required=False,
    )


class BaseFilterForm(forms.Form):
    """Filters of the request map (GET)."""

    form = forms.ChoiceField(label="Форма", required=False)
    status = forms.ChoiceField(
        label="Состояние", choices=[("", "все"), *RequestStatus.choices], required=False
    )
    priority = forms.ChoiceField(
        label="Приоритет", choices=[("", "любой"), *Priority.choices], required=False
    )
    topic = forms.CharField(label="Тема, предмет или запрос", required=False, max_length=100)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", "все формы"), *_programme_forms(programme)]


class MenteeRequestForm(forms.Form):
    participant = PersonChoiceField(label="Наставляемый", queryset=Participant.objects.none())
    form = forms.ChoiceField(label="Форма наставничества")
    topic = forms.CharField(label="Запрос", max_length=300, help_text="Например: «подтянуть алгебру к ОГЭ»")
    topics = ListField(
        label="Темы / дефицитные компетенции", required=False, help_text="Через запятую: алгебра, ОГЭ"
    )
    subject = forms.CharField(label="Предмет", max_length=100, required=False)
    priority = forms.ChoiceField(label="Приоритет", choices=Priority.choices, initial=Priority.MEDIUM)
    role_model = _role_models()
    note = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = mentee_candidates()
        self.fields["form"].choices = _programme_forms(programme)


class MenteeRequestEditForm(forms.Form):
    topic = forms.CharField(label="Запрос", max_length=300)
    topics = ListField(label="Темы / дефицитные компетенции", required=False, help_text="Через запятую")
    subject = forms.CharField(label="Предмет", max_length=100, required=False)
    priority = forms.ChoiceField(label="Приоритет", choices=Priority.choices)
    status = forms.ChoiceField(
        label="Состояние",
        choices=[
            (RequestStatus.NEW, RequestStatus.NEW.label),
            (RequestStatus.SUPPORT, RequestStatus.SUPPORT.label),
        ],
    )
    role_model = _role_models()
    note = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    @classmethod
    def for_request(cls, request: MenteeRequest, data=None):
        form = cls(
            data,
            initial={
                "topic": request.topic,
                "topics": request.topics,
                "subject": request.subject,
                "priority": request.priority,
                "status": request.status,
                "role_model": request.role_model,
                "note": request.note,
            },
        )
        form.fields["role_model"].queryset = RoleModel.objects.filter(form=request.form, is_active=True)
        if request.status not in {RequestStatus.NEW, RequestStatus.SUPPORT}:
            del form.fields["status"]  # matched or closed: changed by pairs and by closing, not here
        return form


class CloseRequestForm(forms.Form):
    note = forms.CharField(label="Почему запрос закрыт", max_length=300, required=False)


def _forms_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label="Формы", widget=forms.CheckboxSelectMultiple)


class MentorEntryForm(forms.Form):
    # The field is called «forms» like the service's argument; declared last in the class body
    # (it would hide the django.forms module below it) and put in place by field_order.
    field_order = ["participant", "forms", "contour", "topics", "subjects", "capacity", "questionnaire"]
    participant = PersonChoiceField(label="Наставник", queryset=Participant.objects.none())
    contour = forms.ChoiceField(
        label="Контур",
        choices=[("", "по умолчанию: выпускники и внешние — внешний"), *MentorEntry.Contour.choices],
        required=False,
    )
    topics = ListField(label="С чем может помочь (темы)", required=False, help_text="Через запятую")
    subjects = ListField(label="Предметы", required=False, help_text="Через запятую")
    capacity = forms.IntegerField(
        label="Сколько наставляемых может вести", min_value=1, max_value=30, initial=1
    )
    questionnaire = forms.CharField(
        label="Анкета кандидата", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    forms = _forms_field()

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = mentor_candidates()
        self.fields["forms"].choices = _programme_forms(programme)


class MentorEntryEditForm(forms.Form):
    field_order = ["forms", "contour", "topics", "subjects", "capacity"]
    contour = forms.ChoiceField(label="Контур", choices=MentorEntry.Contour.choices)
    topics = ListField(label="С чем может помочь (темы)", required=False, help_text="Через запятую")
    subjects = ListField(label="Предметы", required=False, help_text="Через запятую")
    capacity = forms.IntegerField(label="Сколько наставляемых может вести", min_value=1, max_value=30)
    forms = _forms_field()

    @classmethod
    def for_entry(cls, entry: MentorEntry, data=None):
        form = cls(
            data,
            initial={
                "forms": entry.forms,
                "contour": entry.contour,
                "topics": entry.topics,
                "subjects": entry.subjects,
                "capacity": entry.capacity,
            },
        )
        form.fields["forms"].choices = _programme_forms(entry.programme)
        return form


# --- Selection steps (one small form per step on the mentor's selection page) -------------------


class QuestionnaireForm(forms.Form):
    questionnaire = forms.CharField(label="Ответы анкеты", widget=forms.Textarea(attrs={"rows": 4}))


class InterviewForm(forms.Form):
    interview_on = forms.DateField(
        label="Дата собеседования", widget=DateInput(), validators=[DateInRange("Дата собеседования")]
    )
    interview_passed = forms.TypedChoiceField(
        label="Итог",
        choices=[("yes", "пройдено"), ("no", "не пройдено")],
        coerce=lambda value: value == "yes",
    )
    interview_note = forms.CharField(
        label="Итоги собеседования", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TrainingForm(forms.Form):
    training_completed_on = forms.DateField(
        label="Обучение пройдено", widget=DateInput(), validators=[DateInRange("Дата обучения")]
    )
    training_programme = forms.CharField(label="Программа обучения наставников", max_length=300)


class LabourTermsForm(forms.Form):
    """Teacher mentors, Labour Code art. 351.8."""

    written_consent_on = forms.DateField(
        label="Письменное согласие педагога",
        widget=DateInput(),
        required=False,
        validators=[DateInRange("Дата письменного согласия")],
    )
    addendum_number = forms.CharField(label="Доп. соглашение, №", max_length=50, required=False)
    addendum_date = forms.DateField(
        label="Доп. соглашение, дата",
        widget=DateInput(),
        required=False,
        validators=[DateInRange("Дата доп. соглашения")],
    )
    payment_terms = forms.CharField(label="Условия оплаты (доплата)", max_length=300, required=False)


class RejectForm(forms.Form):
    note = forms.CharField(label="Причина", max_length=300, required=False)


SELECTION_STEPS = {
    "questionnaire": QuestionnaireForm,
    "interview": InterviewForm,
    "training": TrainingForm,
    "labour": LabourTermsForm,
    "reject": RejectForm,
}


# --- Compatibility tests and speed-meeting choices ----------------------------------------------


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: MentorEntry) -> str:
        return f"{obj.participant.full_name} — {obj.participant.description}"


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: MenteeRequest) -> str:
        return f"{obj.participant.full_name} ({obj.get_form_display()}): {obj.topic}"


class CompatibilityForm(forms.Form):
    mentor = MentorChoiceField(label="Наставник", queryset=MentorEntry.objects.none())
    mentee = RequestChoiceField(label="Наставляемый", queryset=MenteeRequest.objects.none())
    score = forms.IntegerField(label="Совместимость, 0–100", min_value=0, max_value=100)
    tested_on = forms.DateField(
        label="Дата теста", widget=DateInput(), validators=[DateInRange("Дата теста")]
    )
    method = forms.CharField(label="Методика", max_length=200, required=False)
    note = forms.CharField(label="Заключение", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = MentorEntry.objects.filter(programme=programme).select_related(
            "participant"
        )
        self.fields["mentee"].queryset = MenteeRequest.objects.filter(programme=programme).select_related(
            "participant"
        )


class PreferenceForm(forms.Form):
    chooser = PersonChoiceField(label="Кто выбирает", queryset=Participant.objects.none())
    chosen = PersonChoiceField(label="Кого выбирает", queryset=Participant.objects.none())
    rank = forms.IntegerField(label="Место в списке (1 — самый желанный)", min_value=1, max_value=50)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        # People of the two bases of the programme: mentors choose mentees and the other way round.
        people = Participant.objects.filter(
            pk__in=MentorEntry.objects.filter(programme=programme).values("participant")
        ) | Participant.objects.filter(
            pk__in=MenteeRequest.objects.filter(programme=programme).values("participant")
        )
        self.fields["chooser"].queryset = people.distinct()
        self.fields["chosen"].queryset = people.distinct()
