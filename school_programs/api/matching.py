"""API: matching — compatibility tests, speed-meeting choices, matching runs, the curator's decisions
on suggestions, and forming a pair or group by hand. Mounted under /api/v1/schools/<school>/.

Staff (curator, director) decide; the psychologist reads and enters compatibility tests; mentors and
mentees get 403. The hard rules are the services' (services/groups.pair_problem).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from nastavnik.params import query_id

from .. import access
from ..dates import DateInRange
from ..models import Form, MentoringGroup
from ..selectors.matching import (
    compatibility_list,
    preference_list,
    run_list,
    run_suggestions,
    run_unmatched,
)
from ..selectors.programmes import current_programme
from ..services import groups as group_services
from ..services import matching as services
from .base import AccessibleField, AccessibleListField, SchoolApiView
from .bases import PROGRAMME_PARAM, BasesPersonSerializer, programme_from


class CompatibilityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mentor_id = serializers.IntegerField(help_text="Запись в базе наставников")
    mentor = serializers.CharField(source="mentor.participant.full_name")
    mentee_id = serializers.IntegerField(help_text="Запрос в базе наставляемых")
    mentee = serializers.CharField(source="mentee.participant.full_name")
    score = serializers.IntegerField()
    method = serializers.CharField()
    note = serializers.CharField()
    tested_on = serializers.DateField()


class CompatibilityListApi(SchoolApiView):
    """The psychologist's compatibility tests (0 — incompatible, 100 — ideal); a re-test replaces."""

    rule = "compatibility"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "CompatibilityListInput"

        mentor = AccessibleField(access.access_mentor_entry, label="Наставник")
        mentee = AccessibleField(access.access_mentee_request, label="Наставляемый")
        score = serializers.IntegerField(label="Совместимость, 0–100")
        tested_on = serializers.DateField(label="Дата теста", validators=[DateInRange("Дата теста")])
        method = serializers.CharField(max_length=200, required=False, allow_blank=True, label="Методика")
        note = serializers.CharField(required=False, allow_blank=True, label="Заключение")

    @extend_schema(parameters=[PROGRAMME_PARAM], responses=CompatibilityOutputSerializer(many=True))
    def get(self, request):
        programme = _programme_asked(request)
        results = compatibility_list(programme) if programme else []
        return Response(CompatibilityOutputSerializer(results, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: CompatibilityOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        result = services.compatibility_record(by=request.user, **data.validated_data)
        return Response(CompatibilityOutputSerializer(result).data, status=status.HTTP_201_CREATED)


def _programme_asked(request):
    """The programme of ?programme=<id>, else the current one (None when the school has none)."""
    value = query_id(request.query_params, "programme")
    return programme_from(request.user, value) if value else current_programme()


class PreferenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    chooser = BasesPersonSerializer()
    chosen = BasesPersonSerializer()
    rank = serializers.IntegerField()


class PreferenceListApi(SchoolApiView):
    """Choices after «быстрые встречи»: a mentor ranks mentees, a mentee ranks mentors (1 — most wanted)."""

    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PreferenceListInput"

        programme = serializers.IntegerField(required=False, label="Программа")
        chooser = AccessibleField(access.access_participant, label="Кто выбирает")
        chosen = AccessibleField(access.access_participant, label="Кого выбирает")
        rank = serializers.IntegerField(label="Место в списке")

    @extend_schema(parameters=[PROGRAMME_PARAM], responses=PreferenceOutputSerializer(many=True))
    def get(self, request):
        programme = _programme_asked(request)
        preferences = preference_list(programme) if programme else []
        return Response(PreferenceOutputSerializer(preferences, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: PreferenceOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        programme = programme_from(request.user, values.pop("programme", None))
        preference = services.preference_record(programme=programme, by=request.user, **values)
        return Response(PreferenceOutputSerializer(preference).data, status=status.HTTP_201_CREATED)


class PreferenceDetailApi(SchoolApiView):
    rule = "matching"

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, preference_id: int):
        services.preference_delete(
            preference=access.access_preference(request.user, preference_id), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Matching runs and decisions -----------------------------------------------------------------


class SuggestionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    run_id = serializers.IntegerField()
    mentor_id = serializers.IntegerField(help_text="Запись в базе наставников")
    mentor = BasesPersonSerializer(source="mentor.participant")
    mentee_id = serializers.IntegerField(help_text="Запрос в базе наставляемых")
    mentee = BasesPersonSerializer(source="mentee.participant")
    score = serializers.FloatField(help_text="0–100")
    explanation = serializers.CharField()
    decision = serializers.CharField()
    decision_display = serializers.CharField(source="get_decision_display")


class UnmatchedOutputSerializer(serializers.Serializer):
    mentee_id = serializers.IntegerField(help_text="Запрос в базе наставляемых")
    mentee = BasesPersonSerializer(source="mentee.participant")
    reason = serializers.CharField()


class RunOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    form = serializers.CharField()
    form_display = serializers.CharField(source="get_form_display")
    created_at = serializers.DateTimeField()
    total_score = serializers.FloatField()


class RunDetailOutputSerializer(RunOutputSerializer):
    suggestions = serializers.SerializerMethodField()
    unmatched = serializers.SerializerMethodField()

    @extend_schema_field(SuggestionOutputSerializer(many=True))
    def get_suggestions(self, run):
        return SuggestionOutputSerializer(run_suggestions(run), many=True).data

    @extend_schema_field(UnmatchedOutputSerializer(many=True))
    def get_unmatched(self, run):
        return UnmatchedOutputSerializer(run_unmatched(run), many=True).data


class MatchingRunListApi(SchoolApiView):
    """«Подобрать пары»: an optimal assignment over the whole base of the form."""

    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MatchingRunListInput"

        programme = serializers.IntegerField(required=False, label="Программа")
        form = serializers.ChoiceField(choices=Form.choices, label="Форма")

    @extend_schema(parameters=[PROGRAMME_PARAM], responses=RunOutputSerializer(many=True))
    def get(self, request):
        programme = _programme_asked(request)
        runs = run_list(programme) if programme else []
        return Response(RunOutputSerializer(runs, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: RunDetailOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        programme = programme_from(request.user, data.validated_data.get("programme"))
        run = services.matching_suggest(
            programme=programme, form=data.validated_data["form"], by=request.user
        )
        return Response(RunDetailOutputSerializer(run).data, status=status.HTTP_201_CREATED)


class MatchingRunDetailApi(SchoolApiView):
    rule = "matching"

    @extend_schema(responses=RunDetailOutputSerializer)
    def get(self, request, run_id: int):
        return Response(RunDetailOutputSerializer(access.access_matching_run(request.user, run_id)).data)


class MatchingRunAcceptAllApi(SchoolApiView):
    """«Принять все»: every proposed suggestion of the run, or none (the failing pair is named)."""

    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MatchingRunAcceptAllInput"

        as_group = serializers.BooleanField(default=False, label="В группы наставников")
        start_date = serializers.DateField(
            label="Начало работы пар", validators=[DateInRange("Начало работы")]
        )
        end_date = serializers.DateField(
            required=False, label="Плановое окончание", validators=[DateInRange("Плановое окончание")]
        )

    @extend_schema(request=InputSerializer, responses=RunDetailOutputSerializer)
    def post(self, request, run_id: int):
        run = access.access_matching_run(request.user, run_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.suggestions_accept_all(run=run, by=request.user, **data.validated_data)
        return Response(RunDetailOutputSerializer(run).data)


class FormedGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    form = serializers.CharField()
    role_model_id = serializers.IntegerField(allow_null=True)
    mentor_id = serializers.IntegerField(help_text="Запись в базе наставников")
    mentor = BasesPersonSerializer(source="mentor.participant")
    mentee_request_ids = serializers.SerializerMethodField()
    is_group = serializers.SerializerMethodField(help_text="Больше одного наставляемого")
    presence = serializers.CharField()
    openness = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_mentee_request_ids(self, group: MentoringGroup) -> list[int]:
        return sorted(group.mentees.filter(left_on__isnull=True).values_list("request_id", flat=True))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_group(self, group: MentoringGroup) -> bool:
        return group.mentees.filter(left_on__isnull=True).count() > 1


class SuggestionAcceptApi(SchoolApiView):
    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "SuggestionAcceptInput"

        as_group = serializers.BooleanField(default=False, label="В группу наставника")
        start_date = serializers.DateField(
            required=False, label="Начало работы", validators=[DateInRange("Начало работы")]
        )
        end_date = serializers.DateField(
            required=False, label="Плановое окончание", validators=[DateInRange("Плановое окончание")]
        )
        role_model = AccessibleField(
            access.access_role_model, required=False, allow_null=True, label="Ролевая модель"
        )

    @extend_schema(request=InputSerializer, responses={201: FormedGroupSerializer})
    def post(self, request, suggestion_id: int):
        suggestion = access.access_suggestion(request.user, suggestion_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        group = services.suggestion_accept(suggestion=suggestion, by=request.user, **data.validated_data)
        return Response(FormedGroupSerializer(group).data, status=status.HTTP_201_CREATED)


class SuggestionRejectApi(SchoolApiView):
    rule = "matching"

    @extend_schema(request=None, responses=SuggestionOutputSerializer)
    def post(self, request, suggestion_id: int):
        suggestion = services.suggestion_reject(
            suggestion=access.access_suggestion(request.user, suggestion_id), by=request.user
        )
        return Response(SuggestionOutputSerializer(suggestion).data)


class SuggestionChangeMentorApi(SchoolApiView):
    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "SuggestionChangeMentorInput"

        mentor = AccessibleField(access.access_mentor_entry, label="Наставник")

    @extend_schema(request=InputSerializer, responses=SuggestionOutputSerializer)
    def post(self, request, suggestion_id: int):
        suggestion = access.access_suggestion(request.user, suggestion_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        changed = services.suggestion_change_mentor(
            suggestion=suggestion, by=request.user, **data.validated_data
        )
        return Response(SuggestionOutputSerializer(changed).data)


class MatchingGroupCreateApi(SchoolApiView):
    """A pair (one mentee) or group (several) formed by hand, under the same hard rules as matching."""

    rule = "matching"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MatchingGroupCreateInput"

        programme = serializers.IntegerField(required=False, label="Программа")
        form = serializers.ChoiceField(choices=Form.choices, label="Форма")
        mentor = AccessibleField(access.access_mentor_entry, label="Наставник")
        requests = AccessibleListField(access.access_mentee_request, label="Запросы наставляемых")
        role_model = AccessibleField(
            access.access_role_model, required=False, allow_null=True, label="Ролевая модель"
        )
        start_date = serializers.DateField(label="Начало работы", validators=[DateInRange("Начало работы")])
        end_date = serializers.DateField(
            label="Плановое окончание", validators=[DateInRange("Плановое окончание")]
        )
        presence = serializers.ChoiceField(
            choices=MentoringGroup.Presence.choices, required=False, label="Взаимодействие"
        )
        openness = serializers.ChoiceField(
            choices=MentoringGroup.Openness.choices, required=False, label="Открытость"
        )

    @extend_schema(request=InputSerializer, responses={201: FormedGroupSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        programme = programme_from(request.user, values.pop("programme", None))
        group = group_services.group_create(programme=programme, by=request.user, **values)
        return Response(FormedGroupSerializer(group).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("compatibility/", CompatibilityListApi.as_view(), name="compatibility-list"),
    path("preferences/", PreferenceListApi.as_view(), name="preference-list"),
    path("preferences/<int:preference_id>/", PreferenceDetailApi.as_view(), name="preference-detail"),
    path("matching-runs/", MatchingRunListApi.as_view(), name="matching-run-list"),
    path("matching-runs/<int:run_id>/", MatchingRunDetailApi.as_view(), name="matching-run-detail"),
    path(
        "matching-runs/<int:run_id>/accept-all/",
        MatchingRunAcceptAllApi.as_view(),
        name="matching-run-accept-all",
    ),
    path("suggestions/<int:suggestion_id>/accept/", SuggestionAcceptApi.as_view(), name="suggestion-accept"),
    path("suggestions/<int:suggestion_id>/reject/", SuggestionRejectApi.as_view(), name="suggestion-reject"),
    path(
        "suggestions/<int:suggestion_id>/change-mentor/",
        SuggestionChangeMentorApi.as_view(),
        name="suggestion-change-mentor",
    ),
    path("matching/groups/", MatchingGroupCreateApi.as_view(), name="matching-group-create"),
]
