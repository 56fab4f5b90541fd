"""Reading questionnaires, distributions, invitations and response rates. Schema: TENANT.

A one-time link is looked up only by the sha256 of its token, only in the schema of the school named
in the URL: a token of another school is simply not found there.

Anonymous surveys stay anonymous (docs/monitoring.md, «Анонимные анкеты»): nobody reading a school's
pages or API can tell what a named person answered. The results of an anonymous distribution (answers,
counts per option, open answers, on pages, in the API and in exports) appear only once it is closed
and only if at least ANONYMOUS_MIN_RESPONSES people answered; while it is open readers see the number
of responses against the number invited, never who answered. Closing is final for an anonymous
distribution (services.distribution refuses to move its last day once it has passed), so the results
shown never change and comparing them before and after one more answer is impossible.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from ..models import (
    Distribution,
    Form,
    GroupStatus,
    Invitation,
    Participant,
    ParticipantKind,
    Programme,
    Question,
    Survey,
    SurveySection,
    SurveyVersion,
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Surveys and versions ----------------------------------------------------------------------------


def survey_list(*, archived: bool = False, programme: Programme | None = None) -> list[Survey]:
    """Surveys with their latest version number and their response rate (`.rate`, see rate_counts)
    over the distributions of `programme` only: a survey sent in two programmes shows, in each, that
    programme's figures. Without a programme (a school that has none yet), over all distributions."""
    where = Q(versions__distributions__programme=programme) if programme is not None else Q()
    surveys = Survey.objects.filter(is_archived=archived).annotate(
        latest_number=Max("versions__number"), **rate_counts("versions__distributions__", where)
    )
    return with_rates(surveys)


def version_latest_or_none(survey: Survey) -> SurveyVersion | None:
    return survey.versions.order_by("-number").first()


def version_sections(version: SurveyVersion) -> list[SurveySection]:
    """Sections in order, each with its questions in order (two queries)."""
    return list(
        version.sections.order_by("order").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        )
    )


def version_questions(version: SurveyVersion) -> list[Question]:
    return list(Question.objects.filter(section__version=version).order_by("section__order", "order"))


def survey_versions(survey: Survey) -> QuerySet[SurveyVersion]:
    """Every version, newest first, with how many distributions and responses it has."""
    return survey.versions.annotate(
        distribution_count=Count("distributions", distinct=True),
        response_count=Count("distributions__responses", distinct=True),
    ).order_by("-number")


# --- Response rates ----------------------------------------------------------------------------------

# The one definition, stated on every page that shows a rate and in docs/monitoring.md.
RATE_DEFINITION = (
    "Отклик — доля ответивших среди приглашённых: приглашают только людей с действующим согласием на "
    "обработку персональных данных, ответившим считается тот, кто отправил анкету по своему приглашению. "
    "У анкеты — по рассылкам выбранной программы. Процент округлён до целого."
)


def rate_percent(answered: int, invited: int) -> int | None:
    """answered / invited in whole percent, halves up (11 of 13 → 85); None when nobody was invited."""
    if not invited:
        return None
    return (200 * answered + invited) // (2 * invited)


@dataclass
class Rate:
    """Invited and answered people of one group (a class, the teachers, everybody)."""

    label: str
    invited: int = 0
    answered: int = 0

    @property
    def percent(self) -> int | None:
        return rate_percent(self.answered, self.invited)

    @property
    def percent_text(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"

    @property
    def text(self) -> str:
        """«11 из 13 (85%)»: answered of invited."""
        if not self.invited:
            return "никто не приглашён"
        return f"{self.answered} из {self.invited} ({self.percent_text})"


def rate_counts(path: str = "", where: Q | None = None) -> dict:
    """The annotations `invited` and `answered` over the invitations reached through `path`
    (e.g. "versions__distributions__"): invited — every invitation (sending invites only people with a
    valid consent), answered — those used to submit the questionnaire."""
    where = where if where is not None else Q()
    invitations = f"{path}invitations"
    used = Q(**{f"{invitations}__used_at__isnull": False})
    return {
        "invited": Count(invitations, filter=where, distinct=True),
        "answered": Count(invitations, filter=where & used, distinct=True),
    }


def rate_of(row) -> Rate:
    """The response rate of a row annotated by rate_counts."""
    return Rate("всего", row.invited, row.answered)


def with_rates(rows) -> list:
    """The rows (annotated by rate_counts), each with its Rate as `.rate`."""
    rows = list(rows)
    for row in rows:
        row.rate = rate_of(row)
    return rows


# --- Distributions -------------------------------------------------------------------------------------


def distribution_list(
    *, programme: Programme | None = None, survey: Survey | None = None
) -> list[Distribution]:
    """Distributions, newest first, each with its response rate (`.rate`)."""
    distributions = Distribution.objects.select_related("version__survey", "programme")
    if programme is not None:
        distributions = distributions.filter(programme=programme)
    if survey is not None:
        distributions = distributions.filter(version__survey=survey)
    return with_rates(distributions.annotate(**rate_counts()).order_by("-opens_on", "-pk"))


def distribution_rows() -> QuerySet[Distribution]:
    """Distributions with their response-rate counts (access.access_distribution picks one)."""
    return Distribution.objects.select_related("version__survey", "programme").annotate(**rate_counts())


def is_open(distribution: Distribution, today: datetime.date) -> bool:
    return distribution.opens_on <= today <= distribution.closes_on


# Fewer answers than this and an answer could be told apart by elimination (the same threshold the
# monitoring report uses for small groups, analysis.SMALL_GROUP).
ANONYMOUS_MIN_RESPONSES = 5


def is_anonymous(distribution: Distribution) -> bool:
    return distribution.version.survey.is_anonymous


def anonymous_results_withheld(distribution: Distribution, *, responses: int, today: datetime.date) -> str:
    """Why the results of this distribution may not be shown yet, in Russian; "" when they may be.

    Only anonymous distributions are ever withheld: results of an open one would change with every
    answer (the difference between two looks is one person's answers), and a closed one with fewer
    than five answers is too small to hide a person in."""
    if not is_anonymous(distribution):
        return ""
    if distribution.closes_on >= today:
        return (
            f"Анкета анонимная: итоги покажем после закрытия приёма ответов "
            f"({distribution.closes_on:%d.%m.%Y}), если ответят не меньше {ANONYMOUS_MIN_RESPONSES} человек. "
            "Пока идёт приём, видно только, сколько всего ответов получено."
        )
    if responses < ANONYMOUS_MIN_RESPONSES:
        return (
            f"Анкета анонимная, а ответов меньше {ANONYMOUS_MIN_RESPONSES} ({responses}): итоги не "
            "показываются, иначе по ним можно узнать ответы конкретного человека."
        )
    return ""


@dataclass
class ResponseRate:
    total: Rate
    by_class: list[Rate] = field(default_factory=list)


def _class_label(kind: str, grade: int | None, letter: str) -> str:
    if kind == ParticipantKind.STUDENT:
        return f"{grade}{letter}" if grade else "обучающиеся без класса"
    return {
        ParticipantKind.TEACHER: "педагоги",
        ParticipantKind.PARENT: "родители",
    }.get(kind, "выпускники и внешние наставники")


def _class_key(kind: str, grade: int | None, letter: str) -> tuple:
    # Classes in order 1А…11Б, then teachers, parents, the rest.
    order = {ParticipantKind.STUDENT: 0, ParticipantKind.TEACHER: 1, ParticipantKind.PARENT: 2}.get(kind, 3)
    return (order, grade or 99, letter)


def response_rate(distribution: Distribution) -> ResponseRate:
    """Who was invited and who answered (RATE_DEFINITION), in total and per class (teachers and others
    as groups). One query.

    An anonymous distribution gives the total only: a class of one or two would tell who answered."""
    groups: dict[str, tuple[tuple, Rate]] = {}
    total = Rate("всего")
    counts = (
        distribution.invitations.values(
            "participant__kind", "participant__grade", "participant__class_letter"
        )
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used_at__isnull=False)))
        .order_by()
    )
    for row in counts:
        kind, grade, letter = (
            row["participant__kind"],
            row["participant__grade"],
            row["participant__class_letter"],
        )
        label = _class_label(kind, grade, letter)
        _, rate = groups.setdefault(label, (_class_key(kind, grade, letter), Rate(label)))
        rate.invited += row["invited"]
        rate.answered += row["answered"]
        total.invited += row["invited"]
        total.answered += row["answered"]
    if is_anonymous(distribution):
        return ResponseRate(total)
    return ResponseRate(total, [rate for _, rate in sorted(groups.values(), key=lambda item: item[0])])


def invitation_list(distribution: Distribution) -> QuerySet[Invitation]:
    """A distribution's invitations by class and name (students first): the curator's list, the link sheet."""
    return distribution.invitations.select_related("participant").order_by(
        "participant__kind", "participant__grade", "participant__class_letter", "participant__last_name",
        "participant__first_name",
    )  # fmt: skip


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries this token, in the current school's schema only."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("participant", "distribution__version__survey")
        .filter(token_hash=hash_token(token))
        .first()
    )


def class_names(distribution: Distribution) -> list[str]:
    """Classes with invited students who answer through links, for «перевыпустить ссылки класса»."""
    rows = (
        distribution.invitations.filter(
            participant__kind=ParticipantKind.STUDENT, participant__user__isnull=True
        )
        .values_list("participant__grade", "participant__class_letter")
        .distinct()
        .order_by("participant__grade", "participant__class_letter")
    )
    return [f"{grade}{letter}" for grade, letter in rows if grade]


# --- The participant's own questionnaires ---------------------------------------------------------------


def my_invitations(participant: Participant | None, today: datetime.date) -> tuple[list, list]:
    """(to answer now, answered or closed) for the logged-in participant."""
    if participant is None:
        return [], []
    invitations = (
        Invitation.objects.filter(participant=participant)
        .select_related("distribution__version__survey")
        .order_by("distribution__closes_on", "pk")
    )
    waiting, done = [], []
    for invitation in invitations:
        distribution = invitation.distribution
        if invitation.used_at is None and is_open(distribution, today):
            waiting.append(invitation)
        elif invitation.used_at is not None or distribution.closes_on < today:
            done.append(invitation)
    return waiting, done


# --- Recipients ------------------------------------------------------------------------------------------


class Recipients:
    """Who a distribution goes to: the choices offered on the page and in the API."""

    MENTEES = "mentees"
    MENTORS = "mentors"
    CLASS = "class"
    PEOPLE = "people"
    CHOICES = [
        (MENTEES, "наставляемые в парах и группах"),
        (MENTORS, "наставники пар и групп"),
        (CLASS, "все обучающиеся класса или параллели"),
        (PEOPLE, "выбранные люди"),
    ]


def recipient_ids(
    *,
    programme: Programme,
    kind: str,
    form: str = "",
    grade: int | None = None,
    letter: str = "",
    people: Iterable[int] = (),
) -> list[int]:
    """Participant ids of the chosen audience (consent is checked by the distribution service)."""
    if kind == Recipients.MENTEES:
        participants = Participant.objects.filter(
            mentee_requests__programme=programme,
            mentee_requests__placements__left_on__isnull=True,
            mentee_requests__placements__group__status=GroupStatus.ACTIVE,
        )
        if form:
            participants = participants.filter(mentee_requests__placements__group__form=form)
    elif kind == Recipients.MENTORS:
        participants = Participant.objects.filter(
            mentor_entries__programme=programme, mentor_entries__groups__status=GroupStatus.ACTIVE
        )
        if form:
            participants = participants.filter(mentor_entries__groups__form=form)
    elif kind == Recipients.CLASS:
        participants = Participant.objects.filter(kind=ParticipantKind.STUDENT, grade=grade, is_active=True)
        if letter:
            participants = participants.filter(class_letter__iexact=letter)
    elif kind == Recipients.PEOPLE:
        # As chosen: the distribution service names ids that are not people of this school.
        return sorted(set(people))
    else:
        return []
    return sorted(set(participants.values_list("pk", flat=True)))


def form_choices() -> list[tuple[str, str]]:
    return [("", "все формы"), *Form.choices]
