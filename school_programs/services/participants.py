"""Participants of the school's mentoring: who they are, who their parents are, their categories.

Schema: TENANT (runs in the school's schema chosen by routing, or by the Celery task's schema).

Rules enforced here (domain.md, 152-ФЗ):
- each kind of participant has its own fields (a student's class, a teacher's position and category,
  a graduate's year, an external mentor's organisation) and carries no fields of other kinds;
- a parent is linked only to a student, never to themself;
- student categories only for students, teacher categories only for teachers; a special category
  (health/ОВЗ, preventive register, difficult life situation) only with a valid written special consent;
- every time somebody sees a participant's special categories a SpecialDataAccess row is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tenants.models import Membership, User

from ..dates import BIRTH, date_problem
from ..models import Guardianship, Participant, ParticipantCategory, ParticipantKind, SpecialDataAccess
from ..models.choices import (
    SPECIAL_CATEGORIES,
    STUDENT_CATEGORIES,
    TEACHER_CATEGORIES,
    Category,
    QualificationCategory,
)
from ..selectors.consents import consent_problem

# Letters Russian schools give their classes; Ё, Й, Ц, Ч, Ш, Щ, Ъ, Ы, Ь are not used,
# so «7Щ» in a file is a typo, not a class.
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЭЮЯ"
# Latin letters that look like Cyrillic ones: registers and spreadsheets mix them up.
LATIN_LOOKALIKES = str.maketrans("ABEKMHOPCTXaekmhopctxy", "АВЕКМНОРСТХаекмнорстху")
CLASS_NAME = re.compile(r"^\s*(?P<grade>\d{1,2})\s*[-\s]?\s*(?P<letter>[^\W\d_]?)\s*$")
MAX_EXPERIENCE_YEARS = 60
EARLIEST_GRADUATION_YEAR = 1950

COMMON_FIELDS = ("last_name", "first_name", "middle_name", "birth_date", "email", "phone", "external_id")
KIND_FIELDS = {
    ParticipantKind.STUDENT: ("grade", "class_letter"),
    ParticipantKind.TEACHER: (
        "position",
        "subjects",
        "experience_years",
        "qualification",
        "is_methodist",
        "is_mentor_teacher",
    ),
    ParticipantKind.PARENT: (),
    ParticipantKind.GRADUATE: ("graduation_year", "organisation"),
    ParticipantKind.EXTERNAL: ("external_kind", "organisation"),
}
# What a field holds when it does not apply to the participant's kind.
EMPTY = {
    "grade": None,
    "class_letter": "",
    "position": "",
    "subjects": [],
    "experience_years": None,
    "qualification": "",
    "is_methodist": False,
    "is_mentor_teacher": False,
    "graduation_year": None,
    "external_kind": "",
    "organisation": "",
}
EDITABLE = frozenset(COMMON_FIELDS) | frozenset(EMPTY)
KIND_OF_FIELD_TITLE = {
    "grade": "обучающихся",
    "class_letter": "обучающихся",
    "position": "педагогов",
    "subjects": "педагогов",
    "experience_years": "педагогов",
    "qualification": "педагогов",
    "is_methodist": "педагогов",
    "is_mentor_teacher": "педагогов",
    "graduation_year": "выпускников",
    "external_kind": "внешних наставников",
    "organisation": "выпускников и внешних наставников",
}


def _letter(letter: str) -> str:
    return (letter or "").strip().translate(LATIN_LOOKALIKES).upper()


def class_name_parse(text: str) -> tuple[int, str] | None:
    """«7А», «7 а», «10-Б», «11» → (grade, letter); None when the text is not a class of a school."""
    match = CLASS_NAME.match(text or "")
    if match is None:
        return None
    grade = int(match["grade"])
    letter = _letter(match["letter"])
    if not 1 <= grade <= 11 or (letter and letter not in CLASS_LETTERS):
        return None
    return grade, letter


def _clean_text(value) -> str:
    return " ".join(str(value or "").split())


def _clean_subjects(subjects: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for subject in subjects or []:
        subject = _clean_text(subject)
        if subject and subject.lower() not in {s.lower() for s in seen}:
            seen.append(subject)
    return seen


def _normalise(participant: Participant) -> None:
    for name in (
        "last_name",
        "first_name",
        "middle_name",
        "position",
        "organisation",
        "phone",
        "external_id",
    ):
        setattr(participant, name, _clean_text(getattr(participant, name)))
    participant.email = (participant.email or "").strip()
    participant.class_letter = _letter(participant.class_letter)
    participant.subjects = _clean_subjects(participant.subjects)
    if participant.kind == ParticipantKind.TEACHER and not participant.qualification:
        participant.qualification = QualificationCategory.NONE


def participant_problems(participant: Participant, today: datetime.date | None = None) -> dict[str, str]:
    """The kind rules, as {field: Russian message}; empty when the participant is consistent.

    Used by the services below and by the bulk import, which checks every row before writing any.
    Checks that need the database (external id, account) are not here.
    """
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    kind = participant.kind
    if kind not in ParticipantKind.values:
        return {"kind": "Неизвестный вид участника."}
    for name, empty in EMPTY.items():
        if name not in KIND_FIELDS[kind] and getattr(participant, name) not in (empty, None, ""):
            problems[name] = f"Это поле заполняется только для {KIND_OF_FIELD_TITLE[name]}."
    birth = participant.birth_date
    if problem := date_problem(birth, field="Дата рождения", kind=BIRTH, today=today):
        problems["birth_date"] = problem
    if kind == ParticipantKind.STUDENT:
        if birth is None:
            problems["birth_date"] = "Укажите дату рождения обучающегося."
        if participant.grade is None:
            problems["grade"] = "Укажите класс (параллель) от 1 до 11."
        elif not 1 <= participant.grade <= 11:
            problems["grade"] = f"Класс {participant.grade} не существует: допустимы параллели с 1 по 11."
        if not participant.class_letter:
            problems["class_letter"] = "Укажите литеру класса (например, «А»)."
        elif participant.class_letter not in CLASS_LETTERS:
            problems["class_letter"] = (
                f"Литера «{participant.class_letter}» не используется в названиях классов; "
                f"допустимы: {', '.join(CLASS_LETTERS)}."
            )
    elif kind == ParticipantKind.TEACHER:
        if not participant.position:
            problems["position"] = "Укажите должность педагога."
        if participant.experience_years is not None and participant.experience_years > MAX_EXPERIENCE_YEARS:
            problems["experience_years"] = f"Стаж не может быть больше {MAX_EXPERIENCE_YEARS} лет."
        if participant.qualification and participant.qualification not in QualificationCategory.values:
            problems["qualification"] = "Неизвестная квалификационная категория."
    elif kind == ParticipantKind.GRADUATE:
        year = participant.graduation_year
        if year is None:
            problems["graduation_year"] = "Укажите год выпуска."
        elif not EARLIEST_GRADUATION_YEAR <= year <= today.year:
            problems["graduation_year"] = (
                f"Год выпуска должен быть между {EARLIEST_GRADUATION_YEAR} и {today.year}."
            )
    elif kind == ParticipantKind.EXTERNAL:
        if not participant.external_kind:
            problems["external_kind"] = "Укажите, кто этот внешний наставник."
        if not participant.organisation:
            problems["organisation"] = "Укажите организацию (место работы или учёбы)."
    return problems


def _check_external_id(participant: Participant) -> None:
    if not participant.external_id:
        return
    taken = (
        Participant.objects.filter(kind=participant.kind, external_id=participant.external_id)
        .exclude(pk=participant.pk)
        .first()
    )
    if taken:
        raise ValidationError(
            {"external_id": f"Код «{participant.external_id}» уже есть у участника {taken.full_name}."}
        )


def account_find(login: str) -> User:
    """The platform account to link: by user name or e-mail, and only a member of this school.

    Looking up accounts of other schools would tell a curator who works where; linking one would
    be pointless, since the account could not enter this school anyway.
    """
    login = login.strip()
    user = User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login), is_active=True).first()
    if (
        user is None
        or not Membership.objects.filter(
            user=user, school__schema_name=connection.schema_name, is_active=True
        ).exists()
    ):
        raise ValidationError(
            {"account": f"Учётная запись «{login}» не найдена среди пользователей этой школы."}
        )
    return user


def _link_account(participant: Participant, login: str | None) -> None:
    """None leaves the link as it is, "" removes it."""
    if login is None:
        return
    if not login.strip():
        participant.user = None
        return
    if participant.kind == ParticipantKind.STUDENT:
        raise ValidationError({"account": "Обучающиеся не входят на платформу: учётная запись не нужна."})
    user = account_find(login)
    other = Participant.objects.filter(user_id=user.pk).exclude(pk=participant.pk).first()
    if other:
        raise ValidationError(
            {"account": f"Учётная запись «{login.strip()}» уже связана с участником {other.full_name}."}
        )
    participant.user = user


def _save(participant: Participant, account: str | None) -> Participant:
    _normalise(participant)
    problems = participant_problems(participant)
    if problems:
        raise ValidationError(problems)
    _check_external_id(participant)
    _link_account(participant, account)
    # The model's constraints (grade only for students and within 1–11, unique code per kind) are
    # checked above with Russian messages; Django would re-check each with a query of its own, which
    # triples the cost of a 1,500-row import. The database still enforces them.
    participant.full_clean(validate_constraints=False)
    participant.save()
    return participant


def _unknown_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"Unknown participant fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def participant_create(
    *, kind: str, last_name: str, first_name: str, account: str | None = None, **fields
) -> Participant:
    """A new participant of the given kind; `fields` are the model's fields of that kind (KIND_FIELDS)
    and the common ones; `account` is a platform login or e-mail to link (teachers who log in)."""
    _unknown_fields(fields)
    participant = Participant(kind=kind, last_name=last_name, first_name=first_name, **fields)
    return _save(participant, account)


@transaction.atomic
def participant_update(*, participant: Participant, account: str | None = None, **fields) -> Participant:
    """Change the given fields; the kind of a participant never changes (create a new one instead)."""
    _unknown_fields(fields)
    for name, value in fields.items():
        setattr(participant, name, value)
    return _save(participant, account)


@transaction.atomic
def participant_deactivate(*, participant: Participant) -> Participant:
    """The person has left the school's mentoring; the record and its consents stay for the history."""
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    return participant


@transaction.atomic
def participant_reactivate(*, participant: Participant) -> Participant:
    participant.is_active = True
    participant.save(update_fields=["is_active"])
    return participant


@transaction.atomic
def guardianship_link(*, parent: Participant, child: Participant) -> Guardianship:
    """A parent (legal representative) of a student of the school; linking twice changes nothing."""
    if parent.pk == child.pk:
        raise ValidationError({"child": "Участник не может быть родителем самому себе."})
    if parent.kind != ParticipantKind.PARENT:
        raise ValidationError({"parent": f"{parent.full_name} — не родитель (законный представитель)."})
    if child.kind != ParticipantKind.STUDENT:
        raise ValidationError(
            {"child": f"{child.full_name} — не обучающийся: связать можно только с ребёнком."}
        )
    link, _ = Guardianship.objects.get_or_create(parent=parent, child=child)
    return link


@transaction.atomic
def guardianship_unlink(*, parent: Participant, child: Participant) -> None:
    """Consents the parent already gave for the child stay valid: they were signed by a representative."""
    deleted, _ = Guardianship.objects.filter(parent=parent, child=child).delete()
    if not deleted:
        raise ValidationError(
            {"parent": f"{parent.full_name} не {parent.agreed('связан', 'связана')} с {child.full_name}."}
        )


def allowed_categories(participant: Participant) -> frozenset[str]:
    if participant.kind == ParticipantKind.STUDENT:
        return STUDENT_CATEGORIES
    if participant.kind == ParticipantKind.TEACHER:
        return TEACHER_CATEGORIES
    return frozenset()


@transaction.atomic
def categories_set(
    *, participant: Participant, categories: Iterable[str], by=None, where: str = ""
) -> list[ParticipantCategory]:
    """Replace the participant's categories with `categories` (notes of kept ones stay).

    A special category needs a valid written special consent on the day, also for one kept from
    before: after the consent is withdrawn the curator must take the category off, not keep it.
    A change that touches special categories is written to the access log.
    """
    wanted = set(categories)
    unknown = wanted - set(Category.values)
    if unknown:
        raise ValidationError({"categories": f"Неизвестная категория: {', '.join(sorted(unknown))}."})
    not_for_kind = wanted - allowed_categories(participant)
    if not_for_kind:
        labels = ", ".join(Category(code).label for code in sorted(not_for_kind))
        raise ValidationError(
            {"categories": f"Категории не для участника вида «{participant.get_kind_display()}»: {labels}."}
        )
    special = wanted & SPECIAL_CATEGORIES
    if special:
        problem = consent_problem(participant, special=True)
        if problem:
            labels = ", ".join(Category(code).label for code in sorted(special))
            raise ValidationError({"categories": f"{problem} Нельзя указать: {labels}."})
    current = {c.category: c for c in participant.categories.all()}
    removed = set(current) - wanted
    participant.categories.filter(category__in=removed).delete()
    ParticipantCategory.objects.bulk_create(
        [
            ParticipantCategory(participant=participant, category=code)
            for code in sorted(wanted - set(current))
        ]
    )
    if (removed | (wanted - set(current))) & SPECIAL_CATEGORIES:
        special_access_record(participants=[participant], user=by, action="change", where=where)
    return list(participant.categories.order_by("category"))


def special_access_record(*, participants: Iterable[Participant], user, action: str, where: str) -> None:
    """One log row per participant whose special categories were shown, exported or changed."""
    SpecialDataAccess.objects.bulk_create(
        [
            SpecialDataAccess(
                participant=p,
                user=user if user and user.is_authenticated else None,
                action=action,
                where=where[:300],
            )
            for p in participants
        ]
    )


def special_categories_read(
    *, participants: Iterable[Participant], user, action: str = "view", where: str = ""
) -> dict[int, list[ParticipantCategory]]:
    """Special categories of these participants for a viewer entitled to them (access.can_see_special).

    Reading is logged: a row per participant who has any, so the log shows who saw whose data.
    """
    people = list(participants)
    found: dict[int, list[ParticipantCategory]] = {}
    for category in ParticipantCategory.objects.filter(
        participant__in=people, category__in=SPECIAL_CATEGORIES
    ).order_by("category"):
        found.setdefault(category.participant_id, []).append(category)
    special_access_record(
        participants=[p for p in people if p.pk in found], user=user, action=action, where=where
    )
    return found
