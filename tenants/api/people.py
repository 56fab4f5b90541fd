"""API: people, their roles (grants and revocations, with the log), invitations, own page sessions.
Mounted under /api/v1/ by tenants/api/urls.py.

Rules come from tenants.roles (`rule = "people"`: GET needs people.read, anything else people.write);
people and roles are reached through tenants.access (404 for «missing» and «not yours» alike); the
services decide who may grant what (tenants.roles.GRANTS) and answer refusals in Russian.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from nastavnik.tables import MAX_FILE_BYTES, TableFileError

from .. import access
from ..forms_people import PLACE_MODELS
from ..models import Role, Scope
from ..roles import RulePermission
from ..selectors import grant_log, last_invitation, memberships_visible, pending_invitations, people_list
from ..services import grants, invitations, people, sessions


class RuleApiView(APIView):
    permission_classes = [RulePermission]
    rule = ""


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- Shared serializers ---------------------------------------------------------------------------


class MembershipOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)
    role_display = serializers.CharField(source="get_role_display")
    scope = serializers.ChoiceField(choices=Scope.choices)
    scope_id = serializers.IntegerField(source="scope_object.pk")
    scope_name = serializers.CharField(source="scope_object.__str__")
    is_active = serializers.BooleanField()


class InvitationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    used_at = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField(source="state_label")


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    middle_name = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    position = serializers.CharField()
    is_active = serializers.BooleanField()
    has_password = serializers.BooleanField(source="has_usable_password")


class PersonDetailOutputSerializer(PersonOutputSerializer):
    memberships = MembershipOutputSerializer(many=True)
    invitation = InvitationOutputSerializer(allow_null=True)


class PersonPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PersonOutputSerializer(many=True)


class ScopeField(serializers.Serializer):
    scope = serializers.ChoiceField(choices=Scope.choices, label="Вид места")
    scope_id = serializers.IntegerField(label="Место (id региона, муниципалитета, пункта или школы)")

    def validate(self, attrs):
        model = PLACE_MODELS[attrs["scope"]]
        found = model.objects.filter(pk=attrs["scope_id"]).first()
        if found is None:
            # The same answer as for a place the caller does not own: nothing learned from the id.
            raise serializers.ValidationError({"scope_id": "Вы не можете назначать роли в этом месте."})
        attrs["place"] = found
        return attrs


def _detail(request, person) -> dict:
    person.memberships_list = list(memberships_visible(user=request.user, person=person))
    body = PersonOutputSerializer(person).data
    body["memberships"] = MembershipOutputSerializer(person.memberships_list, many=True).data
    invitation = last_invitation(person=person)
    body["invitation"] = InvitationOutputSerializer(invitation).data if invitation else None
    return body


# --- People ------------------------------------------------------------------------------------------


class PeopleApi(RuleApiView):
    """People the caller manages (the owners of the scopes they hold roles in); creating one with
    their first role in a place and an invitation by e-mail. An e-mail that is already someone's
    gives that person the role instead of a second account (`created: false`)."""

    rule = "people"

    class FilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, help_text="Часть ФИО, e-mail или логина")
        limit = serializers.IntegerField(required=False)
        offset = serializers.IntegerField(required=False)

    class InputSerializer(serializers.Serializer):
        last_name = serializers.CharField(max_length=150, label="Фамилия")
        first_name = serializers.CharField(max_length=150, label="Имя")
        middle_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
        email = serializers.EmailField(label="E-mail")
        phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
        position = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        role = serializers.ChoiceField(choices=Role.choices, required=False, allow_null=True, default=None)
        scope = serializers.ChoiceField(choices=Scope.choices, required=False, allow_null=True, default=None)
        scope_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        invite = serializers.BooleanField(required=False, default=True)

        def validate(self, attrs):
            if attrs["role"] and (not attrs["scope"] or not attrs["scope_id"]):
                raise serializers.ValidationError({"scope": "Укажите место работы для роли."})
            attrs["place"] = None
            if attrs["role"]:
                attrs["place"] = ScopeField().validate(
                    {"scope": attrs["scope"], "scope_id": attrs["scope_id"]}
                )["place"]
            return attrs

    class OutputSerializer(PersonDetailOutputSerializer):
        created = serializers.BooleanField()

    @extend_schema(operation_id="people_list", parameters=[FilterSerializer], responses=PersonPageSerializer)
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = people_list(user=request.user, search=query.validated_data.get("search", ""))
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(PersonOutputSerializer(page, many=True).data)

    @extend_schema(operation_id="people_create", request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = people.person_create(
            by=request.user,
            data=people.PersonData(**{name: values[name] for name in people.PERSON_FIELDS}),
            role=values["role"],
            scope=values["place"],
            invite=values["invite"],
            base_url=_base_url(request),
        )
        body = _detail(request, result.user)
        body["created"] = result.created
        return Response(body, status=status.HTTP_201_CREATED)


class PersonApi(RuleApiView):
    """One person: contacts, their roles in the caller's places, the last invitation; changing the
    name and contacts."""

    rule = "people"

    class InputSerializer(serializers.Serializer):
        last_name = serializers.CharField(max_length=150, required=False)
        first_name = serializers.CharField(max_length=150, required=False)
        middle_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        email = serializers.EmailField(required=False)
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
        position = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(responses=PersonDetailOutputSerializer)
    def get(self, request, person_id: int):
        person = access.access_person(request.user, person_id)
        return Response(_detail(request, person))

    @extend_schema(request=InputSerializer, responses=PersonDetailOutputSerializer)
    def patch(self, request, person_id: int):
        person = access.access_person(request.user, person_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        people.person_update(by=request.user, person=person, **data.validated_data)
        return Response(_detail(request, person))


class PersonDeactivateApi(RuleApiView):
    """Switch the account off (never deleted): log-in refused, sessions ended, API tokens and open
    invitations revoked. Only someone who could take back every role the person holds may."""

    rule = "people"

    @extend_schema(request=None, responses=PersonDetailOutputSerializer)
    def post(self, request, person_id: int):
        person = access.access_person(request.user, person_id)
        people.person_deactivate(by=request.user, person=person)
        return Response(_detail(request, person))


class PersonReactivateApi(RuleApiView):
    """Switch a deactivated account back on (its roles were kept)."""

    rule = "people"

    @extend_schema(request=None, responses=PersonDetailOutputSerializer)
    def post(self, request, person_id: int):
        person = access.access_person(request.user, person_id)
        people.person_reactivate(by=request.user, person=person)
        return Response(_detail(request, person))


class PeopleImportApi(RuleApiView):
    """People and their roles from a staff spreadsheet (XLSX or CSV; columns ФИО, e-mail, телефон,
    должность, роль, место). All rows or none: any error answers 400 with the errors by row and
    column, and nothing is created."""

    rule = "people"
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text=f"XLSX или CSV, до {MAX_FILE_BYTES // (1024 * 1024)} МБ")

    class OutputSerializer(serializers.Serializer):
        created = serializers.IntegerField(help_text="Новых учётных записей")
        granted = serializers.IntegerField(help_text="Назначено ролей")
        unchanged = serializers.IntegerField(help_text="Строк, где роль уже была")
        invited = serializers.IntegerField(help_text="Отправлено приглашений")

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses={201: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            result = people.people_import(
                by=request.user, name=upload.name, content=upload.read(), base_url=_base_url(request)
            )
        except TableFileError as error:
            return Response(
                {
                    "detail": "Файл не загружен: исправьте ошибки. Никто не создан.",
                    "errors": [e.as_dict() for e in error.row_errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        body = {
            "created": len(result.created),
            "granted": result.granted,
            "unchanged": result.unchanged,
            "invited": result.invited,
        }
        return Response(self.OutputSerializer(body).data, status=status.HTTP_201_CREATED)


# --- Invitations -------------------------------------------------------------------------------------


class InvitationSendApi(RuleApiView):
    """Send the person a (new) invitation: a one-time link to set their password, valid for
    NASTAVNIK_INVITATION_DAYS days; their earlier links stop working."""

    rule = "people"

    @extend_schema(request=None, responses={201: InvitationOutputSerializer})
    def post(self, request, person_id: int):
        person = access.access_person(request.user, person_id)
        if not people.may_manage(by=request.user, person=person):
            raise exceptions.PermissionDenied("Пригласить этого человека может тот, кто назначал ему роли.")
        invitation, _ = invitations.invitation_send(by=request.user, user=person, base_url=_base_url(request))
        return Response(InvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationListApi(RuleApiView):
    """Invitations of the caller's people that wait for an answer (not used, not expired)."""

    rule = "people"

    class OutputSerializer(InvitationOutputSerializer):
        full_name = serializers.CharField(source="user.full_name")
        email = serializers.EmailField(source="user.email")

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(pending_invitations(user=request.user), many=True).data)


# --- Grants ------------------------------------------------------------------------------------------


class GrantCreateApi(RuleApiView):
    """Grant a role in a place: the regional administrator any role; a municipal coordinator the
    director of a school of their municipality; a director the curator, mentors, mentees and the
    psychologist of their school (tenants.roles.GRANTS). Recorded in the grant log."""

    rule = "people"

    class InputSerializer(ScopeField):
        user = serializers.IntegerField(label="Человек (id)")
        role = serializers.ChoiceField(choices=Role.choices, label="Роль")

    @extend_schema(request=InputSerializer, responses={201: MembershipOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            person = access.access_person(request.user, values["user"])
        except Http404:
            raise serializers.ValidationError({"user": "Человек не найден."}) from None
        membership = grants.role_grant(
            by=request.user, user=person, role=values["role"], scope=values["place"]
        )
        return Response(MembershipOutputSerializer(membership).data, status=status.HTTP_201_CREATED)


class GrantRevokeApi(RuleApiView):
    """Take a role back (the membership is switched off, never deleted); recorded in the grant log."""

    rule = "people"

    @extend_schema(request=None, responses=MembershipOutputSerializer)
    def post(self, request, membership_id: int):
        membership = access.access_membership(request.user, membership_id)
        membership = grants.role_revoke(by=request.user, membership=membership)
        return Response(MembershipOutputSerializer(membership).data)


class GrantLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    action = serializers.CharField()
    action_display = serializers.CharField(source="get_action_display")
    role = serializers.ChoiceField(choices=Role.choices)
    role_display = serializers.CharField(source="get_role_display")
    actor = serializers.CharField(source="actor.full_name", allow_null=True, default=None)
    user_id = serializers.IntegerField()
    user = serializers.CharField(source="user.full_name")
    where = serializers.CharField()


class GrantLogPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GrantLogEntrySerializer(many=True)


class GrantLogApi(RuleApiView):
    """Who granted or revoked which role to whom, where and when — in the caller's places, newest first."""

    rule = "people"

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT, required=False),
            OpenApiParameter("offset", OpenApiTypes.INT, required=False),
        ],
        responses=GrantLogPageSerializer,
    )
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(grant_log(user=request.user), request, view=self)
        return paginator.get_paginated_response(GrantLogEntrySerializer(page, many=True).data)


# --- Own page sessions -------------------------------------------------------------------------------


class SessionListApi(RuleApiView):
    """The signed-in user's page sessions that still work (device, address, last activity)."""

    rule = "account"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        started = serializers.DateTimeField()
        last_activity = serializers.DateTimeField(allow_null=True)
        ip = serializers.CharField(allow_null=True)
        device = serializers.CharField()
        current = serializers.BooleanField(help_text="Этой сессией сделан запрос")

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        current = request.session.session_key if hasattr(request, "session") else None
        rows = sessions.sessions_of(user=request.user, current_key=current)
        return Response(self.OutputSerializer(rows, many=True).data)


class SessionRevokeApi(RuleApiView):
    """End one of the signed-in user's own page sessions."""

    rule = "account"

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, session_id: int):
        if not sessions.session_revoke(user=request.user, session_id=session_id):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("people/", PeopleApi.as_view(), name="api-people"),
    path("people/import/", PeopleImportApi.as_view(), name="api-people-import"),
    path("people/<int:person_id>/", PersonApi.as_view(), name="api-person"),
    path("people/<int:person_id>/deactivate/", PersonDeactivateApi.as_view(), name="api-person-deactivate"),
    path("people/<int:person_id>/reactivate/", PersonReactivateApi.as_view(), name="api-person-reactivate"),
    path("people/<int:person_id>/invitations/", InvitationSendApi.as_view(), name="api-person-invite"),
    path("invitations/", InvitationListApi.as_view(), name="api-invitations"),
    path("grants/", GrantCreateApi.as_view(), name="api-grants"),
    path("grants/log/", GrantLogApi.as_view(), name="api-grant-log"),
    path("grants/<int:membership_id>/revoke/", GrantRevokeApi.as_view(), name="api-grant-revoke"),
    path("account/sessions/", SessionListApi.as_view(), name="api-sessions"),
    path("account/sessions/<int:session_id>/", SessionRevokeApi.as_view(), name="api-session-revoke"),
]
