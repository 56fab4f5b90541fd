"""Monitoring reports (seed 001 §10): entry/exit pairing per construct, breakdowns, stage-1 summaries.

Schema: TENANT. PostgreSQL sums the answers per participant, sending and question (integer keys, one
query); marks, placements and groups come in one values_list query each; pandas pairs entry with exit
and school_programs.analysis does the statistics. The report of a programme with 1,500 participants
answering 40 items twice takes about twenty queries and a second (bench/monitoring.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from .. import analysis
from ..analysis import ACADEMIC, ENTRY, EXIT, ChangeSummary
from ..models import (
    Answer,
    Construct,
    Distribution,
    Form,
    Grade,
    GroupMentee,
    GrowthRule,
    MentoringGroup,
    Participant,
    Programme,
    Question,
    RoleModel,
    SurveyResponse,
)
from .monitoring_summary import (
    COMPETENCY_CONSTRUCTS,  # noqa: F401 (indicators read it from here)
    ReportSummary,
    programme_summary,
)
from .surveys import Rate, anonymous_results_withheld, rate_counts, rate_of

IMPACT_WAVES = (ENTRY, EXIT)
SCALES = {
    Question.Kind.SCALE10: (1, 10),
    Question.Kind.LIKERT5: (1, 5),
    Question.Kind.MATRIX: (1, 5),
}
GRADE_SCALE = (1, 5)
# Reversed constructs are shown turned (higher is better), so the hint says what the numbers mean.
REVERSED_HINT = "баллы перевёрнуты: выше — лучше (меньше тревожности, дефицитов)"
SMALL_NOTE = f"мало данных (n < {analysis.SMALL_GROUP}): вывод ненадёжен"
CONSTRUCT_ORDER = {code: index for index, code in enumerate(Construct.values)}
NO_ROLE_MODEL = "без ролевой модели"
SMALL_LIST = 200  # ids passed as a list up to this many; a subquery beyond


# --- Growth rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    construct: str
    label: str
    threshold: float
    is_default: bool
    note: str = ""

    @property
    def text(self) -> str:
        rule = f"рост — изменение не меньше {self.threshold:g}"
        return f"{self.label}: {rule}" + (" (по умолчанию)" if self.is_default else "")


def growth_thresholds() -> dict[str, float]:
    """The school's thresholds by construct; constructs without a rule use analysis.DEFAULT_THRESHOLD."""
    return {c: float(t) for c, t in GrowthRule.objects.values_list("construct", "threshold")}


def growth_rule_rows(constructs=None) -> list[RuleRow]:
    """The rule of every construct (or of the given ones), as each report states it."""
    rules = {rule.construct: rule for rule in GrowthRule.objects.all()}
    rows = []
    for code, label in Construct.choices:
        if constructs is not None and code not in constructs:
            continue
        rule = rules.get(code)
        rows.append(
            RuleRow(
                construct=code,
                label=label,
                threshold=float(rule.threshold) if rule else analysis.DEFAULT_THRESHOLD,
                is_default=rule is None,
                note=rule.note if rule else "",
            )
        )
    return rows


# --- Loading ----------------------------------------------------------------------------------------


def _fetch(queryset) -> list[tuple]:
    """The rows of a values_list queryset as the database driver returns them.

    Django applies a converter per value of every row (int() on sums and counts, float() on casts);
    for the tens of thousands of rows of a report that is most of the time, and the driver's types
    are already the right ones. The query is the queryset's own, run in the school's schema."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _item_table(programme: Programme) -> pd.DataFrame:
    """Every scale item of the programme's entry/exit surveys with its construct, direction and scale.

    A matrix question is one item per row (each row declares its own construct and direction); a row
    of -1 stands for «not a matrix». Items without a construct measure nothing and are left out;
    `rows_total` is how many rows the question has, counted or not."""
    rows = []
    questions = (
        Question.objects.filter(
            section__version__distributions__programme=programme,
            section__version__distributions__wave__in=IMPACT_WAVES,
            kind__in=list(SCALES),
        )
        .values_list("pk", "kind", "construct", "direction", "rows")
        .distinct()
    )
    for pk, kind, construct, direction, matrix_rows in questions:
        low, high = SCALES[kind]
        if kind == Question.Kind.MATRIX:
            for number, row in enumerate(matrix_rows or []):
                row_construct = (row or {}).get("construct") or construct
                if row_construct:
                    row_direction = -1 if int((row or {}).get("direction") or direction) < 0 else 1
                    rows.append((pk, number, row_construct, row_direction, low, high, len(matrix_rows)))
        elif construct:
            rows.append((pk, -1, construct, direction, low, high, 1))
    return pd.DataFrame(
        rows, columns=["question", "row", "construct", "direction", "low", "high", "rows_total"]
    )


def _impact_answers(programme: Programme, participants, items: pd.DataFrame):
    """Named entry/exit answers to the items (anonymous responses cannot be paired: left out)."""
    answers = Answer.objects.filter(
        response__distribution__programme=programme,
        response__distribution__wave__in=IMPACT_WAVES,
        response__participant__isnull=False,
        number__isnull=False,
        question_id__in=items["question"].unique().tolist(),
    )
    if participants is not None:
        answers = answers.filter(response__participant_id__in=list(participants))
    return answers


def impact_answers(
    programme: Programme, participants=None, items: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every named entry/exit answer to a scale item, one row each: participant, wave, construct,
    value, direction, low, high — the input of analysis.construct_scores."""
    columns = ["participant", "wave", "construct", "value", "direction", "low", "high"]
    items = _item_table(programme) if items is None else items
    if items.empty:
        return pd.DataFrame(columns=columns)
    raw = pd.DataFrame.from_records(
        _impact_answers(programme, participants, items).values_list(
            "response__participant_id", "response__distribution__wave", "question_id", "row", "number"
        ),
        columns=["participant", "wave", "question", "row", "value"],
    )
    if raw.empty:
        return pd.DataFrame(columns=columns)
    raw["row"] = raw["row"].fillna(-1).astype(int)
    return raw.merge(items, on=["question", "row"], how="inner")[columns]


def _items_condition(part: pd.DataFrame, items: pd.DataFrame) -> Q:
    """The answers to the items of `part` (question, row; a row of -1 means «not a matrix»).

    A question all of whose items are in `part` is matched by its id alone: instruments usually give
    a whole matrix to one construct, and PostgreSQL then checks one list instead of a row each."""
    whole, rows = [], []
    for question, chosen in part.groupby("question"):
        if len(chosen) == int((items["question"] == question).sum()):
            whole.append(int(question))
        else:
            rows.extend(chosen[["question", "row"]].itertuples(index=False))
    conditions = [Q(question_id__in=whole)] if whole else []
    conditions += [
        Q(question_id=question, row__isnull=True) if row < 0 else Q(question_id=question, row=row)
        for question, row in rows
    ]
    return reduce(or_, conditions)


def impact_scores(programme: Programme, participants=None, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per participant, construct and wave: the mean oriented answer (analysis.construct_scores'
    definition), summed by PostgreSQL so that 120,000 answers come back as 24,000 sums.

    Answers are grouped by integer ids (participant, distribution, question): a question whose items
    all share one construct and direction is summed whole, the others row by row; reversed items are
    turned in the query. Columns: participant, construct, wave, score, low, high."""
    columns = ["participant", "construct", "wave", "score", "low", "high"]
    items = _item_table(programme) if items is None else items
    waves = dict(
        Distribution.objects.filter(programme=programme, wave__in=IMPACT_WAVES).values_list("pk", "wave")
    )
    if items.empty or not waves:
        return pd.DataFrame(columns=columns)
    shape = items.groupby("question").agg(
        constructs=("construct", "nunique"),
        directions=("direction", "nunique"),
        counted=("row", "size"),
        rows_total=("rows_total", "first"),
    )
    split = [
        int(q)
        for q in shape.index[
            (shape["constructs"] > 1) | (shape["directions"] > 1) | (shape["counted"] < shape["rows_total"])
        ]
    ]
    keys = items.assign(row=items["row"].where(items["question"].isin(split), -1)).drop_duplicates(
        ["question", "row"]
    )[["question", "row", "construct"]]
    row_key = (
        Case(When(question_id__in=split, then=F("row")), default=Value(-1), output_field=IntegerField())
        if split
        else Value(-1, output_field=IntegerField())
    )
    # Items where lower is better count as (min + max) − answer; grouped by min + max of their scale.
    reversed_items = items[items["direction"] < 0]
    value = Case(
        *(
            When(_items_condition(part, items), then=Value(int(total)) - F("number"))
            for total, part in reversed_items.groupby(reversed_items["low"] + reversed_items["high"])
        ),
        default=F("number"),
        output_field=IntegerField(),
    )
    answers = Answer.objects.filter(
        response__distribution_id__in=list(waves),
        response__participant__isnull=False,
        number__isnull=False,
        question_id__in=items["question"].unique().tolist(),
    )
    if participants is not None:
        answers = answers.filter(response__participant_id__in=list(participants))
    rows = _fetch(
        answers.values(
            "question_id",
            participant=F("response__participant_id"),
            distribution=F("response__distribution_id"),
            item_row=row_key,
        )
        .annotate(total=Sum(value), answered=Count("pk"))
        .values_list("participant", "distribution", "question_id", "item_row", "total", "answered")
    )
    # All six are integers: one numpy array, without pandas guessing each column's type.
    sums = pd.DataFrame(
        np.array(rows, dtype=np.int64).reshape(-1, 6),
        columns=["participant", "distribution", "question", "row", "total", "answered"],
    )
    if sums.empty:
        return pd.DataFrame(columns=columns)
    sums["wave"] = sums["distribution"].map(waves)
    scores = (
        sums.merge(keys, on=["question", "row"])
        .groupby(["participant", "construct", "wave"], sort=False)[["total", "answered"]]
        .sum()
        .reset_index()
    )
    scores["score"] = scores["total"] / scores["answered"]
    scales = items.groupby("construct").agg(low=("low", "min"), high=("high", "max")).reset_index()
    return scores.merge(scales, on="construct")[columns]


def impact_pairs(
    programme: Programme, participants=None, items: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-wave construct scores, entry/exit pairs) for the programme's named respondents."""
    scores = impact_scores(programme, participants, items)
    return scores, analysis.pair_scores(scores)


def reversed_constructs(items: pd.DataFrame) -> set[str]:
    """Constructs with at least one item where lower is better (shown with a note on reports)."""
    return set(items.loc[items["direction"] < 0, "construct"]) if not items.empty else set()


def with_academic(pairs: pd.DataFrame, academic: pd.DataFrame) -> pd.DataFrame:
    """Survey pairs and mark pairs in one frame: academic results are one more construct."""
    parts = [frame for frame in (pairs, academic[list(pairs.columns)]) if not frame.empty]
    return pd.concat(parts, ignore_index=True) if parts else pairs


def mentee_placements(programme: Programme, participants=None) -> pd.DataFrame:
    """The pair or group of each mentee of the programme: the current one, else the latest.

    Columns: participant, group, form, role_model, start, end (end: when they left, the group was
    completed, or its planned end)."""
    columns = ["participant", "group", "form", "role_model", "start", "end"]
    placements = GroupMentee.objects.filter(group__programme=programme)
    if participants is not None:
        placements = placements.filter(request__participant_id__in=list(participants))
    rows = list(
        placements.values_list(
            "request__participant_id",
            "group_id",
            "group__form",
            "group__role_model_id",
            "joined_on",
            "left_on",
            "group__completed_on",
            "group__end_date",
        )
    )
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        rows,
        columns=["participant", "group", "form", "role_model", "start", "left", "completed", "planned_end"],
    )
    frame["active"] = frame["left"].isna()
    frame["end"] = frame["left"].fillna(frame["completed"]).fillna(frame["planned_end"])
    frame = frame.sort_values(["participant", "active", "start"]).drop_duplicates("participant", keep="last")
    # 0 stands for «no role model»: keys of a breakdown must be plain integers.
    frame["role_model"] = frame["role_model"].fillna(0).astype(int)
    return frame[columns].reset_index(drop=True)


def academic_pairs(programme: Programme, placements: pd.DataFrame) -> pd.DataFrame:
    """Marks at entry and exit of the programme's mentees (analysis.academic_pairs)."""
    if placements.empty:
        return analysis.academic_pairs(pd.DataFrame(), placements)
    people = placements["participant"].tolist()
    if len(people) > SMALL_LIST:
        # A subquery, not a list of a thousand ids: cheaper for Django to build and for PostgreSQL to plan.
        people = GroupMentee.objects.filter(group__programme=programme).values("request__participant_id")
    grades = pd.DataFrame.from_records(
        _fetch(
            Grade.objects.filter(participant_id__in=people)
            .annotate(mark=Cast("value", FloatField()))  # floats, not Decimal objects, for 15,000 marks
            .values_list("participant_id", "subject", "period", "period_end", "mark")
            .order_by()
        ),
        columns=["participant", "subject", "period", "period_end", "value"],
    )
    return analysis.academic_pairs(grades, placements[["participant", "start", "end"]])


def respondent_counts(programme: Programme) -> dict[str, int]:
    """Named respondents at entry, at exit, and anonymous entry/exit responses (not pairable)."""
    responses = SurveyResponse.objects.filter(
        distribution__programme=programme, distribution__wave__in=IMPACT_WAVES
    )
    by_wave = dict(
        responses.filter(participant__isnull=False)
        .values("distribution__wave")
        .annotate(n=Count("participant", distinct=True))
        .values_list("distribution__wave", "n")
    )
    return {
        "entry": by_wave.get(ENTRY, 0),
        "exit": by_wave.get(EXIT, 0),
        "anonymous": responses.filter(participant__isnull=True).count(),
    }


def exit_dates(programme: Programme) -> dict[int, date]:
    """Per named participant: the day their last exit response counts on, within its wave's window.

    A response belongs to the wave it answers: one sent after the mailing closed (a late link, a
    response imported later) counts on the wave's last day, so the 2025/26 exit lands in 2025/26.
    """
    latest: dict[int, date] = {}
    for participant, submitted, opens_on, closes_on in SurveyResponse.objects.filter(
        distribution__programme=programme, distribution__wave=EXIT, participant__isnull=False
    ).values_list("participant_id", "submitted_at", "distribution__opens_on", "distribution__closes_on"):
        day = min(max(timezone.localdate(submitted), opens_on), closes_on)
        if participant not in latest or day > latest[participant]:
            latest[participant] = day
    return latest


# --- The programme report ---------------------------------------------------------------------------


@dataclass
class ConstructRow:
    construct: str
    label: str
    summary: ChangeSummary
    low: int
    high: int
    reversed: bool = False
    entry_counts: list[int] = field(default_factory=list)
    exit_counts: list[int] = field(default_factory=list)

    @property
    def points(self) -> list[int]:
        return list(range(self.low, self.high + 1))

    @property
    def hint(self) -> str:
        """What the shown numbers mean for a construct measured by «less is better» items."""
        return REVERSED_HINT if self.reversed else ""


@dataclass
class BreakdownRow:
    key: str
    label: str
    summary: ChangeSummary
    rank: int = 0

    @property
    def note(self) -> str:
        return SMALL_NOTE if self.summary.is_small else ""


@dataclass
class Ranking:
    """A form or role model over all constructs: measurements (participant × construct) that grew."""

    key: str
    label: str
    participants: int
    measured: int
    grew: int
    rank: int = 0

    @property
    def share(self) -> float | None:
        return round(100 * self.grew / self.measured, 1) if self.measured else None

    @property
    def count_text(self) -> str:
        return analysis.count_text(self.grew, self.measured)

    @property
    def is_small(self) -> bool:
        return self.participants < analysis.SMALL_GROUP

    @property
    def note(self) -> str:
        return SMALL_NOTE if self.is_small else ""


@dataclass
class Breakdown:
    dimension: str
    title: str
    overall: list[Ranking]
    by_construct: list[tuple[str, str, list[BreakdownRow]]]  # (construct, label, rows ranked)

    @property
    def best(self) -> Ranking | None:
        reliable = [r for r in self.overall if not r.is_small and r.measured]
        return reliable[0] if reliable else None


@dataclass
class GroupLine:
    group: int
    label: str
    form: str
    role_model: str
    participants: int
    measured: int
    grew: int

    @property
    def count_text(self) -> str:
        return analysis.count_text(self.grew, self.measured)


@dataclass
class MonitoringReport:
    programme: Programme
    rules: list[RuleRow]
    constructs: list[ConstructRow]
    academic: ConstructRow | None
    by_form: Breakdown
    by_role_model: Breakdown
    groups: list[GroupLine]
    counts: dict[str, int]
    summary: ReportSummary  # what opens the report: what grew, for how many, against which target
    definitions: list[str] = field(default_factory=lambda: list(analysis.DEFINITIONS))

    @property
    def all_constructs(self) -> list[ConstructRow]:
        return self.constructs + ([self.academic] if self.academic else [])


def _construct_label(code: str) -> str:
    return Construct(code).label if code in Construct.values else code


def _ordered(codes) -> list[str]:
    return sorted(codes, key=lambda c: CONSTRUCT_ORDER.get(c, len(CONSTRUCT_ORDER)))


def _construct_rows(
    pairs: pd.DataFrame, scores: pd.DataFrame, thresholds: dict[str, float], reversed_constructs: set[str]
) -> list[ConstructRow]:
    summaries = analysis.summarise_pairs(pairs, thresholds)
    scales = (
        scores.groupby("construct").agg(low=("low", "min"), high=("high", "max"))
        if not scores.empty
        else pd.DataFrame()
    )
    rows = []
    for code in _ordered(summaries):
        if code == ACADEMIC:
            low, high = GRADE_SCALE
        else:
            low, high = int(scales.at[code, "low"]), int(scales.at[code, "high"])
        part = pairs[pairs["construct"] == code]
        rows.append(
            ConstructRow(
                construct=code,
                label=_construct_label(code),
                summary=summaries[code],
                low=low,
                high=high,
                reversed=code in reversed_constructs,
                entry_counts=analysis.value_counts(part[ENTRY], low, high),
                exit_counts=analysis.value_counts(part[EXIT], low, high),
            )
        )
    return rows


def _ranked_rows(rows: list[BreakdownRow]) -> list[BreakdownRow]:
    """Reliable rows first, by share grew; rows of fewer than SMALL_GROUP people after them."""
    rows.sort(
        key=lambda r: (
            r.summary.is_small,
            r.summary.share is None,
            -(r.summary.share or 0),
            -r.summary.n,
            r.label,
        )
    )
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def _ranked(rankings: list[Ranking]) -> list[Ranking]:
    rankings.sort(key=lambda r: (r.is_small, r.share is None, -(r.share or 0), -r.measured, r.label))
    for rank, row in enumerate(rankings, start=1):
        row.rank = rank
    return rankings


def _breakdown(
    dimension: str, title: str, pairs: pd.DataFrame, labels: dict, thresholds: dict[str, float]
) -> Breakdown:
    """Per value of `dimension` (form or role model): per construct summaries, ranked by share grew."""
    if pairs.empty:
        return Breakdown(dimension, title, [], [])
    counts = analysis.growth_counts(pairs, thresholds, by=dimension)
    overall = _ranked(
        [
            Ranking(
                key=str(key),
                label=labels.get(key, NO_ROLE_MODEL),
                participants=int(participants),
                measured=int(measured),
                grew=int(grew),
            )
            for key, participants, measured, grew in counts.itertuples(index=False)
        ]
    )
    groups = list(pairs.groupby(["construct", dimension], sort=False))
    summaries = analysis.summarise_many(
        [
            (cell[ENTRY].to_numpy(), cell[EXIT].to_numpy(), analysis.threshold_of(code, thresholds))
            for (code, _), cell in groups
        ]
    )
    cells: dict[str, list[BreakdownRow]] = {}
    for ((code, key), _), summary in zip(groups, summaries, strict=True):
        cells.setdefault(code, []).append(
            BreakdownRow(key=str(key), label=labels.get(key, NO_ROLE_MODEL), summary=summary)
        )
    by_construct = [(code, _construct_label(code), _ranked_rows(cells[code])) for code in _ordered(cells)]
    return Breakdown(dimension, title, overall, by_construct)


def _group_labels(group_ids) -> dict[int, tuple[str, str, str]]:
    """group id → (label, form label, role model label), the label naming the mentor and the form."""
    labels = {}
    for pk, last, first, middle, form, role_model in MentoringGroup.objects.filter(
        pk__in=list(group_ids)
    ).values_list(
        "pk",
        "mentor__participant__last_name",
        "mentor__participant__first_name",
        "mentor__participant__middle_name",
        "form",
        "role_model__name",
    ):
        initials = "".join(f"{part[0]}." for part in (first, middle) if part)
        form_label = Form(form).label if form in Form.values else form
        labels[pk] = (f"{last} {initials} — {form_label}", form_label, role_model or NO_ROLE_MODEL)
    return labels


def _placed(pairs: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """Pairs of mentees only, with their pair or group, its form and role model."""
    if pairs.empty or placements.empty:
        return pd.DataFrame(columns=[*pairs.columns, "group", "form", "role_model"])
    return pairs.merge(placements[["participant", "group", "form", "role_model"]], on="participant")


def _role_model_labels() -> dict[int, str]:
    return {
        pk: f"{name} ({Form(form).label if form in Form.values else form})"
        for pk, name, form in RoleModel.objects.values_list("pk", "name", "form")
    }


def programme_report(programme: Programme, *, today: date | None = None) -> MonitoringReport:
    """The programme's stage-2 report: a plain-language summary against the targets, then per
    construct, per form and role model, per pair or group."""
    thresholds = growth_thresholds()
    items = _item_table(programme)
    scores, pairs = impact_pairs(programme, items=items)
    placements = mentee_placements(programme)
    all_pairs = with_academic(pairs, academic_pairs(programme, placements))
    rows = _construct_rows(all_pairs, scores, thresholds, reversed_constructs(items))
    placed = _placed(all_pairs, placements)

    group_counts = analysis.growth_counts(placed, thresholds, by="group")
    labels = _group_labels(group_counts["group"].tolist())
    groups = sorted(
        (
            GroupLine(int(group), *labels[group], int(people), int(n), int(up))
            for group, people, n, up in group_counts.itertuples(index=False)
        ),
        key=lambda g: (g.form, g.label),
    )
    counts = respondent_counts(programme)
    counts["paired"] = int(pairs["participant"].nunique()) if not pairs.empty else 0
    counts["academic"] = int((all_pairs["construct"] == ACADEMIC).sum()) if not all_pairs.empty else 0
    return MonitoringReport(
        programme=programme,
        rules=growth_rule_rows([row.construct for row in rows]),
        constructs=[row for row in rows if row.construct != ACADEMIC],
        academic=next((row for row in rows if row.construct == ACADEMIC), None),
        by_form=_breakdown("form", "Формы наставничества", placed, dict(Form.choices), thresholds),
        by_role_model=_breakdown("role_model", "Ролевые модели", placed, _role_model_labels(), thresholds),
        groups=groups,
        counts=counts,
        summary=programme_summary(
            programme=programme,
            pairs=all_pairs,
            thresholds=thresholds,
            today=today or timezone.localdate(),
        ),
    )


# --- One pair or group ------------------------------------------------------------------------------


@dataclass
class MenteeLine:
    participant: int
    name: str
    description: str
    left: bool
    changes: dict[str, dict] = field(default_factory=dict)  # construct → entry, exit, change, grew
    cells: list[dict | None] = field(default_factory=list)  # the changes in the order of the report


@dataclass
class GroupReport:
    group: MentoringGroup
    rules: list[RuleRow]
    constructs: list[ConstructRow]
    mentees: list[MenteeLine]
    definitions: list[str] = field(default_factory=lambda: list(analysis.DEFINITIONS))


def group_report(group: MentoringGroup) -> GroupReport:
    """The mentees of one pair or group: each one's entry, exit and change, and the group's summary."""
    programme = group.programme
    people = list(
        GroupMentee.objects.filter(group=group)
        .select_related("request__participant")
        .order_by("request__participant__last_name", "request__participant__first_name")
    )
    ids = [placement.request.participant_id for placement in people]
    thresholds = growth_thresholds()
    items = _item_table(programme)
    scores, pairs = impact_pairs(programme, participants=ids, items=items)
    # A mentee counts with the group they are placed in now (or were last): a mentee who moved on
    # to another group of the programme is measured there.
    placements = mentee_placements(programme, participants=ids)
    placements = placements[placements["group"] == group.pk]
    all_pairs = with_academic(pairs, academic_pairs(programme, placements))
    all_pairs = all_pairs[all_pairs["participant"].isin(placements["participant"])]
    rows = _construct_rows(all_pairs, scores, thresholds, reversed_constructs(items))
    marked = analysis.mark_growth(all_pairs, thresholds)
    placed_here = set(placements["participant"])
    lines = {}
    for placement in people:
        person = placement.request.participant
        if person.pk in lines or person.pk not in placed_here:
            continue
        lines[person.pk] = MenteeLine(
            participant=person.pk,
            name=person.full_name,
            description=person.description,
            left=placement.left_on is not None,
        )
    for participant, construct, entry, exit_, change, grew in marked[
        ["participant", "construct", ENTRY, EXIT, "change", "grew"]
    ].itertuples(index=False):
        lines[participant].changes[construct] = {
            "entry": round(float(entry), 2),
            "exit": round(float(exit_), 2),
            "change": round(float(change), 2),
            "grew": bool(grew),
        }
    for line in lines.values():
        line.cells = [line.changes.get(row.construct) for row in rows]
    return GroupReport(
        group=group,
        rules=growth_rule_rows([row.construct for row in rows]),
        constructs=rows,
        mentees=list(lines.values()),
    )


# --- A student's marks ------------------------------------------------------------------------------


@dataclass
class StudentGrades:
    participant: Participant
    periods: list[tuple[str, date]]  # ordered by the end of the period
    subjects: list[str]
    table: dict[str, dict[str, float]]  # subject → period → mark
    means: dict[str, float]  # period → mean mark
    changes: list[dict] = field(default_factory=list)  # per programme where they are a mentee

    @property
    def rows(self) -> list[tuple[str, list[float | None]]]:
        """(subject, marks in the order of the periods) for a table."""
        return [(s, [self.table[s].get(period) for period, _ in self.periods]) for s in self.subjects]

    @property
    def mean_row(self) -> list[float]:
        return [self.means[period] for period, _ in self.periods]


def student_grades(participant: Participant) -> StudentGrades:
    rows = list(participant.grades.values_list("subject", "period", "period_end", "value"))
    ends: dict[str, date] = {}
    table: dict[str, dict[str, float]] = {}
    for subject, period, period_end, value in rows:
        ends[period] = period_end
        table.setdefault(subject, {})[period] = float(value)
    periods = sorted(ends.items(), key=lambda item: item[1])
    means = {}
    for period, _ in periods:
        marks = [by_period[period] for by_period in table.values() if period in by_period]
        means[period] = round(sum(marks) / len(marks), 2)
    changes = []
    programmes = Programme.objects.filter(groups__mentees__request__participant=participant).distinct()
    thresholds = growth_thresholds()
    for programme in programmes:
        placements = mentee_placements(programme, participants=[participant.pk])
        academic = academic_pairs(programme, placements)
        if academic.empty:
            changes.append({"programme": programme, "measured": False})
            continue
        row = academic.iloc[0]
        threshold = analysis.threshold_of(ACADEMIC, thresholds)
        changes.append(
            {
                "programme": programme,
                "measured": True,
                "entry_period": row["entry_period"],
                "exit_period": row["exit_period"],
                "entry": round(float(row[ENTRY]), 2),
                "exit": round(float(row[EXIT]), 2),
                "change": round(float(row["change"]), 2),
                "threshold": threshold,
                "grew": bool(analysis.grew([row["change"]], threshold)[0]),
            }
        )
    return StudentGrades(
        participant=participant,
        periods=periods,
        subjects=sorted(table),
        table=table,
        means=means,
        changes=changes,
    )


# --- Stage 1: summaries of answers ------------------------------------------------------------------


@dataclass
class DistributionLine:
    distribution: Distribution
    responses: int  # what the stage-1 summary is computed from
    rate: Rate  # answered of invited, as on every page that shows a response rate

    @property
    def invited(self) -> int:
        return self.rate.invited

    @property
    def answered(self) -> int:
        return self.rate.answered


def distribution_lines(programme: Programme) -> list[DistributionLine]:
    """Every sending of a survey in the programme, with its responses and its response rate."""
    distributions = (
        Distribution.objects.filter(programme=programme)
        .select_related("version__survey")
        .annotate(n_responses=Count("responses", distinct=True), **rate_counts())
        .order_by("-opens_on", "pk")
    )
    return [DistributionLine(d, d.n_responses, rate_of(d)) for d in distributions]


@dataclass
class OptionCount:
    label: str
    count: int
    share: float | None


@dataclass
class QuestionSummary:
    question: Question
    section: str
    answered: int
    options: list[OptionCount] = field(default_factory=list)  # choices, or scale points
    mean: float | None = None
    rows: list[dict] = field(default_factory=list)  # matrix: text, construct, mean, answered, options
    texts: list[dict] = field(default_factory=list)  # open: text, name (None when anonymous)


@dataclass
class DistributionSummary:
    distribution: Distribution
    anonymous: bool
    responses: int
    questions: list[QuestionSummary]
    # Why no questions are shown (an anonymous distribution still open or with fewer than 5 answers).
    withheld: str = ""


def _option_counts(counter: Counter, labels: list, total: int) -> list[OptionCount]:
    return [
        OptionCount(
            str(label),
            counter.get(label, 0),
            round(100 * counter.get(label, 0) / total, 1) if total else None,
        )
        for label in labels
    ]


def _scale_summary(values: list[int], low: int, high: int) -> tuple[float | None, list[OptionCount]]:
    counts = Counter(values)
    mean = round(sum(values) / len(values), 2) if values else None
    return mean, _option_counts(counts, list(range(low, high + 1)), len(values))


def _chosen(question: Question, selected) -> list[str]:
    """Selected options as their labels; stored either as labels or as indexes into the choices."""
    labels = []
    for item in selected if isinstance(selected, list) else [selected]:
        if isinstance(item, int) and not isinstance(item, bool) and 0 <= item < len(question.choices):
            labels.append(str(question.choices[item]))
        elif item not in (None, ""):
            labels.append(str(item))
    return labels


def distribution_summary(distribution: Distribution, *, today: date | None = None) -> DistributionSummary:
    """Stage 1: closed answers as distributions, scales as mean and distribution, open answers listed.

    Names stand next to open answers only when the survey is not anonymous and the response is named.
    An anonymous distribution shows its answers only when closed with at least five of them
    (selectors.surveys.anonymous_results_withheld); until then, the number of responses only. Its open
    answers are listed in alphabetical order, not in the order they came in."""
    survey = distribution.version.survey
    responses = distribution.responses.count()
    withheld = anonymous_results_withheld(
        distribution, responses=responses, today=today or timezone.localdate()
    )
    if withheld:
        return DistributionSummary(
            distribution=distribution, anonymous=True, responses=responses, questions=[], withheld=withheld
        )
    questions = list(
        Question.objects.filter(section__version=distribution.version)
        .select_related("section")
        .order_by("section__order", "order")
    )
    answers: dict[int, list[tuple]] = {}
    for row in Answer.objects.filter(response__distribution=distribution).values_list(
        "question_id", "row", "number", "text", "selected", "response__participant_id"
    ):
        answers.setdefault(row[0], []).append(row[1:])
    names = {}
    if not survey.is_anonymous:
        named = {participant for rows in answers.values() for *_, participant in rows if participant}
        names = {p.pk: p.full_name for p in Participant.objects.filter(pk__in=named)}
    summaries = []
    for question in questions:
        rows = answers.get(question.pk, [])
        summary = QuestionSummary(question=question, section=question.section.title, answered=0)
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            counter: Counter = Counter()
            answered = 0
            for _, _, _, selected, _ in rows:
                chosen = _chosen(question, selected)
                answered += bool(chosen)
                counter.update(set(chosen))
            labels = [str(c) for c in question.choices] + sorted(
                set(counter) - {str(c) for c in question.choices}
            )
            summary.answered = answered
            summary.options = _option_counts(counter, labels, answered)
        elif question.kind in (Question.Kind.SCALE10, Question.Kind.LIKERT5):
            low, high = SCALES[question.kind]
            values = [number for _, number, _, _, _ in rows if number is not None]
            summary.answered = len(values)
            summary.mean, summary.options = _scale_summary(values, low, high)
        elif question.kind == Question.Kind.MATRIX:
            low, high = SCALES[question.kind]
            by_row: dict[int, list[int]] = {}
            for row, number, _, _, _ in rows:
                if number is not None and row is not None:
                    by_row.setdefault(row, []).append(number)
            for number, matrix_row in enumerate(question.rows or []):
                values = by_row.get(number, [])
                mean, options = _scale_summary(values, low, high)
                construct = (matrix_row or {}).get("construct", "")
                summary.rows.append(
                    {
                        "text": (matrix_row or {}).get("text", f"строка {number + 1}"),
                        "construct": _construct_label(construct) if construct else "",
                        "answered": len(values),
                        "mean": mean,
                        "options": options,
                    }
                )
            summary.answered = max((r["answered"] for r in summary.rows), default=0)
        else:
            texts = [
                {"text": text.strip(), "name": names.get(participant) if participant else None}
                for _, _, text, _, participant in rows
                if text and text.strip()
            ]
            if survey.is_anonymous:
                # The order answers came in would pair them with whoever is known to have answered when.
                texts.sort(key=lambda item: item["text"].casefold())
            summary.answered = len(texts)
            summary.texts = texts
        summaries.append(summary)
    return DistributionSummary(
        distribution=distribution, anonymous=survey.is_anonymous, responses=responses, questions=summaries
    )
