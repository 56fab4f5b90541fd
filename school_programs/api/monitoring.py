"""API: monitoring reports, stage-1 summaries, growth rules, marks and the school's facts for the region.

Mounted under /api/v1/schools/<school>/. Readers (curator, director, psychologist) read; staff change
growth rules and marks. Every report carries its definitions and the growth rules it used.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from nastavnik.params import query_id
from nastavnik.tables import MAX_FILE_BYTES

from .. import access
from ..dates import DateInRange
from ..exports import report_xlsx
from ..indicators import indicator_facts, school_year
from ..models import Construct
from ..selectors.monitoring import (
    distribution_lines,
    distribution_summary,
    group_report,
    growth_rule_rows,
    programme_report,
    student_grades,
)
from ..selectors.surveys import RATE_DEFINITION
from ..services.grades import grade_delete, grade_set, grades_import_file, grades_template
from ..services.imports import ImportFileError
from ..services.monitoring import growth_rules_set
from .base import SchoolApiView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRAMME = OpenApiParameter(
    "programme", int, description="Программа; по умолчанию — текущая (последняя незавершённая)"
)
NO_PROGRAMME = "В школе нет программы наставничества: мониторинг ведётся по программе."


def _programme(request):
    programme = access.chosen_programme(request.user, query_id(request.query_params, "programme"))
    if programme is None:
        raise NotFound(NO_PROGRAMME)
    return programme


# --- Shared output shapes ---------------------------------------------------------------------------


class ChangeSummarySerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Участников с входом и выходом")
    grew = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Доля выросших, %")
    count_text = serializers.CharField(help_text="«12 из 20 (60%)»")
    threshold = serializers.FloatField(help_text="Порог роста, по которому посчитано")
    mean_entry = serializers.FloatField(allow_null=True)
    mean_exit = serializers.FloatField(allow_null=True)
    mean_change = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True, help_text="95% ДИ среднего изменения (бутстреп)")
    ci_high = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True, help_text="Критерий Уилкоксона, двусторонний")
    test_note = serializers.CharField(help_text="«недостаточно данных» при n < 6, «изменений нет»")
    rank_biserial = serializers.FloatField(allow_null=True)
    cohen_dz = serializers.FloatField(allow_null=True)
    small = serializers.BooleanField(source="is_small", help_text="Меньше 5 участников: вывод ненадёжен")


class RuleSerializer(serializers.Serializer):
    construct = serializers.CharField()
    label = serializers.CharField()
    threshold = serializers.FloatField()
    is_default = serializers.BooleanField()
    note = serializers.CharField()


class ConstructSerializer(serializers.Serializer):
    construct = serializers.CharField()
    label = serializers.CharField()
    reversed = serializers.BooleanField(
        help_text="Шкала перевёрнута: в исходных вопросах меньше — лучше (тревожность, дефициты), "
        "ответы развёрнуты так, что больше — лучше; все числа показателя — уже развёрнутые"
    )
    summary = ChangeSummarySerializer()
    points = serializers.ListField(child=serializers.IntegerField())
    entry_counts = serializers.ListField(child=serializers.IntegerField())
    exit_counts = serializers.ListField(child=serializers.IntegerField())


class RankingSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    key = serializers.CharField()
    label = serializers.CharField()
    participants = serializers.IntegerField()
    measured = serializers.IntegerField(help_text="Измерений (участник × показатель)")
    grew = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    count_text = serializers.CharField()
    note = serializers.CharField()


class BreakdownRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    key = serializers.CharField()
    label = serializers.CharField()
    summary = ChangeSummarySerializer()
    note = serializers.CharField()


class BreakdownConstructSerializer(serializers.Serializer):
    construct = serializers.CharField()
    label = serializers.CharField()
    rows = BreakdownRowSerializer(many=True)


class BreakdownSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    title = serializers.CharField()
    overall = RankingSerializer(many=True)
    by_construct = serializers.SerializerMethodField()

    @extend_schema_field(BreakdownConstructSerializer(many=True))
    def get_by_construct(self, breakdown) -> list:
        return BreakdownConstructSerializer(
            [{"construct": c, "label": label, "rows": rows} for c, label, rows in breakdown.by_construct],
            many=True,
        ).data


class GroupLineSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    label = serializers.CharField()
    form = serializers.CharField()
    role_model = serializers.CharField()
    participants = serializers.IntegerField()
    measured = serializers.IntegerField()
    grew = serializers.IntegerField()
    count_text = serializers.CharField()


class CountsSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    exit = serializers.IntegerField()
    anonymous = serializers.IntegerField(help_text="Анонимные ответы: не сопоставляются")
    paired = serializers.IntegerField()
    academic = serializers.IntegerField()


class GoalLineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Код показателя региона: competency_growth и т. д.")
    title = serializers.CharField()
    grew = serializers.IntegerField(help_text="Сколько человек выросли (хотя бы по одной шкале результата)")
    n = serializers.IntegerField(help_text="Сколько человек измерены и на входе, и на выходе")
    share = serializers.FloatField(allow_null=True, help_text="Доля выросших, %")
    target = serializers.DecimalField(
        source="target.value", max_digits=8, decimal_places=2, help_text="Цель, % — не меньше"
    )
    # Plain strings, not enums: an enum named "status" would collide in the schema with the others.
    target_source = serializers.CharField(
        source="target.source",
        help_text="Чья цель: region, municipality или seed — ориентир регионального проекта (цель не задана)",
    )
    target_text = serializers.CharField(source="target.text")
    status = serializers.CharField(help_text="met, not_met или no_data")
    status_label = serializers.CharField(help_text="«достигнута», «не достигнута», «нет данных»")
    sentence = serializers.CharField()


class ReportSummarySerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Учебный год, цели которого применены: «2026/27»")
    lead = serializers.CharField()
    lines = GoalLineSerializer(many=True)
    details = serializers.CharField()
    sentences = serializers.ListField(
        child=serializers.CharField(), help_text="Краткий итог целиком, по предложениям, как на странице"
    )


class ProgrammeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


# --- Reports ----------------------------------------------------------------------------------------


class MonitoringReportApi(SchoolApiView):
    """The programme report. It opens with `summary`: in plain Russian, what grew, for how many, against
    which target (the region's or the municipality's for the school year, else the regional project's
    figure) and whether it is met. Then per construct (n, share grew with the count, mean change with
    its 95% interval, Wilcoxon p, effect sizes), marks, by form and role model (ranked), per pair or
    group."""

    rule = "monitoring"

    class OutputSerializer(serializers.Serializer):
        programme = ProgrammeRefSerializer()
        summary = ReportSummarySerializer()
        definitions = serializers.ListField(child=serializers.CharField())
        rules = RuleSerializer(many=True)
        counts = CountsSerializer()
        constructs = ConstructSerializer(many=True)
        academic = ConstructSerializer(allow_null=True)
        by_form = BreakdownSerializer()
        by_role_model = BreakdownSerializer()
        groups = GroupLineSerializer(many=True)

    @extend_schema(parameters=[PROGRAMME], responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer(programme_report(_programme(request))).data)


class MonitoringExportApi(SchoolApiView):
    """The programme report as XLSX: definitions and rules, per construct, by form and role model."""

    rule = "monitoring"

    @extend_schema(parameters=[PROGRAMME], responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        programme = _programme(request)
        content = report_xlsx(programme_report(programme), school_name=request.school.full_name)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="monitoring-{programme.pk}.xlsx"'
        return response


class MonitoringGroupApi(SchoolApiView):
    """One pair or group: each mentee's entry, exit and change per construct, and the group summary."""

    rule = "monitoring"

    class MenteeSerializer(serializers.Serializer):
        participant = serializers.IntegerField()
        name = serializers.CharField()
        description = serializers.CharField()
        left = serializers.BooleanField()
        changes = serializers.DictField(child=serializers.DictField())

    class OutputSerializer(serializers.Serializer):
        group = serializers.IntegerField(source="group.pk")
        definitions = serializers.ListField(child=serializers.CharField())
        rules = RuleSerializer(many=True)
        constructs = ConstructSerializer(many=True)
        mentees = serializers.SerializerMethodField()

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_mentees(self, report) -> list:
            return MonitoringGroupApi.MenteeSerializer(report.mentees, many=True).data

    @extend_schema(responses=OutputSerializer)
    def get(self, request, group_id: int):
        group = access.access_group(request.user, group_id)
        return Response(self.OutputSerializer(group_report(group)).data)


class MonitoringSurveyListApi(SchoolApiView):
    """Stage 1: the programme's survey sendings with responses and the response rate (answered of
    invited, the one definition of selectors.surveys.RATE_DEFINITION)."""

    rule = "monitoring"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="distribution.pk")
        survey = serializers.CharField(source="distribution.version.survey.title")
        version = serializers.IntegerField(source="distribution.version.number")
        purpose = serializers.CharField(source="distribution.version.survey.purpose")
        anonymous = serializers.BooleanField(source="distribution.version.survey.is_anonymous")
        wave = serializers.CharField(source="distribution.wave")
        opens_on = serializers.DateField(source="distribution.opens_on")
        closes_on = serializers.DateField(source="distribution.closes_on")
        responses = serializers.IntegerField(help_text="Ответов, по которым построена сводка")
        invited = serializers.IntegerField()
        answered = serializers.IntegerField(help_text="Приглашённых, отправивших анкету")
        rate = serializers.IntegerField(source="rate.percent", allow_null=True, help_text=RATE_DEFINITION)

    @extend_schema(parameters=[PROGRAMME], responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(distribution_lines(_programme(request)), many=True).data)


class MonitoringSurveySummaryApi(SchoolApiView):
    """Stage 1 summary of one sending: closed answers as distributions, scales as mean and
    distribution, open answers listed (with names only when the survey is not anonymous). An anonymous
    sending has no questions until it is closed with at least five answers (`withheld` says why)."""

    rule = "monitoring"

    class OptionSerializer(serializers.Serializer):
        label = serializers.CharField()
        count = serializers.IntegerField()
        share = serializers.FloatField(allow_null=True)

    class QuestionSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="question.pk")
        text = serializers.CharField(source="question.text")
        kind = serializers.CharField(source="question.kind")
        section = serializers.CharField()
        answered = serializers.IntegerField()
        mean = serializers.FloatField(allow_null=True)
        options = serializers.SerializerMethodField()
        rows = serializers.SerializerMethodField()
        texts = serializers.ListField(child=serializers.DictField())

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_options(self, summary) -> list:
            return MonitoringSurveySummaryApi.OptionSerializer(summary.options, many=True).data

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_rows(self, summary) -> list:
            return [
                {
                    **row,
                    "options": MonitoringSurveySummaryApi.OptionSerializer(row["options"], many=True).data,
                }
                for row in summary.rows
            ]

    class OutputSerializer(serializers.Serializer):
        distribution = serializers.IntegerField(source="distribution.pk")
        survey = serializers.CharField(source="distribution.version.survey.title")
        wave = serializers.CharField(source="distribution.wave")
        anonymous = serializers.BooleanField()
        responses = serializers.IntegerField()
        withheld = serializers.CharField(
            help_text="Почему итогов нет (анонимная анкета открыта или ответов меньше 5); пусто, если есть"
        )
        questions = serializers.SerializerMethodField()

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_questions(self, summary) -> list:
            return MonitoringSurveySummaryApi.QuestionSerializer(summary.questions, many=True).data

    @extend_schema(responses=OutputSerializer)
    def get(self, request, distribution_id: int):
        distribution = access.access_distribution(request.user, distribution_id)
        return Response(self.OutputSerializer(distribution_summary(distribution)).data)


# --- Growth rules -----------------------------------------------------------------------------------


class GrowthRuleApi(SchoolApiView):
    """The school's thresholds of «grew»; readers see them, staff change them (all or none)."""

    rule = "monitoring"

    class InputSerializer(serializers.Serializer):
        thresholds = serializers.DictField(
            child=serializers.CharField(),
            help_text='{показатель: порог}, например {"competencies": "0.5"}',
        )

        def validate_thresholds(self, value):
            unknown = sorted(set(value) - set(Construct.values))
            if unknown:
                raise serializers.ValidationError(f"Неизвестные показатели: {', '.join(unknown)}.")
            if not value:
                raise serializers.ValidationError("Укажите хотя бы один порог.")
            return value

    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        return Response(RuleSerializer(growth_rule_rows(), many=True).data)

    @extend_schema(request=InputSerializer, responses=RuleSerializer(many=True))
    def put(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        growth_rules_set(thresholds=data.validated_data["thresholds"])
        return Response(RuleSerializer(growth_rule_rows(), many=True).data)


# --- Marks ------------------------------------------------------------------------------------------


class GradeImportApi(SchoolApiView):
    """Import marks from an XLSX or CSV file: all rows or nothing (400 with errors by row and column)."""

    rule = "monitoring"
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

        def validate_file(self, upload):
            if upload.size > MAX_FILE_BYTES:
                raise serializers.ValidationError("Файл больше 5 МБ: разделите его на части.")
            return upload

    class OutputSerializer(serializers.Serializer):
        rows = serializers.IntegerField()
        created = serializers.IntegerField()
        updated = serializers.IntegerField()
        ignored_columns = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            200: OutputSerializer,
            # The body is the API's one error shape (nastavnik.api): `file` or `errors` by row.
            400: OpenApiResponse(description="Ошибки по полям или по строкам файла; ничего не записано"),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            result = grades_import_file(name=upload.name, content=upload.read())
        except ImportFileError as error:
            return Response(
                {
                    "detail": "Файл не загружен: исправьте ошибки. Ничего не записано.",
                    "errors": [e.as_dict() for e in error.row_errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self.OutputSerializer(result).data)


class GradeImportTemplateApi(SchoolApiView):
    rule = "monitoring"
    rules = {"GET": "monitoring.write"}  # the template is for those who import, as on the page

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        response = HttpResponse(grades_template(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="nastavnik-grades.xlsx"'
        return response


class GradeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    period = serializers.CharField()
    period_end = serializers.DateField()
    value = serializers.DecimalField(max_digits=3, decimal_places=2)


def _student(request, participant_id: int):
    return access.access_student(request.user, participant_id)


class StudentGradesApi(SchoolApiView):
    """A student's marks and the academic change measured per programme; staff add or correct a mark."""

    rule = "monitoring"

    class InputSerializer(serializers.Serializer):
        subject = serializers.CharField(max_length=100)
        period = serializers.CharField(max_length=60)
        period_end = serializers.DateField(validators=[DateInRange("Конец периода")])
        value = serializers.CharField(help_text="От 1 до 5, например «4» или «4,5»")

    class ChangeSerializer(serializers.Serializer):
        programme = serializers.IntegerField(source="programme.pk")
        measured = serializers.BooleanField()
        entry_period = serializers.CharField(required=False)
        exit_period = serializers.CharField(required=False)
        entry = serializers.FloatField(required=False)
        exit = serializers.FloatField(required=False)
        change = serializers.FloatField(required=False)
        threshold = serializers.FloatField(required=False)
        grew = serializers.BooleanField(required=False)

    class OutputSerializer(serializers.Serializer):
        participant = serializers.IntegerField(source="participant.pk")
        grades = serializers.SerializerMethodField()
        changes = serializers.SerializerMethodField()

        @extend_schema_field(GradeSerializer(many=True))
        def get_grades(self, grades) -> list:
            return GradeSerializer(
                grades.participant.grades.order_by("period_end", "subject"), many=True
            ).data

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_changes(self, grades) -> list:
            return StudentGradesApi.ChangeSerializer(grades.changes, many=True).data

    @extend_schema(responses=OutputSerializer)
    def get(self, request, participant_id: int):
        return Response(self.OutputSerializer(student_grades(_student(request, participant_id))).data)

    @extend_schema(request=InputSerializer, responses={201: GradeSerializer})
    def post(self, request, participant_id: int):
        participant = _student(request, participant_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        grade = grade_set(participant=participant, **data.validated_data)
        return Response(GradeSerializer(grade).data, status=status.HTTP_201_CREATED)


class GradeApi(SchoolApiView):
    rule = "monitoring"

    @extend_schema(responses={204: None})
    def delete(self, request, participant_id: int, grade_id: int):
        participant = _student(request, participant_id)
        grade_delete(grade=access.access_grade(request.user, participant, grade_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Facts for the region ---------------------------------------------------------------------------


class MonitoringIndicatorsApi(SchoolApiView):
    """The school's indicator facts for a period: numerator and denominator only, nothing personal."""

    rule = "monitoring"

    class InputSerializer(serializers.Serializer):
        start = serializers.DateField(required=False, validators=[DateInRange("Начало периода")])
        end = serializers.DateField(required=False, validators=[DateInRange("Конец периода")])

        def validate(self, data):
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                raise serializers.ValidationError({"end": "Конец периода раньше начала."})
            return data

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        title = serializers.CharField()
        unit = serializers.CharField()
        numerator = serializers.IntegerField()
        denominator = serializers.IntegerField()
        value = serializers.FloatField(allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="По умолчанию — 1 сентября учебного года"
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="По умолчанию — 31 августа"),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        default_start, default_end = school_year(timezone.localdate())
        start = data.validated_data.get("start", default_start)
        end = data.validated_data.get("end", default_end)
        if end < start:
            raise serializers.ValidationError({"end": "Конец периода раньше начала."})
        return Response(self.OutputSerializer(indicator_facts(start=start, end=end), many=True).data)


urlpatterns = [
    path("monitoring/report/", MonitoringReportApi.as_view(), name="monitoring_report"),
    path("monitoring/report.xlsx", MonitoringExportApi.as_view(), name="monitoring_export"),
    path("monitoring/groups/<int:group_id>/", MonitoringGroupApi.as_view(), name="monitoring_group"),
    path("monitoring/surveys/", MonitoringSurveyListApi.as_view(), name="monitoring_surveys"),
    path(
        "monitoring/surveys/<int:distribution_id>/",
        MonitoringSurveySummaryApi.as_view(),
        name="monitoring_survey",
    ),
    path("monitoring/growth-rules/", GrowthRuleApi.as_view(), name="monitoring_growth_rules"),
    path("monitoring/indicators/", MonitoringIndicatorsApi.as_view(), name="monitoring_indicators"),
    path("monitoring/grades/import/", GradeImportApi.as_view(), name="monitoring_grades_import"),
    path(
        "monitoring/grades/import/template.xlsx",
        GradeImportTemplateApi.as_view(),
        name="monitoring_grades_template",
    ),
    path("monitoring/grades/<int:participant_id>/", StudentGradesApi.as_view(), name="monitoring_grades"),
    path(
        "monitoring/grades/<int:participant_id>/<int:grade_id>/",
        GradeApi.as_view(),
        name="monitoring_grade",
    ),
]
