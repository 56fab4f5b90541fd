"""API of consultation points as organisations (/api/v1/organisations/consultation-points/…)."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from regional_center.selectors import points_search
from tenants import access, roles

from .services.points import point_create, point_set_active, point_update


class PointApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "organisations"


class PointOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.IntegerField(source="municipality_id")
    municipality_name = serializers.CharField(source="municipality.name")
    name = serializers.CharField()
    host_organisation = serializers.CharField(help_text="Организация, на базе которой работает пункт")
    address = serializers.CharField()
    schedule = serializers.CharField(help_text="График работы")
    head_name = serializers.CharField(help_text="Руководитель (ФИО)")
    phone = serializers.CharField()
    email = serializers.CharField()
    is_active = serializers.BooleanField(help_text="false — в архиве")


class _PointCard(serializers.Serializer):
    host_organisation = serializers.CharField(max_length=500, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    schedule = serializers.CharField(required=False, allow_blank=True)
    head_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


def _municipality(user, municipality_id):
    try:
        return access.access_municipality(user, municipality_id)
    except Http404:
        raise serializers.ValidationError(
            {"municipality": ["Муниципалитет не найден в вашем регионе."]}
        ) from None


class PointListApi(PointApi):
    pagination_class = LimitOffsetPagination

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PointListFilter"

        q = serializers.CharField(required=False, allow_blank=True, label="Название, организация или адрес")
        municipality = serializers.IntegerField(required=False)
        is_active = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses=PointOutputSerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        points = points_search(
            points=access.organisation_points(request.user),
            q=data.get("q", ""),
            municipality_id=data.get("municipality"),
            active=data.get("is_active"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(points, request, view=self)
        return paginator.get_paginated_response(PointOutputSerializer(page, many=True).data)


class PointDetailApi(PointApi):
    @extend_schema(responses=PointOutputSerializer)
    def get(self, request, point_id: int):
        return Response(PointOutputSerializer(access.access_point_record(request.user, point_id)).data)


class PointCreateApi(PointApi):
    class InputSerializer(_PointCard):
        municipality = serializers.IntegerField()
        name = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses={201: PointOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["municipality"] = _municipality(request.user, fields["municipality"])
        return Response(PointOutputSerializer(point_create(**fields)).data, status=status.HTTP_201_CREATED)


class PointUpdateApi(PointApi):
    class InputSerializer(_PointCard):
        municipality = serializers.IntegerField(required=False)
        name = serializers.CharField(max_length=300, required=False)

    @extend_schema(request=InputSerializer, responses=PointOutputSerializer)
    def patch(self, request, point_id: int):
        point = access.access_point_record(request.user, point_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "municipality" in fields:
            fields["municipality"] = _municipality(request.user, fields["municipality"])
        return Response(PointOutputSerializer(point_update(point=point, **fields)).data)


class PointArchiveApi(PointApi):
    """Archive the point: it takes no new requests; its history stays."""

    @extend_schema(request=None, responses=PointOutputSerializer)
    def post(self, request, point_id: int):
        point = access.access_point_record(request.user, point_id)
        return Response(PointOutputSerializer(point_set_active(point=point, active=False)).data)


class PointReopenApi(PointApi):
    @extend_schema(request=None, responses=PointOutputSerializer)
    def post(self, request, point_id: int):
        point = access.access_point_record(request.user, point_id)
        return Response(PointOutputSerializer(point_set_active(point=point, active=True)).data)


urlpatterns = [
    path("organisations/consultation-points/", PointListApi.as_view(), name="api-points"),
    path("organisations/consultation-points/create/", PointCreateApi.as_view(), name="api-point-create"),
    path("organisations/consultation-points/<int:point_id>/", PointDetailApi.as_view(), name="api-point"),
    path(
        "organisations/consultation-points/<int:point_id>/update/",
        PointUpdateApi.as_view(),
        name="api-point-update",
    ),
    path(
        "organisations/consultation-points/<int:point_id>/archive/",
        PointArchiveApi.as_view(),
        name="api-point-archive",
    ),
    path(
        "organisations/consultation-points/<int:point_id>/reopen/",
        PointReopenApi.as_view(),
        name="api-point-reopen",
    ),
]
