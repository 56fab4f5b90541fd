"""API of the support of low-result schools (/api/v1/support/…): org–org pairs, their plan, partner
suggestions, teachers' routes as counts and the methodologist's copies. One view per action."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import roles

from . import access
from .models import OrganisationPair, SupportPlanItem
from .selectors_support import pairs_listed, partner_suggestions, route_summaries
from .services import org_pairs
from .services.school_years import current_school_year
from .vocabulary import SupportKind


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


class SuggestionOutputSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    school = SchoolRefSerializer()
    fit = serializers.IntegerField()
    same_municipality = serializers.BooleanField()
    load = serializers.IntegerField(help_text="Действующих пар, где школа — наставник")
    reason = serializers.CharField()


class SuggestionsApi(PairApi):
    """Mentor schools for a ШНОР school, best first, each with the reason for its place."""

    rules = {"GET": "org_pairs.write"}

    @extend_schema(responses=SuggestionOutputSerializer(many=True))
    def get(self, request, school_id: int):
        school = access.access_support_school(request.user, school_id)
        found = partner_suggestions(
            mentee_school=school,
            start_year=current_school_year(),
            candidates=access.support_schools(request.user),
        )
        return Response(SuggestionOutputSerializer(found, many=True).data)


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


urlpatterns = [
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
