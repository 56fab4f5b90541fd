"""Matching mentors and mentees (формирование пар): suggestions for the curator. Schema: TENANT.

The curator asks for suggestions in one form; Nastavnik finds the OPTIMAL assignment over the whole
pool (the largest total score), not a greedy one-by-one pick: a greedy pick gives the best mentor to
whoever comes first and may leave another mentee, who had only that mentor, without a pair.

The module has two layers:
- pure (no database): `match_pool(mentors, mentees, signals)` over plain facts (services/groups.py),
  with `assign_optimal` (scipy's linear_sum_assignment) and `assign_greedy` (the baseline the
  benchmark compares with). bench/matching.py calls these directly;
- services: `matching_suggest` loads the pool, runs `match_pool` and keeps the run; the curator's
  decisions (`suggestion_accept`, `suggestion_reject`, `suggestion_change_mentor`,
  `suggestions_accept_all`) and the inputs the psychologist and speed meetings give
  (`compatibility_record`, `preference_record`).

The hard rules are NOT here: `groups.pair_problem` is the one place they live.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from scipy.optimize import linear_sum_assignment

from ..models import (
    CompatibilityResult,
    Form,
    MatchingRun,
    MatchSuggestion,
    MenteeRequest,
    MentorEntry,
    Participant,
    Programme,
    RoleModel,
    SpeedMeetingPreference,
    UnmatchedMentee,
)
from ..models.choices import FORM_SIDES, Priority
from ..selectors.consents import consent_problem
from . import groups
from .groups import OPEN_STATUSES, MenteeFacts, MentorFacts, RuleBreak, pair_problem

FORM_LABELS = dict(Form.choices)

# --- Score: 0–100, the sum of five parts -------------------------------------------------------
# The request itself comes first: a mentor who can help with what the mentee asked for.
TOPIC_WEIGHT = 40
# The subject matters for the academic requests that dominate student forms (ОГЭ, ЕГЭ, олимпиады).
SUBJECT_WEIGHT = 15
# The psychologist's compatibility test (seed 001, stage 5) — evidence about the two people.
COMPATIBILITY_WEIGHT = 20
# Choices after «быстрые встречи»: the people themselves; less than topics because a first meeting is short.
PREFERENCE_WEIGHT = 15
# Priority does not depend on the mentor: it only decides who gets a place when places are scarce.
PRIORITY_WEIGHT = 10
# An untested pair is neither good nor bad: half of the compatibility part, so that one tested at
# 40/100 ranks below it and one tested at 80/100 above.
UNTESTED_COMPATIBILITY = 50
PRIORITY_SHARE = {Priority.HIGH: 1.0, Priority.MEDIUM: 0.5, Priority.LOW: 0.0}


# --- Topic words --------------------------------------------------------------------------------

# Words that say nothing about what help is needed.
_STOP_WORDS = frozenset(
    {
        *("по", "на", "в", "во", "к", "ко", "и", "с", "со", "за", "до", "из", "от", "не", "для", "при"),
        *("как", "что", "над", "под", "или", "об", "о", "у", "хочу", "нужно", "нужна"),
        *("подтянуть", "подготовка", "подготовиться", "помощь", "помочь", "работа", "работе", "работы"),
        *("развитие", "развить", "навыки", "навык", "улучшить", "повысить", "умение", "умения"),
        # Generic words of career-guidance topics: «медицинские профессии» is not «профессии в IT».
        *("профессии", "профессия", "профессий", "специальности", "специальность", "деятельность"),
    }
)
_WORD = re.compile(r"[0-9a-zа-я]+")


def _stem(word: str) -> str:
    """A crude Russian stem: cut the ending (2 letters of long words, 1 of short ones).

    «алгебра», «алгебру» → «алгеб»; «химия», «химии» → «хими». Stems are compared by prefix (see
    `_Terms`), so «физика» (физи) meets «физический» (физическ).
    """
    if len(word) <= 4:
        return word
    return word[: max(4, len(word) - (1 if len(word) <= 5 else 2))]


def topic_stems(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return frozenset(_stem(w) for w in words if len(w) >= 2 and w not in _STOP_WORDS)


class TopicIndex:
    """Which mentors offer a topic stem, by prefix: a mentee's stem meets a mentor's stem when one
    starts the other (at least 4 letters; short abbreviations such as «огэ» must be whole).

    Lookups cost the length of the stem, not the number of mentors: 1,000 mentees × 300 mentors
    are scored through it without comparing every pair of words.
    """

    def __init__(self, mentor_topics: Mapping[int, Iterable[str]]):
        self._by_prefix: dict[str, set[int]] = defaultdict(set)
        self._by_stem: dict[str, set[int]] = defaultdict(set)
        for mentor_id, topics in mentor_topics.items():
            for stem in {s for t in topics for s in topic_stems(t)}:
                self._by_stem[stem].add(mentor_id)
                for k in range(min(4, len(stem)), len(stem) + 1):
                    self._by_prefix[stem[:k]].add(mentor_id)
        self._cache: dict[str, frozenset[int]] = {}

    def mentors(self, stem: str) -> frozenset[int]:
        found = self._cache.get(stem)
        if found is None:
            ids = set(self._by_prefix.get(stem, ()))  # the mentee's stem starts a mentor's stem
            for k in range(4, len(stem)):  # or a mentor's stem starts the mentee's
                ids |= self._by_stem.get(stem[:k], set())
            found = self._cache[stem] = frozenset(ids)
        return found


def topic_units(topics: Iterable[str], text: str = "") -> list[tuple[str, frozenset[str]]]:
    """What a mentee asks for, as (label, stems) units: the listed topics, else the words of the request."""
    units = [(t, stems) for t in topics if (stems := topic_stems(t))]
    if units:
        return units
    words = dict.fromkeys(_WORD.findall(text.lower().replace("ё", "е")))
    return [(w, frozenset({_stem(w)})) for w in words if len(w) >= 2 and w not in _STOP_WORDS]


def subject_key(subject: str) -> str:
    return subject.strip().lower().replace("ё", "е")


# --- Pure matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairSignals:
    """What the psychologist and the speed meetings say about pairs."""

    # (mentor entry id, mentee request id) → compatibility 0–100.
    compatibility: Mapping[tuple[int, int], int] = field(default_factory=dict)
    # (chooser participant id, chosen participant id) → rank, 1 — most wanted.
    preferences: Mapping[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Fit:
    """Why a mentor suits a mentee, part by part; `score` is 0–100."""

    score: float
    topics: tuple[str, ...]
    subject: str
    compatibility: int | None
    mentee_rank: int | None  # the mentee's rank of the mentor
    mentor_rank: int | None  # the mentor's rank of the mentee
    priority: str

    @property
    def explanation(self) -> str:
        parts = []
        if self.topics:
            parts.append("совпадают темы: " + ", ".join(self.topics))
        else:
            parts.append("темы не совпадают")
        if self.subject:
            parts.append(f"предмет: {self.subject}")
        if self.compatibility is not None:
            parts.append(f"совместимость {self.compatibility}/100")
        if self.mentee_rank == 1 and self.mentor_rank == 1:
            parts.append("взаимный выбор после быстрых встреч")
        else:
            if self.mentee_rank:
                parts.append(
                    f"наставляемый выбрал наставника после быстрых встреч (место {self.mentee_rank})"
                )
            if self.mentor_rank:
                parts.append(
                    f"наставник выбрал наставляемого после быстрых встреч (место {self.mentor_rank})"
                )
        if self.priority == Priority.HIGH:
            parts.append("высокий приоритет запроса")
        return "; ".join(parts)


@dataclass(frozen=True)
class PoolPair:
    request_id: int
    entry_id: int
    fit: Fit


@dataclass(frozen=True)
class PoolUnmatched:
    request_id: int
    reason: str


@dataclass
class PoolResult:
    pairs: list[PoolPair]
    unmatched: list[PoolUnmatched]

    @property
    def total_score(self) -> float:
        return round(sum(p.fit.score for p in self.pairs), 1)


def _score(
    coverage: float,
    subject: bool,
    compatibility: int | None,
    mentee_rank: int | None,
    mentor_rank: int | None,
    priority: str,
) -> float:
    """The 0–100 score of a pair from its parts (weights at the top of the module)."""
    # Mutual first choices give the whole preference part; one side's first choice half of it.
    choice = 0.5 * (1 / mentee_rank if mentee_rank else 0) + 0.5 * (1 / mentor_rank if mentor_rank else 0)
    tested = UNTESTED_COMPATIBILITY if compatibility is None else compatibility
    score = (
        TOPIC_WEIGHT * coverage
        + SUBJECT_WEIGHT * subject
        + COMPATIBILITY_WEIGHT * tested / 100
        + PREFERENCE_WEIGHT * choice
        + PRIORITY_WEIGHT * PRIORITY_SHARE.get(priority, 0.5)
    )
    return round(score, 1)


class Pool:
    """A matching pool of one form: mentors, mentees, signals and the fit of every pair."""

    def __init__(self, mentors: Iterable[MentorFacts], mentees: Iterable[MenteeFacts], signals: PairSignals):
        self.mentors = {m.entry_id: m for m in mentors}
        self.mentees = {m.request_id: m for m in mentees}
        self.signals = signals
        self._topics = TopicIndex({m.entry_id: m.topics for m in self.mentors.values()})
        self._units = {r.request_id: topic_units(r.topics, r.topic) for r in self.mentees.values()}
        self._by_subject: dict[str, set[int]] = defaultdict(set)
        for mentor in self.mentors.values():
            for subject in mentor.subjects:
                self._by_subject[subject_key(subject)].add(mentor.entry_id)
        # Per request: compatibility by mentor, the mentee's ranks of mentors, the mentors' ranks of it.
        self._compatibility: dict[int, dict[int, int]] = defaultdict(dict)
        for (mentor_id, request_id), score in signals.compatibility.items():
            if mentor_id in self.mentors:
                self._compatibility[request_id][mentor_id] = score
        mentor_of = {m.participant_id: m.entry_id for m in self.mentors.values()}
        requests_of: dict[int, list[int]] = defaultdict(list)
        for mentee in self.mentees.values():
            requests_of[mentee.participant_id].append(mentee.request_id)
        self._mentee_ranks: dict[int, dict[int, int]] = defaultdict(dict)
        self._mentor_ranks: dict[int, dict[int, int]] = defaultdict(dict)
        for (chooser, chosen), rank in signals.preferences.items():
            for request_id in requests_of.get(chooser, ()):
                if chosen in mentor_of:
                    self._mentee_ranks[request_id][mentor_of[chosen]] = rank
            for request_id in requests_of.get(chosen, ()):
                if chooser in mentor_of:
                    self._mentor_ranks[request_id][mentor_of[chooser]] = rank
        self._coverage_cache: dict[int, dict[int, float]] = {}
        self._scores_cache: dict[int, dict[int, float]] = {}

    def _coverage(self, mentee: MenteeFacts) -> dict[int, float]:
        """Mentor id → share of the mentee's topics the mentor offers (only mentors with a share).

        A topic of several words counts by the share of its words («ОГЭ по математике» is half-met
        by «математика»). Computed once per mentee from the index, not pair by pair.
        """
        found = self._coverage_cache.get(mentee.request_id)
        if found is None:
            units = self._units[mentee.request_id]
            shares: dict[int, float] = defaultdict(float)
            for _, stems in units:
                for stem in stems:
                    for mentor_id in self._topics.mentors(stem):
                        shares[mentor_id] += 1 / len(stems)
            found = self._coverage_cache[mentee.request_id] = {m: v / len(units) for m, v in shares.items()}
        return found

    def scores(self, mentee: MenteeFacts) -> dict[int, float]:
        """Mentor id → score for every mentor with something in common with the mentee (a topic, the
        subject, a compatibility test, a choice after speed meetings); others are left to the curator."""
        cached = self._scores_cache.get(mentee.request_id)
        if cached is not None:
            return cached
        coverage = self._coverage(mentee)
        subject = self._by_subject.get(subject_key(mentee.subject), set()) if mentee.subject else set()
        compatibility = self._compatibility.get(mentee.request_id, {})
        mentee_ranks = self._mentee_ranks.get(mentee.request_id, {})
        mentor_ranks = self._mentor_ranks.get(mentee.request_id, {})
        result = {}
        for mentor_id in {*coverage, *subject, *compatibility, *mentee_ranks, *mentor_ranks}:
            result[mentor_id] = _score(
                coverage.get(mentor_id, 0.0),
                mentor_id in subject,
                compatibility.get(mentor_id),
                mentee_ranks.get(mentor_id),
                mentor_ranks.get(mentor_id),
                mentee.priority,
            )
        self._scores_cache[mentee.request_id] = result
        return result

    def fit(self, mentor: MentorFacts, mentee: MenteeFacts) -> Fit | None:
        """The score of the pair part by part (for its explanation), or None when they have nothing in
        common."""
        score = self.scores(mentee).get(mentor.entry_id)
        if score is None:
            return None
        met = tuple(
            label
            for label, stems in self._units[mentee.request_id]
            if any(mentor.entry_id in self._topics.mentors(stem) for stem in stems)
        )
        subject_ok = mentor.entry_id in self._by_subject.get(subject_key(mentee.subject), ())
        return Fit(
            score,
            met,
            mentee.subject if mentee.subject and subject_ok else "",
            self._compatibility.get(mentee.request_id, {}).get(mentor.entry_id),
            self._mentee_ranks.get(mentee.request_id, {}).get(mentor.entry_id),
            self._mentor_ranks.get(mentee.request_id, {}).get(mentor.entry_id),
            mentee.priority,
        )

    def allowed(self) -> dict[tuple[int, int], float]:
        """(request id, entry id) → score of each pair that breaks no hard rule and has anything in common."""
        result = {}
        for mentee in self.mentees.values():
            for mentor_id, score in self.scores(mentee).items():
                if pair_problem(self.mentors[mentor_id], mentee) is None:
                    result[(mentee.request_id, mentor_id)] = score
        return result

    def unmatched_reason(self, mentee: MenteeFacts) -> str:
        """Why the mentee got no pair, in the curator's words."""
        form_label = FORM_LABELS.get(mentee.form, mentee.form)
        if not mentee.consent_ok:
            return "нет действующего согласия на обработку персональных данных"
        mentor_kinds, mentee_kinds = FORM_SIDES[mentee.form]
        if mentee.kind not in mentee_kinds:
            return (
                f"в форме «{form_label}» наставляемым может быть только: {groups.kinds_label(mentee_kinds)}"
            )
        ready = [
            m
            for m in self.mentors.values()
            if mentee.form in m.forms
            and m.kind in mentor_kinds
            and m.selected
            and m.trained
            and m.consent_ok
            and not m.labour_consent_missing
            and m.withdrew_on is None
        ]
        if not ready:
            return f"нет отобранного и обученного наставника формы «{form_label}»"
        near = self.scores(mentee)
        fitting = [m for m in ready if m.entry_id in near]
        if not fitting:
            wanted = ", ".join(label for label, _ in self._units[mentee.request_id]) or mentee.topic
            return (
                f"ни у одного отобранного наставника формы «{form_label}» нет нужных тем или предмета: "
                f"{wanted}"
            )
        problems = [pair_problem(m, mentee, check_capacity=False) for m in fitting]
        possible = [m for m, problem in zip(fitting, problems, strict=True) if problem is None]
        if not possible:
            return _blocked_reason([p for p in problems if p is not None], len(fitting))
        if all(m.free_places == 0 for m in possible):
            return "все подходящие наставники заняты: свободных мест нет"
        names = ", ".join(m.name for m in possible[:3]) + ("…" if len(possible) > 3 else "")
        return (
            f"все подходящие наставники заняты ({names}): их места отданы наставляемым, "
            "у которых совпадение лучше"
        )


def _blocked_reason(problems: list[RuleBreak], fitting: int) -> str:
    """Why none of the mentors who fit by topic may take the mentee."""
    codes = {p.code for p in problems}
    if codes == {groups.OWN_CHILD}:
        if fitting == 1:
            return "единственный подходящий по темам наставник — родитель ребёнка"
        return "все подходящие по темам наставники — родители ребёнка"
    if groups.GRADE in codes and codes <= {groups.GRADE, groups.OWN_CHILD, groups.SELF}:
        return "наставник-ученик должен быть старше: нет учеников старших классов с нужными темами"
    return "подходящие по темам наставники не могут вести этого наставляемого: " + problems[0].message


def assign_optimal(fits: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[tuple[int, int]]:
    """The set of (request, mentor) pairs with the largest total score; a mentor takes at most
    `places[mentor]` mentees, a mentee one mentor.

    A cost matrix of mentees × mentor places (each mentor repeated by their free places) solved by
    scipy's linear_sum_assignment. Forbidden pairs cost 0 — the same as no pair — and are dropped:
    a prohibitive cost would make the solver place as many mentees as possible before looking at the
    score, which can lose total score (three good pairs are worth more than four poor ones).
    """
    if not fits:
        return []
    mentees = sorted({r for r, _ in fits})
    row = {r: i for i, r in enumerate(mentees)}
    wanted: dict[int, int] = defaultdict(int)
    for _, m in fits:
        wanted[m] += 1
    # A mentor never needs more places than the mentees they could take.
    slots = [m for m in sorted(wanted) for _ in range(min(places.get(m, 0), wanted[m]))]
    if not slots:
        return []
    first_slot: dict[int, int] = {}
    for col, m in enumerate(slots):
        first_slot.setdefault(m, col)
    cost = np.zeros((len(mentees), len(slots)))
    for (r, m), score in fits.items():
        start = first_slot.get(m)
        if start is not None:
            cost[row[r], start : start + min(places[m], wanted[m])] = -score
    rows, cols = linear_sum_assignment(cost)
    return [
        (mentees[i], slots[j])
        for i, j in zip(rows, cols, strict=True)
        if cost[i, j] < 0 and (mentees[i], slots[j]) in fits
    ]


def assign_greedy(fits: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[tuple[int, int]]:
    """The baseline: take the best-scoring pair first, then the next best that still fits."""
    left = dict(places)
    placed: set[int] = set()
    result = []
    for (r, m), _score in sorted(fits.items(), key=lambda item: (-item[1], item[0])):
        if r in placed or left.get(m, 0) <= 0:
            continue
        placed.add(r)
        left[m] -= 1
        result.append((r, m))
    return result


def match_pool(
    mentors: Iterable[MentorFacts],
    mentees: Iterable[MenteeFacts],
    signals: PairSignals | None = None,
    *,
    greedy: bool = False,
) -> PoolResult:
    """Suggestions for a pool of one form: pairs with score and explanation, and the unmatched with
    the reason. Pure: the benchmark and the tests call it with plain facts."""
    pool = Pool(mentors, mentees, signals or PairSignals())
    scores = pool.allowed()
    places = {m.entry_id: m.free_places for m in pool.mentors.values()}
    chosen = (assign_greedy if greedy else assign_optimal)(scores, places)
    pairs = [PoolPair(r, m, pool.fit(pool.mentors[m], pool.mentees[r])) for r, m in chosen]
    placed = {p.request_id for p in pairs}
    unmatched = [
        PoolUnmatched(r.request_id, pool.unmatched_reason(r))
        for r in pool.mentees.values()
        if r.request_id not in placed
    ]
    return PoolResult(pairs, unmatched)


# --- From the database --------------------------------------------------------------------------


def pair_signals(programme: Programme, mentor_ids: Iterable[int], request_ids: Iterable[int]) -> PairSignals:
    compatibility = {
        (mentor_id, mentee_id): score
        for mentor_id, mentee_id, score in CompatibilityResult.objects.filter(
            mentor_id__in=list(mentor_ids), mentee_id__in=list(request_ids)
        ).values_list("mentor_id", "mentee_id", "score")
    }
    preferences = {
        (chooser, chosen): rank
        for chooser, chosen, rank in SpeedMeetingPreference.objects.filter(programme=programme).values_list(
            "chooser_id", "chosen_id", "rank"
        )
    }
    return PairSignals(compatibility, preferences)


def _check_form(programme: Programme, form: str) -> None:
    if form not in Form.values:
        raise ValidationError({"form": "Неизвестная форма наставничества."})
    if form not in programme.forms:
        raise ValidationError(
            {"form": f"Форма «{FORM_LABELS[form]}» не выбрана в программе «{programme.title}»."}
        )


def _open_requests(programme: Programme, form: str):
    return MenteeRequest.objects.filter(
        programme=programme, form=form, status__in=OPEN_STATUSES
    ).select_related("participant")


@transaction.atomic
def matching_suggest(
    *, programme: Programme, form: str, by=None, on: datetime.date | None = None
) -> MatchingRun:
    """Suggest pairs for every open request (new or «без пары») of the form, from the whole mentor
    base of the form, and keep the run. Proposed suggestions of older runs of the same form are
    superseded (deleted); accepted and rejected ones stay as the record of the curator's decisions.
    """
    _check_form(programme, form)
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError({"programme": "Программа завершена: подбор пар закрыт."})
    day = on or timezone.localdate()
    entries = list(
        MentorEntry.objects.filter(programme=programme, forms__contains=[form]).select_related("participant")
    )
    requests = list(_open_requests(programme, form))
    mentors = groups.mentor_facts(entries, on=day)
    mentees = groups.mentee_facts(requests, on=day)
    signals = pair_signals(programme, list(mentors), list(mentees))
    result = match_pool(mentors.values(), mentees.values(), signals)

    MatchSuggestion.objects.filter(
        run__programme=programme, run__form=form, decision=MatchSuggestion.Decision.PROPOSED
    ).delete()
    run = MatchingRun.objects.create(
        programme=programme, form=form, created_by=by, total_score=result.total_score
    )
    MatchSuggestion.objects.bulk_create(
        MatchSuggestion(
            run=run,
            mentor_id=p.entry_id,
            mentee_id=p.request_id,
            score=p.fit.score,
            explanation=p.fit.explanation,
        )
        for p in result.pairs
    )
    UnmatchedMentee.objects.bulk_create(
        UnmatchedMentee(run=run, mentee_id=u.request_id, reason=u.reason) for u in result.unmatched
    )
    return run


def _proposed(suggestion: MatchSuggestion) -> MatchSuggestion:
    """Lock the suggestion and make sure it still waits for a decision."""
    suggestion = (
        MatchSuggestion.objects.select_for_update(of=("self",))
        .select_related("run__programme", "mentor__participant", "mentee__participant", "mentee__role_model")
        .get(pk=suggestion.pk)
    )
    if suggestion.decision != MatchSuggestion.Decision.PROPOSED:
        raise ValidationError(
            {"suggestion": f"Решение по этой паре уже принято: {suggestion.get_decision_display()}."}
        )
    return suggestion


def _pair_period(programme: Programme, start_date, end_date) -> tuple[datetime.date, datetime.date]:
    start = start_date or max(timezone.localdate(), programme.start_date)
    return start, end_date or programme.end_date


@transaction.atomic
def suggestion_accept(
    *,
    suggestion: MatchSuggestion,
    as_group: bool = False,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    role_model: RoleModel | None = None,
    by=None,
    on: datetime.date | None = None,
):
    """Accept a suggested pair: a new pair, or — when the curator chooses «в группу» — the mentee
    joins the mentor's working group of the same form (a new group if there is none yet).
    The hard rules are checked again (consent or places may have changed since the run)."""
    suggestion = _proposed(suggestion)
    programme = suggestion.run.programme
    request = suggestion.mentee
    existing = groups.mentor_active_group(suggestion.mentor, suggestion.run.form) if as_group else None
    if existing is not None:
        group = existing
        groups.group_add_mentee(group=existing, request=request, joined_on=start_date, by=by, on=on)
    else:
        start, end = _pair_period(programme, start_date, end_date)
        model = role_model or (
            request.role_model if request.role_model and request.role_model.form == request.form else None
        )
        group = groups.group_create(
            programme=programme,
            form=suggestion.run.form,
            mentor=suggestion.mentor,
            requests=[request],
            role_model=model,
            start_date=start,
            end_date=end,
            by=by,
            on=on,
        )
    suggestion.decision = MatchSuggestion.Decision.ACCEPTED
    suggestion.save(update_fields=["decision"])
    return group


@transaction.atomic
def suggestion_reject(*, suggestion: MatchSuggestion, by=None) -> MatchSuggestion:
    """The curator does not want this pair; the request stays open for the next run or a manual pair."""
    suggestion = _proposed(suggestion)
    suggestion.decision = MatchSuggestion.Decision.REJECTED
    suggestion.save(update_fields=["decision"])
    return suggestion


def _reserved(suggestion: MatchSuggestion, mentor: MentorEntry) -> int:
    """Places of the mentor promised to other proposed suggestions of the same run."""
    return (
        MatchSuggestion.objects.filter(
            run_id=suggestion.run_id, mentor=mentor, decision=MatchSuggestion.Decision.PROPOSED
        )
        .exclude(pk=suggestion.pk)
        .count()
    )


def suggestion_fit(
    suggestion: MatchSuggestion, mentor: MentorEntry, on: datetime.date | None = None
) -> Fit | None:
    """How the mentor would fit the suggestion's mentee (None: nothing in common)."""
    day = on or timezone.localdate()
    mentor_facts = groups.mentor_facts([mentor], on=day)
    mentee_facts = groups.mentee_facts([suggestion.mentee], on=day)
    pool = Pool(
        mentor_facts.values(),
        mentee_facts.values(),
        pair_signals(suggestion.run.programme, [mentor.pk], [suggestion.mentee_id]),
    )
    return pool.fit(mentor_facts[mentor.pk], mentee_facts[suggestion.mentee_id])


@transaction.atomic
def suggestion_change_mentor(
    *, suggestion: MatchSuggestion, mentor: MentorEntry, by=None, on: datetime.date | None = None
) -> MatchSuggestion:
    """The curator puts another mentor into a suggestion. The same hard rules as for any pair apply,
    and the mentor's places count the other suggestions of the run proposed to them."""
    suggestion = _proposed(suggestion)
    if mentor.programme_id != suggestion.run.programme_id:
        raise ValidationError({"mentor": "Наставник из базы другой программы."})
    mentor = MentorEntry.objects.select_for_update().select_related("participant").get(pk=mentor.pk)
    groups.pair_check(
        mentor=mentor,
        requests=[suggestion.mentee],
        on=on,
        mentee_field="mentee",
        reserved=_reserved(suggestion, mentor),
    )
    fit = suggestion_fit(suggestion, mentor, on)
    suggestion.mentor = mentor
    suggestion.score = fit.score if fit else 0
    suggestion.explanation = (
        fit.explanation if fit else "темы и предмет не совпадают"
    ) + "; наставник выбран куратором"
    suggestion.save(update_fields=["mentor", "score", "explanation"])
    return suggestion


def change_candidates(
    suggestion: MatchSuggestion, on: datetime.date | None = None
) -> list[tuple[MentorEntry, Fit | None]]:
    """Mentors who may take the suggestion's mentee instead (hard rules and places hold), best first."""
    day = on or timezone.localdate()
    entries = list(
        MentorEntry.objects.filter(
            programme_id=suggestion.run.programme_id, forms__contains=[suggestion.run.form]
        )
        .exclude(pk=suggestion.mentor_id)
        .select_related("participant")
    )
    facts = groups.mentor_facts(entries, on=day)
    mentee = groups.mentee_facts([suggestion.mentee], on=day)[suggestion.mentee_id]
    proposed: dict[int, int] = defaultdict(int)
    for mentor_id in MatchSuggestion.objects.filter(
        run_id=suggestion.run_id, decision=MatchSuggestion.Decision.PROPOSED
    ).values_list("mentor_id", flat=True):
        proposed[mentor_id] += 1
    signals = pair_signals(suggestion.run.programme, list(facts), [mentee.request_id])
    pool = Pool(facts.values(), [mentee], signals)
    result = []
    for entry in entries:
        mentor = facts[entry.pk]
        if (
            pair_problem(mentor, mentee, check_capacity=False) is None
            and mentor.free_places - proposed[entry.pk] > 0
        ):
            result.append((entry, pool.fit(mentor, mentee)))
    result.sort(key=lambda item: -(item[1].score if item[1] else 0))
    return result


@transaction.atomic
def suggestions_accept_all(
    *,
    run: MatchingRun,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    as_group: bool = False,
    by=None,
    on: datetime.date | None = None,
) -> int:
    """Accept every proposed suggestion of the run — all or none: the first that fails names its pair.

    The pairs start on the date the curator gives (the day the order will fix them, not the day of
    the click) and end on the given date or the programme's end."""
    if not isinstance(start_date, datetime.date):
        raise ValidationError({"start_date": "Укажите дату начала работы пар."})
    count = 0
    for suggestion in run.suggestions.filter(decision=MatchSuggestion.Decision.PROPOSED).select_related(
        "mentor__participant", "mentee__participant"
    ):
        try:
            suggestion_accept(
                suggestion=suggestion,
                as_group=as_group,
                start_date=start_date,
                end_date=end_date,
                by=by,
                on=on,
            )
        except ValidationError as error:
            pair = f"{suggestion.mentor.participant.short_name} — {suggestion.mentee.participant.short_name}"
            raise ValidationError(f"Пара {pair}: {'; '.join(error.messages)}") from error
        count += 1
    return count


# --- Inputs: compatibility tests and speed-meeting choices ---------------------------------------


@transaction.atomic
def compatibility_record(
    *,
    mentor: MentorEntry,
    mentee: MenteeRequest,
    score: int,
    tested_on: datetime.date,
    method: str = "",
    note: str = "",
    by=None,
) -> CompatibilityResult:
    """The psychologist's result for a pair (0 — incompatible, 100 — ideal); a re-test replaces it.
    Testing is processing of personal data: both people need a valid consent."""
    if mentor.programme_id != mentee.programme_id:
        raise ValidationError({"mentee": "Наставник и наставляемый — из разных программ."})
    if mentee.form not in mentor.forms:
        raise ValidationError(
            {"mentor": f"Наставник не работает в форме «{FORM_LABELS[mentee.form]}» этого запроса."}
        )
    if not 0 <= score <= 100:
        raise ValidationError({"score": "Совместимость — число от 0 до 100."})
    if tested_on > timezone.localdate():
        raise ValidationError({"tested_on": "Дата теста не может быть в будущем."})
    for key, person in (("mentor", mentor.participant), ("mentee", mentee.participant)):
        problem = consent_problem(person, tested_on)
        if problem:
            raise ValidationError({key: problem})
    result, _ = CompatibilityResult.objects.update_or_create(
        mentor=mentor,
        mentee=mentee,
        defaults={"score": score, "tested_on": tested_on, "method": method, "note": note},
    )
    return result


@transaction.atomic
def preference_record(
    *, programme: Programme, chooser: Participant, chosen: Participant, rank: int, by=None
) -> SpeedMeetingPreference:
    """After «быстрые встречи» a mentor ranks mentees or a mentee ranks mentors (1 — most wanted).
    Both people must be in the programme's bases on opposite sides; a new rank replaces the old."""
    if chooser.pk == chosen.pk:
        raise ValidationError({"chosen": "Нельзя выбрать самого себя."})
    if rank < 1:
        raise ValidationError({"rank": "Место в списке — число от 1."})
    mentors = set(
        MentorEntry.objects.filter(programme=programme, participant__in=[chooser, chosen]).values_list(
            "participant_id", flat=True
        )
    )
    mentees = set(
        MenteeRequest.objects.filter(programme=programme, participant__in=[chooser, chosen]).values_list(
            "participant_id", flat=True
        )
    )
    if chooser.pk not in mentors | mentees:
        raise ValidationError(
            {"chooser": f"{chooser.short_name} нет в базах наставников и наставляемых программы."}
        )
    opposite = (chooser.pk in mentors and chosen.pk in mentees) or (
        chooser.pk in mentees and chosen.pk in mentors
    )
    if not opposite:
        raise ValidationError(
            {
                "chosen": f"{chosen.short_name} — не на другой стороне: наставник выбирает наставляемых, "
                "наставляемый — наставников."
            }
        )
    preference, _ = SpeedMeetingPreference.objects.update_or_create(
        programme=programme, chooser=chooser, chosen=chosen, defaults={"rank": rank}
    )
    return preference


@transaction.atomic
def preference_delete(*, preference: SpeedMeetingPreference, by=None) -> None:
    preference.delete()
