from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants.access import SchoolRolePermission
from tenants.models import Role

from ..selectors.programmes import programme_list
from ..services.programmes import programme_create


class ProgrammeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")


class ProgrammeListApi(APIView):
    """Programmes of the school: every member may read; the curator and director create."""

    school_roles = {Role.CURATOR, Role.DIRECTOR}

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300, label="Название")
        start_date = serializers.DateField(label="Начало")
        end_date = serializers.DateField(label="Окончание")

    def get_permissions(self):
        if self.request.method == "POST":
            return [SchoolRolePermission()]
        return super().get_permissions()

    @extend_schema(responses=ProgrammeOutputSerializer(many=True))
    def get(self, request):
        return Response(ProgrammeOutputSerializer(programme_list(), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ProgrammeOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = programme_create(**data.validated_data)
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("programmes/", ProgrammeListApi.as_view(), name="programme-list"),
]
