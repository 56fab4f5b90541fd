"""The analytics API under /api/v1/analytics/: the catalogue, per-school facts, roll-ups (the region,
a municipality, a school — the same objects the dashboards show, suppression included), targets and
the ministry report. One APIView per action; the role table's rules "analytics*" first, then
analytics.access for which municipality or school."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from regional_center.models import Municipality
from tenants import access as tenant_access
from tenants import roles

from .. import access, exports
from ..dashboards import Cell, Dashboard, municipality_dashboard, region_dashboard, school_dashboard
from ..models import Indicator
from ..periods import parse_period, school_year_label
from ..selectors import dashboards as selectors
from ..services.status import STATUS_LABELS
from ..services.targets import target_set


class AnalyticsApi(APIView):
    permission_classes = [roles.RulePermission]


class PeriodSerializer(serializers.Serializer):
    class Meta:
        ref_name = "AnalyticsPeriodFilter"

    period = serializers.CharField(
        required=False, help_text="Учебный год, например 2026/27; по умолчанию текущий"
    )

    def validate_period(self, value):
        try:
            parse_period(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value


def _period(request) -> str:
    query = PeriodSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("period") or school_year_label(timezone.localdate())


# --- The catalogue ---------------------------------------------------------------------------------


class IndicatorOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    numerator_definition = serializers.CharField()
    denominator_definition = serializers.CharField()
    unit = serializers.ChoiceField(choices=Indicator.Unit.choices)
    multiplier = serializers.DecimalField(max_digits=10, decimal_places=4)
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices)
    level = serializers.ChoiceField(choices=Indicator.Level.choices)
    source = serializers.ChoiceField(choices=Indicator.Source.choices)
    applies_to = serializers.ChoiceField(choices=Indicator.AppliesTo.choices)
    group = serializers.ChoiceField(choices=Indicator.Group.choices)


class IndicatorListApi(AnalyticsApi):
    """The indicator catalogue: codes, definitions of numerator and denominator, unit, direction."""

    rule = "analytics"

    @extend_schema(responses=IndicatorOutputSerializer(many=True))
    def get(self, request):
        return Response(IndicatorOutputSerializer(selectors.indicators(), many=True).data)


# --- Facts -----------------------------------------------------------------------------------------


class FactOutputSerializer(serializers.Serializer):
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.short_name")
    municipality = serializers.IntegerField(source="school.municipality_id")
    indicator = serializers.CharField(source="indicator.code")
    period = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True)
    computed_at = serializers.DateTimeField()
    data_version = serializers.IntegerField()


class FactListApi(AnalyticsApi):
    """Per-school facts of the schools the caller oversees (school level: nothing is suppressed)."""

    rule = "analytics_facts"
    pagination_class = LimitOffsetPagination

    class FilterSerializer(PeriodSerializer):
        class Meta:
            ref_name = "AnalyticsFactFilter"

        indicator = serializers.CharField(required=False)
        municipality = serializers.IntegerField(required=False)

    @extend_schema(parameters=[FilterSerializer], responses=FactOutputSerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        schools = tenant_access.organisation_schools(request.user)
        if data.get("municipality"):
            schools = schools.filter(municipality_id=data["municipality"])
        facts = selectors.facts_queryset(
            schools=schools, indicator_code=data.get("indicator"), period=data.get("period")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(facts, request, view=self)
        return paginator.get_paginated_response(FactOutputSerializer(page, many=True).data)


# --- Roll-ups ------------------------------------------------------------------------------------


class TargetBriefSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=8, decimal_places=2)
    scope = serializers.CharField()
    municipality = serializers.IntegerField(allow_null=True)
    order = serializers.CharField()


class CellSerializer(serializers.Serializer):
    numerator = serializers.IntegerField(allow_null=True, help_text="null, если значение скрыто (меньше 5)")
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True, help_text="null: нет данных или скрыто")
    suppressed = serializers.BooleanField()
    target = TargetBriefSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=list(STATUS_LABELS.items()), allow_null=True)
    status_label = serializers.CharField(allow_null=True)
    forecast = serializers.FloatField(allow_null=True)


def _cell(cell: Cell) -> dict:
    hidden = cell.suppressed
    return {
        "numerator": None if hidden else cell.numerator,
        "denominator": None if hidden else cell.denominator,
        "value": cell.shown,
        "suppressed": hidden,
        "target": None
        if cell.target is None
        else {
            "value": cell.target.value,
            "scope": cell.target.scope,
            "municipality": cell.target.municipality_id,
            "order": cell.target.order_text,
        },
        "status": cell.status.code if cell.target else None,
        "status_label": cell.status_label if cell.target else None,
        "forecast": None if hidden else cell.status.forecast,
    }


class RowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    cell = CellSerializer()
    municipality = CellSerializer(required=False, allow_null=True)
    region = CellSerializer(required=False, allow_null=True)
    trend = serializers.ListField(child=serializers.DictField(), help_text="[{period, value}] старые сначала")


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cells = serializers.DictField(child=CellSerializer(), help_text="По кодам показателей с целью")


class OffTrackSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    school_name = serializers.CharField()
    municipality = serializers.IntegerField()
    indicators = serializers.ListField(child=serializers.CharField())


class EffectSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    treated_schools = serializers.IntegerField()
    control_schools = serializers.IntegerField()
    difference = serializers.FloatField(allow_null=True, help_text="п. п.")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    sentence = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    title = serializers.CharField()
    period = serializers.CharField()
    computed_at = serializers.DateTimeField(allow_null=True)
    rows = RowSerializer(many=True)
    units = UnitSerializer(many=True)
    off_track = OffTrackSerializer(many=True)
    distribution = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()))
    effects = EffectSerializer(many=True)
    status_rule = serializers.CharField()
    suppression_rule = serializers.CharField()


def _dashboard(dashboard: Dashboard) -> dict:
    rows = []
    for row in dashboard.rows:
        item = {
            "indicator": row.indicator.code,
            "name": row.indicator.name,
            "cell": _cell(row.cell),
            "trend": [{"period": p, "value": v} for p, v in row.trend],
        }
        for key, other in row.others.items():
            item[key] = _cell(other)
        rows.append(item)
    return {
        "title": dashboard.title,
        "period": dashboard.period,
        "computed_at": dashboard.computed_at,
        "rows": rows,
        "units": [
            {"id": u.unit.pk, "name": str(u.unit), "cells": {code: _cell(c) for code, c in u.cells.items()}}
            for u in dashboard.units
        ],
        "off_track": [
            {
                "school": o.school.pk,
                "school_name": o.school.short_name,
                "municipality": o.municipality.pk,
                "indicators": [i.code for i, _ in o.indicators],
            }
            for o in dashboard.off_track
        ],
        "distribution": dashboard.distribution,
        "effects": [
            {
                "indicator": i.code,
                "treated_schools": e.treated_schools,
                "control_schools": e.control_schools,
                "difference": e.difference,
                "low": e.low,
                "high": e.high,
                "sentence": e.sentence(i.name),
            }
            for i, e in dashboard.effects
        ],
        "status_rule": dashboard.status_rule,
        "suppression_rule": dashboard.suppression_rule,
    }


class RegionRollupApi(AnalyticsApi):
    """The region: target against actual per indicator, municipalities, schools off track, the
    distribution of schools and the effect of organisation–organisation pairs."""

    rule = "analytics_region"

    @extend_schema(parameters=[PeriodSerializer], responses=DashboardSerializer)
    def get(self, request):
        region = access.dashboard_region(request.user)
        dashboard = region_dashboard(region=region, period=_period(request), today=timezone.localdate())
        return Response(DashboardSerializer(_dashboard(dashboard)).data)


class MunicipalityRollupApi(AnalyticsApi):
    """A municipality: its figures beside the region's, and its schools."""

    rule = "analytics_municipality"

    @extend_schema(parameters=[PeriodSerializer], responses=DashboardSerializer)
    def get(self, request, municipality_id: int):
        municipality = access.access_dashboard_municipality(request.user, municipality_id)
        dashboard = municipality_dashboard(
            municipality=municipality, period=_period(request), today=timezone.localdate()
        )
        return Response(DashboardSerializer(_dashboard(dashboard)).data)


class SchoolRollupApi(AnalyticsApi):
    """A school: its figures beside its municipality's and the region's (no other school)."""

    rule = "analytics_school"

    @extend_schema(parameters=[PeriodSerializer], responses=DashboardSerializer)
    def get(self, request, school_id: int):
        school = access.access_dashboard_school(request.user, school_id)
        dashboard = school_dashboard(school=school, period=_period(request), today=timezone.localdate())
        return Response(DashboardSerializer(_dashboard(dashboard)).data)


# --- Targets -------------------------------------------------------------------------------------


class TargetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code")
    scope = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id", allow_null=True)
    period = serializers.CharField()
    value = serializers.DecimalField(max_digits=8, decimal_places=2)
    order_number = serializers.CharField()
    order_date = serializers.DateField()
    order_title = serializers.CharField()
    set_at = serializers.DateTimeField()


class TargetListApi(AnalyticsApi):
    """Targets of the region and of the caller's municipalities."""

    rule = "analytics_targets"

    @extend_schema(parameters=[PeriodSerializer], responses=TargetOutputSerializer(many=True))
    def get(self, request):
        municipalities = tenant_access.visible_municipalities(request.user)
        first = municipalities.select_related("region").first()
        if first is None:
            raise Http404
        found = selectors.targets_queryset(region=first.region, municipalities=municipalities)
        if request.query_params.get("period"):
            found = found.filter(period=_period(request))
        return Response(TargetOutputSerializer(found, many=True).data)


class TargetSetApi(AnalyticsApi):
    """Set (or replace) the target of an indicator for the region or a municipality and a school year."""

    rule = "analytics_targets"

    class InputSerializer(serializers.Serializer):
        indicator = serializers.CharField(help_text="Код показателя")
        municipality = serializers.IntegerField(
            required=False, allow_null=True, help_text="Пусто — весь регион"
        )
        period = serializers.CharField(help_text="Учебный год, например 2026/27")
        value = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
        order_number = serializers.CharField(max_length=64)
        order_date = serializers.DateField()
        order_title = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses={201: TargetOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        region = access.dashboard_region(request.user)
        indicator = Indicator.objects.filter(code=fields.pop("indicator"), is_active=True).first()
        if indicator is None:
            raise serializers.ValidationError({"indicator": ["Нет такого показателя в каталоге."]})
        municipality_id = fields.pop("municipality", None)
        municipality = None
        if municipality_id is not None:
            municipality = Municipality.objects.filter(pk=municipality_id, region=region).first()
            if municipality is None:
                raise serializers.ValidationError({"municipality": ["Нет такого муниципалитета в регионе."]})
        target = target_set(
            indicator=indicator, region=region, municipality=municipality, by=request.user, **fields
        )
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)


# --- The ministry report -------------------------------------------------------------------------


class ReportApi(AnalyticsApi):
    """The regional monitoring report for the ministry: figures, definitions, targets, the date of
    computation, the schools off track, the effect of pairs — as DOCX or XLSX."""

    rule = "analytics_region"

    class FilterSerializer(PeriodSerializer):
        class Meta:
            ref_name = "AnalyticsReportFilter"

        file = serializers.ChoiceField(choices=[("docx", "DOCX"), ("xlsx", "XLSX")], default="docx")

    @extend_schema(
        parameters=[FilterSerializer],
        responses={
            (200, exports.DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="DOCX"),
            (200, exports.XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX"),
        },
    )
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["file"]
        period = query.validated_data.get("period") or school_year_label(timezone.localdate())
        region = access.dashboard_region(request.user)
        dashboard = region_dashboard(region=region, period=period, today=timezone.localdate())
        content = exports.report_docx(dashboard) if kind == "docx" else exports.report_xlsx(dashboard)
        response = HttpResponse(content, content_type=exports.DOCX if kind == "docx" else exports.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{exports.report_filename(dashboard, kind)}"'
        return response
