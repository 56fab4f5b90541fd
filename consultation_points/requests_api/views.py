"""The consultation service through the API: one APIView per action, rules from tenants/roles.py,
objects through consultation_points.access, writes through the services (their ValidationErrors
become 400 with the field named)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import access as tenant_access
from tenants import roles
from tenants.models import School

from .. import access, selectors
from ..models import DeficitArea, Format, RequestStatus, Subject, SupportKind, TeacherCategory, Urgency
from ..services import consultations as consultation_services
from ..services import requests as request_services
from ..services.ranking import suggestions_for
from .serializers import (
    ConsultationOutputSerializer,
    RequestEventOutputSerializer,
    RequestOutputSerializer,
    SuggestionSerializer,
)


class ConsultationApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "consultation_requests"
    rules = {"GET": "consultation_requests.read"}


def _out(request, item, code=status.HTTP_200_OK) -> Response:
    context = {"show_contact": lambda row: access.may_see_contact(request.user, row)}
    return Response(RequestOutputSerializer(item, context=context).data, status=code)


class RequestListApi(ConsultationApi):
    pagination_class = LimitOffsetPagination

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ConsultationRequestFilter"

        status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
        overdue = serializers.BooleanField(required=False, default=False)

    @extend_schema(parameters=[FilterSerializer], responses=RequestOutputSerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.with_service_levels(access.visible_requests(request.user))
        if query.validated_data.get("status"):
            rows = rows.filter(status=query.validated_data["status"])
        if query.validated_data["overdue"]:
            rows = rows.filter(overdue_assignment=True) | rows.filter(overdue_consultation=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows.order_by("-created_at", "-pk"), request, view=self)
        context = {"show_contact": lambda row: access.may_see_contact(request.user, row)}
        return paginator.get_paginated_response(
            RequestOutputSerializer(page, many=True, context=context).data
        )


class RequestDetailApi(ConsultationApi):
    @extend_schema(responses=RequestOutputSerializer)
    def get(self, request, request_id: int):
        return _out(request, access.access_consultation_request(request.user, request_id))


class RequestCreateApi(ConsultationApi):
    rules = {"POST": "consultation_requests.submit"}

    class InputSerializer(serializers.Serializer):
        school = serializers.IntegerField(help_text="Школа, в которой вы работаете")
        point = serializers.IntegerField(
            required=False, allow_null=True, help_text="Пусто — пункт муниципалитета школы"
        )
        topic = serializers.CharField(max_length=300)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        subject = serializers.ChoiceField(choices=Subject.choices)
        deficit_area = serializers.ChoiceField(choices=DeficitArea.choices)
        support_kind = serializers.ChoiceField(choices=SupportKind.choices)
        teacher_category = serializers.ChoiceField(choices=TeacherCategory.choices)
        urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
        preferred_format = serializers.ChoiceField(
            choices=Format.choices, required=False, allow_blank=True, default=""
        )
        preferred_from = serializers.DateField(required=False, allow_null=True, default=None)
        preferred_to = serializers.DateField(required=False, allow_null=True, default=None)
        contact_name = serializers.CharField(max_length=300)
        contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
        contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: RequestOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        own = {m.school_id for m in tenant_access.memberships(request.user) if m.school_id}
        school = School.objects.filter(pk=fields.pop("school"), status=School.Status.ACTIVE).first()
        if school is None or school.pk not in own:
            raise serializers.ValidationError({"school": ["Школа не найдена среди ваших."]})
        point_id = fields.pop("point", None)
        point = None
        if point_id is not None:
            from ..models import ConsultationPoint

            point = ConsultationPoint.objects.filter(pk=point_id).select_related("municipality").first()
            if point is None:
                raise serializers.ValidationError({"point": ["Консультационный пункт не найден."]})
        created = request_services.request_submit(school=school, by=request.user, point=point, **fields)
        return _out(request, created, status.HTTP_201_CREATED)


class RequestHistoryApi(ConsultationApi):
    @extend_schema(responses=RequestEventOutputSerializer(many=True))
    def get(self, request, request_id: int):
        item = access.access_consultation_request(request.user, request_id)
        return Response(RequestEventOutputSerializer(item.events.select_related("actor"), many=True).data)


def _assignable(request, request_id):
    item = access.access_consultation_request(request.user, request_id)
    if not access.may_assign(request.user, item):
        raise Http404
    return item


class RequestSuggestionsApi(ConsultationApi):
    """Ranked consultants for the request, with the reason for each rank."""

    rules = {"GET": "consultation_requests.assign"}

    @extend_schema(responses=SuggestionSerializer(many=True))
    def get(self, request, request_id: int):
        item = _assignable(request, request_id)
        found = suggestions_for(
            request=item,
            across_points=access.assigns_across_points(request.user),
            region_points=access.coordinated_points(request.user),
        )
        return Response(SuggestionSerializer(found, many=True).data)


class RequestAssignApi(ConsultationApi):
    """Assign (or reassign) a consultant; beyond their monthly capacity only with `override_reason`."""

    rules = {"POST": "consultation_requests.assign"}

    class InputSerializer(serializers.Serializer):
        consultant = serializers.IntegerField()
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=RequestOutputSerializer)
    def post(self, request, request_id: int):
        item = _assignable(request, request_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        across = access.assigns_across_points(request.user)
        pool = access.visible_consultants(request.user) if across else None
        if pool is None:
            pool = (
                item.point.consultants.all()
                if item.point_id
                else access.visible_consultants(request.user).none()
            )
        consultant = pool.select_related("user").filter(pk=data.validated_data["consultant"]).first()
        if consultant is None:
            raise serializers.ValidationError(
                {"consultant": ["Консультант не найден среди консультантов пункта."]}
            )
        updated = request_services.consultant_assign(
            request=item,
            consultant=consultant,
            by=request.user,
            across_points=across,
            override_reason=data.validated_data["override_reason"],
        )
        return _out(request, updated)


class _ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class RequestEscalateApi(ConsultationApi):
    rules = {"POST": "consultation_requests.assign"}

    @extend_schema(request=_ReasonInput, responses=RequestOutputSerializer)
    def post(self, request, request_id: int):
        item = _assignable(request, request_id)
        data = _ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _out(
            request, request_services.request_escalate(request=item, by=request.user, **data.validated_data)
        )


class RequestDeclineApi(ConsultationApi):
    rules = {"POST": "consultation_requests.assign"}

    @extend_schema(request=_ReasonInput, responses=RequestOutputSerializer)
    def post(self, request, request_id: int):
        item = _assignable(request, request_id)
        data = _ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _out(
            request, request_services.request_decline(request=item, by=request.user, **data.validated_data)
        )


class RequestCancelApi(ConsultationApi):
    rules = {"POST": "consultation_requests.submit"}

    @extend_schema(request=_ReasonInput, responses=RequestOutputSerializer)
    def post(self, request, request_id: int):
        item = access.access_consultation_request(request.user, request_id)
        if not access.may_cancel(request.user, item):
            raise PermissionDenied("Отменить запрос может тот, кто его подал, или директор и куратор школы.")
        data = _ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _out(
            request, request_services.request_cancel(request=item, by=request.user, **data.validated_data)
        )


def _worked(request, request_id):
    item = access.access_consultation_request(request.user, request_id)
    if not access.is_assigned_consultant(request.user, item):
        raise Http404
    return item


class RequestCompleteApi(ConsultationApi):
    rules = {"POST": "consultation_requests.work"}

    @extend_schema(request=None, responses=RequestOutputSerializer)
    def post(self, request, request_id: int):
        item = _worked(request, request_id)
        return _out(request, request_services.request_complete(request=item, by=request.user))


class ConsultationListApi(ConsultationApi):
    @extend_schema(responses=ConsultationOutputSerializer(many=True))
    def get(self, request, request_id: int):
        item = access.access_consultation_request(request.user, request_id)
        return Response(ConsultationOutputSerializer(item.consultations.all(), many=True).data)


class ConsultationCreateApi(ConsultationApi):
    rules = {"POST": "consultation_requests.work"}

    class InputSerializer(serializers.Serializer):
        starts_at = serializers.DateTimeField()
        format = serializers.ChoiceField(choices=Format.choices)
        duration_minutes = serializers.IntegerField(min_value=10, max_value=480)
        participants = serializers.CharField(required=False, allow_blank=True, default="")
        summary = serializers.CharField(required=False, allow_blank=True, default="")
        recommendations = serializers.CharField(required=False, allow_blank=True, default="")
        follow_up = serializers.CharField(required=False, allow_blank=True, default="")
        follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: ConsultationOutputSerializer})
    def post(self, request, request_id: int):
        item = _worked(request, request_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = consultation_services.consultation_log(request=item, by=request.user, **data.validated_data)
        return Response(ConsultationOutputSerializer(created).data, status=status.HTTP_201_CREATED)


class ConsultationRateApi(ConsultationApi):
    """The requester's rating of a consultation: 1–5 and a comment, once."""

    rules = {"POST": "consultation_requests.submit"}

    class InputSerializer(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5)
        comment = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ConsultationOutputSerializer)
    def post(self, request, consultation_id: int):
        consultation = access.access_consultation(request.user, consultation_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rated = consultation_services.consultation_rate(
            consultation=consultation, by=request.user, **data.validated_data
        )
        return Response(ConsultationOutputSerializer(rated).data)


class LevelRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text="id пункта или муниципалитета")
    name = serializers.CharField()
    municipality = serializers.CharField()
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    done = serializers.IntegerField()
    assigned = serializers.IntegerField()
    hours_to_assignment = serializers.FloatField(allow_null=True, help_text="Среднее время до назначения, ч")
    consulted = serializers.IntegerField()
    days_to_first_consultation = serializers.FloatField(
        allow_null=True, help_text="Среднее время до первой консультации, дн"
    )
    overdue = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)


class ServiceLevelsApi(ConsultationApi):
    rules = {"GET": "consultation_service_levels.read"}

    @extend_schema(
        responses=inline_serializer(
            "ConsultationServiceLevels",
            {
                "computed_at": serializers.DateTimeField(),
                "by_point": LevelRowSerializer(many=True),
                "by_municipality": LevelRowSerializer(many=True),
            },
        )
    )
    def get(self, request):
        rows = access.visible_requests(request.user)
        return Response(
            {
                "computed_at": timezone.now(),
                "by_point": LevelRowSerializer(selectors.service_levels_by_point(rows), many=True).data,
                "by_municipality": LevelRowSerializer(
                    selectors.service_levels_by_municipality(rows), many=True
                ).data,
            }
        )
