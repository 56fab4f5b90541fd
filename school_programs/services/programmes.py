"""The school's programme. Schema: TENANT (runs in the school's schema chosen by routing)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Form, Programme, RoleModel
from .roadmap import roadmap_generate


@transaction.atomic
def programme_create(
    *,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    forms: list[str] | None = None,
    goals: str = "",
    with_roadmap: bool = True,
) -> Programme:
    """A programme's period must be non-empty; its road map is generated from the seeds' template."""
    if end_date <= start_date:
        raise ValidationError({"end_date": "Дата окончания программы должна быть позже даты начала."})
    unknown = [f for f in forms or [] if f not in Form.values]
    if unknown:
        raise ValidationError({"forms": f"Неизвестная форма наставничества: {', '.join(unknown)}."})
    programme = Programme(
        title=title, start_date=start_date, end_date=end_date, forms=forms or [], goals=goals
    )
    programme.full_clean()
    programme.save()
    if with_roadmap:
        roadmap_generate(programme=programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields) -> Programme:
    for name, value in fields.items():
        setattr(programme, name, value)
    if programme.end_date <= programme.start_date:
        raise ValidationError({"end_date": "Дата окончания программы должна быть позже даты начала."})
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def role_model_save(
    *, role_model: RoleModel | None = None, form: str, name: str, goal: str = "", is_active: bool = True
) -> RoleModel:
    """Add or edit a role model of the school's editable reference list (one name per form)."""
    role_model = role_model or RoleModel()
    duplicate = RoleModel.objects.filter(form=form, name__iexact=name.strip()).exclude(pk=role_model.pk)
    if duplicate.exists():
        raise ValidationError({"name": f"Ролевая модель «{name}» уже есть в форме «{Form(form).label}»."})
    if role_model.pk and role_model.form != form and role_model.groups.exists():
        raise ValidationError({"form": "По этой ролевой модели уже работают пары: форму изменить нельзя."})
    role_model.form, role_model.name, role_model.goal, role_model.is_active = (
        form,
        name.strip(),
        goal,
        is_active,
    )
    role_model.full_clean()
    role_model.save()
    return role_model
