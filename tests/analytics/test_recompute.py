"""Recompute: facts land in public once per school, indicator and year; only changed schools again."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from analytics.models import Indicator, IndicatorFact, RecomputeRun, SchoolDataChange, SchoolFactsState
from analytics.services import recompute
from school_programs.indicators_sql import CODES
from school_programs.models import Form
from tests.support import school as make
from tests.support.clock import TODAY

YEAR = "2026/27"


@pytest.fixture
def sent(monkeypatch):
    """Chunks queued by a run, captured instead of sent to a broker."""
    from nastavnik.celery import app

    messages = []
    monkeypatch.setattr(app, "send_task", lambda name, **options: messages.append({"name": name, **options}))
    return messages


def _pair_in(school, surname):
    with schema_context(school.schema_name):
        programme = make.programme()
        mentor = make.mentor(programme, make.teacher(f"Наставник{surname}"), forms=[Form.TEACHER_STUDENT])
        mentee = make.mentee(programme, make.student(surname), form=Form.TEACHER_STUDENT)
        make.group(programme, mentor, [mentee])


def _facts(school):
    return {
        f.indicator.code: (f.numerator, f.denominator)
        for f in IndicatorFact.objects.filter(school=school, period=YEAR).select_related("indicator")
    }


def test_a_school_gets_one_fact_per_computed_indicator_and_a_rerun_changes_nothing(world):
    _pair_in(world.school_a, "Первый")
    written = recompute.recompute_school(school=world.school_a, period=YEAR, today=TODAY)
    active = set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
    assert written == len(set(CODES) & active)
    facts = _facts(world.school_a)
    assert facts["pairs_active"] == (1, 1)
    assert facts["coverage_form_teacher_student"] == (2, 2)

    recompute.recompute_school(school=world.school_a, period=YEAR, today=TODAY)
    assert IndicatorFact.objects.filter(school=world.school_a).count() == written
    assert _facts(world.school_a) == facts
    # The connection is back where it was, and facts are only numbers: no name crossed over.
    assert connection.schema_name == "public"
    row = IndicatorFact.objects.filter(school=world.school_a).values().first()
    assert set(row) == {
        "id", "school_id", "indicator_id", "period", "numerator", "denominator", "computed_at", "data_version"
    }  # fmt: skip


def test_facts_record_the_data_version_and_only_changed_schools_are_recomputed(world):
    ours = (world.school_a, world.school_b)

    def to_recompute():  # of the world's schools: the committed demo schools have no facts yet
        return [pk for pk in recompute.schools_to_recompute(period=YEAR) if pk in {s.pk for s in ours}]

    for school in ours:
        recompute.recompute_school(school=school, period=YEAR, today=TODAY)
    assert to_recompute() == []
    assert not SchoolDataChange.objects.filter(school__in=ours).exists()

    _pair_in(world.school_b, "Второй")  # a write in school B marks B, and only B
    assert to_recompute() == [world.school_b.pk]
    mark = SchoolDataChange.objects.get(school=world.school_b)

    recompute.recompute_school(school=world.school_b, period=YEAR, today=TODAY)
    assert to_recompute() == []
    assert _facts(world.school_b)["pairs_active"] == (1, 1)
    fact = IndicatorFact.objects.filter(school=world.school_b).first()
    assert fact.data_version == mark.pk
    state = SchoolFactsState.objects.get(school=world.school_b, period=YEAR)
    assert state.data_version == mark.pk
    # A school without facts for a new year is due for it.
    assert set(recompute.schools_to_recompute(period="2027/28")) >= {world.school_a.pk, world.school_b.pk}


def test_a_change_that_is_rolled_back_leaves_no_mark(world):
    recompute.recompute_school(school=world.school_a, period=YEAR, today=TODAY)
    try:
        with transaction.atomic():
            _pair_in(world.school_a, "Передумавший")
            raise RuntimeError("the form is cancelled")
    except RuntimeError:
        pass
    assert not SchoolDataChange.objects.filter(school=world.school_a).exists()


def test_one_transaction_marks_its_school_once(world):
    recompute.recompute_school(school=world.school_a, period=YEAR, today=TODAY)
    with transaction.atomic():
        _pair_in(world.school_a, "Многошаговый")  # a programme, people, a mentor, a request, a pair …
    assert SchoolDataChange.objects.filter(school=world.school_a).count() == 1


def test_a_bulk_import_of_marks_marks_the_school(world):
    import pandas as pd

    from analytics import changes
    from school_programs.models import Grade
    from school_programs.services import grades

    with schema_context(world.school_a.schema_name):
        make.student("Оценочный", external_id="g-1")
    recompute.recompute_school(school=world.school_a, period=YEAR, today=TODAY)
    with schema_context(world.school_a.schema_name):
        frame = pd.DataFrame(
            [{"Код": "g-1", "Предмет": "алгебра", "Период": "2026/27, I четверть",
              "Конец периода": "27.10.2026", "Отметка": "4"}]
        )  # fmt: skip
        grades.grades_import(frame=frame)
        assert Grade.objects.filter(participant__external_id="g-1").count() == 1
    assert SchoolDataChange.objects.filter(school=world.school_a).exists()
    assert changes  # the import marked through analytics.changes, bulk_create sends no signal


def test_a_run_queues_staggered_chunks_and_counts_what_its_chunks_did(
    world, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the chunks are queued after commit
        run = recompute.recompute_start(kind=RecomputeRun.Kind.FULL, period=YEAR, chunk=1, stagger_seconds=7)
    assert run.schools_total >= 2 and run.status == RecomputeRun.Status.RUNNING
    assert [m["countdown"] for m in sent] == [7 * n for n in range(run.schools_total)]
    assert {m["name"] for m in sent} == {recompute.RECOMPUTE_CHUNK_TASK}
    assert all(m["headers"] == {"_schema_name": "public"} for m in sent)

    for message in sent:
        recompute.recompute_chunk(**message["kwargs"], today=TODAY)
    run.refresh_from_db()
    assert (run.schools_done, run.status) == (run.schools_total, RecomputeRun.Status.DONE)
    facts = run.facts_written
    # A chunk delivered twice does nothing the second time.
    recompute.recompute_chunk(**sent[0]["kwargs"], today=TODAY)
    run.refresh_from_db()
    assert (run.facts_written, run.schools_done) == (facts, run.schools_total)


def test_an_incremental_run_with_nothing_changed_is_done_at_once(world, sent):
    from tenants.models import School

    # Every active school, not only the world's two: schools committed by other tests of the session
    # (the demo region's) must be up to date too, or the run would rightly have work to do.
    for school in School.objects.filter(status=School.Status.ACTIVE):
        recompute.recompute_school(school=school, period=YEAR, today=TODAY)
    run = recompute.recompute_start(kind=RecomputeRun.Kind.INCREMENTAL, period=YEAR)
    assert (run.schools_total, run.status) == (0, RecomputeRun.Status.DONE)


def test_the_shipped_catalogue_is_in_the_database_and_a_sync_changes_no_code(world):
    from analytics.catalogue import SHIPPED, sync_catalogue

    assert set(Indicator.objects.values_list("code", flat=True)) >= {row["code"] for row in SHIPPED}
    Indicator.objects.filter(code="vpr_quality").update(name="Старое название", is_active=False)
    assert sync_catalogue() == 0
    refreshed = Indicator.objects.get(code="vpr_quality")
    assert (
        refreshed.name.startswith("ВПР: качество") and refreshed.is_active is False
    )  # the deployment's choice
    # Every computed school indicator of the catalogue has its SQL.
    assert recompute.uncomputed_active_codes() == []


def test_demo_facts_cover_two_years_and_the_low_results_schools_entered_figures(world):
    from analytics.demo_facts import seed_facts

    written = seed_facts(schools=[world.school_a, world.school_b])
    assert written == 2 * 2 * len(set(CODES) & set(Indicator.objects.values_list("code", flat=True)))
    # The world's schools' facts only: the demo region, committed by other tests, has facts of its own.
    facts = IndicatorFact.objects.filter(school__in=(world.school_a, world.school_b))
    assert set(facts.values_list("period", flat=True)) == {"2025/26", "2026/27"}
    entered = facts.filter(indicator__source=Indicator.Source.ENTERED)
    assert set(entered.values_list("school_id", flat=True)) == {world.school_b.pk}  # the ШНОР school
    assert entered.count() == 8
    assert all(0 < fact.numerator <= fact.denominator for fact in entered)
    before = list(facts.order_by("pk").values_list("numerator", "denominator"))
    seed_facts(schools=[world.school_a, world.school_b])
    assert list(facts.order_by("pk").values_list("numerator", "denominator")) == before
