"""API: the programme and its road map. Mounted under /api/v1/schools/<school>/."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..models import Form, Programme, RoadmapItem, RoleModel, Stage
from ..selectors.programmes import programme_list, programme_summary
from ..services.programmes import programme_create, programme_update, role_model_save
from ..services.roadmap import (
    roadmap_item_create,
    roadmap_item_delete,
    roadmap_item_move,
    roadmap_item_update,
)
from .base import SchoolApiView


class ProgrammeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    forms = serializers.ListField(child=serializers.CharField())
    goals = serializers.CharField()


class ProgrammeInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, label="Название")
    start_date = serializers.DateField(label="Начало", validators=[DateInRange("Дата начала")])
    end_date = serializers.DateField(label="Окончание", validators=[DateInRange("Дата окончания")])
    forms = serializers.ListField(child=serializers.ChoiceField(choices=Form.choices), required=False)
    goals = serializers.CharField(required=False, allow_blank=True)


class ProgrammeListApi(SchoolApiView):
    """Programmes of the school: readers read (as on the programme page); the curator and director create."""

    rule = "programme"

    @extend_schema(responses=ProgrammeOutputSerializer(many=True))
    def get(self, request):
        return Response(ProgrammeOutputSerializer(programme_list(), many=True).data)

    @extend_schema(request=ProgrammeInputSerializer, responses={201: ProgrammeOutputSerializer})
    def post(self, request):
        data = ProgrammeInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        programme = programme_create(**data.validated_data)
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


class ProgrammeDetailApi(SchoolApiView):
    rule = "programme"

    class UpdateSerializer(ProgrammeInputSerializer):
        status = serializers.ChoiceField(choices=Programme.Status.choices, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.required = False

    class OutputSerializer(ProgrammeOutputSerializer):
        summary = serializers.SerializerMethodField()

        def get_summary(self, programme) -> dict:
            return programme_summary(programme)

    @extend_schema(responses=OutputSerializer)
    def get(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        return Response(self.OutputSerializer(programme).data)

    @extend_schema(request=UpdateSerializer, responses=OutputSerializer)
    def patch(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        programme = programme_update(programme=programme, **data.validated_data)
        return Response(self.OutputSerializer(programme).data)


class RoadmapItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    stage_display = serializers.CharField(source="get_stage_display")
    order = serializers.IntegerField()
    activity = serializers.CharField()
    content = serializers.CharField()
    deadline = serializers.DateField()
    responsible = serializers.CharField()
    status = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, item) -> bool:
        return item.is_overdue_on(self.context["today"])


class RoadmapApi(SchoolApiView):
    """The road map of a programme: readers read it; the curator and director add lines."""

    rule = "programme"

    class CreateSerializer(serializers.Serializer):
        stage = serializers.ChoiceField(choices=Stage.choices, label="Этап")
        activity = serializers.CharField(max_length=500, label="Мероприятие")
        content = serializers.CharField(required=False, allow_blank=True, label="Содержание")
        deadline = serializers.DateField(validators=[DateInRange("Срок")], label="Срок")
        responsible = serializers.CharField(max_length=300, label="Ответственные")

    @extend_schema(responses=RoadmapItemSerializer(many=True))
    def get(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        return Response(
            RoadmapItemSerializer(
                programme.roadmap.all(), many=True, context={"today": timezone.localdate()}
            ).data
        )

    @extend_schema(request=CreateSerializer, responses={201: RoadmapItemSerializer})
    def post(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        data = self.CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = roadmap_item_create(programme=programme, **data.validated_data)
        return Response(
            RoadmapItemSerializer(item, context={"today": timezone.localdate()}).data,
            status=status.HTTP_201_CREATED,
        )


class RoadmapItemApi(SchoolApiView):
    rule = "programme"

    class InputSerializer(serializers.Serializer):
        activity = serializers.CharField(max_length=500, required=False)
        content = serializers.CharField(required=False, allow_blank=True)
        deadline = serializers.DateField(required=False, validators=[DateInRange("Срок")])
        responsible = serializers.CharField(max_length=300, required=False)
        status = serializers.ChoiceField(choices=RoadmapItem.Status.choices, required=False)
        move = serializers.ChoiceField(
            choices=[("up", "выше в этапе"), ("down", "ниже в этапе")], required=False, label="Переместить"
        )

    @extend_schema(request=InputSerializer, responses=RoadmapItemSerializer)
    def patch(self, request, item_id: int):
        """Edit a line; `move` ("up"/"down") changes its place among the lines of its stage."""
        item = access.access_roadmap_item(request.user, item_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        direction = fields.pop("move", None)
        if fields:
            item = roadmap_item_update(item=item, **fields)
        if direction:
            item = roadmap_item_move(item=item, direction=direction)
        return Response(RoadmapItemSerializer(item, context={"today": timezone.localdate()}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, item_id: int):
        item = access.access_roadmap_item(request.user, item_id)
        roadmap_item_delete(item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoleModelSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    form = serializers.ChoiceField(choices=Form.choices)
    name = serializers.CharField(max_length=200)
    goal = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class RoleModelListApi(SchoolApiView):
    """The school's editable role models; readers read (as on the page), staff add."""

    rule = "programme"

    @extend_schema(responses=RoleModelSerializer(many=True))
    def get(self, request):
        return Response(
            RoleModelSerializer(RoleModel.objects.order_by("form", "order", "name"), many=True).data
        )

    @extend_schema(request=RoleModelSerializer, responses={201: RoleModelSerializer})
    def post(self, request):
        data = RoleModelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        role_model = role_model_save(**data.validated_data)
        return Response(RoleModelSerializer(role_model).data, status=status.HTTP_201_CREATED)


class RoleModelApi(SchoolApiView):
    rule = "programme"

    @extend_schema(request=RoleModelSerializer, responses=RoleModelSerializer)
    def put(self, request, role_model_id: int):
        role_model = access.access_role_model(request.user, role_model_id)
        data = RoleModelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        role_model = role_model_save(role_model=role_model, **data.validated_data)
        return Response(RoleModelSerializer(role_model).data)


urlpatterns = [
    path("role-models/", RoleModelListApi.as_view(), name="role-model-list"),
    path("role-models/<int:role_model_id>/", RoleModelApi.as_view(), name="role-model"),
    path("programmes/", ProgrammeListApi.as_view(), name="programme-list"),
    path("programmes/<int:programme_id>/", ProgrammeDetailApi.as_view(), name="programme-detail"),
    path("programmes/<int:programme_id>/roadmap/", RoadmapApi.as_view(), name="roadmap"),
    path("roadmap/<int:item_id>/", RoadmapItemApi.as_view(), name="roadmap-item"),
]
