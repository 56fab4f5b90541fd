"""Page forms of individual development plans and their templates."""

from django import forms

from .dates import DateInRange
from .forms import DateInput
from .models import PlanTemplate, ResultStatus, RoleModel
from .services.plans import Side


class PlanCreateForm(forms.Form):
    mentee = forms.TypedChoiceField(label="Наставляемый", coerce=int)
    template = forms.ModelChoiceField(
        label="Шаблон",
        queryset=PlanTemplate.objects.none(),
        required=False,
        empty_label="без шаблона (разделы добавляются вручную)",
    )
    start_date = forms.DateField(label="С", widget=DateInput(), validators=[DateInRange("Дата начала")])
    end_date = forms.DateField(label="По", widget=DateInput(), validators=[DateInRange("Дата окончания")])

    def __init__(self, *args, mentees=(), templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [(r.pk, r.participant.full_name) for r in mentees]
        if templates is not None:
            self.fields["template"].queryset = templates


class PlanPeriodForm(forms.Form):
    start_date = forms.DateField(label="С", widget=DateInput(), validators=[DateInRange("Дата начала")])
    end_date = forms.DateField(label="По", widget=DateInput(), validators=[DateInRange("Дата окончания")])


class SectionForm(forms.Form):
    title = forms.CharField(label="Раздел", max_length=300)


class TaskAddForm(forms.Form):
    section = forms.TypedChoiceField(label="Раздел", coerce=int)
    task = forms.CharField(label="Проект, задание", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(
        label="Срок", widget=DateInput(), required=False, validators=[DateInRange("Срок")]
    )
    planned_result = forms.CharField(
        label="Планируемый результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s.pk, f"{s.order}. {s.title}") for s in sections]


class TaskForm(forms.Form):
    task = forms.CharField(label="Проект, задание", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(
        label="Срок", widget=DateInput(), required=False, validators=[DateInRange("Срок")]
    )
    planned_result = forms.CharField(
        label="Планируемый результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    actual_result = forms.CharField(
        label="Фактический результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    result_status = forms.ChoiceField(
        label="Результат", choices=[("", "не отмечен"), *ResultStatus.choices], required=False
    )
    exceeded_description = forms.CharField(
        label="В чём превышен", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    mentor_assessment = forms.CharField(
        label="Оценка наставника", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SignForm(forms.Form):
    side = forms.ChoiceField(label="Кто подписал", choices=list(Side.LABELS.items()))
    signed_on = forms.DateField(
        label="Дата подписи", widget=DateInput(), validators=[DateInRange("Дата подписи")]
    )


class TemplateCopyForm(forms.Form):
    title = forms.CharField(label="Название копии", max_length=300)


class TemplateForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    role_model = forms.ModelChoiceField(
        label="Ролевая модель", queryset=RoleModel.objects.none(), required=False, empty_label="любая"
    )
    is_active = forms.BooleanField(label="Используется", required=False)

    def __init__(self, *args, form_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_model"].queryset = RoleModel.objects.filter(form=form_code)


class TemplateSectionForm(forms.Form):
    title = forms.CharField(label="Раздел", max_length=300)
    note = forms.CharField(label="Пояснение", max_length=300, required=False)


class TemplateTaskForm(forms.Form):
    task = forms.CharField(label="Проект, задание", widget=forms.Textarea(attrs={"rows": 2}))
    planned_result = forms.CharField(
        label="Планируемый результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
