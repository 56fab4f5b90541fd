"""The school's programme. Schema: TENANT (runs in the school's schema chosen by routing)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Form, Programme
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
