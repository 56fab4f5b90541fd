"""API: the director's orders and the printable documents. Mounted under /api/v1/schools/<school>/.

Orders: staff (curator, director); signing: the director only. Agreement and plan documents: staff
and the group's own mentor.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..documents.pdf import CONVERSION_FAILED, PDF_UNAVAILABLE, PdfConversionFailed, PdfUnavailable
from ..documents.response import DOCX, PDF, document_response
from ..models import Order
from ..selectors.orders import order_acquaintances, order_appendix, order_list
from ..services import documents
from ..services.orders import (
    order_cancel,
    order_draft_approve_programme,
    order_draft_fix_groups,
    order_draft_release_mentor,
    order_draft_reward_mentors,
    order_sign,
    order_update,
)
from .base import AccessibleField, AccessibleListField, SchoolApiView

TAG = ["Приказы и документы"]


class OrderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.IntegerField(source="programme_id")
    programme_title = serializers.CharField(source="programme.title")
    kind = serializers.ChoiceField(choices=Order.Kind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    number = serializers.CharField()
    date = serializers.DateField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Order.Status.choices)
    status_display = serializers.CharField(source="get_status_display")
    signed_on = serializers.DateField(allow_null=True)


class OrderPageSerializer(serializers.Serializer):
    """The register's page (limit/offset pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = OrderOutputSerializer(many=True)


class OrderAppendixSerializer(serializers.Serializer):
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_blank=True)))


class OrderPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    description = serializers.CharField()


class OrderDetailSerializer(OrderOutputSerializer):
    body = serializers.CharField()
    appendix = OrderAppendixSerializer(allow_null=True)
    acquaintances = OrderPersonSerializer(many=True)


def _detail(order: Order) -> dict:
    order.appendix = order_appendix(order)
    order.acquaintances = order_acquaintances(order)
    return OrderDetailSerializer(order).data


class _StaffApi(SchoolApiView):
    rule = "orders"


# --- The register --------------------------------------------------------------------------------


class OrderListApi(_StaffApi):
    """The register of orders, newest first; filter by kind, state and year."""

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Order.Kind.choices, required=False)
        status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
        year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)

    @extend_schema(
        operation_id="schools_orders_list",
        tags=TAG,
        parameters=[FilterSerializer],
        responses=OrderPageSerializer,
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(order_list(**filters.validated_data), request, view=self)
        return paginator.get_paginated_response(OrderOutputSerializer(page, many=True).data)


class OrderDetailApi(_StaffApi):
    @extend_schema(tags=TAG, responses=OrderDetailSerializer)
    def get(self, request, order_id: int):
        return Response(_detail(access.access_order(request.user, order_id)))


# --- Drafting ------------------------------------------------------------------------------------


class OrderApproveProgrammeCreateApi(_StaffApi):
    """Draft «Об утверждении программы наставничества и назначении кураторов»."""

    @extend_schema_serializer(component_name="OrderApproveProgrammeInput")
    class InputSerializer(serializers.Serializer):
        programme = AccessibleField(access.access_programme, label="Программа")
        curators = AccessibleListField(access.access_participant, label="Кураторы")
        date = serializers.DateField(label="Дата приказа", validators=[DateInRange("Дата приказа")])

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        order = order_draft_approve_programme(**data.validated_data)
        return Response(_detail(order), status=status.HTTP_201_CREATED)


class OrderFixGroupsCreateApi(_StaffApi):
    """Draft «О закреплении наставнических пар / групп» for pairs and groups without such an order."""

    @extend_schema_serializer(component_name="OrderFixGroupsInput")
    class InputSerializer(serializers.Serializer):
        programme = AccessibleField(access.access_programme, label="Программа")
        groups = AccessibleListField(access.access_group, label="Пары и группы")
        date = serializers.DateField(label="Дата приказа", validators=[DateInRange("Дата приказа")])

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        order = order_draft_fix_groups(**data.validated_data)
        return Response(_detail(order), status=status.HTTP_201_CREATED)


class OrderReleaseMentorCreateApi(_StaffApi):
    """Draft the order on early release of mentors (recorded releases without an order)."""

    @extend_schema_serializer(component_name="OrderReleaseMentorInput")
    class InputSerializer(serializers.Serializer):
        releases = AccessibleListField(access.access_release, label="Досрочные освобождения")
        date = serializers.DateField(label="Дата приказа", validators=[DateInRange("Дата приказа")])

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        order = order_draft_release_mentor(**data.validated_data)
        return Response(_detail(order), status=status.HTTP_201_CREATED)


class OrderRewardMentorsCreateApi(_StaffApi):
    """Draft «О поощрении наставников» (recorded rewards without an order)."""

    @extend_schema_serializer(component_name="OrderRewardMentorsInput")
    class InputSerializer(serializers.Serializer):
        rewards = AccessibleListField(access.access_reward, label="Поощрения")
        date = serializers.DateField(label="Дата приказа", validators=[DateInRange("Дата приказа")])

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        order = order_draft_reward_mentors(**data.validated_data)
        return Response(_detail(order), status=status.HTTP_201_CREATED)


# --- Editing, signing, cancelling ----------------------------------------------------------------


class OrderUpdateApi(_StaffApi):
    """Edit a draft's title, text or date."""

    @extend_schema_serializer(component_name="OrderUpdateInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=500, required=False, label="Заголовок")
        body = serializers.CharField(required=False, label="Текст приказа")
        date = serializers.DateField(
            required=False, label="Дата приказа", validators=[DateInRange("Дата приказа")]
        )

    @extend_schema(tags=TAG, request=InputSerializer, responses=OrderDetailSerializer)
    def post(self, request, order_id: int):
        order = access.access_order(request.user, order_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return Response(_detail(order_update(order=order, **data.validated_data)))


class OrderSignApi(SchoolApiView):
    """The director signs: a number new in the year of signing; the order is dated that day."""

    rule = "orders.sign"

    @extend_schema_serializer(component_name="OrderSignInput")
    class InputSerializer(serializers.Serializer):
        number = serializers.CharField(max_length=30, label="Номер приказа")
        signed_on = serializers.DateField(
            label="Дата подписания", validators=[DateInRange("Дата подписания")]
        )

    @extend_schema(tags=TAG, request=InputSerializer, responses=OrderDetailSerializer)
    def post(self, request, order_id: int):
        order = access.access_order(request.user, order_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return Response(_detail(order_sign(order=order, **data.validated_data)))


class OrderCancelApi(_StaffApi):
    """Withdraw a draft: its pairs, releases and rewards become free for another order."""

    @extend_schema(tags=TAG, request=None, responses={204: None})
    def post(self, request, order_id: int):
        order_cancel(order=access.access_order(request.user, order_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Documents -----------------------------------------------------------------------------------


class ServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Сервис временно недоступен."


def _download(build, fmt: str):
    try:
        return document_response(build(fmt))
    except PdfUnavailable as error:
        raise NotFound(str(error)) from error
    except PdfConversionFailed as error:
        raise ServiceUnavailable(str(error)) from error


def _file_schema(fmt: str, what: str):
    """A binary download in the OpenAPI schema; PDF may be a 404 where LibreOffice is missing."""
    content_type = DOCX if fmt == "docx" else PDF
    responses = {
        (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=f"{what}, {fmt.upper()}")
    }
    if fmt == "pdf":
        responses[404] = OpenApiResponse(description=PDF_UNAVAILABLE)
        responses[503] = OpenApiResponse(description=CONVERSION_FAILED)
    return extend_schema_view(get=extend_schema(tags=TAG, responses=responses))


class _OrderFileApi(_StaffApi):
    fmt = "docx"

    def get(self, request, order_id: int):
        order = access.access_order(request.user, order_id)
        return _download(
            lambda f: documents.order_document(order=order, school=request.school, fmt=f), self.fmt
        )


@_file_schema("docx", "Приказ")
class OrderDocxApi(_OrderFileApi):
    fmt = "docx"


@_file_schema("pdf", "Приказ")
class OrderPdfApi(_OrderFileApi):
    fmt = "pdf"


class _AgreementFileApi(SchoolApiView):
    """Staff and the group's own mentor; anyone who cannot see the group gets 404."""

    rule = "documents.read"
    fmt = "docx"

    def get(self, request, group_id: int):
        group = access.access_managed_group(request.user, group_id)
        return _download(
            lambda f: documents.agreement_document(group=group, school=request.school, fmt=f), self.fmt
        )


@_file_schema("docx", "Соглашение между наставником и наставляемым")
class GroupAgreementDocxApi(_AgreementFileApi):
    fmt = "docx"


@_file_schema("pdf", "Соглашение между наставником и наставляемым")
class GroupAgreementPdfApi(_AgreementFileApi):
    fmt = "pdf"


class _PlanFileApi(SchoolApiView):
    rule = "documents.read"
    fmt = "docx"

    def get(self, request, plan_id: int):
        plan = access.access_managed_plan(request.user, plan_id)
        return _download(lambda f: documents.plan_document(plan=plan, school=request.school, fmt=f), self.fmt)


@_file_schema("docx", "Индивидуальный план развития")
class PlanDocxApi(_PlanFileApi):
    fmt = "docx"


@_file_schema("pdf", "Индивидуальный план развития")
class PlanPdfApi(_PlanFileApi):
    fmt = "pdf"


urlpatterns = [
    path("orders/", OrderListApi.as_view(), name="orders"),
    path("orders/approve-programme/", OrderApproveProgrammeCreateApi.as_view(), name="order-create-approve"),
    path("orders/fix-groups/", OrderFixGroupsCreateApi.as_view(), name="order-create-fix-groups"),
    path("orders/release-mentor/", OrderReleaseMentorCreateApi.as_view(), name="order-create-release"),
    path("orders/reward-mentors/", OrderRewardMentorsCreateApi.as_view(), name="order-create-reward"),
    path("orders/<int:order_id>/", OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<int:order_id>/update/", OrderUpdateApi.as_view(), name="order-update"),
    path("orders/<int:order_id>/sign/", OrderSignApi.as_view(), name="order-sign"),
    path("orders/<int:order_id>/cancel/", OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<int:order_id>/docx/", OrderDocxApi.as_view(), name="order-docx"),
    path("orders/<int:order_id>/pdf/", OrderPdfApi.as_view(), name="order-pdf"),
    path(
        "documents/groups/<int:group_id>/agreement/docx/",
        GroupAgreementDocxApi.as_view(),
        name="group-agreement-docx",
    ),
    path(
        "documents/groups/<int:group_id>/agreement/pdf/",
        GroupAgreementPdfApi.as_view(),
        name="group-agreement-pdf",
    ),
    path("documents/plans/<int:plan_id>/docx/", PlanDocxApi.as_view(), name="plan-docx"),
    path("documents/plans/<int:plan_id>/pdf/", PlanPdfApi.as_view(), name="plan-pdf"),
]
