"""API of the regional centre (CENTRE, issue 9 §§1, 2, 7): the centre and its chain, the road map,
partners, agreements (the scan as multipart upload) and the practice library. One view per action;
the role table (tenants/roles.py) by `rule`, the objects by regional_center.access."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import roles
from tenants.models import Role, School

from . import access
from .models import Agreement, PartnerOrganisation, RoadmapStage
from .selectors_centre import (
    agreements_search,
    centre_staff,
    centre_summary,
    centre_todo,
    management_chain,
    partners_search,
    practices_search,
    roadmap,
)
from .services.agreements import agreement_create, agreement_update, agreements_expiring
from .services.partners import partner_create, partner_update
from .services.practices import partner_practice_create
from .services.roadmap import milestone_create, milestone_update, stage_save
from .vocabulary import MentoringForm, Subject


class CentreApi(APIView):
    permission_classes = [roles.RulePermission]


# --- Serializers ---------------------------------------------------------------------------------------


class CentreMilestoneOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    responsible = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)


class CentreStageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RoadmapStage.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=RoadmapStage.Status.choices)
    tasks = serializers.CharField()
    milestones = CentreMilestoneOutputSerializer(many=True, source="milestones.all")


class CentreChainMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    education_department = serializers.CharField()
    school_count = serializers.IntegerField()
    low_results_count = serializers.IntegerField()
    partner_count = serializers.IntegerField()
    point_count = serializers.IntegerField()


class CentreChainSerializer(serializers.Serializer):
    authority = serializers.CharField(help_text="Региональный орган управления образованием")
    municipalities = CentreChainMunicipalitySerializer(many=True)
    centre = serializers.CharField(help_text="Региональный центр наставничества")
    schools = serializers.IntegerField()
    low_results = serializers.IntegerField()
    partners = serializers.IntegerField()
    points = serializers.IntegerField()


class CentreStaffSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField(source="user.full_name")
    role = serializers.ChoiceField(choices=Role.choices)


class CentreOutputSerializer(serializers.Serializer):
    region = serializers.CharField()
    chain = CentreChainSerializer()
    staff = CentreStaffSerializer(many=True)
    roadmap = CentreStageOutputSerializer(many=True)


class CentrePartnerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PartnerOrganisation.Kind.choices)
    school_id = serializers.IntegerField(allow_null=True)
    municipality_id = serializers.IntegerField(allow_null=True)
    subjects = serializers.ListField(child=serializers.ChoiceField(choices=Subject.choices))
    offer = serializers.CharField()
    contact_person = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    address = serializers.CharField()
    is_active = serializers.BooleanField()


class CentreAgreementOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    signed_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Agreement.Status.choices)
    partner_ids = serializers.SerializerMethodField()
    school_ids = serializers.SerializerMethodField()
    document_name = serializers.CharField()
    document_type = serializers.CharField()
    has_document = serializers.SerializerMethodField()

    def get_partner_ids(self, obj) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    def get_school_ids(self, obj) -> list[int]:
        return sorted(s.pk for s in obj.schools.all())

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class CentrePracticeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    author = serializers.CharField(source="author_name")
    school_id = serializers.IntegerField(allow_null=True)
    partner_id = serializers.IntegerField(allow_null=True)
    form = serializers.CharField()
    form_label = serializers.CharField()
    role_model_name = serializers.CharField()
    subject = serializers.CharField()
    topic = serializers.CharField()
    description = serializers.CharField()
    results = serializers.CharField()
    published_at = serializers.DateTimeField()


def _page(view, request, queryset, serializer):
    """A page of a list view; the view declares `pagination_class`, so that the schema documents the
    page (`count`, `next`, `previous`, `results`) and its `limit`/`offset`, not a bare array."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


# --- The centre and the road map -----------------------------------------------------------------------


class CentreDetailApi(CentreApi):
    """The centre: the management chain (seed 003), the centre's staff, the road map (seed 002)."""

    rule = "centre"

    @extend_schema(responses=CentreOutputSerializer)
    def get(self, request):
        region = access.centre_region(request.user)
        data = {
            "region": region.name,
            "chain": management_chain(region),
            "staff": centre_staff(region),
            "roadmap": roadmap(region),
        }
        return Response(CentreOutputSerializer(data).data)


class CentreTodoOutputSerializer(serializers.Serializer):
    within_days = serializers.IntegerField()
    agreements_expiring = CentreAgreementOutputSerializer(many=True)
    milestones_due = CentreMilestoneOutputSerializer(many=True)
    drafts = CentreAgreementOutputSerializer(many=True)


class CentreTodoApi(CentreApi):
    """The administrator's to-do list: agreements expiring within N days, milestones due, drafts."""

    rule = "centre_todo"

    @extend_schema(
        parameters=[OpenApiParameter("within", int, description="Окно в днях (по умолчанию 30)")],
        responses=CentreTodoOutputSerializer,
    )
    def get(self, request):
        raw = request.query_params.get("within", "")
        within = max(1, min(int(raw), 3650)) if raw.isdigit() else 30
        todo = centre_todo(
            region=access.centre_region(request.user), today=timezone.localdate(), within_days=within
        )
        return Response(CentreTodoOutputSerializer(todo).data)


class CentreCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()

    def to_representation(self, instance):
        label, count = instance
        return {"label": label, "count": count}


class CentreSummaryOutputSerializer(serializers.Serializer):
    agreements_by_status = CentreCountSerializer(many=True)
    partners_by_kind = CentreCountSerializer(many=True)
    practices_by_form = CentreCountSerializer(many=True)
    practices_by_subject = CentreCountSerializer(many=True)
    practices_total = serializers.IntegerField()
    practices_from_partners = serializers.IntegerField()
    milestones_total = serializers.IntegerField()
    milestones_done = serializers.IntegerField()
    milestones_overdue = serializers.IntegerField()


class CentreSummaryApi(CentreApi):
    """The analyst's summaries of the centre's work."""

    rule = "centre_summary"

    @extend_schema(responses=CentreSummaryOutputSerializer)
    def get(self, request):
        summary = centre_summary(region=access.centre_region(request.user), today=timezone.localdate())
        return Response(CentreSummaryOutputSerializer(summary).data)


class StageSaveApi(CentreApi):
    """Plan or change one stage of the road map (by its kind)."""

    rule = "centre"

    class InputSerializer(serializers.Serializer):
        starts_on = serializers.DateField()
        ends_on = serializers.DateField()
        status = serializers.ChoiceField(
            choices=RoadmapStage.Status.choices, default=RoadmapStage.Status.PLANNED
        )
        tasks = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=CentreStageOutputSerializer)
    def put(self, request, stage_kind: str):
        if stage_kind not in RoadmapStage.Kind.values:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stage = stage_save(region=access.centre_region(request.user), kind=stage_kind, **data.validated_data)
        return Response(CentreStageOutputSerializer(stage).data)


class MilestoneCreateApi(CentreApi):
    rule = "centre"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300)
        due_on = serializers.DateField()
        responsible = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: CentreMilestoneOutputSerializer})
    def post(self, request, stage_id: int):
        stage = access.access_roadmap_stage(request.user, stage_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = milestone_create(stage=stage, **data.validated_data)
        return Response(CentreMilestoneOutputSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneUpdateApi(CentreApi):
    """Change a milestone; `done_on` marks it done, null reopens it."""

    rule = "centre"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300, required=False)
        due_on = serializers.DateField(required=False)
        responsible = serializers.CharField(max_length=300, required=False, allow_blank=True)
        done_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses=CentreMilestoneOutputSerializer)
    def patch(self, request, milestone_id: int):
        milestone = access.access_roadmap_milestone(request.user, milestone_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = milestone_update(milestone=milestone, **data.validated_data)
        return Response(CentreMilestoneOutputSerializer(milestone).data)


# --- Partners ------------------------------------------------------------------------------------------


class CentrePartnerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=PartnerOrganisation.Kind.choices)
    school_id = serializers.IntegerField(required=False, allow_null=True)
    subjects = serializers.ListField(child=serializers.ChoiceField(choices=Subject.choices), required=False)
    offer = serializers.CharField(required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


def _school_of(region, school_id):
    if school_id is None:
        return None
    school = School.objects.filter(pk=school_id, municipality__region=region).first()
    if school is None:
        raise serializers.ValidationError({"school_id": ["Школа не найдена в регионе."]})
    return school


class PartnerListApi(CentreApi):
    rule = "partners"
    pagination_class = LimitOffsetPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("kind", str, enum=PartnerOrganisation.Kind.values),
            OpenApiParameter("subject", str, enum=Subject.values),
        ],
        responses=CentrePartnerOutputSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        partners = partners_search(
            partners=access.centre_partners(request.user),
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            subject=params.get("subject", ""),
        )
        return _page(self, request, partners, CentrePartnerOutputSerializer)


class PartnerDetailApi(CentreApi):
    rule = "partners"

    @extend_schema(responses=CentrePartnerOutputSerializer)
    def get(self, request, partner_id: int):
        return Response(CentrePartnerOutputSerializer(access.access_partner(request.user, partner_id)).data)


class PartnerCreateApi(CentreApi):
    rule = "partners"

    @extend_schema(request=CentrePartnerInputSerializer, responses={201: CentrePartnerOutputSerializer})
    def post(self, request):
        data = CentrePartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        region = access.centre_region(request.user)
        school = _school_of(region, fields.pop("school_id", None))
        partner = partner_create(region=region, school=school, **fields)
        return Response(CentrePartnerOutputSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerUpdateApi(CentreApi):
    rule = "partners"

    @extend_schema(
        request=CentrePartnerInputSerializer(partial=True), responses=CentrePartnerOutputSerializer
    )
    def patch(self, request, partner_id: int):
        partner = access.access_partner(request.user, partner_id)
        data = CentrePartnerInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        region = access.centre_region(request.user)
        if "school_id" in fields:
            fields["school"] = _school_of(region, fields.pop("school_id"))
        partner = partner_update(partner=partner, region=region, **fields)
        return Response(CentrePartnerOutputSerializer(partner).data)


# --- Agreements ----------------------------------------------------------------------------------------


class CentreAgreementInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=50)
    signed_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Agreement.Status.choices, default=Agreement.Status.DRAFT)
    partner_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    school_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    document = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="Скан: PDF, DOCX, JPEG или PNG (проверяется по содержимому)",
    )


def _parties(request, fields: dict) -> dict:
    region = access.centre_region(request.user)
    result = {}
    if "partner_ids" in fields:
        ids = set(fields.pop("partner_ids"))
        partners = list(access.centre_partners(request.user).filter(pk__in=ids))
        if len(partners) != len(ids):
            raise serializers.ValidationError({"partner_ids": ["Есть неизвестные организации-партнёры."]})
        result["partners"] = partners
    if "school_ids" in fields:
        ids = set(fields.pop("school_ids"))
        schools = list(School.objects.filter(pk__in=ids, municipality__region=region))
        if len(schools) != len(ids):
            raise serializers.ValidationError({"school_ids": ["Есть школы не из региона."]})
        result["schools"] = schools
    return result


class AgreementListApi(CentreApi):
    """Agreements; with `expiring_within`, only active ones ending within that many days."""

    rule = "agreements"
    pagination_class = LimitOffsetPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Agreement.Status.values),
            OpenApiParameter("q", str),
            OpenApiParameter("expiring_within", int),
        ],
        responses=CentreAgreementOutputSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        agreements = access.centre_agreements(request.user)
        within = params.get("expiring_within", "")
        if within.isdigit():
            agreements = agreements_expiring(
                agreements=agreements, within_days=min(int(within), 3650), today=timezone.localdate()
            )
        else:
            agreements = agreements_search(
                agreements=agreements, status=params.get("status", ""), q=params.get("q", "")
            )
        return _page(self, request, agreements, CentreAgreementOutputSerializer)


class AgreementDetailApi(CentreApi):
    rule = "agreements"

    @extend_schema(responses=CentreAgreementOutputSerializer)
    def get(self, request, agreement_id: int):
        return Response(
            CentreAgreementOutputSerializer(access.access_agreement(request.user, agreement_id)).data
        )


class AgreementCreateApi(CentreApi):
    """Register an agreement; the scan as a multipart field `document`."""

    rule = "agreements"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": CentreAgreementInputSerializer,
            "application/json": CentreAgreementInputSerializer,
        },
        responses={201: CentreAgreementOutputSerializer},
    )
    def post(self, request):
        data = CentreAgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = fields.pop("document", None)
        parties = _parties(request, fields)
        agreement = agreement_create(
            region=access.centre_region(request.user), document=document, **parties, **fields
        )
        return Response(CentreAgreementOutputSerializer(agreement).data, status=status.HTTP_201_CREATED)


class AgreementUpdateApi(CentreApi):
    rule = "agreements"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": CentreAgreementInputSerializer(partial=True),
            "application/json": CentreAgreementInputSerializer(partial=True),
        },
        responses=CentreAgreementOutputSerializer,
    )
    def patch(self, request, agreement_id: int):
        agreement = access.access_agreement(request.user, agreement_id)
        data = CentreAgreementInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = fields.pop("document", None)
        parties = _parties(request, fields)
        agreement = agreement_update(agreement=agreement, document=document, **parties, **fields)
        return Response(CentreAgreementOutputSerializer(agreement).data)


class AgreementDocumentApi(CentreApi):
    """The agreement's scan (404 when none is uploaded)."""

    rule = "agreements"

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, agreement_id: int):
        agreement = access.access_agreement(request.user, agreement_id)
        if not agreement.document:
            raise Http404
        return FileResponse(
            agreement.document.open("rb"),
            content_type=agreement.document_type or "application/octet-stream",
            as_attachment=True,
            filename=f"agreement-{agreement.number}.{agreement.document.name.rsplit('.', 1)[-1]}",
        )


# --- The practice library ------------------------------------------------------------------------------


class PracticeListApi(CentreApi):
    """Search the library: `q` is full-text (Russian stemming, web-search syntax), best match first."""

    rule = "practices"
    pagination_class = LimitOffsetPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("form", str, enum=MentoringForm.values),
            OpenApiParameter("role_model", str),
            OpenApiParameter("subject", str, enum=Subject.values),
            OpenApiParameter("topic", str),
            OpenApiParameter("author", str, enum=["school", "partner"]),
        ],
        responses=CentrePracticeOutputSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        practices = practices_search(
            practices=access.centre_practices(request.user),
            **{
                name: params.get(name, "")
                for name in ("q", "form", "role_model", "subject", "topic", "author")
            },
        )
        return _page(self, request, practices, CentrePracticeOutputSerializer)


class PracticeDetailApi(CentreApi):
    rule = "practices"

    @extend_schema(responses=CentrePracticeOutputSerializer)
    def get(self, request, practice_id: int):
        return Response(
            CentrePracticeOutputSerializer(access.access_practice(request.user, practice_id)).data
        )


class PartnerPracticeCreateApi(CentreApi):
    """Add a partner's practice to the library."""

    rule = "practices"

    class InputSerializer(serializers.Serializer):
        partner_id = serializers.IntegerField()
        title = serializers.CharField(max_length=300)
        form = serializers.ChoiceField(choices=MentoringForm.choices)
        role_model_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        subject = serializers.ChoiceField(
            choices=Subject.choices, required=False, allow_blank=True, default=""
        )
        topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        description = serializers.CharField()
        results = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: CentrePracticeOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        partner = access.centre_partners(request.user).filter(pk=fields.pop("partner_id")).first()
        if partner is None:
            raise serializers.ValidationError({"partner_id": ["Организация-партнёр не найдена."]})
        practice = partner_practice_create(partner=partner, **fields)
        return Response(CentrePracticeOutputSerializer(practice).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("centre/", CentreDetailApi.as_view(), name="api-centre"),
    path("centre/todo/", CentreTodoApi.as_view(), name="api-centre-todo"),
    path("centre/summary/", CentreSummaryApi.as_view(), name="api-centre-summary"),
    path("centre/roadmap/stages/<str:stage_kind>/", StageSaveApi.as_view(), name="api-centre-stage"),
    path(
        "centre/roadmap/stages/<int:stage_id>/milestones/",
        MilestoneCreateApi.as_view(),
        name="api-centre-milestone-create",
    ),
    path(
        "centre/roadmap/milestones/<int:milestone_id>/",
        MilestoneUpdateApi.as_view(),
        name="api-centre-milestone-update",
    ),
    path("centre/partners/", PartnerListApi.as_view(), name="api-centre-partners"),
    path("centre/partners/create/", PartnerCreateApi.as_view(), name="api-centre-partner-create"),
    path("centre/partners/<int:partner_id>/", PartnerDetailApi.as_view(), name="api-centre-partner"),
    path(
        "centre/partners/<int:partner_id>/update/",
        PartnerUpdateApi.as_view(),
        name="api-centre-partner-update",
    ),
    path("centre/agreements/", AgreementListApi.as_view(), name="api-centre-agreements"),
    path("centre/agreements/create/", AgreementCreateApi.as_view(), name="api-centre-agreement-create"),
    path("centre/agreements/<int:agreement_id>/", AgreementDetailApi.as_view(), name="api-centre-agreement"),
    path(
        "centre/agreements/<int:agreement_id>/update/",
        AgreementUpdateApi.as_view(),
        name="api-centre-agreement-update",
    ),
    path(
        "centre/agreements/<int:agreement_id>/document/",
        AgreementDocumentApi.as_view(),
        name="api-centre-agreement-document",
    ),
    path("centre/practices/", PracticeListApi.as_view(), name="api-centre-practices"),
    path("centre/practices/create/", PartnerPracticeCreateApi.as_view(), name="api-centre-practice-create"),
    path("centre/practices/<int:practice_id>/", PracticeDetailApi.as_view(), name="api-centre-practice"),
]
