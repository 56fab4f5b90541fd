"""Schools with low results (ШНОР): the region's risk profile of a school, the school's own
self-diagnosis, and its anti-risk programme with measures.

Schema: PUBLIC. Whether a school is ШНОР in a school year is read from SchoolYearStatus (written by
services.school_years only); everything here is refused for a school that is not ШНОР that year.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.models import School

from ..models import (
    AntiRiskMeasure,
    AntiRiskProgramme,
    RiskFactor,
    SchoolRiskFactor,
    SchoolYearStatus,
    SelfDiagnosisEntry,
    WorkStatus,
    school_year_label,
)


def is_low_results(*, school: School, start_year: int) -> bool:
    return SchoolYearStatus.objects.filter(school=school, start_year=start_year, low_results=True).exists()


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """1 September of `start_year` to 31 August of the next year."""
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def _require_low_results(school: School, start_year: int, *, field: str = "school") -> None:
    if not is_low_results(school=school, start_year=start_year):
        raise ValidationError(
            {
                field: f"Школа «{school.short_name}» не в перечне ШНОР на {school_year_label(start_year)} "
                "учебный год."
            }
        )


def _shown(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


@transaction.atomic
def risk_factor_set(
    *,
    school: School,
    start_year: int,
    factor: str,
    level: int,
    subjects: list[str] | tuple = (),
    comment: str = "",
    by=None,
) -> SchoolRiskFactor:
    """Set one factor of the school's risk profile for a year (adds it or changes its level).

    Refused for a school that is not ШНОР that year; unknown factors, levels and subjects are named.
    """
    _require_low_results(school, start_year)
    row = SchoolRiskFactor.objects.filter(school=school, start_year=start_year, factor=factor).first()
    if row is None:
        row = SchoolRiskFactor(school=school, start_year=start_year, factor=factor)
    row.level = level
    row.subjects = sorted(set(subjects))
    row.comment = comment.strip()
    row.set_by = by
    row.full_clean(validate_constraints=False)
    row.save()
    return row


@transaction.atomic
def risk_factor_remove(*, row: SchoolRiskFactor) -> None:
    row.delete()


@transaction.atomic
def self_diagnosis_set(
    *, school: School, start_year: int, factor: str, level: int, comment: str = "", by=None
) -> SelfDiagnosisEntry:
    """The school's own assessment of one risk factor (its director or curator enters it).

    Refused for a school that is not ШНОР that year, and without a comment when the school's
    assessment differs from the region's: the centre has to see why the school sees it otherwise.
    """
    _require_low_results(school, start_year)
    comment = comment.strip()
    regional = SchoolRiskFactor.objects.filter(school=school, start_year=start_year, factor=factor).first()
    if regional is not None and regional.level != level and not comment:
        raise ValidationError(
            {
                "comment": f"Оценка школы расходится с оценкой региона («{regional.get_level_display()}»): "
                "поясните в комментарии."
            }
        )
    entry = SelfDiagnosisEntry.objects.filter(school=school, start_year=start_year, factor=factor).first()
    if entry is None:
        entry = SelfDiagnosisEntry(school=school, start_year=start_year, factor=factor)
    entry.level = level
    entry.comment = comment
    entry.entered_by = by
    entry.full_clean(validate_constraints=False)
    entry.save()
    return entry


def _programme_checks(programme: AntiRiskProgramme) -> None:
    errors = {}
    if not programme.title.strip():
        errors["title"] = "Укажите название программы."
    if programme.status != AntiRiskProgramme.Status.DRAFT and programme.approved_on is None:
        errors["approved_on"] = "Укажите дату утверждения программы."
    if programme.approved_on and not (
        datetime.date(2000, 1, 1) <= programme.approved_on <= datetime.date(2100, 12, 31)
    ):
        errors["approved_on"] = "Дата утверждения вне допустимого диапазона 2000–2100."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def antirisk_programme_create(
    *,
    school: School,
    start_year: int,
    title: str,
    goal: str = "",
    status: str = AntiRiskProgramme.Status.DRAFT,
    approved_on: datetime.date | None = None,
) -> AntiRiskProgramme:
    """One programme per school and school year; only for a school that is ШНОР that year."""
    _require_low_results(school, start_year)
    School.objects.select_for_update().filter(pk=school.pk).first()  # two saves one after the other
    if AntiRiskProgramme.objects.filter(school=school, start_year=start_year).exists():
        raise ValidationError(
            {"start_year": f"Антирисковая программа на {school_year_label(start_year)} учебный год уже есть."}
        )
    programme = AntiRiskProgramme(
        school=school,
        start_year=start_year,
        title=title.strip(),
        goal=goal.strip(),
        status=status,
        approved_on=approved_on,
    )
    _programme_checks(programme)
    programme.full_clean(validate_constraints=False)
    programme.save()
    return programme


@transaction.atomic
def antirisk_programme_update(
    *,
    programme: AntiRiskProgramme,
    title: str,
    goal: str = "",
    status: str,
    approved_on: datetime.date | None = None,
) -> AntiRiskProgramme:
    programme.title = title.strip()
    programme.goal = goal.strip()
    programme.status = status
    programme.approved_on = approved_on
    _programme_checks(programme)
    programme.full_clean(validate_constraints=False)
    programme.save(update_fields=["title", "goal", "status", "approved_on"])
    return programme


def _measure_checks(measure: AntiRiskMeasure) -> None:
    programme = measure.programme
    first, last = school_year_bounds(programme.start_year)
    errors = {}
    if measure.factor and measure.factor not in RiskFactor.values:
        errors["factor"] = "Неизвестный фактор риска."
    if measure.deadline and not first <= measure.deadline <= last:
        errors["deadline"] = (
            f"Срок должен быть в {school_year_label(programme.start_year)} учебном году "
            f"({_shown(first)} – {_shown(last)})."
        )
    if measure.status == WorkStatus.DONE and not measure.result.strip():
        errors["result"] = "Для выполненной меры опишите результат."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def antirisk_measure_add(
    *,
    programme: AntiRiskProgramme,
    title: str,
    factor: str,
    deadline: datetime.date,
    responsible: str,
    status: str = WorkStatus.PLANNED,
    result: str = "",
) -> AntiRiskMeasure:
    """A measure of the programme, against one risk factor, due within the programme's school year."""
    if programme.status == AntiRiskProgramme.Status.COMPLETED:
        raise ValidationError("Программа завершена: меры не добавляются.")
    measure = AntiRiskMeasure(
        programme=programme,
        title=title.strip(),
        factor=factor,
        deadline=deadline,
        responsible=responsible.strip(),
        status=status,
        result=result.strip(),
    )
    _measure_checks(measure)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def antirisk_measure_update(*, measure: AntiRiskMeasure, status: str, result: str = "", deadline=None):
    """Move a measure on (status, result) or shift its deadline within the school year."""
    measure.status = status
    measure.result = result.strip()
    if deadline is not None:
        measure.deadline = deadline
    _measure_checks(measure)
    measure.full_clean()
    measure.save(update_fields=["status", "result", "deadline"])
    return measure
