"""The school's programme. Schema: TENANT (runs in the school's schema chosen by routing)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Programme


@transaction.atomic
def programme_create(*, title: str, start_date: datetime.date, end_date: datetime.date) -> Programme:
    """A programme's period must be non-empty: it ends after it starts."""
    if end_date <= start_date:
        raise ValidationError({"end_date": "Дата окончания программы должна быть позже даты начала."})
    programme = Programme(title=title, start_date=start_date, end_date=end_date)
    programme.full_clean()
    programme.save()
    return programme
