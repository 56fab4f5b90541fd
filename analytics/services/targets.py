"""Setting a target: per indicator, scope (the region or a municipality of it) and school year, the
value and the order that set it. Schema: PUBLIC."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from regional_center.models import Municipality, Region

from ..models import Indicator, Target


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    region: Region,
    municipality: Municipality | None = None,
    period: str,
    value,
    order_number: str,
    order_date: date,
    order_title: str,
    by=None,
) -> Target:
    """Create or replace the target of (indicator, scope, period): one order in force at a time, the
    latest wins (the old value is replaced, not kept beside it, so a status has one target)."""
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": "Муниципалитет не из этого региона."})
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": "Целевое значение: укажите число, например 60 или 62,5."}) from None
    if indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        raise ValidationError({"value": "Целевое значение доли — от 0 до 100 %."})
    target = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, region=region, municipality=municipality, period=period)
        .first()
    ) or Target(indicator=indicator, region=region, municipality=municipality, period=period)
    target.scope = Target.Scope.MUNICIPALITY if municipality is not None else Target.Scope.REGION
    target.value = value
    target.order_number = (order_number or "").strip()
    target.order_date = order_date
    target.order_title = (order_title or "").strip()
    target.set_by = by
    # The uniqueness check is left to the row lock above and the database constraint.
    target.full_clean(validate_unique=False)
    target.save()
    return target
