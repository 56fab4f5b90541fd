"""The school's definitions of «grew» per construct (GrowthRule), which every monitoring report states.

Schema: TENANT (the page's school).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ..instruments import growth_note
from ..models import Construct, GrowthRule

# Change is measured on the item scale (1–5 or 1–10, marks 1–5): a threshold above the widest range
# could never be reached, and 0 or less would call «no change» growth.
MAX_THRESHOLD = Decimal(9)


def _threshold(construct: str, value) -> Decimal:
    try:
        threshold = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        threshold = None
    if threshold is None or not threshold.is_finite() or not 0 < threshold <= MAX_THRESHOLD:
        raise ValidationError({construct: f"Порог роста — число больше 0 и не больше {MAX_THRESHOLD}."})
    if threshold != threshold.quantize(Decimal("0.01")):
        raise ValidationError({construct: "Порог роста — не больше двух знаков после запятой."})
    return threshold.quantize(Decimal("0.01"))


@transaction.atomic
def growth_rules_set(
    *, thresholds: dict[str, object], notes: dict[str, str] | None = None
) -> list[GrowthRule]:
    """Set the thresholds of the given constructs, all of them or none (errors name the construct)."""
    errors: dict[str, list[str]] = {}
    checked: dict[str, Decimal] = {}
    for construct, value in thresholds.items():
        if construct not in Construct.values:
            errors[construct] = ["Неизвестный показатель."]
            continue
        try:
            checked[construct] = _threshold(construct, value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    rules = []
    for construct, threshold in checked.items():
        rule = GrowthRule.objects.filter(construct=construct).first() or GrowthRule(construct=construct)
        # The shipped note spells the threshold out: it follows the new one unless the school wrote its own.
        shipped = rule.pk is None or rule.note in {
            "",
            growth_note(Construct(construct), f"{rule.threshold:.2f}"),
        }
        rule.threshold = threshold
        if notes is not None and construct in notes:
            rule.note = notes[construct]
        elif shipped:
            rule.note = growth_note(Construct(construct), f"{threshold:.2f}")
        rule.full_clean(validate_unique=False)
        rule.save()
        rules.append(rule)
    return rules
