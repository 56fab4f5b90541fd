"""Organisation–organisation mentoring: a strong school supports a ШНОР school for a period.

Schema: PUBLIC. The regional administrator forms pairs, keeps their support plans, joint events and
visits, the mentee school's indicator values, and completes them with results and conclusions.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenants.models import School

from ..models import (
    OrganisationPair,
    PairIndicatorValue,
    PairVisit,
    SupportPlanItem,
    WorkStatus,
    school_year_label,
)
from .low_results import is_low_results
from .school_years import current_school_year

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MENTOR_IS_LOW_RESULTS = "mentor_low_results"


def _shown(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _period(pair: OrganisationPair) -> str:
    return f"{_shown(pair.starts_on)} – {_shown(pair.ends_on)}"


def _in_range(errors: dict, field: str, day: datetime.date | None, label: str) -> None:
    if day is not None and not EARLIEST <= day <= LATEST:
        errors[field] = f"{label}: дата вне допустимого диапазона 2000–2100."


def _require_active(pair: OrganisationPair) -> None:
    if pair.status != OrganisationPair.Status.ACTIVE:
        raise ValidationError(f"Пара «{pair}» {pair.get_status_display()}: её план и показатели не меняются.")


def overlapping_pairs(*, mentee_school: School, starts_on, ends_on, exclude_pk=None):
    """Pairs of the mentee school whose periods share a day with [starts_on, ends_on]."""
    pairs = OrganisationPair.objects.filter(
        mentee_school=mentee_school, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(status=OrganisationPair.Status.CANCELLED)
    if exclude_pk:
        pairs = pairs.exclude(pk=exclude_pk)
    return pairs.select_related("mentor_school")


@transaction.atomic
def pair_create(
    *,
    mentor_school: School,
    mentee_school: School,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals: str,
    mentor_low_results_reason: str = "",
    by=None,
) -> OrganisationPair:
    """Pair a mentor school with a ШНОР school for a period.

    Refused: an organisation paired with itself, an inverted period, a mentee that is not ШНОР in
    the school year the pair starts, an archived school, a period overlapping another pair of the same
    mentee. A mentor that is itself ШНОР that year is a warning (code "mentor_low_results"): allowed
    once a written reason is given, and the reason is kept with the pair.
    """
    errors: dict[str, str] = {}
    goals = goals.strip()
    reason = mentor_low_results_reason.strip()
    if mentor_school.pk == mentee_school.pk:
        errors["mentee_school"] = "Организация не может быть наставником самой себе."
    _in_range(errors, "starts_on", starts_on, "Начало")
    _in_range(errors, "ends_on", ends_on, "Окончание")
    if "starts_on" not in errors and "ends_on" not in errors and ends_on <= starts_on:
        errors["ends_on"] = "Окончание периода должно быть позже начала."
    if not goals:
        errors["goals"] = "Укажите цели работы пары."
    for field, school in (("mentor_school", mentor_school), ("mentee_school", mentee_school)):
        if school.status == School.Status.ARCHIVED:
            errors[field] = f"Школа «{school.short_name}» в архиве."
    if errors:
        raise ValidationError(errors)
    year = current_school_year(starts_on)
    if not is_low_results(school=mentee_school, start_year=year):
        raise ValidationError(
            {
                "mentee_school": f"Школа «{mentee_school.short_name}» не в перечне ШНОР на "
                f"{school_year_label(year)} учебный год: наставляемой организацией может быть только ШНОР."
            }
        )
    if is_low_results(school=mentor_school, start_year=year) and not reason:
        raise ValidationError(
            {
                "mentor_low_results_reason": ValidationError(
                    f"Школа «{mentor_school.short_name}» сама в перечне ШНОР на {school_year_label(year)} "
                    "учебный год. Если пара всё же нужна, напишите причину.",
                    code=MENTOR_IS_LOW_RESULTS,
                )
            }
        )
    if not is_low_results(school=mentor_school, start_year=year):
        reason = ""  # nothing to explain: the reason is kept only for a ШНОР mentor
    # The mentee's row lock puts two administrators' pairings of one school one after the other, so
    # the overlap check below cannot be passed by both.
    School.objects.select_for_update().filter(pk=mentee_school.pk).first()
    clash = overlapping_pairs(mentee_school=mentee_school, starts_on=starts_on, ends_on=ends_on).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": f"У школы «{mentee_school.short_name}» уже есть пара с "
                f"«{clash.mentor_school.short_name}» на {_period(clash)}: периоды пересекаются."
            }
        )
    pair = OrganisationPair(
        mentor_school=mentor_school,
        mentee_school=mentee_school,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        mentor_low_results_reason=reason,
        created_by=by,
    )
    pair.full_clean()
    pair.save()
    return pair


def _item_checks(item: SupportPlanItem) -> None:
    pair = item.pair
    errors: dict[str, str] = {}
    if not item.activity.strip():
        errors["activity"] = "Укажите мероприятие."
    if item.deadline and not pair.starts_on <= item.deadline <= pair.ends_on:
        errors["deadline"] = f"Срок должен быть в периоде пары ({_period(pair)})."
    if not item.mentor_responsible.strip():
        errors["mentor_responsible"] = "Укажите ответственного от школы-наставника."
    if not item.mentee_responsible.strip():
        errors["mentee_responsible"] = "Укажите ответственного от школы-наставляемого."
    if item.status == WorkStatus.DONE and not item.result.strip():
        errors["result"] = "Для выполненного пункта опишите результат."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_item_add(
    *,
    pair: OrganisationPair,
    activity: str,
    support_kind: str,
    deadline: datetime.date,
    mentor_responsible: str,
    mentee_responsible: str,
    status: str = WorkStatus.PLANNED,
    result: str = "",
) -> SupportPlanItem:
    """A support-plan item of an active pair, due within the pair's period; done needs a result."""
    _require_active(pair)
    item = SupportPlanItem(
        pair=pair,
        activity=activity.strip(),
        support_kind=support_kind,
        deadline=deadline,
        mentor_responsible=mentor_responsible.strip(),
        mentee_responsible=mentee_responsible.strip(),
        status=status,
        result=result.strip(),
    )
    _item_checks(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_update(
    *, item: SupportPlanItem, status: str, result: str = "", deadline: datetime.date | None = None
) -> SupportPlanItem:
    _require_active(item.pair)
    item.status = status
    item.result = result.strip()
    if deadline is not None:
        item.deadline = deadline
    _item_checks(item)
    item.full_clean()
    item.save(update_fields=["status", "result", "deadline"])
    return item


@transaction.atomic
def visit_add(
    *,
    pair: OrganisationPair,
    date: datetime.date,
    kind: str,
    title: str,
    summary: str,
    today: datetime.date | None = None,
) -> PairVisit:
    """A joint event or visit that took place: within the pair's period and not in the future."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not pair.starts_on <= date <= pair.ends_on:
        errors["date"] = f"Дата должна быть в периоде пары ({_period(pair)})."
    elif date > today:
        errors["date"] = "Мероприятие ещё не состоялось: запишите его после проведения."
    if not title.strip():
        errors["title"] = "Укажите название."
    if not summary.strip():
        errors["summary"] = "Опишите, что сделано."
    if pair.status == OrganisationPair.Status.CANCELLED:
        raise ValidationError("Пара отменена: визиты не записываются.")
    if errors:
        raise ValidationError(errors)
    visit = PairVisit(pair=pair, date=date, kind=kind, title=title.strip(), summary=summary.strip())
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def indicator_value_set(
    *,
    pair: OrganisationPair,
    code: str,
    name: str,
    stage: str,
    period_label: str,
    value: Decimal | None = None,
    numerator: int | None = None,
    denominator: int | None = None,
) -> PairIndicatorValue:
    """Enter (or correct) the mentee school's indicator value for a stage and period.

    With a numerator and denominator the value is their percentage (the share is never typed twice);
    one of the two alone, a zero denominator or a numerator above it is refused.
    """
    errors: dict[str, str] = {}
    if (numerator is None) != (denominator is None):
        errors["denominator" if denominator is None else "numerator"] = (
            "Укажите и числитель, и знаменатель (или ни одного)."
        )
    elif denominator is not None:
        if denominator <= 0:
            errors["denominator"] = "Знаменатель должен быть больше нуля."
        elif numerator > denominator:
            errors["numerator"] = "Числитель не может быть больше знаменателя."
        else:
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if value is None and not errors:
        errors["value"] = "Укажите значение показателя."
    if not code.strip():
        errors["code"] = "Укажите код показателя."
    if not period_label.strip():
        errors["period_label"] = "Укажите период."
    if errors:
        raise ValidationError(errors)
    row = PairIndicatorValue.objects.filter(
        pair=pair, code=code.strip(), stage=stage, period_label=period_label.strip()
    ).first() or PairIndicatorValue(
        pair=pair, code=code.strip(), stage=stage, period_label=period_label.strip()
    )
    row.name = name.strip() or row.name
    row.value = value
    row.numerator = numerator
    row.denominator = denominator
    row.full_clean(validate_constraints=False)
    row.save()
    return row


@transaction.atomic
def pair_complete(
    *,
    pair: OrganisationPair,
    results: str,
    conclusions: str,
    completed_on: datetime.date,
    today: datetime.date | None = None,
) -> OrganisationPair:
    """Complete a pair with its results and conclusions.

    Refused while a plan item is still planned or in progress (each is named), for a date before the
    pair's start or in the future, and without results or conclusions.
    """
    today = today or timezone.localdate()
    pair = OrganisationPair.objects.select_for_update().get(pk=pair.pk)
    _require_active(pair)
    errors: dict[str, str] = {}
    if not results.strip():
        errors["results"] = "Опишите результаты работы пары."
    if not conclusions.strip():
        errors["conclusions"] = "Сформулируйте выводы."
    if completed_on < pair.starts_on:
        errors["completed_on"] = f"Дата завершения раньше начала пары ({_shown(pair.starts_on)})."
    elif completed_on > today:
        errors["completed_on"] = "Дата завершения ещё не наступила."
    if errors:
        raise ValidationError(errors)
    open_items = list(pair.plan_items.filter(status__in=[WorkStatus.PLANNED, WorkStatus.IN_PROGRESS]))
    if open_items:
        raise ValidationError(
            "Не закрыты пункты плана: "
            + "; ".join(f"«{item.activity}»" for item in open_items)
            + ". Отметьте их выполненными или отменёнными."
        )
    pair.status = OrganisationPair.Status.COMPLETED
    pair.results = results.strip()
    pair.conclusions = conclusions.strip()
    pair.completed_on = completed_on
    pair.full_clean()
    pair.save(update_fields=["status", "results", "conclusions", "completed_on"])
    return pair
