"""Entry/exit pairing and the programme report, on data whose right answer is known by construction."""

import datetime

import numpy as np
import pytest
from scipy import stats

from school_programs import analysis
from school_programs.models import Construct, Distribution, Form, GrowthRule, Question, RoleModel
from school_programs.selectors import monitoring
from tests.support import school as make
from tests.support import surveys as make_survey

ENTRY, EXIT = Distribution.Wave.ENTRY, Distribution.Wave.EXIT


def impact_survey(programme, *, anxiety_direction=-1):
    """Two competency items and two anxiety items (lower anxiety is better), sent at entry and exit."""
    version = make_survey.survey()
    items = {
        "competencies": [
            make_survey.question(version, construct=Construct.COMPETENCIES),
            make_survey.question(version, construct=Construct.COMPETENCIES),
        ],
        "anxiety": [
            make_survey.question(version, construct=Construct.ANXIETY, direction=anxiety_direction),
            make_survey.question(version, construct=Construct.ANXIETY, direction=anxiety_direction),
        ],
    }
    entry = make_survey.distribution(programme, version, ENTRY)
    exit_ = make_survey.distribution(programme, version, EXIT)
    return items, entry, exit_


def answers(items, **values):
    return {question: values[name] for name, questions in items.items() for question in questions}


def mentees(programme, count, *, form=Form.STUDENT_STUDENT, role_model=None, prefix="Ученик"):
    """`count` students, each in a pair of the given form (and role model) with a mentor of their own."""
    people = []
    for n in range(count):
        person = make.student(f"{prefix}{n}")
        mentor_person = (
            make.teacher(f"Наставник{prefix}{n}")
            if form != Form.STUDENT_STUDENT
            else (make.student(f"Наставник{prefix}{n}", grade=10))
        )
        mentor = make.mentor(programme, mentor_person, forms=[form])
        make.group(programme, mentor, [make.mentee(programme, person, form=form)], role_model=role_model)
        people.append(person)
    return people


def construct(report, code):
    return next(row for row in report.constructs if row.construct == code)


def test_competencies_up_by_one_and_anxiety_flat_give_ten_of_ten_and_none_of_ten(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    for person in mentees(programme, 10):
        make_survey.respond(entry, person, answers(items, competencies=3, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=4, anxiety=3))

    report = monitoring.programme_report(programme)

    competencies = construct(report, Construct.COMPETENCIES).summary
    assert (competencies.grew, competencies.n) == (10, 10)
    assert competencies.count_text == "10 из 10 (100%)"
    assert competencies.mean_change == 1.0
    anxiety = construct(report, Construct.ANXIETY).summary
    assert (anxiety.grew, anxiety.n) == (0, 10)
    assert anxiety.mean_change == 0.0
    assert anxiety.test_note == analysis.NO_CHANGE
    assert report.counts == {"entry": 10, "exit": 10, "anonymous": 0, "paired": 10, "academic": 0}
    assert [rule.text for rule in report.rules] == [
        "профессиональные / предметные компетенции: рост — изменение не меньше 0.5",
        "тревожность: рост — изменение не меньше 0.5",
    ]


def test_an_anxiety_item_going_from_four_to_two_counts_as_growth(in_school_a):
    programme = make.programme()
    version = make_survey.survey()
    anxiety = make_survey.question(version, construct=Construct.ANXIETY, direction=-1)
    entry = make_survey.distribution(programme, version, ENTRY)
    exit_ = make_survey.distribution(programme, version, EXIT)
    (person,) = mentees(programme, 1)
    make_survey.respond(entry, person, {anxiety: 4})
    make_survey.respond(exit_, person, {anxiety: 2})

    row = construct(monitoring.programme_report(programme), Construct.ANXIETY)

    # Oriented on 1–5: entry (1 + 5) − 4 = 2, exit (1 + 5) − 2 = 4.
    assert (row.summary.mean_entry, row.summary.mean_exit, row.summary.mean_change) == (2.0, 4.0, 2.0)
    assert row.summary.grew == 1
    assert row.reversed
    assert row.summary.test_note == analysis.NOT_ENOUGH


def test_the_same_drop_on_a_positive_item_is_a_decline(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme, anxiety_direction=1)
    (person,) = mentees(programme, 1)
    make_survey.respond(entry, person, answers(items, competencies=3, anxiety=4))
    make_survey.respond(exit_, person, answers(items, competencies=3, anxiety=2))

    anxiety = construct(monitoring.programme_report(programme), Construct.ANXIETY).summary
    assert (anxiety.mean_change, anxiety.grew) == (-2.0, 0)


def test_a_consistent_shift_of_twelve_pairs_is_significant(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    for n, person in enumerate(mentees(programme, 12)):
        start = 1 + n % 3
        make_survey.respond(entry, person, answers(items, competencies=start, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=start + 1 + n % 2, anxiety=3))

    summary = construct(monitoring.programme_report(programme), Construct.COMPETENCIES).summary

    assert summary.n == 12
    assert summary.p_value is not None and summary.p_value < 0.05
    assert summary.significant
    assert summary.ci_low <= summary.mean_change <= summary.ci_high
    assert summary.ci_low > 0
    assert summary.rank_biserial == 1.0
    assert summary.cohen_dz is not None and summary.cohen_dz > 1


def test_fewer_than_six_pairs_say_not_enough_data(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    for person in mentees(programme, 5):
        make_survey.respond(entry, person, answers(items, competencies=2, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=4, anxiety=3))

    summary = construct(monitoring.programme_report(programme), Construct.COMPETENCIES).summary

    assert (summary.grew, summary.n) == (5, 5)
    assert summary.p_value is None
    assert summary.test_note == "недостаточно данных"
    assert (summary.ci_low, summary.ci_high, summary.rank_biserial) == (None, None, None)


def test_forms_and_role_models_are_ranked_by_share_grew(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    teacher_model = RoleModel.objects.filter(form=Form.TEACHER_STUDENT).first()
    peer_model = RoleModel.objects.filter(form=Form.STUDENT_STUDENT).first()
    teacher_led = mentees(programme, 6, form=Form.TEACHER_STUDENT, role_model=teacher_model, prefix="У")
    peer_led = mentees(programme, 6, form=Form.STUDENT_STUDENT, role_model=peer_model, prefix="С")
    small = mentees(programme, 2, form=Form.TEACHER_TEACHER, prefix="Т")
    for n, person in enumerate(teacher_led + peer_led + small):
        grows = person in teacher_led or (person in peer_led and n % 2 == 0) or person in small
        make_survey.respond(entry, person, answers(items, competencies=2, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=4 if grows else 2, anxiety=3))

    report = monitoring.programme_report(programme)

    code, _, rows = report.by_form.by_construct[0]
    assert code == Construct.COMPETENCIES
    # Reliable groups first, by share; a group of fewer than five comes last, with a note.
    assert [(r.key, r.summary.grew, r.summary.n, r.rank) for r in rows] == [
        (Form.TEACHER_STUDENT, 6, 6, 1),
        (Form.STUDENT_STUDENT, 3, 6, 2),
        (Form.TEACHER_TEACHER, 2, 2, 3),
    ]
    assert rows[2].note.startswith("мало данных")
    assert rows[0].note == ""
    # Over both constructs: teacher–student 6 of 12 measurements grew, student–student 3 of 12.
    assert [(r.key, r.count_text) for r in report.by_form.overall] == [
        (Form.TEACHER_STUDENT, "6 из 12 (50%)"),
        (Form.STUDENT_STUDENT, "3 из 12 (25%)"),
        (Form.TEACHER_TEACHER, "2 из 4 (50%)"),
    ]
    assert report.by_form.best.key == Form.TEACHER_STUDENT
    role_rows = report.by_role_model.by_construct[0][2]
    assert [(r.key, r.summary.grew) for r in role_rows[:2]] == [
        (str(teacher_model.pk), 6),
        (str(peer_model.pk), 3),
    ]
    assert role_rows[0].label == f"{teacher_model.name} (учитель – ученик)"
    assert len(report.groups) == 14


def test_anonymous_answers_are_not_paired(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    (person,) = mentees(programme, 1)
    make_survey.respond(entry, person, answers(items, competencies=3, anxiety=3))
    make_survey.respond(exit_, person, answers(items, competencies=4, anxiety=3))
    make_survey.respond(entry, None, answers(items, competencies=1, anxiety=1))
    make_survey.respond(exit_, None, answers(items, competencies=5, anxiety=5))

    report = monitoring.programme_report(programme)

    assert construct(report, Construct.COMPETENCIES).summary.n == 1
    assert construct(report, Construct.COMPETENCIES).summary.mean_change == 1.0
    assert report.counts["anonymous"] == 2
    assert report.counts["paired"] == 1


def test_a_participant_measured_only_at_entry_is_not_paired(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    first, second = mentees(programme, 2)
    make_survey.respond(entry, first, answers(items, competencies=3, anxiety=3))
    make_survey.respond(exit_, first, answers(items, competencies=4, anxiety=3))
    make_survey.respond(entry, second, answers(items, competencies=1, anxiety=3))

    report = monitoring.programme_report(programme)

    assert construct(report, Construct.COMPETENCIES).summary.n == 1
    assert (report.counts["entry"], report.counts["exit"], report.counts["paired"]) == (2, 1, 1)


def test_the_growth_rule_of_the_school_decides_who_grew(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    for person in mentees(programme, 3):
        make_survey.respond(entry, person, answers(items, competencies=3, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=4, anxiety=3))
    GrowthRule.objects.update_or_create(construct=Construct.COMPETENCIES, defaults={"threshold": "1.5"})

    report = monitoring.programme_report(programme)

    assert construct(report, Construct.COMPETENCIES).summary.count_text == "0 из 3 (0%)"
    assert report.rules[0].text == "профессиональные / предметные компетенции: рост — изменение не меньше 1.5"


def test_matrix_rows_are_items_with_their_own_construct_and_direction(in_school_a):
    programme = make.programme()
    version = make_survey.survey()
    grid = make_survey.matrix(
        version, [(Construct.ENGAGEMENT, 1), (Construct.ENGAGEMENT, 1), (Construct.ANXIETY, -1)]
    )
    entry = make_survey.distribution(programme, version, ENTRY)
    exit_ = make_survey.distribution(programme, version, EXIT)
    (person,) = mentees(programme, 1)
    make_survey.respond(entry, person, {(grid, 0): 2, (grid, 1): 3, (grid, 2): 5})
    make_survey.respond(exit_, person, {(grid, 0): 4, (grid, 1): 4, (grid, 2): 1})

    report = monitoring.programme_report(programme)

    engagement = construct(report, Construct.ENGAGEMENT).summary
    assert (engagement.mean_entry, engagement.mean_exit, engagement.mean_change) == (2.5, 4.0, 1.5)
    assert construct(report, Construct.ANXIETY).summary.mean_change == 4.0


def test_marks_measure_academic_results(in_school_a):
    programme = make.programme()
    improved, same = mentees(programme, 2)  # pairs start on 01.10.2026 and run to 31.05.2027
    for person, exit_marks in ((improved, (4, 5)), (same, (3, 4))):
        make_survey.grade(person, "алгебра", "2025/26, год", datetime.date(2026, 5, 31), 3)
        make_survey.grade(person, "русский язык", "2025/26, год", datetime.date(2026, 5, 31), 4)
        make_survey.grade(person, "алгебра", "2026/27, III четверть", datetime.date(2027, 3, 20), 5)
        make_survey.grade(person, "алгебра", "2026/27, год", datetime.date(2027, 5, 31), exit_marks[0])
        make_survey.grade(person, "русский язык", "2026/27, год", datetime.date(2027, 5, 31), exit_marks[1])
        # A subject marked only at exit does not move the comparison.
        make_survey.grade(person, "физика", "2026/27, год", datetime.date(2027, 5, 31), 2)

    report = monitoring.programme_report(programme)

    assert report.academic is not None
    assert (report.academic.summary.grew, report.academic.summary.n) == (1, 2)
    assert report.academic.summary.mean_change == 0.5  # (+1.0 and 0.0) / 2
    assert report.counts["academic"] == 2
    assert report.constructs == []


def test_a_student_without_marks_before_entry_is_not_measured(in_school_a):
    programme = make.programme()
    (person,) = mentees(programme, 1)
    make_survey.grade(person, "алгебра", "2026/27, I четверть", datetime.date(2026, 10, 31), 3)
    make_survey.grade(person, "алгебра", "2026/27, год", datetime.date(2027, 5, 31), 5)

    assert monitoring.programme_report(programme).academic is None


def test_group_report_lists_each_mentee_change(in_school_a):
    programme = make.programme()
    items, entry, exit_ = impact_survey(programme)
    mentor = make.mentor(programme, make.teacher("Групповой"), forms=[Form.TEACHER_STUDENT], capacity=3)
    people = [make.student(f"Групповой{n}") for n in range(3)]
    group = make.group(
        programme, mentor, [make.mentee(programme, p, form=Form.TEACHER_STUDENT) for p in people]
    )
    for n, person in enumerate(people):
        make_survey.respond(entry, person, answers(items, competencies=2, anxiety=3))
        make_survey.respond(exit_, person, answers(items, competencies=2 + n, anxiety=3))

    report = monitoring.group_report(group)

    competencies = next(r for r in report.constructs if r.construct == Construct.COMPETENCIES)
    assert competencies.summary.count_text == "2 из 3 (66,7%)"
    changes = {line.name.split()[0]: line.changes[Construct.COMPETENCIES] for line in report.mentees}
    assert changes["Групповой2"] == {"entry": 2.0, "exit": 4.0, "change": 2.0, "grew": True}
    assert changes["Групповой0"]["grew"] is False


def test_stage_one_summary_counts_choices_scales_and_lists_open_answers(in_school_a):
    programme = make.programme()
    named = make_survey.survey("Удовлетворённость", purpose="process")
    choice = make_survey.question(
        named, kind=Question.Kind.SINGLE, choices=["да", "скорее да", "нет"], text="Полезно?"
    )
    many = make_survey.question(named, kind=Question.Kind.MULTIPLE, choices=["встречи", "проекты"])
    scale = make_survey.question(named, kind=Question.Kind.SCALE10, text="Оцените")
    comment = make_survey.question(named, kind=Question.Kind.OPEN, text="Что улучшить?", required=False)
    sent = make_survey.distribution(programme, named, Distribution.Wave.ONCE)
    first, second = make.student("Первая"), make.student("Второй")
    make_survey.respond(sent, first, {choice: ["да"], many: [0, 1], scale: 8, comment: "Больше встреч"})
    make_survey.respond(sent, second, {choice: [2], many: ["проекты"], scale: 6, comment: " "})

    summary = monitoring.distribution_summary(sent)

    by_text = {q.question.text: q for q in summary.questions}
    assert [(o.label, o.count, o.share) for o in by_text["Полезно?"].options] == [
        ("да", 1, 50.0),
        ("скорее да", 0, 0.0),
        ("нет", 1, 50.0),
    ]
    assert [(o.label, o.count) for o in summary.questions[1].options] == [("встречи", 1), ("проекты", 2)]
    assert by_text["Оцените"].mean == 7.0
    assert by_text["Оцените"].options[5].count == 1 and by_text["Оцените"].options[7].count == 1
    assert by_text["Что улучшить?"].texts == [{"text": "Больше встреч", "name": first.full_name}]
    assert summary.responses == 2


def test_stage_one_open_answers_of_an_anonymous_survey_carry_no_names(in_school_a):
    programme = make.programme()
    version = make_survey.survey("Анонимная", purpose="process", anonymous=True)
    comment = make_survey.question(version, kind=Question.Kind.OPEN, text="Ваше мнение")
    # Closed before today with five answers: the only state in which anonymous results are shown.
    sent = make_survey.distribution(programme, version, Distribution.Wave.ONCE, opens_on=make.START)
    opinions = ["Всё понравилось", "Интересно", "Полезно", "Хорошо", "Нормально"]
    for opinion in opinions:
        make_survey.respond(sent, None, {comment: opinion})

    summary = monitoring.distribution_summary(sent)

    assert summary.anonymous and not summary.withheld
    assert sorted(t["text"] for t in summary.questions[0].texts) == sorted(opinions)
    assert {t["name"] for t in summary.questions[0].texts} == {None}


# --- The pure functions ---------------------------------------------------------------------------


def test_orientation_turns_lower_is_better_items():
    assert list(analysis.orient([1, 4, 2], [1, -1, -1], [1, 1, 1], [5, 5, 10])) == [1.0, 2.0, 9.0]


def test_bootstrap_interval_is_seeded_and_surrounds_the_mean():
    changes = np.array([0.0, 0.5, 1.0, 1.0, 1.5, 2.0, -0.5, 1.0])
    first = analysis.bootstrap_ci(changes)
    assert first == analysis.bootstrap_ci(changes)
    assert first[0] < changes.mean() < first[1]


def test_effect_sizes_on_known_changes():
    # Ranks of |d| = 1, 2, 3, 4 with d = +1, +2, −3, +4: W+ = 7, W− = 3, r = 0.4.
    assert analysis.rank_biserial([1, 2, -3, 4]) == pytest.approx(0.4)
    assert analysis.cohen_dz([1, 2, 3]) == pytest.approx(2.0)
    assert analysis.cohen_dz([1, 1, 1]) is None


def test_value_counts_round_means_to_scale_points():
    assert analysis.value_counts([1, 1.5, 2.49, 5, 4.5], 1, 5) == [1, 2, 0, 0, 2]


def test_both_ways_of_bootstrapping_agree():
    rng = np.random.default_rng(7)
    changes = np.round(rng.normal(0.4, 0.8, 400) * 5) / 5  # few distinct values: the multinomial way
    direct = changes[rng.integers(0, len(changes), size=(4000, len(changes)))].mean(axis=1)
    low, high = analysis.bootstrap_ci(changes, resamples=4000)
    assert low == pytest.approx(np.percentile(direct, 2.5), abs=0.02)
    assert high == pytest.approx(np.percentile(direct, 97.5), abs=0.02)


def test_average_ranks_match_scipy():
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    assert list(analysis.average_ranks(values)) == list(stats.rankdata(values))


def test_scores_averaged_by_the_database_match_the_definition(in_school_a):
    programme = make.programme()
    version = make_survey.survey()
    scale = make_survey.question(version, kind=Question.Kind.SCALE10, construct=Construct.MOTIVATION)
    reversed_item = make_survey.question(version, construct=Construct.ANXIETY, direction=-1)
    grid = make_survey.matrix(version, [(Construct.MOTIVATION, 1), (Construct.ANXIETY, -1)])
    entry = make_survey.distribution(programme, version, ENTRY)
    exit_ = make_survey.distribution(programme, version, EXIT)
    rng = np.random.default_rng(3)
    for person in mentees(programme, 4):
        for wave in (entry, exit_):
            values = {scale: int(rng.integers(1, 11)), reversed_item: int(rng.integers(1, 6))}
            values.update({(grid, 0): int(rng.integers(1, 6)), (grid, 1): int(rng.integers(1, 6))})
            make_survey.respond(wave, person, values)

    by_database = monitoring.impact_scores(programme).sort_values(["participant", "construct", "wave"])
    by_definition = analysis.construct_scores(monitoring.impact_answers(programme)).sort_values(
        ["participant", "construct", "wave"]
    )

    assert len(by_database) == 16
    assert by_database["score"].to_numpy() == pytest.approx(by_definition["score"].to_numpy())
    assert list(by_database["participant"]) == list(by_definition["participant"])


def test_small_samples_get_the_exact_wilcoxon_p_even_with_ties():
    """Enumerating all sign patterns gives SciPy's exact p without ties, and 2/64 for six equal
    positive changes (the only as-extreme patterns are all-plus and all-minus)."""
    import numpy as np
    from scipy import stats

    from school_programs.analysis import wilcoxon_ps

    changes = np.random.default_rng(7).normal(0.5, 1, 10)
    [(p, _)] = wilcoxon_ps([changes])
    assert p == pytest.approx(stats.wilcoxon(changes, method="exact").pvalue)
    [(tied, _)] = wilcoxon_ps([[1.0] * 6])
    assert tied == pytest.approx(2 / 64)
