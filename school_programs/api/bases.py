"""API: the mentee base with its request map, the mentor base with selection and training, supply and
demand. Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py.

Staff (curator, director) write; staff and the psychologist read; mentors and mentees get 403.
Errors of the services come back as 400 with Russian messages per field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from nastavnik.params import query_id

from .. import access
from ..dates import DateInRange
from ..models import Form, MenteeRequest, MentorEntry, RequestStatus
from ..models.choices import Priority
from ..selectors.bases import mentee_base, mentor_base, supply_demand
from ..services import bases as services
from .base import AccessibleField, SchoolApiView


def programme_from(user, value):
    """The programme asked for (id), else the current one; a bad id is a 400, an unknown one a 404."""
    if value not in (None, "") and not str(value).isdigit():
        raise ValidationError({"programme": "Укажите номер программы наставничества."})
    programme = access.chosen_programme(user, value or None)
    if programme is None:
        raise ValidationError({"programme": "Программа наставничества ещё не создана."})
    return programme


PROGRAMME_PARAM = OpenApiParameter("programme", int, description="Программа (по умолчанию — текущая)")


class BasesPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    full_name = serializers.CharField()
    short_name = serializers.CharField()
    description = serializers.CharField()


class RequestRoleModelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MenteeRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    participant = BasesPersonSerializer()
    form = serializers.CharField()
    form_display = serializers.CharField(source="get_form_display")
    role_model = RequestRoleModelSerializer(allow_null=True)
    topic = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    subject = serializers.CharField()
    priority = serializers.CharField()
    priority_display = serializers.CharField(source="get_priority_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    note = serializers.CharField()
    mentor = serializers.SerializerMethodField(help_text="Наставник, если запрос уже в паре / группе")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_mentor(self, request: MenteeRequest) -> str | None:
        placements = getattr(request, "active_placements", None)
        if placements is None:
            placements = list(
                request.placements.filter(left_on__isnull=True).select_related("group__mentor__participant")
            )
        return placements[0].group.mentor.participant.full_name if placements else None


def _request_out(request: MenteeRequest) -> dict:
    return MenteeRequestOutputSerializer(mentee_base(request.programme).get(pk=request.pk)).data


class MenteeRequestListApi(SchoolApiView):
    """The mentee base with its request map (карта запросов)."""

    rule = "bases"

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MenteeRequestListFilter"

        programme = serializers.IntegerField(required=False)
        form = serializers.ChoiceField(choices=Form.choices, required=False)
        status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
        priority = serializers.ChoiceField(choices=Priority.choices, required=False)
        topic = serializers.CharField(required=False, max_length=100)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MenteeRequestListInput"

        programme = serializers.IntegerField(required=False, label="Программа")
        participant = AccessibleField(access.access_participant, label="Наставляемый")
        form = serializers.ChoiceField(choices=Form.choices, label="Форма")
        topic = serializers.CharField(max_length=300, label="Запрос")
        topics = serializers.ListField(
            child=serializers.CharField(max_length=100), required=False, label="Темы"
        )
        subject = serializers.CharField(max_length=100, required=False, allow_blank=True, label="Предмет")
        priority = serializers.ChoiceField(choices=Priority.choices, required=False, label="Приоритет")
        role_model = AccessibleField(
            access.access_role_model, required=False, allow_null=True, label="Ролевая модель"
        )
        note = serializers.CharField(required=False, allow_blank=True, label="Комментарий")

    @extend_schema(parameters=[FilterSerializer], responses=MenteeRequestOutputSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = dict(filters.validated_data)
        programme = access.chosen_programme(request.user, chosen.pop("programme", None))
        if programme is None:
            return Response([])
        return Response(MenteeRequestOutputSerializer(mentee_base(programme, **chosen), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MenteeRequestOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        programme = programme_from(request.user, values.pop("programme", None))
        created = services.mentee_request_add(programme=programme, by=request.user, **values)
        return Response(_request_out(created), status=status.HTTP_201_CREATED)


class MenteeRequestDetailApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MenteeRequestDetailInput"

        topic = serializers.CharField(max_length=300, required=False, label="Запрос")
        topics = serializers.ListField(
            child=serializers.CharField(max_length=100), required=False, label="Темы"
        )
        subject = serializers.CharField(max_length=100, required=False, allow_blank=True, label="Предмет")
        priority = serializers.ChoiceField(choices=Priority.choices, required=False, label="Приоритет")
        status = serializers.ChoiceField(choices=RequestStatus.choices, required=False, label="Состояние")
        role_model = AccessibleField(
            access.access_role_model, required=False, allow_null=True, label="Ролевая модель"
        )
        note = serializers.CharField(required=False, allow_blank=True, label="Комментарий")

    @extend_schema(responses=MenteeRequestOutputSerializer)
    def get(self, request, request_id: int):
        return Response(_request_out(access.access_mentee_request(request.user, request_id)))

    @extend_schema(request=InputSerializer, responses=MenteeRequestOutputSerializer)
    def patch(self, request, request_id: int):
        line = access.access_mentee_request(request.user, request_id)
        data = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("role_model", services.KEEP)
        services.mentee_request_update(request=line, by=request.user, **values)
        return Response(_request_out(line))


class MenteeRequestCloseApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MenteeRequestCloseInput"

        note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="Почему закрыт")

    @extend_schema(request=InputSerializer, responses=MenteeRequestOutputSerializer)
    def post(self, request, request_id: int):
        line = access.access_mentee_request(request.user, request_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentee_request_close(request=line, by=request.user, **data.validated_data)
        return Response(_request_out(line))


# --- Mentor base ---------------------------------------------------------------------------------


class MentorEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    participant = BasesPersonSerializer()
    forms = serializers.ListField(child=serializers.CharField())
    contour = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    subjects = serializers.ListField(child=serializers.CharField())
    capacity = serializers.IntegerField()
    active = serializers.IntegerField(help_text="Наставляемых в работающих парах и группах")
    free = serializers.IntegerField(help_text="Свободных мест")
    selection = serializers.CharField()
    selection_display = serializers.CharField(source="get_selection_display")
    questionnaire = serializers.CharField()
    interview_on = serializers.DateField(allow_null=True)
    interview_passed = serializers.BooleanField(allow_null=True)
    interview_note = serializers.CharField()
    training_completed_on = serializers.DateField(allow_null=True)
    training_programme = serializers.CharField()
    is_trained = serializers.BooleanField()
    written_consent_on = serializers.DateField(allow_null=True)
    addendum_number = serializers.CharField()
    addendum_date = serializers.DateField(allow_null=True)
    payment_terms = serializers.CharField()
    labour_warnings = serializers.SerializerMethodField(help_text="Чего не хватает по ст. 351.8 ТК РФ")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_labour_warnings(self, entry: MentorEntry) -> list[str]:
        return services.labour_warnings(entry)


def _entry_out(entry: MentorEntry) -> dict:
    return MentorEntryOutputSerializer(mentor_base(entry.programme).get(pk=entry.pk)).data


class MentorEntryListApi(SchoolApiView):
    """The mentor base (internal and external contour) with selection state and free places."""

    rule = "bases"

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorEntryListFilter"

        programme = serializers.IntegerField(required=False)
        form = serializers.ChoiceField(choices=Form.choices, required=False)
        selection = serializers.ChoiceField(choices=MentorEntry.Selection.choices, required=False)
        trained = serializers.ChoiceField(choices=[("yes", "обучен"), ("no", "не обучен")], required=False)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorEntryListInput"

        programme = serializers.IntegerField(required=False, label="Программа")
        participant = AccessibleField(access.access_participant, label="Наставник")
        forms = serializers.ListField(child=serializers.ChoiceField(choices=Form.choices), label="Формы")
        contour = serializers.ChoiceField(choices=MentorEntry.Contour.choices, required=False, label="Контур")
        topics = serializers.ListField(
            child=serializers.CharField(max_length=100), required=False, label="Темы"
        )
        subjects = serializers.ListField(
            child=serializers.CharField(max_length=100), required=False, label="Предметы"
        )
        capacity = serializers.IntegerField(required=False, label="Сколько наставляемых может вести")
        questionnaire = serializers.CharField(required=False, allow_blank=True, label="Анкета")

    @extend_schema(parameters=[FilterSerializer], responses=MentorEntryOutputSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = dict(filters.validated_data)
        programme = access.chosen_programme(request.user, chosen.pop("programme", None))
        if programme is None:
            return Response([])
        return Response(MentorEntryOutputSerializer(mentor_base(programme, **chosen), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MentorEntryOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        programme = programme_from(request.user, values.pop("programme", None))
        entry = services.mentor_entry_add(programme=programme, by=request.user, **values)
        return Response(_entry_out(entry), status=status.HTTP_201_CREATED)


class MentorEntryDetailApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorEntryDetailInput"

        forms = serializers.ListField(child=serializers.ChoiceField(choices=Form.choices), required=False)
        contour = serializers.ChoiceField(choices=MentorEntry.Contour.choices, required=False)
        topics = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
        subjects = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
        capacity = serializers.IntegerField(required=False)

    @extend_schema(responses=MentorEntryOutputSerializer)
    def get(self, request, entry_id: int):
        return Response(_entry_out(access.access_mentor_entry(request.user, entry_id)))

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def patch(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_entry_update(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class MentorQuestionnaireApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorQuestionnaireInput"

        questionnaire = serializers.CharField(label="Ответы анкеты")

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_questionnaire_record(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class MentorInterviewApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorInterviewInput"

        interview_on = serializers.DateField(
            label="Дата собеседования", validators=[DateInRange("Дата собеседования")]
        )
        passed = serializers.BooleanField(label="Пройдено")
        note = serializers.CharField(required=False, allow_blank=True, label="Итоги")

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_interview_record(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class MentorTrainingApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorTrainingInput"

        completed_on = serializers.DateField(
            label="Обучение пройдено", validators=[DateInRange("Дата обучения")]
        )
        training_programme = serializers.CharField(max_length=300, label="Программа обучения")

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_training_record(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class MentorSelectApi(SchoolApiView):
    rule = "bases"

    @extend_schema(request=None, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        services.mentor_select(entry=entry, by=request.user)
        return Response(_entry_out(entry))


class MentorRejectApi(SchoolApiView):
    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorRejectInput"

        note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="Причина")

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_reject(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class MentorLabourTermsApi(SchoolApiView):
    """Teacher mentors, Labour Code art. 351.8: written consent, contract addendum, payment."""

    rule = "bases"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorLabourTermsInput"

        written_consent_on = serializers.DateField(
            allow_null=True,
            label="Письменное согласие педагога",
            validators=[DateInRange("Дата письменного согласия")],
        )
        addendum_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
        addendum_date = serializers.DateField(
            required=False, allow_null=True, validators=[DateInRange("Дата доп. соглашения")]
        )
        payment_terms = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=MentorEntryOutputSerializer)
    def post(self, request, entry_id: int):
        entry = access.access_mentor_entry(request.user, entry_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.mentor_labour_terms_record(entry=entry, by=request.user, **data.validated_data)
        return Response(_entry_out(entry))


class DemandRowSerializer(serializers.Serializer):
    form = serializers.CharField()
    form_display = serializers.CharField(source="form_label")
    topic = serializers.CharField()
    requests = serializers.IntegerField()
    high_priority = serializers.IntegerField()
    mentors = serializers.IntegerField()
    free_places = serializers.IntegerField()
    uncovered = serializers.BooleanField(help_text="Нет ни одного отобранного и обученного наставника")
    short = serializers.BooleanField(help_text="Свободных мест меньше, чем запросов")
    mentor_names = serializers.ListField(child=serializers.CharField())


class SupplyDemandApi(SchoolApiView):
    """Open requests by form and topic against selected and trained mentors who cover them."""

    rule = "bases"

    @extend_schema(
        parameters=[PROGRAMME_PARAM, OpenApiParameter("form", str, enum=Form.values)],
        responses=DemandRowSerializer(many=True),
    )
    def get(self, request):
        form = request.query_params.get("form", "")
        if form and form not in Form.values:
            raise ValidationError({"form": "Неизвестная форма наставничества."})
        programme = access.chosen_programme(request.user, query_id(request.query_params, "programme"))
        if programme is None:
            return Response([])
        return Response(DemandRowSerializer(supply_demand(programme, form=form), many=True).data)


urlpatterns = [
    path("mentee-requests/", MenteeRequestListApi.as_view(), name="mentee-request-list"),
    path("mentee-requests/<int:request_id>/", MenteeRequestDetailApi.as_view(), name="mentee-request-detail"),
    path(
        "mentee-requests/<int:request_id>/close/",
        MenteeRequestCloseApi.as_view(),
        name="mentee-request-close",
    ),
    path("mentor-entries/", MentorEntryListApi.as_view(), name="mentor-entry-list"),
    path("mentor-entries/<int:entry_id>/", MentorEntryDetailApi.as_view(), name="mentor-entry-detail"),
    path(
        "mentor-entries/<int:entry_id>/questionnaire/",
        MentorQuestionnaireApi.as_view(),
        name="mentor-entry-questionnaire",
    ),
    path(
        "mentor-entries/<int:entry_id>/interview/",
        MentorInterviewApi.as_view(),
        name="mentor-entry-interview",
    ),
    path(
        "mentor-entries/<int:entry_id>/training/", MentorTrainingApi.as_view(), name="mentor-entry-training"
    ),
    path("mentor-entries/<int:entry_id>/select/", MentorSelectApi.as_view(), name="mentor-entry-select"),
    path("mentor-entries/<int:entry_id>/reject/", MentorRejectApi.as_view(), name="mentor-entry-reject"),
    path(
        "mentor-entries/<int:entry_id>/labour-terms/",
        MentorLabourTermsApi.as_view(),
        name="mentor-entry-labour-terms",
    ),
    path("supply-demand/", SupplyDemandApi.as_view(), name="supply-demand"),
]
