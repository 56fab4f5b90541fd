"""Sending a questionnaire to people of the programme, their one-time links, and reminders.

Rules (seed 001 §10; 152-ФЗ; issue 4):
- A distribution sends the survey's latest version for a wave (entry, exit, interim, once) and a
  period. Nobody without a valid consent to personal-data processing is invited; everybody skipped is
  reported with the reason. Stage-2 surveys are measured at entry and exit, so a person is invited to
  one wave of a survey once per programme — two entry answers could not be paired.
- People with an account (Participant.user) answer while logged in («Мои анкеты»). Everyone else gets
  a personal one-time link: a random token of which only the sha256 is kept. A link is shown once, when
  it is made; making it again invalidates the old one. It expires at the end of the distribution's
  last day and works once.
- Reminders: people with an e-mail who have not answered an open distribution get at most one e-mail
  per invitation every three days.
- Anonymous surveys (docs/monitoring.md): nothing here tells staff who has answered. Links are made
  for everybody chosen whether they have answered or not (a used invitation keeps refusing a second
  answer), and once an anonymous distribution has closed it stays closed: its results may have been
  shown, and one more answer after them would be one person's answers.

Schema: TENANT.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tenants.models import School
from tenants.routing import school_reverse

from ..models import Distribution, Invitation, Participant, Programme, Question, Survey
from ..selectors.consents import consent_problem, participants_with_valid_consent
from ..selectors.surveys import hash_token, invitation_list, is_anonymous
from .surveys import version_latest

REMIND_EVERY = datetime.timedelta(days=3)
PAIRED_WAVES = frozenset({Distribution.Wave.ENTRY, Distribution.Wave.EXIT})
CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*([А-ЯЁA-Z]{0,4})\s*$", re.IGNORECASE)


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def link_expiry(closes_on: datetime.date) -> datetime.datetime:
    """A link works to the end of the distribution's last day, in the school's time zone."""
    return timezone.make_aware(datetime.datetime.combine(closes_on, datetime.time(23, 59, 59)))


@dataclass(frozen=True)
class Skipped:
    participant: Participant
    reason: str


@dataclass
class Sending:
    """What a sending did: who was invited and who was skipped, with the reason."""

    distribution: Distribution
    invited: list[Invitation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def message(self) -> str:
        text = f"Приглашены: {len(self.invited)}."
        if self.skipped:
            text += f" Не приглашены: {len(self.skipped)} (причины — в списке)."
        return text


@dataclass(frozen=True)
class IssuedLink:
    """A link as made: the token exists only here, it is never stored."""

    invitation: Invitation
    token: str

    @property
    def participant(self) -> Participant:
        return self.invitation.participant


@dataclass
class LinkSheet:
    distribution: Distribution
    links: list[IssuedLink] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# --- Sending -------------------------------------------------------------------------------------------


def _check_period(*, opens_on: datetime.date, closes_on: datetime.date, today: datetime.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "Дата окончания раньше даты начала."})
    if closes_on < today:
        raise ValidationError({"closes_on": f"Дата окончания {_date(closes_on)} уже прошла."})


def _check_sendable(*, survey: Survey, wave: str) -> None:
    if survey.is_archived:
        raise ValidationError("Анкета в архиве: верните её из архива, чтобы разослать.")
    if wave not in Distribution.Wave.values:
        raise ValidationError(
            {"wave": "Выберите этап измерения: вход, выход, промежуточный или однократный."}
        )
    if survey.purpose == Survey.Purpose.IMPACT and wave == Distribution.Wave.ONCE:
        raise ValidationError(
            {"wave": "Анкету этапа 2 проводят на входе и на выходе (или промежуточно): выберите этап."}
        )


def _wave_taken(distribution: Distribution, ids: set[int]) -> dict[int, Distribution]:
    """People already invited to the same wave of the same survey in the programme (entry and exit only)."""
    if distribution.wave not in PAIRED_WAVES:
        return {}
    earlier = (
        Invitation.objects.filter(
            participant_id__in=ids,
            distribution__programme=distribution.programme,
            distribution__version__survey=distribution.version.survey,
            distribution__wave=distribution.wave,
        )
        .exclude(distribution=distribution)
        .select_related("distribution")
    )
    return {invitation.participant_id: invitation.distribution for invitation in earlier}


def _invite(distribution: Distribution, participant_ids: Iterable[int], today: datetime.date) -> Sending:
    ids = set(participant_ids)
    people = list(Participant.objects.filter(pk__in=ids).order_by("last_name", "first_name", "middle_name"))
    unknown = ids - {person.pk for person in people}
    if unknown:
        numbers = ", ".join(str(pk) for pk in sorted(unknown))
        raise ValidationError({"participants": f"Участники № {numbers} не найдены в школе."})
    already = set(distribution.invitations.values_list("participant_id", flat=True))
    consented = participants_with_valid_consent(ids, on=today)
    taken = _wave_taken(distribution, ids)
    sending = Sending(distribution)
    for person in people:
        if person.pk in already:
            sending.skipped.append(Skipped(person, f"{person.short_name}: уже приглашён в эту рассылку."))
        elif not person.is_active:
            sending.skipped.append(Skipped(person, f"{person.short_name}: больше не участвует (выбыл)."))
        elif person.pk not in consented:
            reason = consent_problem(person, on=today) or f"{person.short_name}: согласие не действует."
            sending.skipped.append(Skipped(person, reason))
        elif person.pk in taken:
            earlier = taken[person.pk]
            sending.skipped.append(
                Skipped(
                    person,
                    f"{person.short_name}: уже приглашён на этап «{earlier.get_wave_display()}» этой анкеты "
                    f"(рассылка с {_date(earlier.opens_on)}); повторный ответ нельзя было бы сопоставить.",
                )
            )
        else:
            sending.invited.append(Invitation(distribution=distribution, participant=person))
    sending.invited = Invitation.objects.bulk_create(sending.invited)
    return sending


@transaction.atomic
def distribution_create(
    *,
    survey: Survey,
    programme: Programme,
    wave: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    participant_ids: Iterable[int],
    created_by=None,
    today: datetime.date | None = None,
) -> Sending:
    """Send the survey's latest version to the given people; refuses when nobody could be invited."""
    today = today or timezone.localdate()
    _check_sendable(survey=survey, wave=wave)
    _check_period(opens_on=opens_on, closes_on=closes_on, today=today)
    version = version_latest(survey)
    if not Question.objects.filter(section__version=version).exists():
        raise ValidationError("В анкете нет ни одного вопроса: рассылать нечего.")
    ids = list(participant_ids)
    if not ids:
        raise ValidationError({"participants": "Выберите, кому отправить анкету: список получателей пуст."})
    distribution = Distribution(
        programme=programme,
        version=version,
        wave=wave,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
    )
    # created_by is optional (tasks and imports send too) although the model field is not blank=True.
    distribution.full_clean(exclude=["created_by"])
    distribution.save()
    sending = _invite(distribution, ids, today)
    if not sending.invited:
        reasons = "; ".join(skipped.reason for skipped in sending.skipped[:10])
        more = f" и ещё {len(sending.skipped) - 10}" if len(sending.skipped) > 10 else ""
        raise ValidationError({"participants": f"Никого нельзя пригласить: {reasons}{more}"})
    return sending


@transaction.atomic
def distribution_invite(
    *, distribution: Distribution, participant_ids: Iterable[int], today: datetime.date | None = None
) -> Sending:
    """Add people to a distribution that is still open (the same rules as sending)."""
    today = today or timezone.localdate()
    if distribution.closes_on < today:
        raise ValidationError("Рассылка закрыта: приём ответов закончился.")
    ids = list(participant_ids)
    if not ids:
        raise ValidationError({"participants": "Список получателей пуст."})
    return _invite(distribution, ids, today)


@transaction.atomic
def distribution_set_period(
    *, distribution: Distribution, closes_on: datetime.date, today: datetime.date | None = None
) -> Distribution:
    """Prolong or shorten a distribution; issued links then expire at the end of the new last day."""
    today = today or timezone.localdate()
    if is_anonymous(distribution) and distribution.closes_on < today:
        raise ValidationError(
            {
                "closes_on": "Анонимная рассылка закрыта окончательно: её итоги могли быть показаны, "
                "и новый ответ после них выдал бы ответы одного человека. "
                "Чтобы собрать ещё ответы, разошлите анкету заново."
            }
        )
    _check_period(opens_on=distribution.opens_on, closes_on=closes_on, today=today)
    distribution.closes_on = closes_on
    distribution.full_clean(exclude=["created_by"])
    distribution.save(update_fields=["closes_on"])
    distribution.invitations.exclude(token_hash="").filter(used_at__isnull=True).update(
        expires_at=link_expiry(closes_on)
    )
    return distribution


@transaction.atomic
def distribution_delete(*, distribution: Distribution) -> None:
    """A distribution sent by mistake goes away only while nobody has answered it."""
    if distribution.responses.exists() or distribution.invitations.filter(used_at__isnull=False).exists():
        raise ValidationError("На рассылку уже есть ответы: удалить её нельзя. Можно сократить срок.")
    distribution.delete()


# --- One-time links --------------------------------------------------------------------------------------


def _class_filter(class_name: str) -> Q:
    match = CLASS_NAME.match(class_name or "")
    if match is None:
        raise ValidationError({"class_name": "Класс пишется так: 7А, 10Б или просто 5 (вся параллель)."})
    grade, letter = int(match[1]), match[2]
    condition = Q(participant__grade=grade)
    if letter:
        condition &= Q(participant__class_letter__iexact=letter)
    return condition


def _new_token(invitation: Invitation, expires_at: datetime.datetime) -> IssuedLink:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = expires_at
    return IssuedLink(invitation, token)


def _check_open(distribution: Distribution, today: datetime.date) -> None:
    if distribution.closes_on < today:
        raise ValidationError("Рассылка закрыта: ссылки больше не выдаются. Продлите срок, если нужно.")


@transaction.atomic
def links_issue(
    *,
    distribution: Distribution,
    class_name: str = "",
    reissue: bool = False,
    today: datetime.date | None = None,
) -> LinkSheet:
    """Make the links of people who answer without an account and have not answered yet (in an
    anonymous survey: whether they have answered or not).

    By default only those who have no link yet; `reissue` makes new links for everybody chosen (the
    old ones stop working), e.g. for a class whose sheet was lost. `class_name` («7А», «5») narrows
    it to one class or grade. Consent is checked again: it may have been withdrawn since sending.
    """
    today = today or timezone.localdate()
    _check_open(distribution, today)
    invitations = invitation_list(distribution).filter(participant__user__isnull=True)
    if not is_anonymous(distribution):
        # In an anonymous survey a sheet without the people who answered would name them.
        invitations = invitations.filter(used_at__isnull=True)
    if class_name:
        invitations = invitations.filter(_class_filter(class_name))
    if not reissue:
        invitations = invitations.filter(token_hash="")
    invitations = list(invitations.select_for_update(of=("self",)))
    consented = participants_with_valid_consent([i.participant_id for i in invitations], on=today)
    sheet = LinkSheet(distribution)
    expires_at = link_expiry(distribution.closes_on)
    for invitation in invitations:
        if invitation.participant_id not in consented:
            reason = consent_problem(invitation.participant, on=today) or "согласие не действует."
            sheet.skipped.append(Skipped(invitation.participant, reason))
            continue
        sheet.links.append(_new_token(invitation, expires_at))
    Invitation.objects.bulk_update([link.invitation for link in sheet.links], ["token_hash", "expires_at"])
    return sheet


@transaction.atomic
def link_reissue(*, invitation: Invitation, today: datetime.date | None = None) -> IssuedLink:
    """A new link for one person (the old one stops working at once)."""
    today = today or timezone.localdate()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("participant", "distribution__version__survey")
        .get(pk=invitation.pk)
    )
    _check_open(invitation.distribution, today)
    # Refusing here would tell staff that this person has answered an anonymous survey.
    if invitation.used_at is not None and not is_anonymous(invitation.distribution):
        raise ValidationError("Анкета по этому приглашению уже заполнена: новая ссылка не нужна.")
    if invitation.participant.user_id is not None:
        raise ValidationError(
            "У участника есть учётная запись: он отвечает, войдя в «Наставник» (раздел «Мои анкеты»)."
        )
    problem = consent_problem(invitation.participant, on=today)
    if problem:
        raise ValidationError(problem)
    link = _new_token(invitation, link_expiry(invitation.distribution.closes_on))
    invitation.save(update_fields=["token_hash", "expires_at"])
    return link


# --- Reminders ----------------------------------------------------------------------------------------------


def _addresses(invitations: list[Invitation]) -> dict[int, str]:
    """Participant id → e-mail: the participant's own address, else their account's."""
    people = {invitation.participant for invitation in invitations}
    user_ids = [person.user_id for person in people if not person.email and person.user_id]
    user_emails = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    return {person.pk: person.email or user_emails.get(person.user_id, "") for person in people}


def reminder_text(
    *, participant: Participant, invitations: list[Invitation], school: School
) -> tuple[str, str]:
    """Subject and body of one person's reminder, in Russian."""
    greeting = " ".join(part for part in (participant.first_name, participant.middle_name) if part)
    lines = [f"Здравствуйте, {greeting}!", "", "Ждём ваших ответов на анкеты программы наставничества:"]
    for invitation in invitations:
        distribution = invitation.distribution
        lines.append(f"— «{distribution.version.survey.title}» — до {_date(distribution.closes_on)}.")
    lines.append("")
    if participant.user_id:
        lines.append(
            "Войдите в «Наставник» и откройте раздел «Мои анкеты»: "
            f"{school_reverse(school.slug, 'school:my-surveys')}"
        )
    else:
        lines.append(
            "Ответить можно по персональной ссылке, которую выдали в школе (классный руководитель или "
            "куратор программы). Если ссылка потерялась, попросите новую — старая тогда перестанет работать."
        )
    lines += ["", f"{school.short_name}. Письмо отправлено автоматически, не чаще раза в три дня."]
    subject = f"Наставничество: ждём ответов на анкету ({school.short_name})"
    return subject, "\n".join(lines)


@transaction.atomic
def survey_reminders_send(*, school: School, now: datetime.datetime | None = None) -> int:
    """E-mail everybody with an address who has not answered an open distribution, at most once every
    three days per invitation (reminded_at). People without an e-mail are skipped. Returns e-mails sent.

    Invitations are locked while sending, and a failed send rolls back their reminded_at, so that a
    repeated or parallel run neither doubles nor loses a reminder.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        Invitation.objects.filter(
            used_at__isnull=True,
            distribution__opens_on__lte=today,
            distribution__closes_on__gte=today,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))
        .select_related("participant", "distribution__version__survey")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("participant_id", "distribution__closes_on")
    )
    addresses = _addresses(due)
    by_person: dict[int, list[Invitation]] = {}
    for invitation in due:
        if addresses.get(invitation.participant_id):
            by_person.setdefault(invitation.participant_id, []).append(invitation)
    messages, reminded = [], []
    for participant_id, invitations in by_person.items():
        subject, body = reminder_text(
            participant=invitations[0].participant, invitations=invitations, school=school
        )
        messages.append(
            mail.EmailMessage(
                subject, body, from_email=settings.DEFAULT_FROM_EMAIL, to=[addresses[participant_id]]
            )
        )
        reminded += [invitation.pk for invitation in invitations]
    if not messages:
        return 0
    sent = mail.get_connection().send_messages(messages) or 0
    Invitation.objects.filter(pk__in=reminded).update(reminded_at=now)
    return sent
