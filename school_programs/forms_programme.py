# Field classes are imported by name: the programme form has a field called "forms".
from django.forms import (
    BooleanField,
    CharField,
    CheckboxSelectMultiple,
    ChoiceField,
    DateField,
    Form,
    MultipleChoiceField,
    Textarea,
)

from .dates import DateInRange
from .forms import DateInput
from .models import Form as MentoringForm
from .models import Programme, RoadmapItem, Stage


class ProgrammeForm(Form):
    title = CharField(label="Название", max_length=300)
    start_date = DateField(label="Начало", widget=DateInput, validators=[DateInRange("Дата начала")])
    end_date = DateField(label="Окончание", widget=DateInput, validators=[DateInRange("Дата окончания")])
    forms = MultipleChoiceField(
        label="Формы наставничества",
        choices=MentoringForm.choices,
        widget=CheckboxSelectMultiple,
        required=False,
    )
    goals = CharField(label="Цели и задачи", widget=Textarea(attrs={"rows": 3}), required=False)
    status = ChoiceField(label="Состояние", choices=Programme.Status.choices, required=False)


class RoleModelForm(Form):
    form = ChoiceField(label="Форма наставничества", choices=MentoringForm.choices)
    name = CharField(label="Ролевая модель", max_length=200)
    goal = CharField(label="Цель", widget=Textarea(attrs={"rows": 2}), required=False)
    is_active = BooleanField(label="Используется", required=False, initial=True)


class RoadmapItemForm(Form):
    activity = CharField(label="Мероприятие", max_length=500)
    content = CharField(label="Содержание", widget=Textarea(attrs={"rows": 2}), required=False)
    deadline = DateField(label="Срок", widget=DateInput, validators=[DateInRange("Срок")])
    responsible = CharField(label="Ответственные", max_length=300)
    status = ChoiceField(label="Состояние", choices=RoadmapItem.Status.choices)


class RoadmapNewItemForm(Form):
    """A line the curator adds to the road map (the generated lines come from the seed)."""

    stage = ChoiceField(label="Этап", choices=Stage.choices)
    activity = CharField(label="Мероприятие", max_length=500)
    content = CharField(label="Содержание", widget=Textarea(attrs={"rows": 2}), required=False)
    deadline = DateField(label="Срок", widget=DateInput, validators=[DateInRange("Срок")])
    responsible = CharField(label="Ответственные", max_length=300)
