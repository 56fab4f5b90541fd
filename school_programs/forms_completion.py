"""Page forms of the programme's completion: rewards, best practices and the final report."""

from django import forms

from .dates import DateInRange
from .forms import DateInput
from .models import Form, MentorReward, RoleModel


class RewardForm(forms.Form):
    mentor = forms.TypedChoiceField(label="Наставник", coerce=int)
    kind = forms.ChoiceField(label="Вид поощрения", choices=MentorReward.Kind.choices)
    awarded_on = forms.DateField(label="Дата", widget=DateInput(), validators=[DateInRange("Дата поощрения")])
    wording = forms.CharField(label="Формулировка", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, mentors=(), **kwargs):
        """`mentors`: (id, name) pairs (selectors.completion.mentor_reward_choices)."""
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = list(mentors)


class PracticeForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    form = forms.ChoiceField(label="Форма наставничества", choices=Form.choices)
    role_model = forms.ModelChoiceField(
        label="Ролевая модель",
        queryset=RoleModel.objects.filter(is_active=True),
        required=False,
        empty_label="не указана",
    )
    description = forms.CharField(
        label="Описание",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Без фамилий и имён: практика может быть передана в региональную библиотеку.",
    )
    results = forms.CharField(label="Результаты", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class FinalReportForm(forms.Form):
    final_report = forms.CharField(
        label="Итоги программы", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    complete = forms.BooleanField(label="Завершить программу", required=False)
    completed_on = forms.DateField(
        label="Дата завершения",
        widget=DateInput(),
        required=False,
        validators=[DateInRange("Дата завершения")],
    )
