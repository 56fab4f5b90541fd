"""API of the regional centre's events (/api/v1/events/…), one view per action: validate, call a
service, serialize. Who sees what: regional_center.access; which role may: tenants/roles.py."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import access as tenant_access
from tenants import roles

from . import access
from .models import EventFormat, EventHost, EventKind, EventStatus, PartnerOrganisation
from .selectors_events import attendance_by_school, attendance_summary, events_filter, events_with_counts
from .services import event_materials, events
from .vocabulary import Subject, SupportKind, TeacherCategory

# --- Serializers -----------------------------------------------------------------------------------


class CentreEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    description = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    format = serializers.ChoiceField(choices=EventFormat.choices)
    place = serializers.CharField()
    link = serializers.CharField()
    host_kind = serializers.ChoiceField(choices=EventHost.choices)
    host_partner = serializers.IntegerField(source="host_partner_id", allow_null=True)
    host_school = serializers.IntegerField(source="host_school_id", allow_null=True)
    host_name = serializers.CharField()
    audience = serializers.ListField(child=serializers.ChoiceField(choices=TeacherCategory.choices))
    support_kind = serializers.ChoiceField(choices=SupportKind.choices)
    subjects = serializers.ListField(child=serializers.ChoiceField(choices=Subject.choices))
    capacity = serializers.IntegerField()
    registration_deadline = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=EventStatus.choices)
    registered_count = serializers.IntegerField(help_text="Записано педагогов")


class CentreEventInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    format = serializers.ChoiceField(choices=EventFormat.choices)
    place = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    link = serializers.URLField(max_length=500, required=False, default="", allow_blank=True)
    host_kind = serializers.ChoiceField(choices=EventHost.choices)
    host_partner = serializers.PrimaryKeyRelatedField(
        queryset=PartnerOrganisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    host_school = serializers.IntegerField(required=False, allow_null=True, default=None)
    audience = serializers.ListField(
        child=serializers.ChoiceField(choices=TeacherCategory.choices), min_length=1
    )
    support_kind = serializers.ChoiceField(choices=SupportKind.choices)
    subjects = serializers.ListField(
        child=serializers.ChoiceField(choices=Subject.choices), required=False, default=list
    )
    capacity = serializers.IntegerField(min_value=1)
    registration_deadline = serializers.DateTimeField()


def _host_school(user, data: dict) -> dict:
    """The host school id, resolved within the caller's region (someone else's is «not found»)."""
    school_id = data.pop("host_school", None)
    if school_id is None:
        data["host_school"] = None
        return data
    school = tenant_access.organisation_schools(user).filter(pk=school_id).first()
    if school is None:
        raise serializers.ValidationError({"host_school": ["Школа не найдена среди школ региона."]})
    data["host_school"] = school
    return data


class EventRegistrationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.short_name")
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    middle_name = serializers.CharField()
    position = serializers.CharField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    category = serializers.ChoiceField(choices=TeacherCategory.choices)
    email = serializers.EmailField()
    consent = serializers.BooleanField()
    registered_at = serializers.DateTimeField()
    attended = serializers.BooleanField(allow_null=True)


class EventMaterialOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="Ссылка (для материала-ссылки)")
    content_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    added_at = serializers.DateTimeField()


def _event_out(event) -> dict:
    event = (
        events_with_counts(type(event).objects.filter(pk=event.pk))
        .select_related("host_partner", "host_school")
        .get()
    )
    return CentreEventOutputSerializer(event).data


# --- Events ---------------------------------------------------------------------------------------


class EventsApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "events"


class EventListApi(EventsApi):
    """Events the caller sees, filtered by kind, audience and kind of support."""

    pagination_class = LimitOffsetPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", enum=EventKind.values, required=False),
            OpenApiParameter("audience", enum=TeacherCategory.values, required=False),
            OpenApiParameter("support_kind", enum=SupportKind.values, required=False),
        ],
        responses=CentreEventOutputSerializer(many=True),
    )
    def get(self, request):
        found = events_with_counts(
            events_filter(
                access.events_visible(request.user),
                kind=request.query_params.get("kind", ""),
                audience=request.query_params.get("audience", ""),
                support_kind=request.query_params.get("support_kind", ""),
            )
        ).order_by("starts_at", "pk")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(CentreEventOutputSerializer(page, many=True).data)


class EventCreateApi(EventsApi):
    @extend_schema(request=CentreEventInputSerializer, responses={201: CentreEventOutputSerializer})
    def post(self, request):
        data = CentreEventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = _host_school(request.user, dict(data.validated_data))
        event = events.event_create(
            region=tenant_access.access_region(request.user), by=request.user, **fields
        )
        return Response(_event_out(event), status=status.HTTP_201_CREATED)


class EventDetailApi(EventsApi):
    @extend_schema(responses=CentreEventOutputSerializer)
    def get(self, request, event_id: int):
        return Response(_event_out(access.access_event(request.user, event_id)))


class EventUpdateApi(EventsApi):
    class InputSerializer(CentreEventInputSerializer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.required = False
                field.default = serializers.empty

    @extend_schema(request=InputSerializer, responses=CentreEventOutputSerializer)
    def patch(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "host_school" in fields:
            fields = _host_school(request.user, fields)
        event = events.event_update(event=event, **fields)
        return Response(_event_out(event))


class EventStatusApi(EventsApi):
    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=EventStatus.choices)

    @extend_schema(request=InputSerializer, responses=CentreEventOutputSerializer)
    def post(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = events.event_status_set(event=event, status=data.validated_data["status"])
        return Response(_event_out(event))


class EventAttendanceApi(EventsApi):
    """Mark who attended (the regional administrator, once the event has begun)."""

    class InputSerializer(serializers.Serializer):
        class Mark(serializers.Serializer):
            registration = serializers.IntegerField()
            attended = serializers.BooleanField()

        marks = Mark(many=True, allow_empty=False)

    @extend_schema(request=InputSerializer, responses=EventRegistrationOutputSerializer(many=True))
    def post(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marks = {mark["registration"]: mark["attended"] for mark in data.validated_data["marks"]}
        events.attendance_mark(event=event, marks=marks)
        registrations = event.registrations.select_related("school")
        return Response(EventRegistrationOutputSerializer(registrations, many=True).data)


# --- Registrations --------------------------------------------------------------------------------


class RegistrationsApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "event_registrations"


class RegistrationListApi(RegistrationsApi):
    """The event's registrations the caller may see: the centre all, a coordinator their
    municipality's, a school its own."""

    @extend_schema(responses=EventRegistrationOutputSerializer(many=True))
    def get(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        registrations = access.registrations_visible(request.user).filter(event=event)
        return Response(EventRegistrationOutputSerializer(registrations, many=True).data)


class RegistrationCreateApi(RegistrationsApi):
    """A school's director or curator registers a teacher of their school."""

    class InputSerializer(serializers.Serializer):
        school = serializers.IntegerField(required=False, help_text="Нужна, если вы ведёте несколько школ")
        last_name = serializers.CharField(max_length=150)
        first_name = serializers.CharField(max_length=150)
        middle_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
        position = serializers.CharField(max_length=200)
        subject = serializers.ChoiceField(choices=Subject.choices)
        category = serializers.ChoiceField(choices=TeacherCategory.choices)
        email = serializers.EmailField()
        consent = serializers.BooleanField(help_text="Педагог согласен передать эти данные для мероприятия")

    @extend_schema(request=InputSerializer, responses={201: EventRegistrationOutputSerializer})
    def post(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        schools = access.registering_schools(request.user)
        school_id = fields.pop("school", None)
        school = (
            schools.filter(pk=school_id).first()
            if school_id
            else (schools.first() if schools.count() == 1 else None)
        )
        if school is None:
            raise serializers.ValidationError({"school": ["Укажите свою школу."]})
        registration = events.registration_create(event=event, school=school, by=request.user, **fields)
        return Response(EventRegistrationOutputSerializer(registration).data, status=status.HTTP_201_CREATED)


class RegistrationCancelApi(RegistrationsApi):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, registration_id: int):
        registration = access.access_own_registration(request.user, registration_id)
        events.registration_cancel(registration=registration)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeedbackCreateApi(RegistrationsApi):
    """The school's rating (1–5) and comment for one teacher who attended; once."""

    class InputSerializer(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5)
        comment = serializers.CharField(required=False, default="", allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        registration = serializers.IntegerField(source="registration_id")
        rating = serializers.IntegerField()
        comment = serializers.CharField()
        given_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, registration_id: int):
        registration = access.access_own_registration(request.user, registration_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = events.feedback_give(registration=registration, by=request.user, **data.validated_data)
        return Response(self.OutputSerializer(feedback).data, status=status.HTTP_201_CREATED)


# --- Materials ------------------------------------------------------------------------------------


class MaterialListApi(EventsApi):
    @extend_schema(responses=EventMaterialOutputSerializer(many=True))
    def get(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        return Response(EventMaterialOutputSerializer(event.materials.all(), many=True).data)


class MaterialCreateApi(EventsApi):
    """A file (PDF, DOCX, JPEG or PNG, checked by content, within the size limit) or a link."""

    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300)
        file = serializers.FileField(required=False)
        url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")

        def validate(self, attrs):
            if bool(attrs.get("file")) == bool(attrs.get("url")):
                raise serializers.ValidationError(
                    {"file": ["Приложите файл или укажите ссылку (одно из двух)."]}
                )
            return attrs

    @extend_schema(
        request={"multipart/form-data": InputSerializer}, responses={201: EventMaterialOutputSerializer}
    )
    def post(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if fields.get("file"):
            material = event_materials.material_add_file(
                event=event, title=fields["title"], upload=fields["file"], by=request.user
            )
        else:
            material = event_materials.material_add_link(
                event=event, title=fields["title"], url=fields["url"], by=request.user
            )
        return Response(EventMaterialOutputSerializer(material).data, status=status.HTTP_201_CREATED)


class MaterialDeleteApi(EventsApi):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, material_id: int):
        material = access.access_event_material(request.user, material_id)
        event_materials.material_delete(material=material)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Attendance summaries -------------------------------------------------------------------------


class AttendanceBySchoolApi(APIView):
    """Per school: registered, attended, distinct teachers who attended, events attended."""

    permission_classes = [roles.RulePermission]
    rule = "event_attendance"

    class RowSerializer(serializers.Serializer):
        school = serializers.IntegerField(source="school_id")
        school_name = serializers.CharField(source="school__short_name")
        municipality = serializers.CharField(source="school__municipality__name")
        low_results = serializers.BooleanField(source="school__low_results")
        registered = serializers.IntegerField()
        attended = serializers.IntegerField()
        teachers_attended = serializers.IntegerField()
        events_attended = serializers.IntegerField()

    class QuerySerializer(serializers.Serializer):
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)
        low_results = serializers.BooleanField(required=False, default=False)

    @extend_schema(parameters=[QuerySerializer], responses=RowSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = attendance_by_school(
            registrations=access.registrations_visible(request.user),
            start=query.validated_data.get("start"),
            end=query.validated_data.get("end"),
            low_results_only=query.validated_data["low_results"],
        )
        return Response(self.RowSerializer(rows, many=True).data)


class EventSummaryApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "event_attendance"

    class OutputSerializer(serializers.Serializer):
        registered = serializers.IntegerField()
        attended = serializers.IntegerField()
        absent = serializers.IntegerField()
        unmarked = serializers.IntegerField()
        schools = serializers.IntegerField()
        low_results_schools = serializers.IntegerField()
        feedback_count = serializers.IntegerField()
        mean_rating = serializers.FloatField(allow_null=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request, event_id: int):
        event = access.access_event(request.user, event_id)
        return Response(self.OutputSerializer(attendance_summary(event.registrations.all())).data)


urlpatterns = [
    path("events/", EventListApi.as_view(), name="api-events"),
    path("events/create/", EventCreateApi.as_view(), name="api-event-create"),
    path("events/attendance-by-school/", AttendanceBySchoolApi.as_view(), name="api-events-attendance"),
    path("events/<int:event_id>/", EventDetailApi.as_view(), name="api-event"),
    path("events/<int:event_id>/update/", EventUpdateApi.as_view(), name="api-event-update"),
    path("events/<int:event_id>/status/", EventStatusApi.as_view(), name="api-event-status"),
    path("events/<int:event_id>/attendance/", EventAttendanceApi.as_view(), name="api-event-attendance"),
    path("events/<int:event_id>/summary/", EventSummaryApi.as_view(), name="api-event-summary"),
    path(
        "events/<int:event_id>/registrations/", RegistrationListApi.as_view(), name="api-event-registrations"
    ),
    path(
        "events/<int:event_id>/registrations/create/",
        RegistrationCreateApi.as_view(),
        name="api-event-registration-create",
    ),
    path(
        "events/registrations/<int:registration_id>/cancel/",
        RegistrationCancelApi.as_view(),
        name="api-event-registration-cancel",
    ),
    path(
        "events/registrations/<int:registration_id>/feedback/",
        FeedbackCreateApi.as_view(),
        name="api-event-feedback",
    ),
    path("events/<int:event_id>/materials/", MaterialListApi.as_view(), name="api-event-materials"),
    path(
        "events/<int:event_id>/materials/create/",
        MaterialCreateApi.as_view(),
        name="api-event-material-create",
    ),
    path(
        "events/materials/<int:material_id>/delete/",
        MaterialDeleteApi.as_view(),
        name="api-event-material-delete",
    ),
]
