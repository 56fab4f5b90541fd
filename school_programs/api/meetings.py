"""API: meetings of pairs and groups, stale pairs and the school's meeting settings.

Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py.
"""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..models import Meeting, MeetingKind
from ..selectors.meetings import group_meetings, school_settings, stale_groups
from ..services.meetings import meeting_delete, meeting_log, meeting_update, school_settings_update
from .base import SchoolApiView
from .groups import GroupOutputSerializer, MeetingOutputSerializer


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices, label="Вид встречи")
    held_on = serializers.DateField(label="Дата", validators=[DateInRange("Дата встречи")])
    format = serializers.ChoiceField(
        choices=Meeting.Format.choices, label="Формат", default=Meeting.Format.IN_PERSON
    )
    duration_minutes = serializers.IntegerField(label="Длительность, мин", default=45)
    topic = serializers.CharField(label="Тема", max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(label="Заметки", required=False, allow_blank=True)
    attendance = serializers.ListField(
        child=serializers.IntegerField(), label="Присутствовали (id участников)", allow_empty=True
    )


class MeetingUpdateSerializer(MeetingInputSerializer):
    """PATCH: only the fields sent change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class GroupMeetingsApi(SchoolApiView):
    """A group's meetings in the order they were held; POST records one (mentor of the group, staff)."""

    rule = "meetings"

    @extend_schema(responses=MeetingOutputSerializer(many=True))
    def get(self, request, group_id: int):
        group = access.access_group(request.user, group_id)
        return Response(MeetingOutputSerializer(group_meetings(group), many=True).data)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingOutputSerializer})
    def post(self, request, group_id: int):
        group = access.access_managed_group(request.user, group_id)
        data = MeetingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        meeting = meeting_log(group=group, **data.validated_data)
        return Response(MeetingOutputSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingApi(SchoolApiView):
    """Correct (PATCH) or delete a recorded meeting."""

    rule = "meetings"

    def _meeting(self, request, group_id: int, meeting_id: int) -> Meeting:
        group = access.access_managed_group(request.user, group_id)
        return access.access_meeting(request.user, group, meeting_id)

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingOutputSerializer)
    def patch(self, request, group_id: int, meeting_id: int):
        meeting = self._meeting(request, group_id, meeting_id)
        data = MeetingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = meeting_update(meeting=meeting, **data.validated_data)
        return Response(MeetingOutputSerializer(meeting).data)

    @extend_schema(responses={204: None})
    def delete(self, request, group_id: int, meeting_id: int):
        meeting_delete(meeting=self._meeting(request, group_id, meeting_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaleGroupsApi(SchoolApiView):
    """Working pairs and groups without a meeting for the school's number of weeks."""

    rule = "meeting_settings"

    @extend_schema(responses=GroupOutputSerializer(many=True))
    def get(self, request):
        return Response(GroupOutputSerializer(stale_groups(today=timezone.localdate()), many=True).data)


class SettingsSerializer(serializers.Serializer):
    meeting_gap_weeks = serializers.IntegerField(label="Пара без встреч отмечается через, недель")
    reminders_enabled = serializers.BooleanField(label="Напоминать наставникам по e-mail")


class MeetingSettingsApi(SchoolApiView):
    """The school's meeting settings: readers see them, curator and director change them."""

    rule = "meeting_settings"

    @extend_schema(responses=SettingsSerializer)
    def get(self, request):
        return Response(SettingsSerializer(school_settings()).data)

    @extend_schema(request=SettingsSerializer, responses=SettingsSerializer)
    def put(self, request):
        data = SettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(SettingsSerializer(school_settings_update(**data.validated_data)).data)


urlpatterns = [
    path("groups/<int:group_id>/meetings/", GroupMeetingsApi.as_view(), name="group-meetings"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/", MeetingApi.as_view(), name="meeting"),
    path("meetings/stale-groups/", StaleGroupsApi.as_view(), name="stale-groups"),
    path("meeting-settings/", MeetingSettingsApi.as_view(), name="meeting-settings"),
]
