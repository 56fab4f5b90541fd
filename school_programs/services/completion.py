"""Completion of the programme (stage 7, seed 001): results of each pair or group, early release of a
mentor, rewards, best practices for the region and the programme's final report.

Schema: TENANT, except best_practice_publish, which also writes one de-identified row to the PUBLIC
schema (regional_center.PublishedPractice).
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from regional_center.models import PublishedPractice
from tenants.models import School

from ..models import (
    BestPractice,
    DevelopmentPlan,
    Form,
    GroupMentee,
    GroupStatus,
    MeetingKind,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Participant,
    Programme,
    RequestStatus,
    RoleModel,
)


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _check_active(group: MentoringGroup) -> None:
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(f"Пара / группа уже {group.get_status_display()}.")


def _check_day_in_group(
    *, group: MentoringGroup, day: datetime.date, field_name: str, today: datetime.date
) -> None:
    if day > today:
        raise ValidationError({field_name: "Дата ещё не наступила."})
    if day < group.start_date:
        raise ValidationError(
            {field_name: f"Дата раньше начала работы пары / группы ({_date(group.start_date)})."}
        )


@dataclass
class GroupCompletion:
    group: MentoringGroup
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def group_complete(
    *,
    group: MentoringGroup,
    result_summary: str,
    completed_on: datetime.date,
    today: datetime.date | None = None,
) -> GroupCompletion:
    """Close a pair or group with its results: the mentees' requests are closed, running plans are
    closed too. Without a final meeting the group is still completed, with a warning."""
    today = today or timezone.localdate()
    _check_active(group)
    if not result_summary.strip():
        raise ValidationError({"result_summary": "Опишите итоги работы пары / группы."})
    _check_day_in_group(group=group, day=completed_on, field_name="completed_on", today=today)
    warnings = []
    if not group.meetings.filter(kind=MeetingKind.FINAL).exists():
        warnings.append("Итоговая встреча не внесена: рекомендуется провести её перед завершением.")
    group.status = GroupStatus.COMPLETED
    group.completed_on = completed_on
    group.result_summary = result_summary.strip()
    group.full_clean()
    group.save(update_fields=["status", "completed_on", "result_summary"])
    request_ids = GroupMentee.objects.filter(group=group, left_on__isnull=True).values_list(
        "request_id", flat=True
    )
    MenteeRequest.objects.filter(pk__in=list(request_ids)).update(status=RequestStatus.CLOSED)
    DevelopmentPlan.objects.filter(group=group, status=DevelopmentPlan.Status.ACTIVE).update(
        status=DevelopmentPlan.Status.COMPLETED
    )
    return GroupCompletion(group, warnings)


@transaction.atomic
def mentor_release(
    *,
    group: MentoringGroup,
    reason: str,
    released_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> MentorRelease:
    """Early release of the mentor of a pair or group (seed 001 §2).

    The group is terminated; its mentees leave it and their requests go back to «без пары:
    психологическая поддержка, поиск продолжается», so the psychologist supports them and matching
    looks for a new mentor. A mentor left with no working group is marked released in the mentor
    base (and is not matched again unless the curator selects them anew). The director's order is
    drafted in the register of orders; MentorRelease.order is filled in there.
    """
    today = today or timezone.localdate()
    _check_active(group)
    if reason not in MentorRelease.Reason.values:
        raise ValidationError(
            {"reason": "Основание — одно из: " + "; ".join(MentorRelease.Reason.labels) + "."}
        )
    _check_day_in_group(group=group, day=released_on, field_name="released_on", today=today)
    if reason != MentorRelease.Reason.APPLICATION and not note.strip():
        raise ValidationError(
            {"note": "Опишите обстоятельства: неисполнение функций или ходатайство обучающихся."}
        )
    release = MentorRelease(group=group, reason=reason, released_on=released_on, note=note.strip())
    release.full_clean()
    release.save()
    group.status = GroupStatus.TERMINATED
    group.completed_on = released_on
    group.save(update_fields=["status", "completed_on"])
    placements = GroupMentee.objects.filter(group=group, left_on__isnull=True)
    request_ids = list(placements.values_list("request_id", flat=True))
    placements.update(left_on=released_on)
    MenteeRequest.objects.filter(pk__in=request_ids).update(status=RequestStatus.SUPPORT)
    mentor = group.mentor
    if not mentor.groups.filter(status=GroupStatus.ACTIVE).exists():
        mentor.selection = MentorEntry.Selection.RELEASED
        mentor.save(update_fields=["selection"])
    return release


@transaction.atomic
def mentor_reward(
    *,
    mentor: MentorEntry,
    kind: str,
    awarded_on: datetime.date,
    wording: str = "",
) -> MentorReward:
    """Reward a mentor who led a pair or group of the programme (благодарственное письмо и др.)."""
    if kind not in MentorReward.Kind.values:
        raise ValidationError(
            {"kind": "Вид поощрения — один из: " + ", ".join(MentorReward.Kind.labels) + "."}
        )
    if not mentor.groups.exists():
        raise ValidationError(
            {
                "mentor": f"{mentor.participant.short_name} не "
                f"{mentor.participant.agreed('вёл', 'вела')} пар и групп в этой программе."
            }
        )
    if awarded_on < mentor.programme.start_date:
        raise ValidationError(
            {"awarded_on": f"Дата раньше начала программы ({_date(mentor.programme.start_date)})."}
        )
    reward = MentorReward(mentor=mentor, kind=kind, awarded_on=awarded_on, wording=wording.strip())
    reward.full_clean()
    reward.save()
    return reward


def _check_practice(*, form: str, role_model: RoleModel | None, title: str, description: str):
    errors = {}
    if not title.strip():
        errors["title"] = "Укажите название практики."
    if not description.strip():
        errors["description"] = "Опишите практику."
    if form not in Form.values:
        errors["form"] = "Неизвестная форма наставничества."
    elif role_model is not None and role_model.form != form:
        errors["role_model"] = f"Ролевая модель «{role_model.name}» относится к другой форме наставничества."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def best_practice_create(
    *,
    programme: Programme,
    title: str,
    form: str,
    description: str,
    role_model: RoleModel | None = None,
    results: str = "",
) -> BestPractice:
    _check_practice(form=form, role_model=role_model, title=title, description=description)
    practice = BestPractice(
        programme=programme,
        title=title.strip(),
        form=form,
        role_model=role_model,
        description=description.strip(),
        results=results.strip(),
    )
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def best_practice_update(
    *,
    practice: BestPractice,
    title: str,
    form: str,
    description: str,
    role_model: RoleModel | None = None,
    results: str = "",
) -> BestPractice:
    if practice.published_on is not None:
        raise ValidationError("Практика уже передана в региональную библиотеку: её текст не меняется.")
    _check_practice(form=form, role_model=role_model, title=title, description=description)
    practice.title, practice.form, practice.role_model = title.strip(), form, role_model
    practice.description, practice.results = description.strip(), results.strip()
    practice.full_clean()
    practice.save()
    return practice


_WORD = re.compile(r"[А-Яа-яЁёA-Za-z-]+")


def _words(text: str) -> list[str]:
    return [word.lower().replace("ё", "е") for word in _WORD.findall(text)]


def names_in_text(text: str, people: list[tuple[str, str]]) -> list[str]:
    """The «Фамилия Имя» (in either order) of the given people found in the text, as found."""
    known = {}
    for last_name, first_name in people:
        last, first = " ".join(_words(last_name)), " ".join(_words(first_name))
        if last and first:
            known[(last, first)] = f"{last_name} {first_name}"
            known[(first, last)] = f"{last_name} {first_name}"
    words = _words(text)
    found = {known[pair] for pair in itertools.pairwise(words) if pair in known}
    return sorted(found)


@transaction.atomic
def best_practice_publish(
    *, practice: BestPractice, school: School, today: datetime.date | None = None
) -> PublishedPractice:
    """Pass a practice to the region's library as a de-identified copy in the public schema.

    Refused while its title, description or results name a participant of this school («Фамилия
    Имя»): the school is the operator of its people's personal data and the region gets none of it.
    """
    today = today or timezone.localdate()
    if practice.published_on is not None:
        raise ValidationError(
            f"Практика уже передана в региональную библиотеку {_date(practice.published_on)}."
        )
    people = list(Participant.objects.values_list("last_name", "first_name"))
    errors = {}
    for field_name in ("title", "description", "results"):
        names = names_in_text(getattr(practice, field_name), people)
        if names:
            errors[field_name] = (
                "В тексте есть фамилия и имя участника программы ("
                + ", ".join(names)
                + "): уберите персональные данные перед публикацией."
            )
    if errors:
        raise ValidationError(errors)
    # The table exists only in the public schema, which is on every school connection's search path.
    published = PublishedPractice.objects.create(
        school=school,
        title=practice.title,
        form=practice.form,
        form_label=practice.get_form_display(),
        role_model_name=practice.role_model.name if practice.role_model else "",
        description=practice.description,
        results=practice.results,
    )
    practice.published_on = today
    practice.save(update_fields=["published_on"])
    return published


@transaction.atomic
def programme_final_report(
    *,
    programme: Programme,
    final_report: str,
    complete: bool = False,
    completed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Programme:
    """Save the programme's final report; with `complete`, close the programme once no pair works."""
    today = today or timezone.localdate()
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError("Программа уже завершена.")
    report = final_report.strip()
    fields = ["final_report"]
    if complete:
        completed_on = completed_on or today
        if not report:
            raise ValidationError({"final_report": "Перед завершением программы опишите её итоги."})
        active = programme.groups.filter(status=GroupStatus.ACTIVE).count()
        if active:
            raise ValidationError(
                {"complete": f"Работают ещё пары и группы ({active}): завершите их или прекратите досрочно."}
            )
        if completed_on > today:
            raise ValidationError({"completed_on": "Дата завершения ещё не наступила."})
        if completed_on < programme.start_date:
            raise ValidationError({"completed_on": "Дата завершения раньше начала программы."})
        programme.status = Programme.Status.COMPLETED
        programme.completed_on = completed_on
        fields += ["status", "completed_on"]
    programme.final_report = report
    programme.full_clean()
    programme.save(update_fields=fields)
    return programme
