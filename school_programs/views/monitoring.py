"""Pages: monitoring reports (seed 001 §10). Mounted under /s/<school>/ by school_programs/urls.py.

Readers (curator, director, psychologist) see the reports; staff change growth rules and marks.
Every report page states the definitions and the growth rules it was computed with.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..charts import report_charts, share_chart
from ..exports import report_print_html, report_xlsx
from ..forms import add_service_errors
from ..forms_monitoring import GradeForm, GradesImportForm, GrowthRulesForm, PeriodForm
from ..indicators import indicator_facts, school_year
from ..selectors.monitoring import (
    distribution_lines,
    distribution_summary,
    group_report,
    growth_rule_rows,
    programme_report,
    student_grades,
)
from ..selectors.programmes import programme_list
from ..selectors.surveys import RATE_DEFINITION
from ..services.grades import COLUMNS as GRADE_COLUMNS
from ..services.grades import grade_delete, grade_set, grades_import_file, grades_template
from ..services.imports import ImportFileError
from ..services.monitoring import growth_rules_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme_or_none(request):
    return access.chosen_programme(request.user, int_param(request.GET.get("programme")))


def _no_programme(request, title: str):
    return render(request, "school_programs/monitoring/empty.html", {"title": title})


@access.rule_required("monitoring.read")
def report_view(request):
    """The programme report: per construct, by form and role model, per pair or group, with charts."""
    programme = _programme_or_none(request)
    if programme is None:
        return _no_programme(request, "Результаты мониторинга")
    report = programme_report(programme)
    return render(
        request,
        "school_programs/monitoring/report.html",
        {
            "programme": programme,
            "programmes": programme_list(),
            "report": report,
            "charts": report_charts(report),
            "staff": access.has_role(request.user, access.STAFF),
        },
    )


@access.rule_required("monitoring.read")
def export_view(request):
    programme = _programme_or_none(request)
    if programme is None:
        raise Http404
    content = report_xlsx(programme_report(programme), school_name=request.school.full_name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="monitoring-{programme.pk}.xlsx"'
    return response


@access.rule_required("monitoring.read")
def print_view(request):
    """The report for the pedagogical council: one page to print, without the site's menus."""
    programme = _programme_or_none(request)
    if programme is None:
        raise Http404
    return HttpResponse(report_print_html(programme_report(programme), school_name=request.school.full_name))


@access.rule_required("monitoring.read")
def group_view(request, group_id: int):
    group = access.access_group(request.user, group_id)
    report = group_report(group)
    return render(
        request,
        "school_programs/monitoring/group.html",
        {
            "group": group,
            "report": report,
            "chart": share_chart(
                "Доля выросших наставляемых по показателям",
                [
                    (row.label, row.summary.grew, row.summary.n, row.summary.is_small)
                    for row in report.constructs
                ],
            ),
        },
    )


@access.rule_required("monitoring.read")
def surveys_view(request):
    """Stage 1: every sending of a survey in the programme, with its responses, to open a summary."""
    programme = _programme_or_none(request)
    if programme is None:
        return _no_programme(request, "Сводки анкет")
    return render(
        request,
        "school_programs/monitoring/surveys.html",
        {
            "programme": programme,
            "programmes": programme_list(),
            "lines": distribution_lines(programme),
            "rate_definition": RATE_DEFINITION,
        },
    )


@access.rule_required("monitoring.read")
def survey_summary_view(request, distribution_id: int):
    distribution = access.access_distribution(request.user, distribution_id)
    return render(
        request,
        "school_programs/monitoring/summary.html",
        {"summary": distribution_summary(distribution), "distribution": distribution},
    )


@access.rule_required("monitoring.read", write="monitoring.write")
def rules_view(request):
    """The school's definitions of «grew»; staff change them, every report states them."""
    staff = access.has_role(request.user, access.STAFF)
    rules = growth_rule_rows()
    form = GrowthRulesForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            growth_rules_set(thresholds=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Правила роста сохранены. Отчёты пересчитаны по новым порогам.")
            return redirect("school:monitoring_rules")
    return render(
        request,
        "school_programs/monitoring/rules.html",
        {"form": form, "rules": rules, "staff": staff},
        status=400 if request.method == "POST" else 200,
    )


@access.rule_required("monitoring.write")
def grades_import_view(request):
    """Marks from the electronic register: the whole file is checked, nothing is written on an error."""
    form = GradesImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": GRADE_COLUMNS}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = grades_import_file(name=upload.name, content=upload.read())
        except ImportFileError as error:
            context["errors"] = error.row_errors
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "school_programs/monitoring/grades_import.html", context, status=status)


@access.rule_required("monitoring.write")
def grades_template_view(request):
    response = HttpResponse(grades_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nastavnik-grades.xlsx"'
    return response


def _student(request, participant_id: int):
    return access.access_student(request.user, participant_id)


@access.rule_required("monitoring.read", write="monitoring.write")
def grades_view(request, participant_id: int):
    """A student's marks by subject and period, and the change measured for each programme."""
    participant = _student(request, participant_id)
    staff = access.has_role(request.user, access.STAFF)
    form = GradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grade_set(participant=participant, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Отметка сохранена.")
            return redirect("school:monitoring_grades", participant_id=participant.pk)
    return render(
        request,
        "school_programs/monitoring/grades.html",
        {
            "participant": participant,
            "grades": student_grades(participant),
            "form": form if staff else None,
            "marks": participant.grades.order_by("period_end", "subject") if staff else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@access.rule_required("monitoring.write")
def grade_delete_view(request, participant_id: int, grade_id: int):
    participant = _student(request, participant_id)
    grade = access.access_grade(request.user, participant, grade_id)
    grade_delete(grade=grade)
    messages.success(request, "Отметка удалена.")
    return redirect("school:monitoring_grades", participant_id=participant.pk)


@access.rule_required("monitoring.read")
def indicators_view(request):
    """The school's own facts for the region: numerator and denominator, nothing personal."""
    start, end = school_year(timezone.localdate())
    form = PeriodForm(request.GET or {"start": start, "end": end})
    valid = form.is_valid()
    facts = indicator_facts(start=form.cleaned_data["start"], end=form.cleaned_data["end"]) if valid else []
    return render(
        request,
        "school_programs/monitoring/indicators.html",
        {"form": form, "facts": facts},
        status=200 if valid else 400,
    )


urlpatterns = [
    path("monitoring/", report_view, name="monitoring"),
    path("monitoring/export.xlsx", export_view, name="monitoring_export"),
    path("monitoring/print/", print_view, name="monitoring_print"),
    path("monitoring/groups/<int:group_id>/", group_view, name="monitoring_group"),
    path("monitoring/surveys/", surveys_view, name="monitoring_surveys"),
    path("monitoring/surveys/<int:distribution_id>/", survey_summary_view, name="monitoring_survey"),
    path("monitoring/rules/", rules_view, name="monitoring_rules"),
    path("monitoring/indicators/", indicators_view, name="monitoring_indicators"),
    path("monitoring/grades/import/", grades_import_view, name="monitoring_grades_import"),
    path("monitoring/grades/template.xlsx", grades_template_view, name="monitoring_grades_template"),
    path("monitoring/grades/<int:participant_id>/", grades_view, name="monitoring_grades"),
    path(
        "monitoring/grades/<int:participant_id>/<int:grade_id>/delete/",
        grade_delete_view,
        name="monitoring_grade_delete",
    ),
]
