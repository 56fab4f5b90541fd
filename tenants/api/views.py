from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import access, roles
from ..services.login import login_check
from ..services.tokens import token_issue, token_revoke, token_revoke_current, tokens_of


class TokenObtainApi(APIView):
    """Exchange a login (user name or e-mail) and password for an API token.

    The token lapses after a time without use and at the latest some hours after it was issued
    (`expiry` is the current deadline, moved on by each use). Failed attempts are limited per
    login and client address: past the limit the answer is 429 until the window passes.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(label="Логин или e-mail")
        password = serializers.CharField(label="Пароль", trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="Показывается один раз; в базе хранится только хеш")
        expiry = serializers.DateTimeField(help_text="Действует до (продлевается при использовании)")

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            429: OpenApiResponse(description="Слишком много неудачных попыток для этого логина и адреса"),
        },
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            # django-axes reads and marks Django's own request object.
            user = login_check(request=request._request, **data.validated_data)
        except ValidationError as error:
            if error.code == "locked_out":
                return Response(
                    {"detail": error.messages[0]},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(settings.LOGIN_ATTEMPTS_WINDOW)},
                )
            raise serializers.ValidationError({"non_field_errors": error.messages}) from error
        record, token = token_issue(request=request._request, user=user)
        return Response(self.OutputSerializer({"token": token, "expiry": record.expiry}).data)


class LogoutApi(APIView):
    """Revoke the token this request is made with."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [roles.RulePermission]
    rule = "account"

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        token_revoke_current(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListApi(APIView):
    """The signed-in user's API tokens that still work (never the tokens themselves)."""

    permission_classes = [roles.RulePermission]
    rule = "account"

    class OutputSerializer(serializers.Serializer):
        key = serializers.CharField(source="token_key", help_text="Начало токена: по нему токен отзывают")
        created = serializers.DateTimeField()
        expiry = serializers.DateTimeField(allow_null=True)
        current = serializers.SerializerMethodField(help_text="Этим токеном сделан запрос")

        def get_current(self, token) -> bool:
            current = self.context.get("current")
            return current is not None and current.pk == token.pk

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        current = request.auth if isinstance(request.successful_authenticator, TokenAuthentication) else None
        tokens = tokens_of(user=request.user)
        return Response(self.OutputSerializer(tokens, many=True, context={"current": current}).data)


class TokenRevokeApi(APIView):
    """Revoke one of the signed-in user's own tokens by its key (from the list)."""

    permission_classes = [roles.RulePermission]
    rule = "account"

    @extend_schema(responses={204: None})
    def delete(self, request, key: str):
        if not token_revoke(user=request.user, token_key=key):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    """The signed-in user and their roles with scopes."""

    permission_classes = [roles.RulePermission]
    rule = "account"

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
