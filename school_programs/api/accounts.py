"""API: an account for a participant of the register (role, link, invitation) in one call.
Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import access
from ..services.accounts import participant_account_create
from .base import SchoolApiView


class ParticipantAccountApi(SchoolApiView):
    """Give the participant an account: mentor if they are in the mentor base or lead a pair or
    group, otherwise mentee; an invitation to set the password goes to the participant's e-mail.
    The curator gives mentor and mentee accounts, the director any school role but director."""

    rule = "accounts"

    class OutputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField(source="user.pk")
        username = serializers.CharField(source="user.username")
        email = serializers.EmailField(source="user.email")
        role = serializers.CharField()
        role_display = serializers.CharField(source="role.label")
        created = serializers.BooleanField(
            help_text="false: связана уже существующая учётная запись с этим e-mail"
        )
        invitation_sent = serializers.SerializerMethodField()
        invitation_expires_at = serializers.DateTimeField(
            source="invitation.expires_at", allow_null=True, default=None
        )

        def get_invitation_sent(self, result) -> bool:
            return result.invitation is not None

    @extend_schema(request=None, responses={201: OutputSerializer})
    def post(self, request, participant_id: int):
        participant = access.access_participant(request.user, participant_id)
        result = participant_account_create(
            by=request.user,
            school=request.school,
            participant=participant,
            base_url=request.build_absolute_uri("/"),
        )
        return Response(self.OutputSerializer(result).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path(
        "participants/<int:participant_id>/account/",
        ParticipantAccountApi.as_view(),
        name="participant_account",
    ),
]
