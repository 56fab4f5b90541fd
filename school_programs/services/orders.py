"""The register of the director's orders (приказы) on the mentoring programme. Schema: TENANT.

Rules:
- an order is drafted from the data it decides on (the programme and its curators, pairs and groups,
  early releases, rewards); its title and text are generated in Russian and stay editable while it is
  a draft (проект);
- drafting links the data to the order (MentoringGroup.fixing_order, MentorRelease.order,
  MentorReward.order), so the same pair cannot go into two orders; cancelling a draft unlinks it;
- the director signs (who may sign is checked by the page and API views: access.require / the
  DIRECTOR school role): a number unique within the calendar year and the date of signing, which
  becomes the order's date; a signed order never changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..documents.russian import joined, period, quoted, short_date
from ..models import Form as MentoringForm
from ..models import (
    GroupStatus,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Order,
    Participant,
    ParticipantKind,
    Programme,
)
from ..selectors.orders import groups_with_people, mentees_on

# The federal basis every order of the programme cites (distribution of the Ministry, seeds 000, 001).
R145 = (
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 «Об утверждении "
    "методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
    "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
    "среднего профессионального образования, в том числе с применением лучших практик обмена опытом между "
    "обучающимися»"
)
ORDER_WORD = "ПРИКАЗЫВАЮ:"
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."
# How long the curator has to find a new mentor after a release (seed 001 §5: the search goes on).
REPLACEMENT_DAYS = 14

# The ground of an early release as it reads in the order's preamble (seed 001 §2).
RELEASE_GROUNDS = {
    MentorRelease.Reason.APPLICATION: "на основании письменного заявления наставника",
    MentorRelease.Reason.NON_PERFORMANCE: (
        "в связи с невыполнением или ненадлежащим выполнением наставником возложенных на него обязанностей"
    ),
    MentorRelease.Reason.PETITION: "на основании письменного мотивированного ходатайства обучающихся",
}


# --- Text ----------------------------------------------------------------------------------------


def _programme_reference(programme: Programme) -> str:
    return (
        f"программы наставничества {quoted(programme.title)} "
        f"на период {period(programme.start_date, programme.end_date)}"
    )


def _compose(preamble: str, points: list[str]) -> str:
    """Preamble, «ПРИКАЗЫВАЮ:», numbered points (a point may carry its own sub-points on next lines)."""
    numbered = [f"{number}. {point}" for number, point in enumerate(points, start=1)]
    return "\n\n".join([preamble, ORDER_WORD, "\n".join(numbered)])


def _sub_points(number: int, lines: list[str]) -> str:
    return "\n".join(f"{number}.{index}. {line}" for index, line in enumerate(lines, start=1))


def _by_count(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _person(person: Participant) -> str:
    return f"{person.full_name}, {person.description}" if person.description else person.full_name


def _curators_phrase(programme: Programme) -> str:
    curators = list(programme.curators.order_by("last_name", "first_name"))
    if not curators:
        return "Куратору программы наставничества"
    names = joined([person.short_name for person in curators])
    return f"{_by_count(len(curators), 'Куратору', 'Кураторам')} программы наставничества ({names})"


def approve_programme_text(programme: Programme, curators: list[Participant]) -> tuple[str, str]:
    title = "Об утверждении программы наставничества и назначении кураторов"
    preamble = (
        f"В соответствии с {R145}, в целях внедрения целевой модели наставничества обучающихся и "
        "педагогических работников образовательной организации"
    )
    assign = f"Назначить {_by_count(len(curators), 'куратором', 'кураторами')} программы наставничества:"
    points = [
        f"Утвердить программу наставничества {quoted(programme.title)} на период "
        f"{period(programme.start_date, programme.end_date)} (далее — программа наставничества).",
        assign + "\n" + _sub_points(2, [f"{_person(person)}." for person in curators]),
    ]
    if programme.forms:
        forms = ", ".join(quoted(MentoringForm(code).label) for code in programme.forms)
        points.append(f"Реализовать программу наставничества в формах: {forms}.")
    points += [
        f"{_by_count(len(curators), 'Куратору', 'Кураторам')} программы наставничества обеспечить "
        "формирование базы наставляемых и базы наставников, "
        "отбор и обучение наставников, формирование наставнических пар / групп, мониторинг и оценку "
        "эффективности программы наставничества в соответствии с дорожной картой.",
        CONTROL,
    ]
    return title, _compose(preamble, points)


def _has_plans(group: MentoringGroup) -> bool:
    """Every mentee of the pair / group has a development plan (the order may then cite the plans)."""
    mentees = {placement.request_id for placement in group.mentees.all() if placement.left_on is None}
    planned = {plan.mentee_id for plan in group.plans.all()}
    return bool(mentees) and mentees <= planned


def fix_groups_text(programme: Programme, groups: list[MentoringGroup]) -> tuple[str, str]:
    """Seed 001 §2: the director fixes pairs «на основании индивидуального плана развития» — said
    only when every pair has its plans; otherwise the order asks the mentors to draw them up."""
    title = "О закреплении наставнических пар / групп"
    with_plans = all(_has_plans(group) for group in groups)
    basis = " на основании индивидуального плана развития" if with_plans else ""
    preamble = f"В соответствии с {R145}, {_programme_reference(programme)}" + (
        ", на основании индивидуальных планов развития наставляемых" if with_plans else ""
    )
    work = (
        "Наставникам организовать работу наставнических пар / групп в соответствии с индивидуальными "
        "планами развития: "
        if with_plans
        else "Наставникам совместно с наставляемыми составить индивидуальные планы развития и организовать "
        "работу наставнических пар / групп: "
    )
    points = [
        f"Закрепить наставников за наставляемыми{basis} и утвердить "
        f"состав наставнических пар / групп (всего: {len(groups)}) согласно приложению к настоящему приказу.",
        work + "встречу-знакомство, пробную рабочую встречу, встречу-планирование, комплекс "
        "последовательных встреч и итоговую встречу.",
        f"{_curators_phrase(programme)} зафиксировать наставнические пары / группы в базе куратора и "
        "осуществлять контроль за их работой.",
        CONTROL,
    ]
    return title, _compose(preamble, points)


def release_mentor_text(releases: list[MentorRelease]) -> tuple[str, str]:
    programme = releases[0].group.programme
    whom = _by_count(len({release.group.mentor_id for release in releases}), "наставника", "наставников")
    title = f"О досрочном освобождении от обязанностей {whom}"
    grounds = [
        RELEASE_GROUNDS[reason]
        for reason in MentorRelease.Reason
        if any(release.reason == reason for release in releases)
    ]
    preamble = f"В соответствии с {R145}, {_programme_reference(programme)}, {', '.join(grounds)}"
    lines = []
    for release in releases:
        group = release.group
        mentees = ", ".join(person.short_name for person in mentees_on(group, release.released_on))
        note = f" ({release.note.strip()})" if release.note.strip() else ""
        lines.append(
            f"{_person(group.mentor.participant)} — наставник по форме {quoted(group.get_form_display())} "
            f"(наставляемые: {mentees or '—'}), с {short_date(release.released_on)}, "
            f"{release.get_reason_display()}{note}."
        )
    deadline = max(release.released_on for release in releases) + datetime.timedelta(days=REPLACEMENT_DAYS)
    points = [
        "Досрочно освободить от исполнения обязанностей наставника:\n" + _sub_points(1, lines),
        f"{_curators_phrase(programme)} в срок до {short_date(deadline)} подобрать наставляемым нового "
        "наставника из базы наставников, а при отсутствии подходящего наставника организовать "
        "психолого-педагогическую поддержку наставляемых.",
        CONTROL,
    ]
    return title, _compose(preamble, points)


def reward_mentors_text(rewards: list[MentorReward]) -> tuple[str, str]:
    programme = rewards[0].mentor.programme
    whom = _by_count(len({reward.mentor_id for reward in rewards}), "наставника", "наставников")
    title = f"О поощрении {whom}"
    preamble = (
        f"В соответствии с {R145}, по итогам реализации {_programme_reference(programme)}, за активное "
        "участие в реализации программы наставничества и достигнутые наставляемыми результаты"
    )
    kinds = {reward.kind for reward in rewards}
    duties = ["подготовить и вручить поощрения"]
    if MentorReward.Kind.PUBLICATION in kinds:
        duties.append("разместить информацию о наставниках на официальном сайте образовательной организации")
    points = [
        f"Поощрить {whom} согласно приложению к настоящему приказу.",
        f"{_curators_phrase(programme)} {joined(duties)}.",
    ]
    if MentorReward.Kind.BONUS in kinds:
        points.append(
            "Премирование наставников произвести в соответствии с локальными нормативными актами "
            "образовательной организации об оплате труда."
        )
    points.append(CONTROL)
    return title, _compose(preamble, points)


# --- Drafting ------------------------------------------------------------------------------------


def _unique(items: Iterable) -> list:
    seen: dict[int, object] = {}
    for item in items:
        seen.setdefault(item.pk, item)
    return list(seen.values())


# An order fixes pairs that are being formed: a pair may start at most this long after the order's
# date (an order of 30.08.2024 cannot fix a pair that starts on 01.12.2026), and it must not have
# ended before it.
FIX_AHEAD_DAYS = 31


def fix_date_problem(group: MentoringGroup, date: datetime.date) -> str | None:
    """Why an order of this date cannot fix the pair / group (None: the dates agree)."""
    label = f"{group.mentor.participant.short_name} ({group.get_form_display()})"
    if group.start_date > date + datetime.timedelta(days=FIX_AHEAD_DAYS):
        return (
            f"Пара / группа {label} начинает работу {short_date(group.start_date)} — позже, чем через "
            f"месяц после даты приказа {short_date(date)}: исправьте дату приказа или даты пары."
        )
    if group.end_date < date:
        return (
            f"Пара / группа {label} закончила работу {short_date(group.end_date)} — раньше даты приказа "
            f"{short_date(date)}."
        )
    return None


def _check_fixed_dates(order: Order, date: datetime.date) -> None:
    """The date of a fixing order (changed in the draft or at signing) must agree with its pairs."""
    if order.kind != Order.Kind.FIX_GROUPS:
        return
    for group in order.fixed_groups.select_related("mentor__participant"):
        problem = fix_date_problem(group, date)
        if problem:
            raise ValidationError({"date": problem})


def _require_date(date) -> None:
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": "Укажите дату приказа."})


def _create(*, programme: Programme, kind: str, date: datetime.date, text: tuple[str, str]) -> Order:
    title, body = text
    order = Order(programme=programme, kind=kind, date=date, title=title, body=body)
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def order_draft_approve_programme(
    *, programme: Programme, curators: Iterable[Participant], date: datetime.date
) -> Order:
    """Approve the programme for its period and appoint its curators (staff of the school).

    The curators chosen become the programme's curators at once: the draft records the decision the
    director is asked to sign, and every later page shows who runs the programme.
    """
    _require_date(date)
    curators = sorted(_unique(curators), key=lambda person: (person.last_name, person.first_name))
    if not curators:
        raise ValidationError({"curators": "Назначьте хотя бы одного куратора программы."})
    for person in curators:
        if person.kind != ParticipantKind.TEACHER:
            raise ValidationError(
                {
                    "curators": f"Куратором может быть только сотрудник школы: {person.full_name} — "
                    f"{person.get_kind_display()}."
                }
            )
        if not person.is_active:
            raise ValidationError({"curators": f"{person.full_name} не участвует в программе."})
    programme.curators.set(curators)
    return _create(
        programme=programme,
        kind=Order.Kind.APPROVE_PROGRAMME,
        date=date,
        text=approve_programme_text(programme, curators),
    )


@transaction.atomic
def order_draft_fix_groups(
    *, programme: Programme, groups: Iterable[MentoringGroup], date: datetime.date
) -> Order:
    """Fix working pairs and groups of the programme by order (seed 001 §2: on the basis of the plan)."""
    _require_date(date)
    ids = [group.pk for group in _unique(groups)]
    if not ids:
        raise ValidationError({"groups": "Выберите хотя бы одну наставническую пару / группу."})
    # Lock the rows: two drafts made at once must not both take the same pair.
    list(MentoringGroup.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    locked = list(groups_with_people().filter(pk__in=ids).order_by("mentor__participant__last_name", "pk"))
    for group in locked:
        label = f"{group.mentor.participant.short_name} ({group.get_form_display()})"
        if group.programme_id != programme.pk:
            raise ValidationError({"groups": f"Пара / группа {label} относится к другой программе."})
        if group.fixing_order_id is not None:
            raise ValidationError({"groups": f"Пара / группа {label} уже включена в другой приказ."})
        if group.status != GroupStatus.ACTIVE:
            raise ValidationError(
                {"groups": f"Пара / группа {label} {group.get_status_display()}: закреплять нечего."}
            )
        problem = fix_date_problem(group, date)
        if problem:
            raise ValidationError({"groups": problem})
        if not mentees_on(group, max(date, group.start_date)):
            raise ValidationError({"groups": f"В паре / группе {label} нет наставляемых."})
    order = _create(
        programme=programme,
        kind=Order.Kind.FIX_GROUPS,
        date=date,
        text=fix_groups_text(programme, locked),
    )
    MentoringGroup.objects.filter(pk__in=ids).update(fixing_order=order)
    return order


@transaction.atomic
def order_draft_release_mentor(*, releases: Iterable[MentorRelease], date: datetime.date) -> Order:
    """Early release of mentors (by application, for non-performance, on a petition of students)."""
    _require_date(date)
    ids = [release.pk for release in _unique(releases)]
    if not ids:
        raise ValidationError({"releases": "Выберите хотя бы одно досрочное освобождение наставника."})
    locked = list(
        MentorRelease.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("group__mentor__participant", "group__programme")
        .order_by("released_on", "pk")
    )
    programme = locked[0].group.programme
    for release in locked:
        name = release.group.mentor.participant.short_name
        if release.group.programme_id != programme.pk:
            raise ValidationError(
                {"releases": "Все освобождения в приказе должны относиться к одной программе."}
            )
        if release.order_id is not None:
            raise ValidationError(
                {"releases": f"Освобождение наставника {name} уже включено в другой приказ."}
            )
    # Mentees are read after the lock; the prefetch names those who were in the group on the day.
    with_mentees = {group.pk: group for group in groups_with_people().filter(releases__in=locked).distinct()}
    for release in locked:
        release.group = with_mentees[release.group_id]
    order = _create(
        programme=programme, kind=Order.Kind.RELEASE_MENTOR, date=date, text=release_mentor_text(locked)
    )
    MentorRelease.objects.filter(pk__in=ids).update(order=order)
    return order


@transaction.atomic
def order_draft_reward_mentors(*, rewards: Iterable[MentorReward], date: datetime.date) -> Order:
    """Reward mentors (благодарственное письмо, грамота, публикация на сайте, премия) by order."""
    _require_date(date)
    ids = [reward.pk for reward in _unique(rewards)]
    if not ids:
        raise ValidationError({"rewards": "Выберите хотя бы одно поощрение наставника."})
    locked = list(
        MentorReward.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("mentor__participant", "mentor__programme")
        .order_by("mentor__participant__last_name", "pk")
    )
    programme = locked[0].mentor.programme
    for reward in locked:
        if reward.mentor.programme_id != programme.pk:
            raise ValidationError({"rewards": "Все поощрения в приказе должны относиться к одной программе."})
        if reward.order_id is not None:
            raise ValidationError(
                {
                    "rewards": f"Поощрение наставника {reward.mentor.participant.short_name} уже включено "
                    "в другой приказ."
                }
            )
    order = _create(
        programme=programme, kind=Order.Kind.REWARD_MENTORS, date=date, text=reward_mentors_text(locked)
    )
    MentorReward.objects.filter(pk__in=ids).update(order=order)
    return order


# --- Editing, signing, cancelling ----------------------------------------------------------------


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("programme").get(pk=order.pk)


def _signed_error(order: Order, action: str) -> ValidationError:
    return ValidationError(f"Приказ № {order.number} от {short_date(order.date)} подписан: {action} нельзя.")


@transaction.atomic
def order_update(
    *, order: Order, title: str | None = None, body: str | None = None, date: datetime.date | None = None
) -> Order:
    """Edit a draft's title, text or date; a signed order is a legal act and stays as it was signed."""
    order = _lock(order)
    if order.status != Order.Status.DRAFT:
        raise _signed_error(order, "изменить его")
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": "Заголовок приказа не может быть пустым."})
        order.title = title.strip()
    if body is not None:
        if not body.strip():
            raise ValidationError({"body": "Текст приказа не может быть пустым."})
        order.body = body.strip()
    if date is not None:
        _check_fixed_dates(order, date)
        order.date = date
    order.full_clean()
    order.save(update_fields=["title", "body", "date"])
    return order


@transaction.atomic
def order_sign(*, order: Order, number: str, signed_on: datetime.date) -> Order:
    """Register the director's signature: number unique in the calendar year, the order dated that day."""
    order = _lock(order)
    if order.status != Order.Status.DRAFT:
        raise _signed_error(order, "подписать его ещё раз")
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": "Укажите номер приказа."})
    if not isinstance(signed_on, datetime.date):
        raise ValidationError({"signed_on": "Укажите дату подписания приказа."})
    duplicate = f"Приказ № {number} уже есть в {signed_on.year} году."
    if Order.objects.filter(number=number, date__year=signed_on.year).exclude(pk=order.pk).exists():
        raise ValidationError({"number": duplicate})
    try:
        _check_fixed_dates(order, signed_on)
    except ValidationError as error:
        raise ValidationError({"signed_on": error.message_dict["date"]}) from error
    order.number, order.date, order.signed_on = number, signed_on, signed_on
    order.status = Order.Status.SIGNED
    order.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            order.save(update_fields=["number", "date", "signed_on", "status"])
    except IntegrityError as error:  # the same number signed at the same moment by another request
        raise ValidationError({"number": duplicate}) from error
    return order


@transaction.atomic
def order_cancel(*, order: Order) -> None:
    """Withdraw a draft; its pairs, releases and rewards become free for another order (SET_NULL)."""
    order = _lock(order)
    if order.status != Order.Status.DRAFT:
        raise _signed_error(order, "отменить его")
    order.delete()
