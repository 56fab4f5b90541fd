"""Building and editing questionnaires, with versioning (seed 001 §10). Schema: TENANT.

The rule: the questions people answered are never changed under their answers. A version that has
any response is frozen — an edit of its survey copies the version into the next one (sections and
questions) and applies the edit there; a version without responses is edited in place. Every edit
returns an `Edit` that says, in Russian, where the change landed.

Question rules: single and multiple choice need at least two distinct options; a matrix needs rows,
each with the construct it measures and its direction (1 — higher is better, −1 — lower is better);
a scale question of an impact (stage 2) survey must declare its construct, so that the change between
entry and exit can be computed. Fields that do not apply to a kind (options of a scale, rows of an
open question) are cleared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..models import Construct, Form, Question, Survey, SurveyResponse, SurveySection, SurveyVersion

CHOICE_KINDS = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE})
SCALE_KINDS = frozenset({Question.Kind.SCALE10, Question.Kind.LIKERT5})
QUESTION_FIELDS = ("kind", "text", "required", "choices", "rows", "construct", "direction")
SURVEY_FIELDS = ("title", "purpose", "audience", "form", "description", "is_anonymous")
# Changing these under collected answers would change what the answers mean: copy the survey instead.
FROZEN_ONCE_ANSWERED = ("purpose", "is_anonymous")
MAX_OPTIONS = 30
MAX_ROWS = 40


@dataclass(frozen=True)
class Edit:
    """Where an edit landed: the version now current, whether it was made by this edit, and the object."""

    version: SurveyVersion
    new_version: bool
    message: str
    obj: Any = None


# --- Reading the version being edited ---------------------------------------------------------------


def version_latest(survey: Survey) -> SurveyVersion:
    version = survey.versions.order_by("-number").first()
    if version is None:  # every service creates version 1 with the survey; kept for foreign data
        version = SurveyVersion.objects.create(survey=survey, number=1)
    return version


def version_has_responses(version: SurveyVersion) -> bool:
    return SurveyResponse.objects.filter(distribution__version=version).exists()


def survey_has_responses(survey: Survey) -> bool:
    return SurveyResponse.objects.filter(distribution__version__survey=survey).exists()


def _locked_latest(survey: Survey) -> SurveyVersion:
    """The latest version, locked: an answer being stored to it waits, and so does a parallel edit."""
    latest = version_latest(survey)
    return SurveyVersion.objects.select_for_update().get(pk=latest.pk)


@dataclass
class _Copy:
    version: SurveyVersion
    sections: dict[int, SurveySection]
    questions: dict[int, Question]


def _copy_content(source: SurveyVersion, target: SurveyVersion) -> _Copy:
    """Sections and questions of `source` into the empty `target`; maps old ids to the new rows."""
    old_sections = list(source.sections.order_by("order"))
    new_sections = SurveySection.objects.bulk_create(
        [SurveySection(version=target, order=s.order, title=s.title) for s in old_sections]
    )
    sections = {old.pk: new for old, new in zip(old_sections, new_sections, strict=True)}
    old_questions = list(Question.objects.filter(section__version=source).order_by("section__order", "order"))
    new_questions = Question.objects.bulk_create(
        [
            Question(
                section=sections[q.section_id],
                order=q.order,
                kind=q.kind,
                text=q.text,
                required=q.required,
                choices=q.choices,
                rows=q.rows,
                construct=q.construct,
                direction=q.direction,
            )
            for q in old_questions
        ]
    )
    questions = {old.pk: new for old, new in zip(old_questions, new_questions, strict=True)}
    return _Copy(target, sections, questions)


def _version_for_edit(survey: Survey, part_of: int | None = None) -> tuple[SurveyVersion, _Copy | None]:
    """The version an edit goes into: the latest one, or its copy when the latest has responses.

    `part_of` is the version of the section or question being edited: only the latest is edited.
    """
    latest = _locked_latest(survey)
    if part_of is not None and part_of != latest.pk:
        raise ValidationError(
            f"Это часть старой версии анкеты; правится только текущая версия {latest.number}. "
            "Обновите страницу."
        )
    if not version_has_responses(latest):
        return latest, None
    following = SurveyVersion.objects.create(survey=survey, number=latest.number + 1)
    return following, _copy_content(latest, following)


def _edit(
    survey: Survey, version: SurveyVersion, copy: _Copy | None, obj=None, done="Изменения сохранены"
) -> Edit:
    if copy is None:
        return Edit(version, False, f"{done} (версия {version.number}, ответов на неё ещё нет).", obj)
    previous = version.number - 1
    return Edit(
        version,
        True,
        f"На версию {previous} анкеты «{survey.title}» уже есть ответы, поэтому она не изменена: "
        f"создана версия {version.number} с вашей правкой. Ответы версии {previous} сохранены как были; "
        f"новые рассылки пойдут по версии {version.number}.",
        obj,
    )


# --- Question rules ---------------------------------------------------------------------------------


def _clean_choices(choices: Iterable[str]) -> list[str]:
    if isinstance(choices, str) or not isinstance(choices, Iterable):
        raise ValidationError({"choices": "Варианты ответа — список строк."})
    cleaned = [str(option).strip() for option in choices if str(option).strip()]
    if len(cleaned) < 2:
        raise ValidationError({"choices": "Для выбора из вариантов нужно не меньше двух вариантов ответа."})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"choices": f"Не больше {MAX_OPTIONS} вариантов ответа."})
    repeated = sorted({option for option in cleaned if cleaned.count(option) > 1})
    if repeated:
        raise ValidationError({"choices": f"Варианты ответа повторяются: {', '.join(repeated)}."})
    return cleaned


def _clean_direction(value, where: str = "direction") -> int:
    try:
        direction = int(value)
    except (TypeError, ValueError):
        direction = 0
    if direction not in (1, -1):
        raise ValidationError({where: "Направление: 1 (чем выше, тем лучше) или −1 (чем ниже, тем лучше)."})
    return direction


def _clean_rows(rows) -> list[dict]:
    if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
        raise ValidationError({"rows": "Строки матрицы — список утверждений."})
    cleaned, problems = [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            problems.append(f"строка {number}: нужны текст, конструкт и направление")
            continue
        text = str(row.get("text", "")).strip()
        construct = str(row.get("construct", "")).strip()
        if not text:
            problems.append(f"строка {number}: нет текста утверждения")
        if construct not in Construct.values:
            problems.append(f"строка {number} «{text[:40]}»: укажите, что измеряет утверждение (конструкт)")
        try:
            direction = _clean_direction(row.get("direction", 1), "rows")
        except ValidationError:
            problems.append(f"строка {number} «{text[:40]}»: направление 1 или −1")
            direction = 1
        cleaned.append({"text": text, "construct": construct, "direction": direction})
    if problems:
        raise ValidationError({"rows": "Строки матрицы: " + "; ".join(problems) + "."})
    if not cleaned:
        raise ValidationError({"rows": "В матрице нужна хотя бы одна строка-утверждение."})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError({"rows": f"Не больше {MAX_ROWS} строк в одной матрице."})
    return cleaned


def question_clean(*, purpose: str, values: Mapping) -> dict:
    """The question's fields made consistent with its kind, or a ValidationError naming the field."""
    kind = values.get("kind")
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": "Неизвестный тип вопроса."})
    text = str(values.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": "Напишите текст вопроса."})
    cleaned = {
        "kind": kind,
        "text": text,
        "required": bool(values.get("required", True)),
        "choices": [],
        "rows": [],
        "construct": "",
        "direction": 1,
    }
    if kind in CHOICE_KINDS:
        cleaned["choices"] = _clean_choices(values.get("choices") or [])
    elif kind == Question.Kind.MATRIX:
        cleaned["rows"] = _clean_rows(values.get("rows") or [])
    elif kind in SCALE_KINDS:
        construct = str(values.get("construct") or "").strip()
        if construct and construct not in Construct.values:
            raise ValidationError({"construct": "Неизвестный конструкт."})
        if not construct and purpose == Survey.Purpose.IMPACT:
            raise ValidationError(
                {
                    "construct": "В анкете этапа 2 (вход / выход) каждая шкала должна указывать, что она "
                    "измеряет: иначе изменение нельзя посчитать."
                }
            )
        cleaned["construct"] = construct
        cleaned["direction"] = _clean_direction(values.get("direction", 1))
    return cleaned


# --- Surveys ---------------------------------------------------------------------------------------


def _check_survey_fields(values: Mapping) -> None:
    errors = {}
    if not str(values.get("title") or "").strip():
        errors["title"] = "Укажите название анкеты."
    if values.get("purpose") not in Survey.Purpose.values:
        errors["purpose"] = "Выберите назначение анкеты."
    if values.get("audience") not in Survey.Audience.values:
        errors["audience"] = "Выберите, для кого анкета."
    if values.get("form") and values["form"] not in Form.values:
        errors["form"] = "Неизвестная форма наставничества."
    if errors:
        raise ValidationError(errors)


def _write_content(version: SurveyVersion, purpose: str, sections: Iterable) -> None:
    """Sections given as {"title", "questions": [...]} or (title, [...]); validated before each write."""
    for section_order, section in enumerate(sections, start=1):
        if isinstance(section, Mapping):
            title, questions = section.get("title", ""), section.get("questions", [])
        else:
            title, questions = section
        title = str(title or "").strip()
        if not title:
            raise ValidationError({"sections": f"Раздел {section_order}: укажите название."})
        created = SurveySection.objects.create(version=version, order=section_order, title=title)
        rows = []
        for order, values in enumerate(questions, start=1):
            try:
                cleaned = question_clean(purpose=purpose, values=values)
            except ValidationError as error:
                raise ValidationError(
                    {"sections": f"Раздел «{title}», вопрос {order}: {' '.join(error.messages)}"}
                ) from error
            rows.append(Question(section=created, order=order, **cleaned))
        Question.objects.bulk_create(rows)


@transaction.atomic
def survey_create(
    *,
    title: str,
    purpose: str,
    audience: str = Survey.Audience.ANY,
    form: str = "",
    description: str = "",
    is_anonymous: bool = False,
    sections: Iterable = (),
) -> Survey:
    """A school's own questionnaire, with version 1 (empty, or with the given sections and questions)."""
    values = {"title": title, "purpose": purpose, "audience": audience, "form": form}
    _check_survey_fields(values)
    survey = Survey(
        title=title.strip(),
        purpose=purpose,
        audience=audience,
        form=form or "",
        description=description,
        is_anonymous=is_anonymous,
    )
    survey.full_clean()
    survey.save()
    version = SurveyVersion.objects.create(survey=survey, number=1)
    _write_content(version, purpose, sections)
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, **fields) -> Survey:
    """Title, audience, form and the explanation change in place (they are not what was answered);
    purpose and anonymity do not change once answers exist."""
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise ValidationError(f"Эти поля анкеты не меняются: {', '.join(sorted(unknown))}.")
    values = {name: fields.get(name, getattr(survey, name)) for name in SURVEY_FIELDS}
    _check_survey_fields(values)
    changed_frozen = [name for name in FROZEN_ONCE_ANSWERED if values[name] != getattr(survey, name)]
    if changed_frozen and survey_has_responses(survey):
        raise ValidationError(
            {
                changed_frozen[0]: "На анкету уже есть ответы: назначение и анонимность не меняются, "
                "иначе собранные ответы поменяют смысл. Сделайте копию анкеты и измените её."
            }
        )
    if values["purpose"] == Survey.Purpose.IMPACT and survey.purpose != Survey.Purpose.IMPACT:
        unmeasured = Question.objects.filter(
            section__version=version_latest(survey), kind__in=SCALE_KINDS, construct=""
        )
        if unmeasured.exists():
            raise ValidationError(
                {
                    "purpose": "В анкете этапа 2 каждая шкала должна указывать конструкт; не указан у "
                    f"вопросов: {', '.join(f'«{q.text[:50]}»' for q in unmeasured[:5])}."
                }
            )
    values["title"] = values["title"].strip()
    for name, value in values.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save(update_fields=list(SURVEY_FIELDS))
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, title: str = "") -> Survey:
    """The school's own copy of a survey (a shipped instrument or another survey): the latest
    version's sections and questions become version 1 of the copy; no answers are copied."""
    copy = Survey(
        title=(title or f"{survey.title} (копия)").strip()[:300],
        purpose=survey.purpose,
        audience=survey.audience,
        form=survey.form,
        description=survey.description,
        is_anonymous=survey.is_anonymous,
    )
    copy.full_clean()
    copy.save()
    _copy_content(version_latest(survey), SurveyVersion.objects.create(survey=copy, number=1))
    return copy


@transaction.atomic
def survey_archive(*, survey: Survey, archived: bool = True) -> Survey:
    """Archived surveys are not offered for new distributions; their answers stay."""
    survey.is_archived = archived
    survey.save(update_fields=["is_archived"])
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    if survey.versions.filter(distributions__isnull=False).exists():
        raise ValidationError(
            "Анкету уже рассылали: удалить её нельзя, иначе пропадут приглашения и ответы. "
            "Отправьте её в архив."
        )
    survey.delete()


# --- Sections ----------------------------------------------------------------------------------------


@transaction.atomic
def section_add(*, survey: Survey, title: str) -> Edit:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Укажите название раздела."})
    version, copy = _version_for_edit(survey)
    last = version.sections.aggregate(last=Max("order"))["last"] or 0
    section = SurveySection(version=version, order=last + 1, title=title[:300])
    section.full_clean()
    section.save()
    return _edit(survey, version, copy, section, "Раздел добавлен")


@transaction.atomic
def section_update(*, section: SurveySection, title: str) -> Edit:
    survey = section.version.survey
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Укажите название раздела."})
    version, copy = _version_for_edit(survey, section.version_id)
    if copy is not None:
        section = copy.sections[section.pk]
    section.title = title[:300]
    section.full_clean()
    section.save(update_fields=["title"])
    return _edit(survey, version, copy, section, "Раздел сохранён")


@transaction.atomic
def section_delete(*, section: SurveySection) -> Edit:
    survey = section.version.survey
    version, copy = _version_for_edit(survey, section.version_id)
    if copy is not None:
        section = copy.sections[section.pk]
    section.delete()
    return _edit(survey, version, copy, None, "Раздел удалён")


# --- Questions ---------------------------------------------------------------------------------------


@transaction.atomic
def question_add(
    *,
    section: SurveySection,
    kind: str,
    text: str,
    required: bool = True,
    choices: Iterable[str] = (),
    rows: Iterable[Mapping] = (),
    construct: str = "",
    direction: int = 1,
) -> Edit:
    survey = section.version.survey
    cleaned = question_clean(
        purpose=survey.purpose,
        values={
            "kind": kind,
            "text": text,
            "required": required,
            "choices": list(choices),
            "rows": list(rows),
            "construct": construct,
            "direction": direction,
        },
    )
    version, copy = _version_for_edit(survey, section.version_id)
    if copy is not None:
        section = copy.sections[section.pk]
    last = section.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question(section=section, order=last + 1, **cleaned)
    question.full_clean()
    question.save()
    return _edit(survey, version, copy, question, "Вопрос добавлен")


@transaction.atomic
def question_update(*, question: Question, **fields) -> Edit:
    """Change a question; only the fields given change (the rest keep their values)."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError(f"Эти поля вопроса не меняются: {', '.join(sorted(unknown))}.")
    survey = question.section.version.survey
    values = {name: fields.get(name, getattr(question, name)) for name in QUESTION_FIELDS}
    cleaned = question_clean(purpose=survey.purpose, values=values)
    version, copy = _version_for_edit(survey, question.section.version_id)
    if copy is not None:
        question = copy.questions[question.pk]
    for name, value in cleaned.items():
        setattr(question, name, value)
    question.full_clean()
    question.save(update_fields=list(QUESTION_FIELDS))
    return _edit(survey, version, copy, question, "Вопрос сохранён")


@transaction.atomic
def question_delete(*, question: Question) -> Edit:
    survey = question.section.version.survey
    version, copy = _version_for_edit(survey, question.section.version_id)
    if copy is not None:
        question = copy.questions[question.pk]
    question.delete()
    return _edit(survey, version, copy, None, "Вопрос удалён")


@transaction.atomic
def question_move(*, question: Question, offset: int) -> Edit:
    """Swap a question with its neighbour above (offset −1) or below (+1) in its section."""
    if offset not in (1, -1):
        raise ValidationError({"offset": "Вопрос сдвигается на одну позицию: вверх (−1) или вниз (1)."})
    survey = question.section.version.survey
    siblings = question.section.questions.order_by("order")
    neighbour = (
        siblings.filter(order__lt=question.order).last()
        if offset < 0
        else siblings.filter(order__gt=question.order).first()
    )
    if neighbour is None:
        raise ValidationError({"offset": "Вопрос уже стоит " + ("первым." if offset < 0 else "последним.")})
    version, copy = _version_for_edit(survey, question.section.version_id)
    if copy is not None:
        question, neighbour = copy.questions[question.pk], copy.questions[neighbour.pk]
    first, second = question.order, neighbour.order
    # (section, order) is unique: park one question on a free number while the other moves.
    question.order = 32000
    question.save(update_fields=["order"])
    neighbour.order = first
    neighbour.save(update_fields=["order"])
    question.order = second
    question.save(update_fields=["order"])
    return _edit(survey, version, copy, question, "Порядок вопросов изменён")
