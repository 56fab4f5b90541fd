"""The pure matching algorithm: optimal vs greedy, scores, explanations, unmatched reasons (no database)."""

from school_programs.models import Form
from school_programs.services.groups import MenteeFacts, MentorFacts
from school_programs.services.matching import (
    PairSignals,
    assign_greedy,
    assign_optimal,
    match_pool,
    topic_stems,
)

SS = Form.STUDENT_STUDENT
ES = Form.EMPLOYER_STUDENT


def mentor(entry_id, *, kind="student", grade=10, capacity=1, forms=(SS,), topics=(), **fields):
    return MentorFacts(
        entry_id=entry_id,
        participant_id=1000 + entry_id,
        name=f"Наставник {entry_id}",
        kind=kind,
        forms=frozenset(forms),
        capacity=capacity,
        grade=grade if kind == "student" else None,
        topics=tuple(topics),
        **fields,
    )


def mentee(request_id, *, grade=6, form=SS, topics=(), topic="Запрос", **fields):
    return MenteeFacts(
        request_id=request_id,
        participant_id=request_id,
        name=f"Ученик {request_id}",
        kind="student",
        form=form,
        grade=grade,
        topic=topic,
        topics=tuple(topics),
        **fields,
    )


def test_the_optimal_assignment_beats_greedy_where_greedy_is_provably_worse():
    # A fits X best (90) but can also take Y (80); B can take only X (70).
    # Greedy gives X to A first and leaves B alone: 90. The optimum is A–Y + B–X = 150.
    scores = {("A", "X"): 90.0, ("A", "Y"): 80.0, ("B", "X"): 70.0}
    places = {"X": 1, "Y": 1}
    assert sorted(assign_greedy(scores, places)) == [("A", "X")]
    assert sorted(assign_optimal(scores, places)) == [("A", "Y"), ("B", "X")]


def test_optimal_prefers_total_score_over_the_number_of_pairs():
    # One excellent pair is worth more than two poor ones: 95 > 10 + 10.
    scores = {(1, "X"): 95.0, (1, "Y"): 10.0, (2, "X"): 10.0}
    assert assign_optimal(scores, {"X": 1, "Y": 1}) == [(1, "X")]


def test_mentor_capacity_counts_places_in_the_optimal_assignment():
    scores = {(r, "X"): 50.0 + r for r in range(1, 5)}
    chosen = assign_optimal(scores, {"X": 2})
    assert sorted(chosen) == [(3, "X"), (4, "X")]


def test_on_a_pool_the_parent_rule_makes_greedy_lose_and_optimal_win():
    # Parent P and external E both offer algebra and geometry; M asks for both, C (P's child) for
    # algebra. Scores: M–P 68 (compatibility 90), M–E 70 (compatibility 100), C–E 55, C–P forbidden.
    parent = mentor(1, kind="parent", forms=(ES,), topics=("алгебра", "геометрия"), children=frozenset({2}))
    external = mentor(2, kind="external", forms=(ES,), topics=("алгебра", "геометрия"))
    strong = mentee(1, form=ES, topics=("алгебра", "геометрия"), priority="high")
    child = mentee(2, form=ES, topics=("алгебра",))
    signals = PairSignals(compatibility={(2, 1): 100, (1, 1): 90})
    optimal = match_pool([parent, external], [strong, child], signals)
    greedy = match_pool([parent, external], [strong, child], signals, greedy=True)
    # Greedy gives the external mentor (compatibility 100) to the strong mentee; the child is left
    # with only their own parent. The optimum gives the parent to the strong mentee.
    assert {(p.request_id, p.entry_id) for p in greedy.pairs} == {(1, 2)}
    assert {(p.request_id, p.entry_id) for p in optimal.pairs} == {(1, 1), (2, 2)}
    assert optimal.total_score > greedy.total_score
    assert (greedy.total_score, optimal.total_score) == (70.0, 123.0)
    [left] = greedy.unmatched
    assert left.reason.startswith("все подходящие наставники заняты (Наставник 2)")


def test_a_pair_breaking_a_hard_rule_is_never_suggested_even_with_the_best_score():
    parent = mentor(1, kind="parent", forms=(ES,), topics=("химия",), children=frozenset({1}))
    child = mentee(1, form=ES, topics=("химия",))
    signals = PairSignals(compatibility={(1, 1): 100}, preferences={(1, 1001): 1, (1001, 1): 1})
    result = match_pool([parent], [child], signals)
    assert result.pairs == []
    assert result.unmatched[0].reason == "единственный подходящий по темам наставник — родитель ребёнка"


def test_student_mentor_must_be_older_or_the_mentee_stays_unmatched_with_the_reason():
    same_grade = mentor(1, grade=7, topics=("алгебра",))
    result = match_pool([same_grade], [mentee(1, grade=7, topics=("алгебра",))])
    assert result.pairs == []
    assert result.unmatched[0].reason == (
        "наставник-ученик должен быть старше: нет учеников старших классов с нужными темами"
    )
    older = mentor(2, grade=9, topics=("алгебра",))
    assert [
        p.entry_id for p in match_pool([same_grade, older], [mentee(1, grade=7, topics=("алгебра",))]).pairs
    ] == [2]


def test_unmatched_reasons_name_what_is_missing():
    untrained = mentor(1, topics=("алгебра",), trained=False)
    result = match_pool([untrained], [mentee(1, topics=("алгебра",))])
    assert result.unmatched[0].reason == "нет отобранного и обученного наставника формы «ученик – ученик»"

    busy = mentor(2, topics=("алгебра",), capacity=1, load=1)
    result = match_pool([busy], [mentee(1, topics=("алгебра",))])
    assert result.unmatched[0].reason == "все подходящие наставники заняты: свободных мест нет"

    one_place = mentor(3, topics=("алгебра",))
    result = match_pool([one_place], [mentee(1, topics=("алгебра",)), mentee(2, topics=("алгебра",))])
    assert len(result.pairs) == 1
    assert result.unmatched[0].reason.startswith("все подходящие наставники заняты (Наставник 3)")

    other_topics = mentor(4, topics=("физика",))
    result = match_pool([other_topics], [mentee(1, topics=("литература",))])
    assert "нет нужных тем или предмета: литература" in result.unmatched[0].reason

    no_consent = mentee(1, topics=("алгебра",), consent_ok=False)
    result = match_pool([one_place], [no_consent])
    assert result.unmatched[0].reason == "нет действующего согласия на обработку персональных данных"


def test_explanation_names_topics_subject_compatibility_and_mutual_choice():
    teacher = MentorFacts(
        entry_id=1,
        participant_id=500,
        name="Иванова И. И.",
        kind="teacher",
        forms=frozenset({Form.TEACHER_STUDENT}),
        capacity=2,
        topics=("алгебра", "ОГЭ", "геометрия"),
        subjects=("математика",),
    )
    student = MenteeFacts(
        request_id=7,
        participant_id=70,
        name="Петров П.",
        kind="student",
        form=Form.TEACHER_STUDENT,
        grade=9,
        topics=("алгебра", "ОГЭ"),
        subject="Математика",
        priority="high",
    )
    signals = PairSignals(compatibility={(1, 7): 82}, preferences={(70, 500): 1, (500, 70): 1})
    [pair] = match_pool([teacher], [student], signals).pairs
    assert pair.fit.explanation == (
        "совпадают темы: алгебра, ОГЭ; предмет: Математика; совместимость 82/100; "
        "взаимный выбор после быстрых встреч; высокий приоритет запроса"
    )
    # 40 (all topics) + 15 (subject) + 20·0.82 + 15 (mutual first) + 10 (high priority)
    assert pair.fit.score == 96.4


def test_mutual_first_choice_scores_above_a_one_sided_choice():
    a = mentor(1, topics=("алгебра",))
    b = mentor(2, topics=("алгебра",))
    m = mentee(1, topics=("алгебра",))
    mutual = PairSignals(preferences={(1, 1001): 1, (1001, 1): 1, (1, 1002): 1})
    [pair] = match_pool([a, b], [m], mutual).pairs
    assert pair.entry_id == 1
    assert "взаимный выбор" in pair.fit.explanation
    one_sided = match_pool([b], [m], mutual).pairs[0]
    assert "наставляемый выбрал наставника после быстрых встреч (место 1)" in one_sided.fit.explanation
    assert pair.fit.score > one_sided.fit.score


def test_topics_match_across_word_endings_and_free_text():
    assert topic_stems("алгебра") == topic_stems("алгебру")
    free_text = mentee(1, topic="Подтянуть алгебру к ОГЭ")
    [pair] = match_pool([mentor(1, topics=("алгебра",))], [free_text]).pairs
    assert "совпадают темы: алгебру" in pair.fit.explanation
    result = match_pool([mentor(1, topics=("история",))], [free_text])
    assert result.pairs == []


def test_high_priority_wins_the_last_place():
    one_place = mentor(1, topics=("алгебра",))
    low = mentee(1, topics=("алгебра",), priority="low")
    high = mentee(2, topics=("алгебра",), priority="high")
    [pair] = match_pool([one_place], [low, high]).pairs
    assert pair.request_id == 2
