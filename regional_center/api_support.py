"""API of the support of low-result schools (/api/v1/support/…): org–org pairs, their plan, partner
suggestions, teachers' routes as counts and the methodologist's copies. One view per action."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import roles

from . import access
from .models import (
    AntiRiskMeasure,
    AntiRiskProgramme,
    OrganisationPair,
    PairIndicatorValue,
    PairVisit,
    RiskFactor,
    RiskLevel,
    SupportPlanItem,
    WorkStatus,
)
from .selectors_support import (
    antirisk_programme,
    low_results_schools,
    pairs_listed,
    partner_suggestions,
    risk_profile,
    route_summaries,
)
from .services import low_results, org_pairs
from .services.school_years import current_school_year, school_year_choices
from .vocabulary import Subject, SupportKind


class PairApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "org_pairs"


class SchoolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    short_name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.name")


class PlanItemOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportPlanItem
        fields = ["id", "activity", "support_kind", "deadline", "mentor_responsible", "mentee_responsible"]
        fields += ["status", "result"]


class PairOutputSerializer(serializers.ModelSerializer):
    mentor_school = SchoolRefSerializer()
    mentee_school = SchoolRefSerializer()

    class Meta:
        model = OrganisationPair
        fields = ["id", "mentor_school", "mentee_school", "starts_on", "ends_on", "goals", "status"]
        fields += ["mentor_low_results_reason", "results", "conclusions", "completed_on"]


class PairDetailOutputSerializer(PairOutputSerializer):
    plan_items = PlanItemOutputSerializer(many=True)

    class Meta(PairOutputSerializer.Meta):
        fields = [*PairOutputSerializer.Meta.fields, "plan_items"]


class PairListApi(PairApi):
    @extend_schema(responses=PairOutputSerializer(many=True))
    def get(self, request):
        return Response(
            PairOutputSerializer(pairs_listed(access.pairs_visible(request.user)), many=True).data
        )


class PairDetailApi(PairApi):
    @extend_schema(responses=PairDetailOutputSerializer)
    def get(self, request, pair_id: int):
        return Response(PairDetailOutputSerializer(access.access_pair(request.user, pair_id)).data)


class PairCreateApi(PairApi):
    """Pair a mentor school with a ШНОР school; a ШНОР mentor needs `mentor_low_results_reason`."""

    class InputSerializer(serializers.Serializer):
        mentor_school = serializers.IntegerField()
        mentee_school = serializers.IntegerField()
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()
        goals = serializers.CharField()
        mentor_low_results_reason = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: PairOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["mentor_school"] = access.access_support_school(request.user, values["mentor_school"])
        values["mentee_school"] = access.access_support_school(request.user, values["mentee_school"])
        pair = org_pairs.pair_create(**values, by=request.user)
        return Response(PairOutputSerializer(pair).data, status=status.HTTP_201_CREATED)


class PlanItemCreateApi(PairApi):
    class InputSerializer(serializers.Serializer):
        activity = serializers.CharField(max_length=500)
        support_kind = serializers.ChoiceField(choices=SupportKind.choices)
        deadline = serializers.DateField()
        mentor_responsible = serializers.CharField(max_length=300)
        mentee_responsible = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses={201: PlanItemOutputSerializer})
    def post(self, request, pair_id: int):
        pair = access.access_pair(request.user, pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = org_pairs.plan_item_add(pair=pair, **data.validated_data)
        return Response(PlanItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class PartnerSuggestionOutputSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    school = SchoolRefSerializer()
    fit = serializers.IntegerField()
    same_municipality = serializers.BooleanField()
    load = serializers.IntegerField(help_text="Действующих пар, где школа — наставник")
    reason = serializers.CharField()


class SuggestionsApi(PairApi):
    """Mentor schools for a ШНОР school, best first, each with the reason for its place."""

    rules = {"GET": "org_pairs.write"}

    @extend_schema(responses=PartnerSuggestionOutputSerializer(many=True))
    def get(self, request, school_id: int):
        school = access.access_support_school(request.user, school_id)
        found = partner_suggestions(
            mentee_school=school,
            start_year=current_school_year(),
            candidates=access.support_schools(request.user),
        )
        return Response(PartnerSuggestionOutputSerializer(found, many=True).data)


class RouteCountsOutputSerializer(serializers.Serializer):
    school = SchoolRefSerializer()
    routes_total = serializers.IntegerField()
    routes_active = serializers.IntegerField()
    routes_completed = serializers.IntegerField()
    with_methodologist = serializers.IntegerField()


class RouteCountsApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "route_counts"

    @extend_schema(responses=RouteCountsOutputSerializer(many=True))
    def get(self, request):
        summaries = route_summaries(schools=access.route_count_schools(request.user))
        return Response(RouteCountsOutputSerializer(summaries, many=True).data)


class SharedRouteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    school = SchoolRefSerializer()
    teacher_name = serializers.CharField()
    teacher_position = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    diagnosis = serializers.ListField(child=serializers.DictField())
    items = serializers.ListField(child=serializers.DictField())
    links = serializers.ListField(child=serializers.DictField())


class SharedRouteDetailApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "shared_routes"

    @extend_schema(responses=SharedRouteOutputSerializer)
    def get(self, request, shared_id: int):
        return Response(SharedRouteOutputSerializer(access.access_shared_route(request.user, shared_id)).data)


# --- ШНОР: the list, risk profiles, self-diagnosis, anti-risk programmes ------------------------------

YEAR_PARAMETER = OpenApiParameter(
    "year", int, description="Учебный год (год начала: 2026 — это 2026/27); по умолчанию текущий"
)


def _year(request) -> int:
    raw = request.query_params.get("year", "")
    if raw:
        if not raw.isdigit() or int(raw) not in dict(school_year_choices()):
            raise serializers.ValidationError({"year": "Неизвестный учебный год."})
        return int(raw)
    return current_school_year()


class LowResultsApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "low_results"


class LowResultsSchoolOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    short_name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.name")
    factor_count = serializers.IntegerField()
    self_count = serializers.IntegerField(help_text="Факторов, по которым школа внесла самодиагностику")
    has_programme = serializers.BooleanField()
    active_pairs = serializers.IntegerField()


class LowResultsSchoolListApi(LowResultsApi):
    """The ШНОР of a school year among the schools the caller sees, with their profile's size."""

    @extend_schema(parameters=[YEAR_PARAMETER], responses=LowResultsSchoolOutputSerializer(many=True))
    def get(self, request):
        schools = low_results_schools(schools=access.support_schools(request.user), start_year=_year(request))
        return Response(LowResultsSchoolOutputSerializer(schools, many=True).data)


class ProfileRowOutputSerializer(serializers.Serializer):
    factor = serializers.CharField()
    label = serializers.CharField()
    regional_level = serializers.IntegerField(source="regional.level", allow_null=True, default=None)
    subjects = serializers.ListField(
        child=serializers.CharField(), source="regional.subjects", allow_null=True, default=None
    )
    regional_comment = serializers.CharField(source="regional.comment", allow_null=True, default=None)
    own_level = serializers.IntegerField(source="own.level", allow_null=True, default=None)
    own_comment = serializers.CharField(source="own.comment", allow_null=True, default=None)


class MeasureOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = AntiRiskMeasure
        fields = ["id", "title", "factor", "deadline", "responsible", "status", "result"]


class AntiRiskProgrammeOutputSerializer(serializers.ModelSerializer):
    measures = MeasureOutputSerializer(many=True, read_only=True)

    class Meta:
        model = AntiRiskProgramme
        fields = ["id", "start_year", "title", "goal", "status", "approved_on", "measures"]


class SchoolProfileOutputSerializer(serializers.Serializer):
    school = SchoolRefSerializer()
    start_year = serializers.IntegerField()
    low_results = serializers.BooleanField()
    profile = ProfileRowOutputSerializer(many=True)
    programme = AntiRiskProgrammeOutputSerializer(allow_null=True)


class SchoolProfileApi(LowResultsApi):
    """A school's risk profile (the region's assessment beside the school's own) and its programme."""

    @extend_schema(parameters=[YEAR_PARAMETER], responses=SchoolProfileOutputSerializer)
    def get(self, request, school_id: int):
        school = access.access_support_school(request.user, school_id)
        year = _year(request)
        data = {
            "school": school,
            "start_year": year,
            "low_results": low_results.is_low_results(school=school, start_year=year),
            "profile": risk_profile(school=school, start_year=year),
            "programme": antirisk_programme(school=school, start_year=year),
        }
        return Response(SchoolProfileOutputSerializer(data).data)


class RiskFactorOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_year = serializers.IntegerField()
    factor = serializers.CharField()
    level = serializers.IntegerField()
    subjects = serializers.ListField(child=serializers.CharField())
    comment = serializers.CharField()


class RiskFactorSetApi(LowResultsApi):
    """Set one factor of a ШНОР school's risk profile for a year (the region's assessment)."""

    class InputSerializer(serializers.Serializer):
        start_year = serializers.IntegerField()
        factor = serializers.ChoiceField(choices=RiskFactor.choices)
        level = serializers.ChoiceField(choices=RiskLevel.choices)
        subjects = serializers.ListField(
            child=serializers.ChoiceField(choices=Subject.choices), required=False, default=list
        )
        comment = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=RiskFactorOutputSerializer)
    def post(self, request, school_id: int):
        school = access.access_support_school(request.user, school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = low_results.risk_factor_set(school=school, by=request.user, **data.validated_data)
        return Response(RiskFactorOutputSerializer(row).data)


class SelfDiagnosisOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_year = serializers.IntegerField()
    factor = serializers.CharField()
    level = serializers.IntegerField()
    comment = serializers.CharField()


class SelfDiagnosisSetApi(LowResultsApi):
    """The school's own assessment of a risk factor: its director or curator, for their own school."""

    rules = {"POST": "self_diagnosis.write"}

    class InputSerializer(serializers.Serializer):
        start_year = serializers.IntegerField()
        factor = serializers.ChoiceField(choices=RiskFactor.choices)
        level = serializers.ChoiceField(choices=RiskLevel.choices)
        comment = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=SelfDiagnosisOutputSerializer)
    def post(self, request, school_id: int):
        school = access.access_own_school(request.user, school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = low_results.self_diagnosis_set(school=school, by=request.user, **data.validated_data)
        return Response(SelfDiagnosisOutputSerializer(entry).data)


class ProgrammeCreateApi(LowResultsApi):
    """The school's anti-risk programme for a school year (one per school and year, ШНОР only)."""

    rules = {"POST": "antirisk.write"}

    class InputSerializer(serializers.Serializer):
        start_year = serializers.IntegerField()
        title = serializers.CharField(max_length=300)
        goal = serializers.CharField(required=False, default="", allow_blank=True)
        status = serializers.ChoiceField(choices=AntiRiskProgramme.Status.choices, required=False)
        approved_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: AntiRiskProgrammeOutputSerializer})
    def post(self, request, school_id: int):
        school = access.access_programme_school(request.user, school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = low_results.antirisk_programme_create(school=school, **data.validated_data)
        return Response(AntiRiskProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


class MeasureCreateApi(LowResultsApi):
    rules = {"POST": "antirisk.write"}

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=500)
        factor = serializers.ChoiceField(choices=RiskFactor.choices)
        deadline = serializers.DateField()
        responsible = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses={201: MeasureOutputSerializer})
    def post(self, request, programme_id: int):
        programme = access.access_antirisk_programme(request.user, programme_id)
        access.access_programme_school(request.user, programme.school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = low_results.antirisk_measure_add(programme=programme, **data.validated_data)
        return Response(MeasureOutputSerializer(measure).data, status=status.HTTP_201_CREATED)


class ProgressInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=WorkStatus.choices)
    result = serializers.CharField(required=False, default="", allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class MeasureUpdateApi(LowResultsApi):
    """Move a measure on (status, result) or shift its deadline within the school year."""

    rules = {"PATCH": "antirisk.write"}

    @extend_schema(request=ProgressInputSerializer, responses=MeasureOutputSerializer)
    def patch(self, request, measure_id: int):
        measure = access.access_antirisk_measure(request.user, measure_id)
        access.access_programme_school(request.user, measure.programme.school_id)
        data = ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = low_results.antirisk_measure_update(measure=measure, **data.validated_data)
        return Response(MeasureOutputSerializer(measure).data)


# --- Pairs: plan progress, visits, indicators, completion ----------------------------------------------


class PlanItemUpdateApi(PairApi):
    @extend_schema(request=ProgressInputSerializer, responses=PlanItemOutputSerializer)
    def patch(self, request, item_id: int):
        item = access.access_plan_item(request.user, item_id)
        data = ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = org_pairs.plan_item_update(item=item, **data.validated_data)
        return Response(PlanItemOutputSerializer(item).data)


class VisitOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairVisit
        fields = ["id", "date", "kind", "title", "summary"]


class VisitCreateApi(PairApi):
    """A joint event or visit of the pair's schools that took place."""

    class InputSerializer(serializers.Serializer):
        date = serializers.DateField()
        kind = serializers.ChoiceField(choices=PairVisit.Kind.choices)
        title = serializers.CharField(max_length=300)
        summary = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: VisitOutputSerializer})
    def post(self, request, pair_id: int):
        pair = access.access_pair(request.user, pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = org_pairs.visit_add(pair=pair, **data.validated_data)
        return Response(VisitOutputSerializer(visit).data, status=status.HTTP_201_CREATED)


class PairIndicatorOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairIndicatorValue
        fields = ["id", "code", "name", "stage", "period_label", "value", "numerator", "denominator"]


class IndicatorSetApi(PairApi):
    """Enter or correct a value of the mentee school's indicator (a fraction gives the percentage)."""

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=64)
        name = serializers.CharField(max_length=300)
        stage = serializers.ChoiceField(choices=PairIndicatorValue.Stage.choices)
        period_label = serializers.CharField(max_length=64)
        value = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
        numerator = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        denominator = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses=PairIndicatorOutputSerializer)
    def post(self, request, pair_id: int):
        pair = access.access_pair(request.user, pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = org_pairs.indicator_value_set(pair=pair, **data.validated_data)
        return Response(PairIndicatorOutputSerializer(row).data)


class PairCompleteApi(PairApi):
    """Complete a pair with results and conclusions (refused while plan items are open)."""

    class InputSerializer(serializers.Serializer):
        results = serializers.CharField()
        conclusions = serializers.CharField()
        completed_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=PairOutputSerializer)
    def post(self, request, pair_id: int):
        pair = access.access_pair(request.user, pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = org_pairs.pair_complete(pair=pair, **data.validated_data)
        return Response(PairOutputSerializer(pair).data)


urlpatterns = [
    path("support/schools/", LowResultsSchoolListApi.as_view(), name="api-support-schools"),
    path("support/schools/<int:school_id>/profile/", SchoolProfileApi.as_view(), name="api-support-profile"),
    path(
        "support/schools/<int:school_id>/risk-factors/",
        RiskFactorSetApi.as_view(),
        name="api-support-risk-factor-set",
    ),
    path(
        "support/schools/<int:school_id>/self-diagnosis/",
        SelfDiagnosisSetApi.as_view(),
        name="api-support-self-diagnosis-set",
    ),
    path(
        "support/schools/<int:school_id>/programme/create/",
        ProgrammeCreateApi.as_view(),
        name="api-support-programme-create",
    ),
    path(
        "support/programmes/<int:programme_id>/measures/create/",
        MeasureCreateApi.as_view(),
        name="api-support-measure-create",
    ),
    path("support/measures/<int:measure_id>/", MeasureUpdateApi.as_view(), name="api-support-measure"),
    path("support/items/<int:item_id>/", PlanItemUpdateApi.as_view(), name="api-support-item"),
    path(
        "support/pairs/<int:pair_id>/visits/create/",
        VisitCreateApi.as_view(),
        name="api-support-visit-create",
    ),
    path(
        "support/pairs/<int:pair_id>/indicators/", IndicatorSetApi.as_view(), name="api-support-indicator-set"
    ),
    path(
        "support/pairs/<int:pair_id>/complete/", PairCompleteApi.as_view(), name="api-support-pair-complete"
    ),
    path("support/pairs/", PairListApi.as_view(), name="api-support-pairs"),
    path("support/pairs/create/", PairCreateApi.as_view(), name="api-support-pair-create"),
    path("support/pairs/<int:pair_id>/", PairDetailApi.as_view(), name="api-support-pair"),
    path(
        "support/pairs/<int:pair_id>/items/create/",
        PlanItemCreateApi.as_view(),
        name="api-support-item-create",
    ),
    path(
        "support/schools/<int:school_id>/suggestions/",
        SuggestionsApi.as_view(),
        name="api-support-suggestions",
    ),
    path("support/routes/", RouteCountsApi.as_view(), name="api-support-routes"),
    path(
        "support/routes/shared/<int:shared_id>/",
        SharedRouteDetailApi.as_view(),
        name="api-support-shared-route",
    ),
]
