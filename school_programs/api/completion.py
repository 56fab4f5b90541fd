"""API: completion — results of pairs, early release, rewards, best practices, the programme's report.

Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py. Readers see the report,
rewards and practices; curator and director write.
"""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..models import Form, MentorRelease, MentorReward
from ..selectors.completion import mentors_to_reward, practice_list, programme_report, reward_list
from ..services import completion as services
from .base import AccessibleField, SchoolApiView
from .groups import ReleaseOutputSerializer


class GroupCompleteApi(SchoolApiView):
    """Close a pair or group with its results; the mentees' requests are closed."""

    rule = "completion"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "GroupCompleteInput"

        result_summary = serializers.CharField(label="Итоги работы пары / группы")
        completed_on = serializers.DateField(
            label="Дата завершения", validators=[DateInRange("Дата завершения")]
        )

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "GroupCompleteOutput"

        id = serializers.IntegerField(source="group.pk")
        status = serializers.CharField(source="group.status")
        completed_on = serializers.DateField(source="group.completed_on")
        result_summary = serializers.CharField(source="group.result_summary")
        warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request, group_id: int):
        group = access.access_group(request.user, group_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        outcome = services.group_complete(group=group, **data.validated_data)
        return Response(self.OutputSerializer(outcome).data)


class MentorReleaseApi(SchoolApiView):
    """Early release of the group's mentor: the group is terminated, the mentees go back to the base
    (psychological support, the search goes on). The order is drafted in the register of orders."""

    rule = "completion"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MentorReleaseInput"

        reason = serializers.ChoiceField(choices=MentorRelease.Reason.choices, label="Основание")
        released_on = serializers.DateField(label="Дата", validators=[DateInRange("Дата освобождения")])
        note = serializers.CharField(label="Обстоятельства", required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: ReleaseOutputSerializer})
    def post(self, request, group_id: int):
        group = access.access_group(request.user, group_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        release = services.mentor_release(group=group, **data.validated_data)
        return Response(ReleaseOutputSerializer(release).data, status=status.HTTP_201_CREATED)


class RewardOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mentor_id = serializers.IntegerField()
    mentor = serializers.CharField(source="mentor.participant.full_name")
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    awarded_on = serializers.DateField()
    wording = serializers.CharField()
    order_id = serializers.IntegerField(allow_null=True)


class RewardListApi(SchoolApiView):
    rule = "completion"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RewardListInput"

        mentor = serializers.IntegerField(label="Наставник (запись в базе наставников)")
        kind = serializers.ChoiceField(choices=MentorReward.Kind.choices, label="Вид поощрения")
        awarded_on = serializers.DateField(label="Дата", validators=[DateInRange("Дата поощрения")])
        wording = serializers.CharField(label="Формулировка", required=False, allow_blank=True)

    @extend_schema(responses=RewardOutputSerializer(many=True))
    def get(self, request, programme_id: int):
        return Response(
            RewardOutputSerializer(
                reward_list(access.access_programme(request.user, programme_id)), many=True
            ).data
        )

    @extend_schema(request=InputSerializer, responses={201: RewardOutputSerializer})
    def post(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mentor = mentors_to_reward(programme).filter(pk=values.pop("mentor")).first()
        if mentor is None:
            raise ValidationError({"mentor": "Это не наставник пары или группы этой программы."})
        reward = services.mentor_reward(mentor=mentor, **values)
        return Response(RewardOutputSerializer(reward).data, status=status.HTTP_201_CREATED)


class PracticeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    form = serializers.CharField()
    form_display = serializers.CharField(source="get_form_display")
    role_model_id = serializers.IntegerField(allow_null=True)
    role_model = serializers.CharField(source="role_model.name", allow_null=True, default=None)
    description = serializers.CharField()
    results = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)


class PracticeInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, label="Название")
    form = serializers.ChoiceField(choices=Form.choices, label="Форма наставничества")
    role_model = AccessibleField(
        access.access_role_model, label="Ролевая модель (id)", allow_null=True, required=False
    )
    description = serializers.CharField(label="Описание (без персональных данных)")
    results = serializers.CharField(label="Результаты", required=False, allow_blank=True)


def _practice_values(data: dict) -> dict:
    values = dict(data)
    values["role_model"] = values.get("role_model")
    return values


class PracticeListApi(SchoolApiView):
    rule = "completion"

    @extend_schema(responses=PracticeOutputSerializer(many=True))
    def get(self, request, programme_id: int):
        return Response(
            PracticeOutputSerializer(
                practice_list(access.access_programme(request.user, programme_id)), many=True
            ).data
        )

    @extend_schema(request=PracticeInputSerializer, responses={201: PracticeOutputSerializer})
    def post(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        data = PracticeInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        practice = services.best_practice_create(programme=programme, **_practice_values(data.validated_data))
        return Response(PracticeOutputSerializer(practice).data, status=status.HTTP_201_CREATED)


class PracticeApi(SchoolApiView):
    rule = "completion"

    @extend_schema(request=PracticeInputSerializer, responses=PracticeOutputSerializer)
    def put(self, request, practice_id: int):
        practice = access.access_practice(request.user, practice_id)
        data = PracticeInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        practice = services.best_practice_update(practice=practice, **_practice_values(data.validated_data))
        return Response(PracticeOutputSerializer(practice).data)


class PracticePublishApi(SchoolApiView):
    """Pass the practice to the region's library, de-identified (refused while it names a participant)."""

    rule = "completion"

    @extend_schema(request=None, responses=PracticeOutputSerializer)
    def post(self, request, practice_id: int):
        practice = access.access_practice(request.user, practice_id)
        services.best_practice_publish(practice=practice, school=request.school)
        return Response(PracticeOutputSerializer(practice).data)


class ReportRowSerializer(serializers.Serializer):
    form = serializers.CharField()
    form_label = serializers.CharField()
    role_model = serializers.CharField()
    formed = serializers.IntegerField()
    pairs = serializers.IntegerField()
    groups = serializers.IntegerField()
    active = serializers.IntegerField()
    completed = serializers.IntegerField()
    terminated = serializers.IntegerField()
    meetings = serializers.IntegerField()
    plans = serializers.IntegerField()
    tasks = serializers.IntegerField()
    tasks_full = serializers.IntegerField()
    tasks_exceeded = serializers.IntegerField()
    achieved_share = serializers.FloatField(allow_null=True, help_text="% задач: в полной мере или превышен")
    practices = serializers.IntegerField()


class CountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    rows = ReportRowSerializer(many=True)
    total = ReportRowSerializer()
    rewards = serializers.SerializerMethodField()
    rewarded_mentors = serializers.IntegerField()
    releases = serializers.SerializerMethodField()
    practices_published = serializers.IntegerField()

    def get_rewards(self, report) -> list[dict]:
        return [{"label": label, "count": n} for label, n in report.rewards]

    def get_releases(self, report) -> list[dict]:
        return [{"label": label, "count": n} for label, n in report.releases]


class ProgrammeReportApi(SchoolApiView):
    """The programme's results per form and role model (for the final report and the council)."""

    rule = "completion"

    @extend_schema(responses=ReportSerializer)
    def get(self, request, programme_id: int):
        return Response(
            ReportSerializer(programme_report(access.access_programme(request.user, programme_id))).data
        )


class FinalReportApi(SchoolApiView):
    """Write the programme's final report; with complete=true also close the programme."""

    rule = "completion"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "FinalReportInput"

        final_report = serializers.CharField(label="Итоги программы", allow_blank=True)
        complete = serializers.BooleanField(label="Завершить программу", default=False)
        completed_on = serializers.DateField(
            label="Дата завершения",
            required=False,
            allow_null=True,
            validators=[DateInRange("Дата завершения")],
        )

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "FinalReportOutput"

        id = serializers.IntegerField()
        status = serializers.CharField()
        final_report = serializers.CharField()
        completed_on = serializers.DateField(allow_null=True)

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request, programme_id: int):
        programme = access.access_programme(request.user, programme_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        programme = services.programme_final_report(programme=programme, **data.validated_data)
        return Response(self.OutputSerializer(programme).data)


urlpatterns = [
    path("groups/<int:group_id>/complete/", GroupCompleteApi.as_view(), name="group-complete"),
    path("groups/<int:group_id>/release/", MentorReleaseApi.as_view(), name="group-release"),
    path("programmes/<int:programme_id>/rewards/", RewardListApi.as_view(), name="reward-list"),
    path("programmes/<int:programme_id>/practices/", PracticeListApi.as_view(), name="practice-list"),
    path("practices/<int:practice_id>/", PracticeApi.as_view(), name="practice"),
    path("practices/<int:practice_id>/publish/", PracticePublishApi.as_view(), name="practice-publish"),
    path("programmes/<int:programme_id>/report/", ProgrammeReportApi.as_view(), name="programme-report"),
    path(
        "programmes/<int:programme_id>/final-report/", FinalReportApi.as_view(), name="programme-final-report"
    ),
]
