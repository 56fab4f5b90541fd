"""The API of schools as organisations (issue 8, section 1), under /api/v1/organisations/.

Not /api/v1/schools/…: that prefix is a school's own API (tenants.routing takes what follows it for a
school's code). One APIView per action; the role table's rule "organisations" (reads:
organisations.read, writes: organisations.write) and then tenants.access for which schools.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regional_center.selectors import schools_search
from regional_center.services.school_years import school_flags_history, school_flags_set

from .. import access, roles
from ..models import School
from ..services.onboarding import OnboardingFileError, onboarding_job, schools_onboard_start
from ..services.organisations import school_archive, school_unarchive, school_update
from ..services.provisioning import SchoolData, school_create
from ..services.school_export import school_export, school_export_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrganisationApi(APIView):
    permission_classes = [roles.RulePermission]
    rule = "organisations"


class SchoolRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(help_text="Код в адресе: /s/<slug>/ и /api/v1/schools/<slug>/")
    full_name = serializers.CharField()
    short_name = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id")
    municipality_name = serializers.CharField(source="municipality.name")
    kind = serializers.ChoiceField(choices=School.Kind.choices)
    address = serializers.CharField()
    inn = serializers.CharField()
    low_results = serializers.BooleanField(help_text="ШНОР в текущем учебном году")
    partner_school = serializers.BooleanField(help_text="Школа-партнёр в текущем учебном году")
    status = serializers.ChoiceField(choices=School.Status.choices)
    created_at = serializers.DateTimeField()


class SchoolYearStatusOutputSerializer(serializers.Serializer):
    start_year = serializers.IntegerField(help_text="2026 — это 2026/27 учебный год")
    year_label = serializers.CharField()
    low_results = serializers.BooleanField()
    partner_school = serializers.BooleanField()
    reason = serializers.CharField()
    set_by = serializers.CharField(source="set_by.full_name", default=None, allow_null=True)
    set_at = serializers.DateTimeField()


class SchoolRecordDetailSerializer(SchoolRecordOutputSerializer):
    history = SchoolYearStatusOutputSerializer(many=True, help_text="Отметки по учебным годам, новые сверху")


def _detail(school: School) -> dict:
    school.history = list(school_flags_history(school=school))
    return SchoolRecordDetailSerializer(school).data


class SchoolRecordListApi(OrganisationApi):
    """The schools the caller oversees: the region's for its staff, a coordinator's municipality's."""

    pagination_class = LimitOffsetPagination

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "SchoolRecordListFilter"

        q = serializers.CharField(required=False, allow_blank=True, label="Наименование, код или ИНН")
        municipality = serializers.IntegerField(required=False, label="Муниципалитет")
        kind = serializers.ChoiceField(choices=School.Kind.choices, required=False)
        low_results = serializers.BooleanField(required=False, allow_null=True, default=None, label="ШНОР")
        partner_school = serializers.BooleanField(
            required=False, allow_null=True, default=None, label="Партнёр"
        )
        status = serializers.ChoiceField(choices=School.Status.choices, required=False)

    @extend_schema(parameters=[FilterSerializer], responses=SchoolRecordOutputSerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        schools = schools_search(
            schools=access.organisation_schools(request.user),
            q=data.get("q", ""),
            municipality_id=data.get("municipality"),
            kind=data.get("kind", ""),
            low_results=data.get("low_results"),
            partner_school=data.get("partner_school"),
            status=data.get("status", ""),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(schools, request, view=self)
        return paginator.get_paginated_response(SchoolRecordOutputSerializer(page, many=True).data)


class SchoolRecordDetailApi(OrganisationApi):
    """A school's card with its ШНОР and partner flags by school year."""

    @extend_schema(responses=SchoolRecordDetailSerializer)
    def get(self, request, school_id: int):
        return Response(_detail(access.access_school_record(request.user, school_id)))


class SchoolRecordCreateApi(OrganisationApi):
    """Connect a school: its record and its own schema; the flags become the current year's."""

    class InputSerializer(serializers.Serializer):
        slug = serializers.CharField(max_length=48, help_text="латинские строчные буквы, цифры, дефис")
        full_name = serializers.CharField(max_length=500)
        short_name = serializers.CharField(max_length=200)
        municipality = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=School.Kind.choices, default=School.Kind.SCHOOL)
        address = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
        inn = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)
        low_results = serializers.BooleanField(default=False)
        partner_school = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses={201: SchoolRecordDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["municipality"] = _municipality(request.user, fields["municipality"])
        school = school_create(data=SchoolData(**fields), by=request.user)
        return Response(_detail(school), status=status.HTTP_201_CREATED)


def _municipality(user, municipality_id):
    try:
        return access.access_municipality(user, municipality_id)
    except Http404:
        raise serializers.ValidationError(
            {"municipality": ["Муниципалитет не найден в вашем регионе."]}
        ) from None


class SchoolRecordUpdateApi(OrganisationApi):
    """Change a school's card (its code stays: it names the schema and is in everyone's links)."""

    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=500, required=False)
        short_name = serializers.CharField(max_length=200, required=False)
        municipality = serializers.IntegerField(required=False)
        kind = serializers.ChoiceField(choices=School.Kind.choices, required=False)
        address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        inn = serializers.CharField(max_length=12, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=SchoolRecordDetailSerializer)
    def patch(self, request, school_id: int):
        school = access.access_school_record(request.user, school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "municipality" in fields:
            fields["municipality"] = _municipality(request.user, fields["municipality"])
        return Response(_detail(school_update(school=school, **fields)))


class SchoolRecordFlagsApi(OrganisationApi):
    """Set the school's ШНОР and partner flags for one school year (kept as history)."""

    class InputSerializer(serializers.Serializer):
        start_year = serializers.IntegerField(help_text="год начала учебного года: 2026 — это 2026/27")
        low_results = serializers.BooleanField()
        partner_school = serializers.BooleanField()
        reason = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=SchoolRecordDetailSerializer)
    def post(self, request, school_id: int):
        school = access.access_school_record(request.user, school_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        school_flags_set(school=school, by=request.user, **data.validated_data)
        return Response(_detail(School.objects.select_related("municipality").get(pk=school.pk)))


class SchoolRecordArchiveApi(OrganisationApi):
    """Move the school to the archive: nobody enters it, its schema and data are kept. Take the export
    (…/export/) first."""

    @extend_schema(request=None, responses=SchoolRecordDetailSerializer)
    def post(self, request, school_id: int):
        school = school_archive(school=access.access_school_record(request.user, school_id))
        return Response(_detail(school))


class SchoolRecordUnarchiveApi(OrganisationApi):
    """Bring an archived school back."""

    @extend_schema(request=None, responses=SchoolRecordDetailSerializer)
    def post(self, request, school_id: int):
        school = school_unarchive(school=access.access_school_record(request.user, school_id))
        return Response(_detail(school))


class SchoolRecordExportApi(OrganisationApi):
    """Every table of the school's schema, a sheet each (XLSX). Holds the school's personal data:
    the regional administrator only."""

    rules = {"GET": "organisations.write"}

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX")})
    def get(self, request, school_id: int):
        school = access.access_school_record(request.user, school_id)
        response = HttpResponse(school_export(school=school), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{school_export_filename(school)}"'
        return response


class OnboardingJobSerializer(serializers.Serializer):
    job_id = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    done = serializers.IntegerField(help_text="Подключено школ")
    total = serializers.IntegerField(help_text="Школ в файле")
    schools = serializers.ListField(child=serializers.CharField(), help_text="Коды подключённых школ")


class OnboardingUploadApi(OrganisationApi):
    """Connect the schools of an XLSX/CSV file. The whole file is checked first: a wrong row answers
    400 with every row's errors and nothing is created. Up to 5 schools are connected at once (state
    «done»); a larger file is queued (202, state «queued»): follow it at …/onboarding/<job_id>/."""

    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="XLSX или CSV; столбцы — как в шаблоне на странице загрузки")

    @extend_schema(
        request=InputSerializer, responses={200: OnboardingJobSerializer, 202: OnboardingJobSerializer}
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            started = schools_onboard_start(
                region=access.access_region(request.user),
                name=upload.name,
                content=upload.read(),
                by=request.user,
            )
        except OnboardingFileError as error:
            return Response(
                {
                    "detail": f"Файл не принят: ошибок — {len(error.errors)}. Ни одна школа не создана.",
                    "errors": [e.as_dict() for e in error.errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if started.job_id:
            job = onboarding_job(started.job_id)
            return Response({"job_id": started.job_id, **job}, status=status.HTTP_202_ACCEPTED)
        slugs = [school.slug for school in started.schools]
        return Response(
            {"job_id": None, "state": "done", "done": len(slugs), "total": len(slugs), "schools": slugs}
        )


class OnboardingJobApi(OrganisationApi):
    """The state of a queued onboarding; `errors` when it failed."""

    rules = {"GET": "organisations.write"}

    class OutputSerializer(OnboardingJobSerializer):
        errors = serializers.ListField(child=serializers.DictField(), help_text="Ошибки по строкам файла")

    @extend_schema(responses=OutputSerializer)
    def get(self, request, job_id: str):
        job = onboarding_job(job_id)
        if job is None or job["region_id"] != access.access_region(request.user).pk:
            raise Http404
        return Response(self.OutputSerializer({"job_id": job_id, **job}).data)


urlpatterns = [
    path("organisations/schools/", SchoolRecordListApi.as_view(), name="api-schools"),
    path("organisations/schools/create/", SchoolRecordCreateApi.as_view(), name="api-school-create"),
    path("organisations/schools/<int:school_id>/", SchoolRecordDetailApi.as_view(), name="api-school"),
    path(
        "organisations/schools/<int:school_id>/update/",
        SchoolRecordUpdateApi.as_view(),
        name="api-school-update",
    ),
    path(
        "organisations/schools/<int:school_id>/flags/",
        SchoolRecordFlagsApi.as_view(),
        name="api-school-flags",
    ),
    path(
        "organisations/schools/<int:school_id>/archive/",
        SchoolRecordArchiveApi.as_view(),
        name="api-school-archive",
    ),
    path(
        "organisations/schools/<int:school_id>/unarchive/",
        SchoolRecordUnarchiveApi.as_view(),
        name="api-school-unarchive",
    ),
    path(
        "organisations/schools/<int:school_id>/export/",
        SchoolRecordExportApi.as_view(),
        name="api-school-export",
    ),
    path("organisations/onboarding/", OnboardingUploadApi.as_view(), name="api-onboarding"),
    path("organisations/onboarding/<slug:job_id>/", OnboardingJobApi.as_view(), name="api-onboarding-job"),
    path("", include("regional_center.api")),
    path("", include("consultation_points.api")),
]
