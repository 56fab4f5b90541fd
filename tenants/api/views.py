from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .. import access
from ..services.login import login_check


class LoginRateThrottle(AnonRateThrottle):
    scope = "login"


class TokenObtainApi(APIView):
    """Exchange a login (user name or e-mail) and password for an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(label="Логин или e-mail")
        password = serializers.CharField(label="Пароль", trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer, auth=[])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = login_check(request=request, **data.validated_data)
        except ValidationError as error:
            raise serializers.ValidationError({"non_field_errors": error.messages}) from error
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeApi(APIView):
    """The signed-in user and their roles with scopes."""

    permission_classes = [IsAuthenticated]

    class MembershipSerializer(serializers.Serializer):
        role = serializers.CharField()
        role_display = serializers.CharField(source="get_role_display")
        scope = serializers.CharField()
        scope_id = serializers.IntegerField(source="scope_object.pk")
        scope_name = serializers.CharField(source="scope_object.__str__")
        school_slug = serializers.CharField(source="school.slug", default=None)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        last_name = serializers.CharField()
        first_name = serializers.CharField()
        middle_name = serializers.CharField()
        email = serializers.EmailField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        body = self.OutputSerializer(request.user).data
        body["memberships"] = self.MembershipSerializer(access.memberships(request.user), many=True).data
        return Response(body)
