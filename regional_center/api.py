"""API of the region's municipalities (/api/v1/organisations/municipalities/…), one view per action."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import access, roles

from .models import Municipality
from .selectors import municipalities_counted
from .services.municipalities import municipality_create, municipality_update


class MunicipalityApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "organisations"


class MunicipalityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Municipality.Kind.choices)
    education_department = serializers.CharField()
    school_count = serializers.IntegerField()
    low_results_count = serializers.IntegerField(help_text="ШНОР в текущем учебном году")
    partner_count = serializers.IntegerField(help_text="Школ-партнёров в текущем учебном году")
    point_count = serializers.IntegerField(help_text="Консультационных пунктов")


def _counted(user, pk: int) -> Municipality:
    return municipalities_counted(access.visible_municipalities(user)).get(pk=pk)


class MunicipalityListApi(MunicipalityApi):
    """The municipalities the caller oversees, with their schools and points counted."""

    pagination_class = LimitOffsetPagination

    @extend_schema(responses=MunicipalityOutputSerializer(many=True))
    def get(self, request):
        municipalities = municipalities_counted(access.visible_municipalities(request.user))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(municipalities, request, view=self)
        return paginator.get_paginated_response(MunicipalityOutputSerializer(page, many=True).data)


class MunicipalityDetailApi(MunicipalityApi):
    @extend_schema(responses=MunicipalityOutputSerializer)
    def get(self, request, municipality_id: int):
        municipality = access.access_municipality(request.user, municipality_id)
        return Response(MunicipalityOutputSerializer(_counted(request.user, municipality.pk)).data)


class MunicipalityCreateApi(MunicipalityApi):
    """Add a municipality to the caller's region."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        kind = serializers.ChoiceField(choices=Municipality.Kind.choices)
        education_department = serializers.CharField(
            max_length=300, required=False, default="", allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={201: MunicipalityOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        municipality = municipality_create(region=access.access_region(request.user), **data.validated_data)
        return Response(
            MunicipalityOutputSerializer(_counted(request.user, municipality.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class MunicipalityUpdateApi(MunicipalityApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200, required=False)
        kind = serializers.ChoiceField(choices=Municipality.Kind.choices, required=False)
        education_department = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=MunicipalityOutputSerializer)
    def patch(self, request, municipality_id: int):
        municipality = access.access_municipality(request.user, municipality_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        municipality_update(municipality=municipality, **data.validated_data)
        return Response(MunicipalityOutputSerializer(_counted(request.user, municipality.pk)).data)


urlpatterns = [
    path("organisations/municipalities/", MunicipalityListApi.as_view(), name="api-municipalities"),
    path(
        "organisations/municipalities/create/",
        MunicipalityCreateApi.as_view(),
        name="api-municipality-create",
    ),
    path(
        "organisations/municipalities/<int:municipality_id>/",
        MunicipalityDetailApi.as_view(),
        name="api-municipality",
    ),
    path(
        "organisations/municipalities/<int:municipality_id>/update/",
        MunicipalityUpdateApi.as_view(),
        name="api-municipality-update",
    ),
]
