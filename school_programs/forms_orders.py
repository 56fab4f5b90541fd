"""Page forms of the director's orders: the register's filter, drafting each kind, editing, signing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .dates import DateInRange
from .forms import DateInput
from .models import (
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Order,
    Participant,
    ParticipantKind,
    Programme,
)
from .selectors.orders import (
    group_label,
    groups_awaiting_order,
    order_years,
    releases_awaiting_order,
    rewards_awaiting_order,
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class OrderFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=[("", "все виды"), *Order.Kind.choices], required=False)
    status = forms.ChoiceField(
        label="Состояние", choices=[("", "все"), *Order.Status.choices], required=False
    )
    year = forms.TypedChoiceField(label="Год", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "все годы"), *((year, str(year)) for year in order_years())]


class _DatedForm(forms.Form):
    date = forms.DateField(label="Дата приказа", widget=DateInput, validators=[DateInRange("Дата приказа")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ApproveProgrammeOrderForm(_DatedForm):
    curators = forms.ModelMultipleChoiceField(
        label="Кураторы программы",
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Куратором назначается сотрудник школы, обычно заместитель директора по УВР / УМР.",
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["curators"]
        field.queryset = Participant.objects.filter(kind=ParticipantKind.TEACHER, is_active=True)
        field.label_from_instance = lambda person: f"{person.full_name}, {person.description}"
        field.initial = list(programme.curators.values_list("pk", flat=True))


class FixGroupsOrderForm(_DatedForm):
    groups = forms.ModelMultipleChoiceField(
        label="Пары и группы без приказа о закреплении",
        queryset=MentoringGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["groups"]
        field.queryset = groups_awaiting_order(programme)
        field.label_from_instance = group_label
        field.initial = list(field.queryset.values_list("pk", flat=True))


class ReleaseMentorOrderForm(_DatedForm):
    releases = forms.ModelMultipleChoiceField(
        label="Досрочные освобождения без приказа",
        queryset=MentorRelease.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["releases"]
        field.queryset = releases_awaiting_order(programme)
        field.label_from_instance = lambda release: (
            f"{release.group.mentor.participant.full_name} — с {release.released_on:%d.%m.%Y}, "
            f"{release.get_reason_display()}"
        )
        field.initial = list(field.queryset.values_list("pk", flat=True))


class RewardMentorsOrderForm(_DatedForm):
    rewards = forms.ModelMultipleChoiceField(
        label="Поощрения без приказа",
        queryset=MentorReward.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["rewards"]
        field.queryset = rewards_awaiting_order(programme)
        field.label_from_instance = lambda reward: (
            f"{reward.mentor.participant.full_name} — {reward.get_kind_display()}"
            + (f": {reward.wording}" if reward.wording else "")
        )
        field.initial = list(field.queryset.values_list("pk", flat=True))


DRAFT_FORMS = {
    Order.Kind.APPROVE_PROGRAMME: ApproveProgrammeOrderForm,
    Order.Kind.FIX_GROUPS: FixGroupsOrderForm,
    Order.Kind.RELEASE_MENTOR: ReleaseMentorOrderForm,
    Order.Kind.REWARD_MENTORS: RewardMentorsOrderForm,
}


class OrderEditForm(forms.Form):
    title = forms.CharField(label="Заголовок", max_length=500)
    date = forms.DateField(label="Дата приказа", widget=DateInput, validators=[DateInRange("Дата приказа")])
    body = forms.CharField(
        label="Текст приказа",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Констатирующая часть, «ПРИКАЗЫВАЮ:» и пункты — каждый с новой строки.",
    )


class OrderSignForm(forms.Form):
    number = forms.CharField(label="Номер приказа", max_length=30)
    signed_on = forms.DateField(
        label="Дата подписания", widget=DateInput, validators=[DateInRange("Дата подписания")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()
