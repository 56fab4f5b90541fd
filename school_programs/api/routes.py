"""API: teachers' individual educational routes (ИОМ) of a school with low results.

Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py. Readers see every route, a
teacher their own; the curator and the director write. The methodologist is chosen among the region's
centre staff and consultants, a linked event among the region's announced events (both listed here).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from regional_center.models import DeficitLevel, RouteArea, RouteItemStatus, RouteStatus

from .. import access
from ..models import RouteLink
from ..selectors.routes import route_events, route_methodologists, routes_listed
from ..services import routes as services
from .base import AccessibleField, SchoolApiView


def _one_of(queryset, pk: int | None, field: str, message: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


NOT_A_METHODOLOGIST = "Методистом может быть сотрудник регионального центра или консультант региона."


class RouteApi(SchoolApiView):
    rule = "routes"


class DiagnosisSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteDiagnosis"

    area = serializers.ChoiceField(choices=RouteArea.choices)
    level = serializers.ChoiceField(choices=DeficitLevel.choices)
    comment = serializers.CharField(required=False, default="", allow_blank=True)


class RouteItemOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteItemOutput"

    id = serializers.IntegerField()
    area = serializers.CharField()
    title = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    result = serializers.CharField()


class RouteLinkOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteLinkOutput"

    id = serializers.IntegerField()
    kind = serializers.CharField()
    ref_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)


class RouteOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteOutput"

    id = serializers.IntegerField()
    teacher = serializers.IntegerField(source="teacher_id")
    teacher_name = serializers.CharField(source="teacher.full_name")
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.CharField()
    methodologist = serializers.IntegerField(source="methodologist_id", allow_null=True)


class RouteDetailOutputSerializer(RouteOutputSerializer):
    class Meta:
        ref_name = "RouteDetailOutput"

    diagnosis = DiagnosisSerializer(source="diagnoses", many=True)
    items = RouteItemOutputSerializer(many=True)
    links = RouteLinkOutputSerializer(many=True)


class RouteListApi(RouteApi):
    @extend_schema(responses=RouteOutputSerializer(many=True))
    def get(self, request):
        return Response(
            RouteOutputSerializer(routes_listed(access.visible_routes(request.user)), many=True).data
        )


class RouteDetailApi(RouteApi):
    @extend_schema(responses=RouteDetailOutputSerializer)
    def get(self, request, route_id: int):
        return Response(RouteDetailOutputSerializer(access.access_route(request.user, route_id)).data)


class RouteCreateApi(RouteApi):
    """A route for a teacher of a ШНОР school from the diagnostics of all four deficit areas."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteCreateInput"

        teacher = AccessibleField(access.access_participant)
        title = serializers.CharField(max_length=300)
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()
        diagnosis = DiagnosisSerializer(many=True)
        methodologist = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: RouteDetailOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        methodologist = _one_of(
            route_methodologists(school=request.school),
            values.pop("methodologist"),
            "methodologist",
            NOT_A_METHODOLOGIST,
        )
        diagnosis = {row["area"]: (row["level"], row["comment"]) for row in values.pop("diagnosis")}
        route = services.route_create(
            school=request.school, methodologist=methodologist, diagnosis=diagnosis, **values
        )
        return Response(RouteDetailOutputSerializer(route).data, status=status.HTTP_201_CREATED)


class RouteStatusApi(RouteApi):
    """Move a route on (проект → реализуется → завершён); completing needs every item closed."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteStatusInput"

        status = serializers.ChoiceField(choices=RouteStatus.choices)

    @extend_schema(request=InputSerializer, responses=RouteOutputSerializer)
    def post(self, request, route_id: int):
        route = access.access_route(request.user, route_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = services.route_update(school=request.school, route=route, **data.validated_data)
        return Response(RouteOutputSerializer(route).data)


class RouteMethodologistApi(RouteApi):
    """Assign the region's methodologist (the route's copy is shared with them) or unassign (null)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteMethodologistInput"

        methodologist = serializers.IntegerField(allow_null=True)

    @extend_schema(request=InputSerializer, responses=RouteOutputSerializer)
    def post(self, request, route_id: int):
        route = access.access_route(request.user, route_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        methodologist = _one_of(
            route_methodologists(school=request.school),
            data.validated_data["methodologist"],
            "methodologist",
            NOT_A_METHODOLOGIST,
        )
        route = services.route_methodologist_set(
            school=request.school, route=route, methodologist=methodologist
        )
        return Response(RouteOutputSerializer(route).data)


class RouteItemCreateApi(RouteApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteItemCreateInput"

        area = serializers.ChoiceField(choices=RouteArea.choices)
        title = serializers.CharField(max_length=500)
        deadline = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: RouteItemOutputSerializer})
    def post(self, request, route_id: int):
        route = access.access_route(request.user, route_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.route_item_add(school=request.school, route=route, **data.validated_data)
        return Response(RouteItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class RouteItemUpdateApi(RouteApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteItemUpdateInput"

        status = serializers.ChoiceField(choices=RouteItemStatus.choices)
        result = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=RouteItemOutputSerializer)
    def patch(self, request, route_item_id: int):
        item = access.access_route_item(request.user, route_item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.route_item_update(school=request.school, item=item, **data.validated_data)
        return Response(RouteItemOutputSerializer(item).data)


class RouteLinkCreateApi(RouteApi):
    """Link an event of the regional centre (`event`: its id from routes/events/) or a consultation
    (`title` and optional `date`)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RouteLinkCreateInput"

        kind = serializers.ChoiceField(choices=RouteLink.Kind.choices)
        event = serializers.IntegerField(required=False, allow_null=True, default=None)
        title = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
        date = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: RouteLinkOutputSerializer})
    def post(self, request, route_id: int):
        route = access.access_route(request.user, route_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["kind"] == RouteLink.Kind.EVENT:
            if values["event"] is None:
                raise serializers.ValidationError({"event": ["Выберите мероприятие регионального центра."]})
            event = _one_of(
                route_events(school=request.school),
                values["event"],
                "event",
                "Такого мероприятия нет среди объявленных мероприятий региона.",
            )
            link = services.route_link_add(
                school=request.school,
                route=route,
                kind=RouteLink.Kind.EVENT,
                ref_id=event.pk,
                title=event.title,
                date=event.starts_at.date(),
            )
        else:
            link = services.route_link_add(
                school=request.school,
                route=route,
                kind=RouteLink.Kind.CONSULTATION,
                title=values["title"],
                date=values["date"],
            )
        return Response(RouteLinkOutputSerializer(link).data, status=status.HTTP_201_CREATED)


class RouteEventOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteEventOutput"

    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()


class RouteEventsApi(RouteApi):
    """The region's announced events a route may be linked to."""

    rules = {"GET": "routes.write"}

    @extend_schema(responses=RouteEventOutputSerializer(many=True))
    def get(self, request):
        return Response(RouteEventOutputSerializer(route_events(school=request.school), many=True).data)


class MethodologistOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RouteMethodologistOutput"

    id = serializers.IntegerField()
    full_name = serializers.CharField()


class RouteMethodologistsApi(RouteApi):
    """Who may be a route's methodologist: the regional centre's staff and the region's consultants."""

    rules = {"GET": "routes.write"}

    @extend_schema(responses=MethodologistOutputSerializer(many=True))
    def get(self, request):
        return Response(
            MethodologistOutputSerializer(route_methodologists(school=request.school), many=True).data
        )


urlpatterns = [
    path("routes/", RouteListApi.as_view(), name="routes"),
    path("routes/create/", RouteCreateApi.as_view(), name="route-create"),
    path("routes/events/", RouteEventsApi.as_view(), name="route-events"),
    path("routes/methodologists/", RouteMethodologistsApi.as_view(), name="route-methodologists"),
    path("routes/<int:route_id>/", RouteDetailApi.as_view(), name="route"),
    path("routes/<int:route_id>/status/", RouteStatusApi.as_view(), name="route-status"),
    path("routes/<int:route_id>/methodologist/", RouteMethodologistApi.as_view(), name="route-methodologist"),
    path("routes/<int:route_id>/items/", RouteItemCreateApi.as_view(), name="route-item-create"),
    path("routes/items/<int:route_item_id>/", RouteItemUpdateApi.as_view(), name="route-item"),
    path("routes/<int:route_id>/links/", RouteLinkCreateApi.as_view(), name="route-link-create"),
]
