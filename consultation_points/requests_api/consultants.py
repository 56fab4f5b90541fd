"""Consultants through the API: the regional centre's list, enrolment and profile edit (issue 10, §1).
One APIView per action; rules "consultants.*" of tenants/roles.py; objects through
consultation_points.access; writes through services.consultants."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import roles
from tenants.services.people import PersonData

from .. import access, selectors
from ..models import DeficitArea, Format, Subject, TeacherCategory
from ..services.consultants import PROFILE_FIELDS, consultant_enrol, consultant_update


class ConsultantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    points = serializers.SerializerMethodField()
    selected_on = serializers.DateField()
    training_programme = serializers.CharField()
    certificate = serializers.CharField()
    subjects = serializers.ListField(child=serializers.ChoiceField(choices=Subject.choices))
    deficit_areas = serializers.ListField(child=serializers.ChoiceField(choices=DeficitArea.choices))
    teacher_categories = serializers.ListField(child=serializers.ChoiceField(choices=TeacherCategory.choices))
    formats = serializers.ListField(child=serializers.ChoiceField(choices=Format.choices))
    monthly_capacity = serializers.IntegerField()
    month_load = serializers.IntegerField(help_text="Запросов, назначенных в этом месяце")
    active_from = serializers.DateField()
    active_to = serializers.DateField(allow_null=True)

    def get_points(self, consultant) -> list[int]:
        return sorted(point.pk for point in consultant.points.all())


class _ProfileInput(serializers.Serializer):
    selected_on = serializers.DateField()
    training_programme = serializers.CharField(max_length=300)
    certificate = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    subjects = serializers.ListField(child=serializers.ChoiceField(choices=Subject.choices), min_length=1)
    deficit_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=DeficitArea.choices), min_length=1
    )
    teacher_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=TeacherCategory.choices), min_length=1
    )
    formats = serializers.ListField(child=serializers.ChoiceField(choices=Format.choices), min_length=1)
    monthly_capacity = serializers.IntegerField(min_value=1, max_value=60)
    active_from = serializers.DateField()
    active_to = serializers.DateField(required=False, allow_null=True, default=None)
    points = serializers.ListField(child=serializers.IntegerField(), min_length=1)


def _points(user, ids: list[int]):
    """The named points, each among those the user runs; an unknown one is named in the error."""
    found = {point.pk: point for point in access.consultant_points(user).filter(pk__in=ids)}
    missing = [str(point_id) for point_id in ids if point_id not in found]
    if missing:
        raise serializers.ValidationError({"points": [f"Пункт не найден: {', '.join(missing)}."]})
    return [found[point_id] for point_id in dict.fromkeys(ids)]


def _one(user, consultant_id):
    return selectors.consultants_overview(access.visible_consultants(user)).get(
        pk=access.access_consultant(user, consultant_id).pk
    )


class ConsultantApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "consultants"


class ConsultantListApi(ConsultantApi):
    pagination_class = LimitOffsetPagination

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ConsultantFilter"

        point = serializers.IntegerField(required=False)
        active = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses=ConsultantOutputSerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.consultants_overview(
            access.visible_consultants(request.user),
            point_id=query.validated_data.get("point"),
            active=query.validated_data["active"],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ConsultantOutputSerializer(page, many=True).data)


class ConsultantDetailApi(ConsultantApi):
    @extend_schema(responses=ConsultantOutputSerializer)
    def get(self, request, consultant_id: int):
        return Response(ConsultantOutputSerializer(_one(request.user, consultant_id)).data)


class ConsultantCreateApi(ConsultantApi):
    """Enrol a consultant: an existing account is found by e-mail, anyone else is invited."""

    class InputSerializer(_ProfileInput):
        last_name = serializers.CharField(max_length=150)
        first_name = serializers.CharField(max_length=150)
        middle_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
        email = serializers.EmailField()
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: ConsultantOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        consultant = consultant_enrol(
            by=request.user,
            person=PersonData(
                **{
                    name: fields[name]
                    for name in ("last_name", "first_name", "middle_name", "email", "phone")
                }
            ),
            points=_points(request.user, fields["points"]),
            base_url=request.build_absolute_uri("/"),
            **{name: fields[name] for name in PROFILE_FIELDS},
        )
        return Response(
            ConsultantOutputSerializer(_one(request.user, consultant.pk)).data, status=status.HTTP_201_CREATED
        )


class ConsultantUpdateApi(ConsultantApi):
    """Change the profile: only the fields sent."""

    class InputSerializer(_ProfileInput):
        pass

    @extend_schema(request=InputSerializer, responses=ConsultantOutputSerializer)
    def patch(self, request, consultant_id: int):
        consultant = access.access_consultant(request.user, consultant_id)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        points = _points(request.user, fields.pop("points")) if "points" in fields else None
        consultant_update(consultant=consultant, points=points, **fields)
        return Response(ConsultantOutputSerializer(_one(request.user, consultant.pk)).data)
