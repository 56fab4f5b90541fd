"""The monitoring report as a pedagogical council reads it: labels, chart titles, a believable demo."""

import random
import re
from statistics import mean

from school_programs import analysis
from school_programs.charts import distribution_chart
from school_programs.demo_monitoring import _answers
from school_programs.models import Question, SurveyResponse
from school_programs.selectors.monitoring import ConstructRow
from tests.support.openapi import openapi


def _row(reversed_: bool) -> ConstructRow:
    summary = analysis.ChangeSummary(n=0, grew=0, threshold=0.5, test_note="")
    return ConstructRow("anxiety", "Тревожность", summary, 1, 5, reversed=reversed_)


def test_a_reversed_construct_is_labelled_by_what_is_shown_not_by_its_raw_scale():
    hint = _row(True).hint
    assert "меньше — лучше" not in hint
    assert "выше — лучше" in hint
    assert _row(False).hint == ""


def test_a_long_chart_title_is_wrapped_not_cut_off():
    title = "Профессиональные дефициты: методические (баллы перевёрнуты: выше — лучше, меньше дефицитов)"
    svg = str(distribution_chart(title, [1, 2, 3, 4, 5], [1, 2, 3, 2, 1], [0, 1, 2, 4, 2]))
    heading = re.search(r'<text x="4" y="16"[^>]*>(.*?)</text>', svg).group(1)
    lines = re.findall(r"<tspan[^>]*>(.*?)</tspan>", heading)
    assert " ".join(lines) == title
    # At 13 px bold a line of more than ~54 letters passes the 420 px chart and is clipped.
    assert len(lines) >= 2 and all(len(line) <= 54 for line in lines)
    # The legend moves down under the wrapped title instead of overlapping it.
    assert 'y="' + str(24 + 17 * (len(lines) - 1)) + '"' in svg


def test_the_demo_makes_anxiety_and_deficits_fall_for_those_who_grow():
    """Repro: the demo's last-year programme showed anxiety and deficits getting worse for everyone."""
    matrix = Question(kind=Question.Kind.MATRIX, rows=[{"text": "Я волнуюсь", "direction": -1}] * 5)
    single = Question(kind=Question.Kind.LIKERT5, direction=-1)
    response = SurveyResponse()
    before, after = [], []
    for seed in range(200):
        rng = random.Random(seed)
        before += [a.number for a in _answers(response, [matrix, single], 3.0, 0.0, rng)]
        rng = random.Random(seed)
        after += [a.number for a in _answers(response, [matrix, single], 3.0, 0.9, rng)]
    assert mean(after) < mean(before) - 0.5


def test_the_api_describes_a_reversed_construct_by_what_its_numbers_show():
    """Repro: the schema said «меньше — лучше» of numbers that the report has already turned."""
    report = openapi()["paths"]["/api/v1/schools/{school}/monitoring/report/"]["get"]
    name = report["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    schemas = openapi()["components"]["schemas"]
    construct = schemas[schemas[name]["properties"]["constructs"]["items"]["$ref"].split("/")[-1]]
    description = construct["properties"]["reversed"]["description"]

    assert "больше — лучше" in description
    assert "Шкала перевёрнута" in description and "развёрнуты" in description
    assert not description.startswith("Есть вопросы, где меньше — лучше")
