"""API: participants, consents, categories, parents and children, bulk import.
Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py.

Reading the list: curator, director, psychologist (access.READERS); changing: curator and director
(access.STAFF). A participant's card is open to whoever may see the participant
(access.access_participant: a mentor sees their own mentees), without consents for non-readers;
special categories only for access.can_see_special, and each such read is logged.
"""

from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from nastavnik.tables import MAX_FILE_BYTES

from .. import access
from ..dates import BIRTH, DateInRange
from ..models import Consent, Participant, ParticipantKind, QualificationCategory
from ..models.choices import SPECIAL_CATEGORIES, Category, ExternalKind
from ..selectors.participants import (
    ConsentState,
    ParticipantFilters,
    consent_states_set,
    consent_status,
    participant_detail,
    participant_list,
)
from ..services.consents import consent_record, consent_withdraw
from ..services.imports import (
    IMPORT_KINDS,
    ImportFileError,
    import_job,
    import_template,
    participants_import_start,
)
from ..services.participants import (
    categories_set,
    guardianship_link,
    guardianship_unlink,
    participant_create,
    participant_deactivate,
    participant_reactivate,
    participant_update,
    special_access_record,
    special_categories_read,
)
from .base import AccessibleField, SchoolApiView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Serializers shared by several views -----------------------------------------------------------


class ParticipantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    middle_name = serializers.CharField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    email = serializers.CharField()
    phone = serializers.CharField()
    grade = serializers.IntegerField(allow_null=True)
    class_letter = serializers.CharField()
    class_name = serializers.CharField()
    position = serializers.CharField()
    subjects = serializers.ListField(child=serializers.CharField())
    experience_years = serializers.IntegerField(allow_null=True)
    qualification = serializers.CharField()
    is_methodist = serializers.BooleanField()
    is_mentor_teacher = serializers.BooleanField()
    graduation_year = serializers.IntegerField(allow_null=True)
    external_kind = serializers.CharField()
    organisation = serializers.CharField()
    external_id = serializers.CharField()
    is_active = serializers.BooleanField()
    categories = serializers.SerializerMethodField(help_text="Категории, кроме специальных")

    def get_categories(self, participant) -> list[str]:
        found = getattr(participant, "open_categories", None)
        if found is None:
            found = participant.categories.exclude(category__in=SPECIAL_CATEGORIES).order_by("category")
        return [c.category for c in found]


class ParticipantListItemSerializer(ParticipantOutputSerializer):
    consent_state = serializers.ChoiceField(choices=ConsentState.CHOICES)


class ParticipantPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ParticipantListItemSerializer(many=True)


class ParticipantInputSerializer(serializers.Serializer):
    """All kind fields are optional here; which are needed for the kind is the service's rule."""

    last_name = serializers.CharField(max_length=150, label="Фамилия")
    first_name = serializers.CharField(max_length=150, label="Имя")
    middle_name = serializers.CharField(max_length=150, required=False, allow_blank=True, label="Отчество")
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        label="Дата рождения",
        validators=[DateInRange("Дата рождения", BIRTH)],
    )
    email = serializers.EmailField(required=False, allow_blank=True, label="E-mail")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, label="Телефон")
    external_id = serializers.CharField(max_length=64, required=False, allow_blank=True, label="Код")
    grade = serializers.IntegerField(required=False, allow_null=True, label="Класс (параллель)")
    class_letter = serializers.CharField(max_length=4, required=False, allow_blank=True, label="Литера")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, label="Должность")
    subjects = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, label="Предметы"
    )
    experience_years = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="Стаж")
    qualification = serializers.ChoiceField(
        choices=QualificationCategory.choices, required=False, allow_blank=True, label="Категория"
    )
    is_methodist = serializers.BooleanField(required=False, label="Педагог-методист")
    is_mentor_teacher = serializers.BooleanField(required=False, label="Педагог-наставник")
    graduation_year = serializers.IntegerField(required=False, allow_null=True, label="Год выпуска")
    external_kind = serializers.ChoiceField(
        choices=ExternalKind.choices, required=False, allow_blank=True, label="Внешний наставник"
    )
    organisation = serializers.CharField(
        max_length=300, required=False, allow_blank=True, label="Организация"
    )
    account = serializers.CharField(
        required=False, allow_blank=True, label="Учётная запись (логин или e-mail); пусто — отвязать"
    )


class ParticipantConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scope = serializers.CharField()
    given_by = serializers.CharField()
    representative = serializers.IntegerField(source="representative_id", allow_null=True)
    representative_name = serializers.CharField()
    form = serializers.CharField()
    document_number = serializers.CharField()
    signed_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    withdrawal_reason = serializers.CharField()
    status = serializers.SerializerMethodField()

    def get_status(self, consent) -> str:
        return consent_status(consent)


class ParticipantRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    class_name = serializers.CharField()


class ParticipantCardSerializer(ParticipantOutputSerializer):
    consent_problem = serializers.CharField(allow_null=True)
    special_consent_problem = serializers.CharField(allow_null=True)
    consents = ParticipantConsentSerializer(many=True)
    parents = ParticipantRefSerializer(many=True)
    children = ParticipantRefSerializer(many=True)
    special_categories = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Только для куратора, директора и педагога-психолога; каждое чтение записывается в журнал",
    )


def _participant(request, participant_id: int) -> Participant:
    return access.access_participant(request.user, participant_id)


# --- Views -------------------------------------------------------------------------------------------


class ParticipantListApi(SchoolApiView):
    """The school's participants (filters, 50 a page) and adding one."""

    rule = "participants"

    class ParticipantFilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ParticipantKind.choices, required=False)
        class_name = serializers.CharField(required=False, help_text="«7» или «7А»")
        search = serializers.CharField(required=False, help_text="Часть фамилии, имени или отчества")
        category = serializers.ChoiceField(choices=Category.choices, required=False)
        consent = serializers.ChoiceField(choices=ConsentState.CHOICES, required=False)
        include_inactive = serializers.BooleanField(required=False, default=False)
        limit = serializers.IntegerField(required=False)
        offset = serializers.IntegerField(required=False)

    class ParticipantCreateSerializer(ParticipantInputSerializer):
        kind = serializers.ChoiceField(choices=ParticipantKind.choices, label="Кто")

    @extend_schema(
        operation_id="schools_participants_list",
        parameters=[ParticipantFilterSerializer],
        responses=ParticipantPageSerializer,
    )
    def get(self, request):
        query = self.ParticipantFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = {k: v for k, v in query.validated_data.items() if k not in {"limit", "offset"}}
        if data.get("category") in SPECIAL_CATEGORIES and not access.can_see_special(request.user):
            raise serializers.ValidationError({"category": "Фильтр по специальной категории вам недоступен."})
        people = participant_list(filters=ParticipantFilters(**data))
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(people, request, view=self)
        consent_states_set(page)
        if data.get("category") in SPECIAL_CATEGORIES:
            # The page tells who has a special category: each person on it is a logged view.
            special_access_record(
                participants=page, user=request.user, action="list", where=f"API {request.path}"
            )
        return paginator.get_paginated_response(ParticipantListItemSerializer(page, many=True).data)

    @extend_schema(request=ParticipantCreateSerializer, responses={201: ParticipantOutputSerializer})
    def post(self, request):
        data = self.ParticipantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = participant_create(**data.validated_data)
        return Response(ParticipantOutputSerializer(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetailApi(SchoolApiView):
    """One participant: the full card for readers (consents, parents, children, special categories for
    those entitled — logged); the plain card for a mentor who sees this participant. PATCH changes it."""

    rule = "participants"
    rules = {"GET": "participant.read"}  # a mentor opens the cards of their own mentees, as on the page

    class ParticipantUpdateSerializer(ParticipantInputSerializer):
        is_active = serializers.BooleanField(required=False, label="Участвует")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.required = False

    @extend_schema(responses=ParticipantCardSerializer)
    def get(self, request, participant_id: int):
        participant = _participant(request, participant_id)
        return Response(self._card(request, participant))

    @extend_schema(request=ParticipantUpdateSerializer, responses=ParticipantCardSerializer)
    def patch(self, request, participant_id: int):
        participant = _participant(request, participant_id)
        data = self.ParticipantUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        active = fields.pop("is_active", None)
        if fields:
            participant_update(participant=participant, **fields)
        if active is True:
            participant_reactivate(participant=participant)
        elif active is False:
            participant_deactivate(participant=participant)
        return Response(self._card(request, participant))

    @staticmethod
    def _card(request, participant: Participant) -> dict:
        if not access.has_role(request.user, access.READERS):
            return ParticipantOutputSerializer(participant).data
        card = participant_detail(participant)
        body = ParticipantOutputSerializer(participant).data
        body.update(
            consent_problem=card.consent_problem,
            special_consent_problem=card.special_consent_problem,
            consents=ParticipantConsentSerializer([c for c, _ in card.consents], many=True).data,
            parents=ParticipantRefSerializer(card.parents, many=True).data,
            children=ParticipantRefSerializer(card.children, many=True).data,
            special_categories=None,
        )
        if access.can_see_special(request.user):
            found = special_categories_read(
                participants=[participant], user=request.user, where=f"API {request.path}"
            )
            body["special_categories"] = [c.category for c in found.get(participant.pk, [])]
        return body


class ConsentCreateApi(SchoolApiView):
    """Record a consent to personal-data processing (by the person, or by a representative for a minor)."""

    rule = "participants"

    class ConsentCreateInputSerializer(serializers.Serializer):
        scope = serializers.ChoiceField(choices=Consent.Scope.choices, default=Consent.Scope.PERSONAL_DATA)
        given_by = serializers.ChoiceField(choices=Consent.GivenBy.choices, required=False)
        representative = AccessibleField(
            access.access_participant,
            required=False,
            allow_null=True,
            help_text="id родителя-участника, связанного с ребёнком",
        )
        representative_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
        form = serializers.ChoiceField(choices=Consent.Form.choices, default=Consent.Form.WRITTEN)
        document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
        signed_on = serializers.DateField(validators=[DateInRange("Дата согласия")])
        valid_until = serializers.DateField(
            required=False, allow_null=True, validators=[DateInRange("Действует до")]
        )

    @extend_schema(request=ConsentCreateInputSerializer, responses={201: ParticipantConsentSerializer})
    def post(self, request, participant_id: int):
        participant = _participant(request, participant_id)
        data = self.ConsentCreateInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        representative = fields.pop("representative", None)
        consent = consent_record(
            participant=participant, representative=representative, by=request.user, **fields
        )
        return Response(ParticipantConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(SchoolApiView):
    """Record the withdrawal of a consent (once; with its date and reason)."""

    rule = "participants"

    class ConsentWithdrawInputSerializer(serializers.Serializer):
        withdrawn_on = serializers.DateField(
            required=False, help_text="По умолчанию — сегодня", validators=[DateInRange("Дата отзыва")]
        )
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=ConsentWithdrawInputSerializer, responses=ParticipantConsentSerializer)
    def post(self, request, participant_id: int, consent_id: int):
        participant = _participant(request, participant_id)
        consent = access.access_consent(request.user, participant, consent_id)
        data = self.ConsentWithdrawInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        consent = consent_withdraw(consent=consent, **data.validated_data)
        return Response(ParticipantConsentSerializer(consent).data)


class CategoriesSetApi(SchoolApiView):
    """Replace the participant's categories (special ones need a valid written special consent)."""

    rule = "participants"

    class ParticipantCategoriesInputSerializer(serializers.Serializer):
        categories = serializers.ListField(
            child=serializers.ChoiceField(choices=Category.choices), allow_empty=True
        )

    class ParticipantCategoriesOutputSerializer(serializers.Serializer):
        categories = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        request=ParticipantCategoriesInputSerializer, responses=ParticipantCategoriesOutputSerializer
    )
    def put(self, request, participant_id: int):
        participant = _participant(request, participant_id)
        data = self.ParticipantCategoriesInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        categories = categories_set(
            participant=participant,
            categories=data.validated_data["categories"],
            by=request.user,
            where=f"API {request.path}",
        )
        return Response({"categories": [c.category for c in categories]})


class GuardianshipApi(SchoolApiView):
    """PUT links a parent to a student of the school, DELETE removes the link."""

    rule = "participants"

    def _pair(self, request, child_id: int, parent_id: int) -> tuple[Participant, Participant]:
        return _participant(request, parent_id), _participant(request, child_id)

    @extend_schema(request=None, responses={204: None})
    def put(self, request, child_id: int, parent_id: int):
        parent, child = self._pair(request, child_id, parent_id)
        guardianship_link(parent=parent, child=child)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={204: None})
    def delete(self, request, child_id: int, parent_id: int):
        parent, child = self._pair(request, child_id, parent_id)
        guardianship_unlink(parent=parent, child=child)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParticipantImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Номер строки в файле (заголовок — строка 1)")
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField(help_text="«Строка 5, столбец «Дата рождения»: …»")


class ParticipantImportResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    linked = serializers.IntegerField()
    ignored_columns = serializers.ListField(child=serializers.CharField())


class ParticipantImportJobSerializer(serializers.Serializer):
    job = serializers.CharField()
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    result = ParticipantImportResultSerializer(allow_null=True, required=False)
    errors = ParticipantImportRowErrorSerializer(many=True, required=False)


class ParticipantImportApi(SchoolApiView):
    """Import students, teachers or parents from an XLSX or CSV file: all rows or nothing.

    Up to 300 rows: imported at once (200 with the counts, or 400 with the errors per row and column).
    Larger files: 202 with a job id to poll at participants/import/jobs/<job>/.
    """

    rule = "participants"
    parser_classes = [MultiPartParser, FormParser]

    class ParticipantImportInputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=[(k, ParticipantKind(k).label) for k in IMPORT_KINDS])
        file = serializers.FileField()

        def validate_file(self, upload):
            if upload.size > MAX_FILE_BYTES:
                raise serializers.ValidationError("Файл больше 5 МБ: разделите его на части.")
            return upload

    @extend_schema(
        request={"multipart/form-data": ParticipantImportInputSerializer},
        responses={
            200: ParticipantImportResultSerializer,
            202: ParticipantImportJobSerializer,
            # The body is the API's one error shape (nastavnik.api): `file` or `errors` by row.
            400: OpenApiResponse(description="Ошибки по полям или по строкам файла; ничего не записано"),
        },
    )
    def post(self, request):
        data = self.ParticipantImportInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            started = participants_import_start(
                kind=data.validated_data["kind"], name=upload.name, content=upload.read(), by=request.user
            )
        except ImportFileError as error:
            return Response(
                {
                    "detail": "Файл не загружен: исправьте ошибки. Ничего не записано.",
                    "errors": [e.as_dict() for e in error.row_errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if started.job_id:
            return Response(
                _job_body(started.job_id, import_job(started.job_id) or {}), status=status.HTTP_202_ACCEPTED
            )
        return Response(ParticipantImportResultSerializer(started.result).data)


def _job_body(job_id: str, job: dict) -> dict:
    return {
        "job": job_id,
        "state": job.get("state", "queued"),
        "done": job.get("done", 0),
        "total": job.get("total", 0),
        "result": job.get("result"),
        "errors": job.get("errors", []),
    }


class ParticipantImportJobApi(SchoolApiView):
    """Progress and outcome of a large import."""

    rule = "participants"
    rules = {"GET": "participants.write"}

    @extend_schema(responses=ParticipantImportJobSerializer)
    def get(self, request, job_id: str):
        job = import_job(job_id)
        if job is None:
            raise Http404
        return Response(_job_body(job_id, job))


class ParticipantImportTemplateApi(SchoolApiView):
    """The XLSX template of an import file for the kind (columns and how to fill them in)."""

    rule = "participants"
    rules = {"GET": "participants.write"}  # for those who import, as on the page

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, kind: str):
        if kind not in IMPORT_KINDS:
            raise Http404
        response = HttpResponse(import_template(kind), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="nastavnik-{kind}s.xlsx"'
        return response


urlpatterns = [
    path("participants/", ParticipantListApi.as_view(), name="participants"),
    path("participants/import/", ParticipantImportApi.as_view(), name="participants_import"),
    path(
        "participants/import/jobs/<slug:job_id>/",
        ParticipantImportJobApi.as_view(),
        name="participants_import_job",
    ),
    path(
        "participants/import/template/<str:kind>/",
        ParticipantImportTemplateApi.as_view(),
        name="participants_import_template",
    ),
    path("participants/<int:participant_id>/", ParticipantDetailApi.as_view(), name="participant"),
    path("participants/<int:participant_id>/consents/", ConsentCreateApi.as_view(), name="consent_create"),
    path(
        "participants/<int:participant_id>/consents/<int:consent_id>/withdraw/",
        ConsentWithdrawApi.as_view(),
        name="consent_withdraw",
    ),
    path(
        "participants/<int:participant_id>/categories/",
        CategoriesSetApi.as_view(),
        name="participant_categories",
    ),
    path(
        "participants/<int:child_id>/parents/<int:parent_id>/",
        GuardianshipApi.as_view(),
        name="guardianship",
    ),
]
