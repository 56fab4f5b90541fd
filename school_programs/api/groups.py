"""API: pairs and groups. Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py.

Visibility as on the pages: staff and the psychologist see the programme's groups, a mentor or a
mentee only their own; someone else's group is a 404.
"""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..models import Form, GroupStatus
from ..selectors.groups import GroupFilters, group_detail, group_list
from ..selectors.meetings import school_settings
from ..services.groups import group_period_update
from .base import SchoolApiView


class GroupPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    short_name = serializers.CharField()


class GroupMentorSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Запись в базе наставников")
    participant = GroupPersonSerializer()


class GroupMenteeSerializer(serializers.Serializer):
    request_id = serializers.IntegerField(help_text="Запрос в базе наставляемых")
    participant = GroupPersonSerializer(source="request.participant")
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class GroupFieldsSerializer(serializers.Serializer):
    """What the list and the detail of a pair or group both show."""

    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    form = serializers.CharField()
    form_display = serializers.CharField(source="get_form_display")
    role_model = serializers.CharField(source="role_model.name", allow_null=True, default=None)
    mentor = GroupMentorSerializer()
    presence = serializers.CharField()
    openness = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")


class GroupOutputSerializer(GroupFieldsSerializer):
    mentees = GroupMenteeSerializer(many=True, source="active_mentees")
    meeting_count = serializers.IntegerField()
    last_met_on = serializers.DateField(allow_null=True)
    is_stale = serializers.BooleanField(help_text="Нет встреч дольше срока из настроек школы")
    mentees_without_plan = serializers.IntegerField(help_text="Наставляемые без ИПР")
    overdue_task_count = serializers.IntegerField(help_text="Просроченные задачи ИПР")


class GroupListApi(SchoolApiView):
    """Pairs and groups visible to the user, with the flags of the curator's list."""

    # Declared on the view so that the OpenAPI schema shows the page object it answers with.
    pagination_class = LimitOffsetPagination

    rule = "groups"

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "GroupListFilter"

        programme = serializers.IntegerField(required=False, label="Программа")
        form = serializers.ChoiceField(choices=Form.choices, required=False, label="Форма")
        status = serializers.ChoiceField(choices=GroupStatus.choices, required=False, label="Состояние")
        mentor = serializers.IntegerField(required=False, label="Наставник (запись в базе)")
        flag = serializers.ChoiceField(
            choices=[
                ("stale", "нет встреч"),
                ("no_plan", "ИПР не составлен"),
                ("overdue", "просрочены задачи"),
            ],
            required=False,
            label="Внимание",
        )

    @extend_schema(
        parameters=[FilterSerializer],
        responses=GroupOutputSerializer(many=True),
    )
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        readers = access.has_role(request.user, access.READERS)
        # Staff work on one programme (the current one unless asked); a mentor sees all of their own.
        programme = (
            access.chosen_programme(request.user, data.get("programme"))
            if readers or data.get("programme")
            else None
        )
        filters = GroupFilters(
            form=data.get("form", ""),
            status=data.get("status", ""),
            mentor=data.get("mentor"),
            flag=data.get("flag", ""),
        )
        groups = group_list(
            access.visible_groups(request.user),
            programme=programme,
            today=timezone.localdate(),
            filters=filters,
            gap_weeks=school_settings().meeting_gap_weeks,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(groups, request, view=self)
        return paginator.get_paginated_response(GroupOutputSerializer(page, many=True).data)


class PlanBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mentee_request_id = serializers.IntegerField(source="mentee_id")
    status = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    task_count = serializers.IntegerField()
    tasks_done = serializers.IntegerField(help_text="Задачи с отмеченным результатом")


class AttendanceSerializer(serializers.Serializer):
    participant = GroupPersonSerializer()
    present = serializers.BooleanField()


class MeetingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    held_on = serializers.DateField()
    format = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    topic = serializers.CharField()
    notes = serializers.CharField()
    attendance = AttendanceSerializer(many=True, source="attendance.all")


class ReleaseOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    reason_display = serializers.CharField(source="get_reason_display")
    released_on = serializers.DateField()
    note = serializers.CharField()
    order_id = serializers.IntegerField(allow_null=True)


class GroupDetailOutputSerializer(GroupFieldsSerializer):
    mentees = GroupMenteeSerializer(many=True, source="mentees.all")
    fixing_order_id = serializers.IntegerField(allow_null=True)
    result_summary = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    plans = PlanBriefSerializer(many=True, source="plans.all")
    meetings = MeetingOutputSerializer(many=True, source="meetings.all")
    releases = ReleaseOutputSerializer(many=True, source="releases.all")
    can_manage = serializers.BooleanField()


class GroupDetailApi(SchoolApiView):
    """One pair or group: people, mode, plans, meetings, results and early release. The curator and
    director correct its dates (PATCH) until an order fixes the pair."""

    rule = "groups"
    rules = {"PATCH": "matching.write"}

    class PeriodSerializer(serializers.Serializer):
        start_date = serializers.DateField(
            required=False, label="Начало работы", validators=[DateInRange("Начало работы")]
        )
        end_date = serializers.DateField(
            required=False, label="Плановое окончание", validators=[DateInRange("Плановое окончание")]
        )

    @extend_schema(request=PeriodSerializer, responses=GroupDetailOutputSerializer)
    def patch(self, request, group_id: int):
        group = access.access_group(request.user, group_id)
        data = self.PeriodSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        group_period_update(group=group, **data.validated_data)
        return self.get(request, group_id)

    @extend_schema(responses=GroupDetailOutputSerializer)
    def get(self, request, group_id: int):
        group = group_detail(access.access_group(request.user, group_id))
        group.can_manage = access.can_manage_group(request.user, group)
        return Response(GroupDetailOutputSerializer(group).data)


urlpatterns = [
    path("groups/", GroupListApi.as_view(), name="group-list"),
    path("groups/<int:group_id>/", GroupDetailApi.as_view(), name="group-detail"),
]
