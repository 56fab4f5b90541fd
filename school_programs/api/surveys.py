"""API of monitoring: questionnaires with versioning, distributions, one-time links, answering.

Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py. Staff (curator, director)
build and send; the psychologist reads. Answering through a link is the one endpoint open without
login (AllowAny): it takes the token and finds it only in this school's schema.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from nastavnik.params import query_id, query_ids

from .. import access
from ..dates import DateInRange
from ..models import Construct, Distribution, Form, Question, Survey
from ..selectors.surveys import (
    RATE_DEFINITION,
    Recipients,
    distribution_list,
    distribution_rows,
    invitation_list,
    is_anonymous,
    my_invitations,
    rate_percent,
    recipient_ids,
    response_rate,
    survey_list,
    version_sections,
)
from ..services import answering
from ..services import distribution as sending
from ..services import surveys as services
from .base import SchoolApiView

TAG = ["Мониторинг: анкеты"]
KIND_HELP = "Тип вопроса: " + "; ".join(f"{code} — {label}" for code, label in Question.Kind.choices)


class LinkGone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "Ссылка больше не действует."
    default_code = "gone"


# Documented on every operation that answers through _refused(); the body is the API's `Error`.
GONE = {410: OpenApiResponse(description="Ссылка уже использована или больше не действует")}


def _refused(refused: answering.AnswerRefused) -> APIException:
    if isinstance(refused, answering.LinkUnknown):
        return NotFound(refused.message)
    if isinstance(refused, answering.NotOpen):
        return PermissionDenied(refused.message)
    return LinkGone(refused.message)


# --- Output --------------------------------------------------------------------------------------------


class SurveyRowSerializer(serializers.Serializer):
    text = serializers.CharField()
    construct = serializers.ChoiceField(choices=Construct.choices)
    direction = serializers.IntegerField()


class SurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_display = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField())
    rows = SurveyRowSerializer(many=True)
    construct = serializers.CharField()
    direction = serializers.IntegerField()


class SurveySectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    questions = SurveyQuestionSerializer(many=True, source="questions.all")


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.ChoiceField(choices=Survey.Purpose.choices)
    purpose_display = serializers.CharField(source="get_purpose_display")
    audience = serializers.ChoiceField(choices=Survey.Audience.choices)
    form = serializers.CharField()
    description = serializers.CharField()
    is_anonymous = serializers.BooleanField()
    instrument_code = serializers.CharField()
    is_archived = serializers.BooleanField()


class SurveyListItemSerializer(SurveySerializer):
    version = serializers.IntegerField(source="latest_number", allow_null=True)
    invited = serializers.IntegerField(help_text="Приглашено по рассылкам выбранной программы")
    answered = serializers.IntegerField(help_text="Из них ответили")
    percent = serializers.IntegerField(source="rate.percent", allow_null=True, help_text=RATE_DEFINITION)


class SurveyDetailSerializer(SurveySerializer):
    version = serializers.IntegerField(source="shown_version.number")
    version_has_answers = serializers.BooleanField()
    sections = SurveySectionSerializer(many=True)


def _detail(survey: Survey, version=None) -> dict:
    version = version or services.version_latest(survey)
    survey.shown_version = version
    survey.version_has_answers = services.version_has_responses(version)
    survey.sections = version_sections(version)
    return SurveyDetailSerializer(survey).data


class SurveyEditSerializer(serializers.Serializer):
    """Where an edit landed: the version now current and whether this edit made it."""

    version = serializers.IntegerField()
    new_version = serializers.BooleanField()
    message = serializers.CharField()


class SurveySectionEditSerializer(SurveyEditSerializer):
    section = SurveySectionSerializer(allow_null=True)


class SurveyQuestionEditSerializer(SurveyEditSerializer):
    question = SurveyQuestionSerializer(allow_null=True)


def _edit(edit: services.Edit, name: str, serializer) -> dict:
    payload = {"version": edit.version.number, "new_version": edit.new_version, "message": edit.message}
    payload[name] = serializer(edit.obj).data if edit.obj is not None else None
    return payload


def _section_edit(edit: services.Edit) -> dict:
    return _edit(edit, "section", SurveySectionSerializer)


def _question_edit(edit: services.Edit) -> dict:
    return _edit(edit, "question", SurveyQuestionSerializer)


# --- Surveys -------------------------------------------------------------------------------------------


class QuestionInputSerializer(serializers.Serializer):
    # A plain string checked by the service («Неизвестный тип вопроса.»): an enum named "kind" would
    # collide in the OpenAPI schema with the other unnamed "kind" choice sets.
    kind = serializers.CharField(label="Тип", help_text=KIND_HELP)
    text = serializers.CharField(label="Вопрос")
    required = serializers.BooleanField(label="Обязательный", default=True)
    choices = serializers.ListField(child=serializers.CharField(), label="Варианты ответа", default=list)
    rows = serializers.ListField(child=serializers.DictField(), label="Строки матрицы", default=list)
    construct = serializers.ChoiceField(
        choices=[("", "—"), *Construct.choices], label="Что измеряет", default="", allow_blank=True
    )
    direction = serializers.IntegerField(label="Направление (1 или −1)", default=1)


class QuestionPatchSerializer(QuestionInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class SectionInputSerializer(serializers.Serializer):
    title = serializers.CharField(label="Раздел", max_length=300)
    questions = QuestionInputSerializer(many=True, required=False, default=list)


class SurveysApi(SchoolApiView):
    """Questionnaires of the school (shipped instruments and own); POST creates one with version 1."""

    rule = "surveys"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(label="Название", max_length=300)
        purpose = serializers.ChoiceField(choices=Survey.Purpose.choices, label="Назначение")
        audience = serializers.ChoiceField(
            choices=Survey.Audience.choices, label="Для кого", default=Survey.Audience.ANY
        )
        form = serializers.ChoiceField(choices=[("", "любая"), *Form.choices], default="", allow_blank=True)
        description = serializers.CharField(label="Пояснение", default="", allow_blank=True)
        is_anonymous = serializers.BooleanField(label="Анонимная", default=False)
        sections = SectionInputSerializer(many=True, required=False, default=list)

    @extend_schema(
        tags=TAG,
        parameters=[
            OpenApiParameter("archived", bool, description="Архивные анкеты"),
            OpenApiParameter(
                "programme",
                int,
                description="Программа, по рассылкам которой считается отклик; по умолчанию — текущая",
            ),
        ],
        responses=SurveyListItemSerializer(many=True),
    )
    def get(self, request):
        archived = request.query_params.get("archived") in {"1", "true"}
        programme = access.chosen_programme(request.user, query_id(request.query_params, "programme"))
        surveys = survey_list(archived=archived, programme=programme)
        return Response(SurveyListItemSerializer(surveys, many=True).data)

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: SurveyDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        survey = services.survey_create(**data.validated_data)
        return Response(_detail(survey), status=status.HTTP_201_CREATED)


class SurveyApi(SchoolApiView):
    """A survey with the questions of its latest version (or ?version=N); PATCH changes its properties."""

    rule = "surveys"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300, required=False)
        purpose = serializers.ChoiceField(choices=Survey.Purpose.choices, required=False)
        audience = serializers.ChoiceField(choices=Survey.Audience.choices, required=False)
        form = serializers.ChoiceField(
            choices=[("", "любая"), *Form.choices], required=False, allow_blank=True
        )
        description = serializers.CharField(required=False, allow_blank=True)
        is_anonymous = serializers.BooleanField(required=False)

    @extend_schema(
        tags=TAG,
        parameters=[OpenApiParameter("version", int, description="Номер версии (по умолчанию — текущая)")],
        responses=SurveyDetailSerializer,
    )
    def get(self, request, survey_id: int):
        survey = access.access_survey(request.user, survey_id)
        number = query_id(request.query_params, "version")
        version = None
        if number:
            version = survey.versions.filter(number=number).first()
            if version is None:
                raise NotFound("Такой версии анкеты нет.")
        return Response(_detail(survey, version))

    @extend_schema(tags=TAG, request=InputSerializer, responses=SurveyDetailSerializer)
    def patch(self, request, survey_id: int):
        survey = access.access_survey(request.user, survey_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return Response(_detail(services.survey_update(survey=survey, **data.validated_data)))

    @extend_schema(tags=TAG, responses={204: None})
    def delete(self, request, survey_id: int):
        services.survey_delete(survey=access.access_survey(request.user, survey_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SurveyCopyApi(SchoolApiView):
    """The school's own editable copy of a survey (e.g. of a shipped instrument)."""

    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: SurveyDetailSerializer})
    def post(self, request, survey_id: int):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        copy = services.survey_copy(
            survey=access.access_survey(request.user, survey_id), **data.validated_data
        )
        return Response(_detail(copy), status=status.HTTP_201_CREATED)


class SurveyArchiveApi(SchoolApiView):
    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        archived = serializers.BooleanField(default=True)

    @extend_schema(tags=TAG, request=InputSerializer, responses=SurveySerializer)
    def post(self, request, survey_id: int):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        survey = services.survey_archive(
            survey=access.access_survey(request.user, survey_id), **data.validated_data
        )
        return Response(SurveySerializer(survey).data)


# --- Sections and questions (every edit may make a new version) ----------------------------------------


class SurveySectionsApi(SchoolApiView):
    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300)

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: SurveySectionEditSerializer})
    def post(self, request, survey_id: int):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        edit = services.section_add(
            survey=access.access_survey(request.user, survey_id), **data.validated_data
        )
        return Response(_section_edit(edit), status=status.HTTP_201_CREATED)


class SurveySectionApi(SchoolApiView):
    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300)

    @extend_schema(tags=TAG, request=InputSerializer, responses=SurveySectionEditSerializer)
    def patch(self, request, survey_id: int, section_id: int):
        section = access.access_survey_section(
            request.user, access.access_survey(request.user, survey_id), section_id
        )
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return Response(_section_edit(services.section_update(section=section, **data.validated_data)))

    # 200 with the edit (a DELETE alone would be documented as 204 without a body).
    @extend_schema(tags=TAG, responses={200: SurveySectionEditSerializer})
    def delete(self, request, survey_id: int, section_id: int):
        section = access.access_survey_section(
            request.user, access.access_survey(request.user, survey_id), section_id
        )
        return Response(_section_edit(services.section_delete(section=section)))


class SurveyQuestionsApi(SchoolApiView):
    rule = "surveys.write"

    @extend_schema(tags=TAG, request=QuestionInputSerializer, responses={201: SurveyQuestionEditSerializer})
    def post(self, request, survey_id: int, section_id: int):
        section = access.access_survey_section(
            request.user, access.access_survey(request.user, survey_id), section_id
        )
        data = QuestionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        edit = services.question_add(section=section, **data.validated_data)
        return Response(_question_edit(edit), status=status.HTTP_201_CREATED)


class SurveyQuestionApi(SchoolApiView):
    rule = "surveys.write"

    @extend_schema(tags=TAG, request=QuestionPatchSerializer, responses=SurveyQuestionEditSerializer)
    def patch(self, request, survey_id: int, question_id: int):
        question = access.access_question(
            request.user, access.access_survey(request.user, survey_id), question_id
        )
        data = QuestionPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_question_edit(services.question_update(question=question, **data.validated_data)))

    # 200 with the edit (a DELETE alone would be documented as 204 without a body).
    @extend_schema(tags=TAG, responses={200: SurveyQuestionEditSerializer})
    def delete(self, request, survey_id: int, question_id: int):
        question = access.access_question(
            request.user, access.access_survey(request.user, survey_id), question_id
        )
        return Response(_question_edit(services.question_delete(question=question)))


class SurveyQuestionMoveApi(SchoolApiView):
    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        offset = serializers.ChoiceField(choices=[(-1, "выше"), (1, "ниже")])

    @extend_schema(tags=TAG, request=InputSerializer, responses=SurveyQuestionEditSerializer)
    def post(self, request, survey_id: int, question_id: int):
        question = access.access_question(
            request.user, access.access_survey(request.user, survey_id), question_id
        )
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return Response(
            _question_edit(
                services.question_move(question=question, offset=int(data.validated_data["offset"]))
            )
        )


# --- Distributions ----------------------------------------------------------------------------------------


class DistributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survey = serializers.IntegerField(source="version.survey_id")
    survey_title = serializers.CharField(source="version.survey.title")
    version = serializers.IntegerField(source="version.number")
    programme = serializers.IntegerField(source="programme_id")
    wave = serializers.ChoiceField(choices=Distribution.Wave.choices)
    wave_display = serializers.CharField(source="get_wave_display")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    percent = serializers.SerializerMethodField(help_text=RATE_DEFINITION)

    def get_percent(self, distribution) -> int | None:
        return rate_percent(distribution.answered, distribution.invited)


class SurveyRateSerializer(serializers.Serializer):
    label = serializers.CharField()
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text=RATE_DEFINITION)


class SurveyResponseRateSerializer(serializers.Serializer):
    total = SurveyRateSerializer()
    by_class = SurveyRateSerializer(many=True)


class DistributionDetailSerializer(DistributionSerializer):
    response_rate = SurveyResponseRateSerializer()


class SurveySkippedSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    name = serializers.CharField(source="participant.short_name")
    reason = serializers.CharField()


class SurveySendingSerializer(serializers.Serializer):
    distribution = DistributionSerializer()
    invited = serializers.IntegerField()
    skipped = SurveySkippedSerializer(many=True)
    message = serializers.CharField()


def _sending(result: sending.Sending) -> dict:
    distribution = distribution_rows().get(pk=result.distribution.pk)  # just sent: with its rates
    return SurveySendingSerializer(
        {
            "distribution": distribution,
            "invited": len(result.invited),
            "skipped": result.skipped,
            "message": result.message,
        }
    ).data


class RecipientsInputSerializer(serializers.Serializer):
    who = serializers.ChoiceField(choices=Recipients.CHOICES, label="Кому")
    form = serializers.ChoiceField(choices=[("", "все формы"), *Form.choices], default="", allow_blank=True)
    grade = serializers.IntegerField(min_value=1, max_value=11, required=False, allow_null=True, default=None)
    letter = serializers.CharField(max_length=4, default="", allow_blank=True)
    people = serializers.ListField(child=serializers.IntegerField(), default=list)

    def validate(self, attrs):
        if attrs["who"] == Recipients.CLASS and not attrs.get("grade"):
            raise serializers.ValidationError({"grade": "Укажите класс (параллель)."})
        if attrs["who"] == Recipients.PEOPLE and not attrs.get("people"):
            raise serializers.ValidationError({"people": "Выберите хотя бы одного человека."})
        return attrs


def _recipients(programme, chosen: dict) -> list[int]:
    return recipient_ids(
        programme=programme,
        kind=chosen["who"],
        form=chosen["form"],
        grade=chosen["grade"],
        letter=chosen["letter"],
        people=chosen["people"],
    )


class SurveyDistributionsApi(SchoolApiView):
    """Send the survey's latest version. Nobody without a valid consent is invited; the skipped are listed."""

    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        programme = serializers.IntegerField(required=False, label="Программа (по умолчанию — текущая)")
        wave = serializers.ChoiceField(choices=Distribution.Wave.choices, label="Этап измерения")
        opens_on = serializers.DateField(label="Открыта с", validators=[DateInRange("Открыта с")])
        closes_on = serializers.DateField(label="До", validators=[DateInRange("Открыта до")])
        recipients = RecipientsInputSerializer()

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: SurveySendingSerializer})
    def post(self, request, survey_id: int):
        survey = access.access_survey(request.user, survey_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        programme = access.chosen_programme(request.user, values.get("programme"))
        if programme is None:
            raise NotFound("В школе нет программы наставничества.")
        ids = _recipients(programme, values["recipients"])
        result = sending.distribution_create(
            survey=survey,
            programme=programme,
            wave=values["wave"],
            opens_on=values["opens_on"],
            closes_on=values["closes_on"],
            participant_ids=ids,
            created_by=request.user,
        )
        return Response(_sending(result), status=status.HTTP_201_CREATED)


class DistributionsApi(SchoolApiView):
    """Distributions with invited and answered counts; filter by programme or survey."""

    rule = "surveys"

    @extend_schema(
        tags=TAG,
        parameters=[OpenApiParameter("programme", int), OpenApiParameter("survey", int)],
        responses=DistributionSerializer(many=True),
    )
    def get(self, request):
        ids = query_ids(request.query_params, "programme", "survey")
        programme = access.chosen_programme(request.user, ids["programme"]) if ids["programme"] else None
        survey = access.access_survey(request.user, ids["survey"]) if ids["survey"] else None
        return Response(
            DistributionSerializer(distribution_list(programme=programme, survey=survey), many=True).data
        )


class DistributionApi(SchoolApiView):
    """A distribution with its response rate in total and by class; PATCH moves its last day."""

    rule = "surveys"

    class InputSerializer(serializers.Serializer):
        closes_on = serializers.DateField(
            label="Принимать ответы до", validators=[DateInRange("Принимать ответы до")]
        )

    @extend_schema(tags=TAG, responses=DistributionDetailSerializer)
    def get(self, request, distribution_id: int):
        distribution = access.access_distribution(request.user, distribution_id)
        distribution.response_rate = response_rate(distribution)
        return Response(DistributionDetailSerializer(distribution).data)

    @extend_schema(tags=TAG, request=InputSerializer, responses=DistributionDetailSerializer)
    def patch(self, request, distribution_id: int):
        distribution = access.access_distribution(request.user, distribution_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        sending.distribution_set_period(distribution=distribution, **data.validated_data)
        distribution = access.access_distribution(request.user, distribution_id)
        distribution.response_rate = response_rate(distribution)
        return Response(DistributionDetailSerializer(distribution).data)

    @extend_schema(tags=TAG, responses={204: None})
    def delete(self, request, distribution_id: int):
        sending.distribution_delete(distribution=access.access_distribution(request.user, distribution_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SurveyInvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    participant = serializers.IntegerField()
    name = serializers.CharField()
    class_name = serializers.CharField()
    by_account = serializers.BooleanField(help_text="Отвечает, войдя в «Наставник» («Мои анкеты»)")
    link_issued = serializers.BooleanField()
    answered = serializers.BooleanField(allow_null=True, help_text="null в анонимной анкете: не показывается")
    reminded_at = serializers.DateTimeField(allow_null=True, help_text="null в анонимной анкете")


def _invitation_rows(invitations) -> list[dict]:
    """One row per invitation. In an anonymous survey neither the answer nor the reminder (sent only to
    those who have not answered) is shown: either would tell who answered (docs/monitoring.md)."""
    invitations = list(invitations)
    anonymous = bool(invitations) and is_anonymous(invitations[0].distribution)
    return [
        {
            "id": invitation.pk,
            "participant": invitation.participant_id,
            "name": invitation.participant.short_name,
            "class_name": invitation.participant.class_name,
            "by_account": invitation.participant.user_id is not None,
            "link_issued": bool(invitation.token_hash),
            "answered": None if anonymous else invitation.used_at is not None,
            "reminded_at": None if anonymous else invitation.reminded_at,
        }
        for invitation in invitations
    ]


class DistributionInvitationsApi(SchoolApiView):
    """Who is invited, by class and name, and who has answered; POST adds people (same rules as sending)."""

    rule = "surveys"

    class InputSerializer(serializers.Serializer):
        recipients = RecipientsInputSerializer()

    @extend_schema(tags=TAG, responses=SurveyInvitationSerializer(many=True))
    def get(self, request, distribution_id: int):
        rows = _invitation_rows(invitation_list(access.access_distribution(request.user, distribution_id)))
        return Response(SurveyInvitationSerializer(rows, many=True).data)

    @extend_schema(tags=TAG, request=InputSerializer, responses={201: SurveySendingSerializer})
    def post(self, request, distribution_id: int):
        distribution = access.access_distribution(request.user, distribution_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        ids = _recipients(distribution.programme, data.validated_data["recipients"])
        result = sending.distribution_invite(distribution=distribution, participant_ids=ids)
        return Response(_sending(result), status=status.HTTP_201_CREATED)


class SurveyLinkSerializer(serializers.Serializer):
    invitation = serializers.IntegerField(source="invitation.pk")
    participant = serializers.IntegerField(source="participant.pk")
    name = serializers.CharField(source="participant.full_name")
    class_name = serializers.CharField(source="participant.class_name")
    url = serializers.URLField()
    expires_at = serializers.DateTimeField(source="invitation.expires_at")


class SurveyLinkSheetSerializer(serializers.Serializer):
    links = SurveyLinkSerializer(many=True)
    skipped = SurveySkippedSerializer(many=True)


def _links(request, links, skipped=()) -> Response:
    for link in links:
        link.url = request.build_absolute_uri(reverse("school:answer", args=[link.token]))
    response = Response(SurveyLinkSheetSerializer({"links": links, "skipped": skipped}).data)
    response["Cache-Control"] = "no-store"
    return response


class _Link:
    """An issued link with its absolute URL, for the serializer (the token itself is never stored)."""

    def __init__(self, issued: sending.IssuedLink):
        self.invitation = issued.invitation
        self.participant = issued.participant
        self.token = issued.token
        self.url = ""


class DistributionLinksApi(SchoolApiView):
    """Make one-time links and return them once: new ones, or (reissue) again for a class."""

    rule = "surveys.write"

    class InputSerializer(serializers.Serializer):
        class_name = serializers.CharField(max_length=8, required=False, default="", allow_blank=True)
        reissue = serializers.BooleanField(default=False)

    @extend_schema(tags=TAG, request=InputSerializer, responses=SurveyLinkSheetSerializer)
    def post(self, request, distribution_id: int):
        distribution = access.access_distribution(request.user, distribution_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        sheet = sending.links_issue(distribution=distribution, **data.validated_data)
        return _links(request, [_Link(link) for link in sheet.links], sheet.skipped)


class InvitationReissueApi(SchoolApiView):
    """A new link for one person; the old one stops working."""

    rule = "surveys.write"

    @extend_schema(tags=TAG, request=None, responses=SurveyLinkSheetSerializer)
    def post(self, request, invitation_id: int):
        link = sending.link_reissue(invitation=access.access_invitation(request.user, invitation_id))
        return _links(request, [_Link(link)])


# --- Answering --------------------------------------------------------------------------------------------


class SurveyQuestionnaireSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    is_anonymous = serializers.BooleanField()
    wave = serializers.CharField()
    closes_on = serializers.DateField()
    sections = SurveySectionSerializer(many=True)


def _questionnaire(invitation) -> dict:
    distribution = invitation.distribution
    survey = distribution.version.survey
    return SurveyQuestionnaireSerializer(
        {
            "title": survey.title,
            "description": survey.description,
            "is_anonymous": survey.is_anonymous,
            "wave": distribution.wave,
            "closes_on": distribution.closes_on,
            "sections": version_sections(distribution.version),
        }
    ).data


class SurveyAnswersAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()


ACCEPTED = {"detail": "Спасибо! Ответы приняты."}
ANSWERS_HELP = (
    "Ключ — номер вопроса (или «q<номер>»); значение: текст (открытый), вариант (один), список "
    "вариантов (несколько), число (шкала), список чисел по строкам или {номер строки с 0: число} (матрица)."
)


class _LinkApi(APIView):
    """Reached through a personal link: no login and no membership; the token is the only key."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class AnswerQuestionnaireApi(_LinkApi):
    """The questionnaire behind a one-time link (the link is not used up by reading it)."""

    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)

    @extend_schema(tags=TAG, request=InputSerializer, responses={200: SurveyQuestionnaireSerializer, **GONE})
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            invitation = answering.link_open(token=data.validated_data["token"])
        except answering.AnswerRefused as refused:
            raise _refused(refused) from None
        return Response(_questionnaire(invitation))


class AnswerApi(_LinkApi):
    """Answer through a one-time link: 201 once; 400 with a message per question and nothing written;
    404 for an unknown link; 410 for a used or expired one."""

    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)
        answers = serializers.DictField(help_text=ANSWERS_HELP)

    @extend_schema(
        tags=TAG, request=InputSerializer, responses={201: SurveyAnswersAcceptedSerializer, **GONE}
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            answering.answer_by_link(**data.validated_data)
        except answering.AnswerRefused as refused:
            raise _refused(refused) from None
        return Response(ACCEPTED, status=status.HTTP_201_CREATED)


class SurveyMyInvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survey_title = serializers.CharField(source="distribution.version.survey.title")
    wave = serializers.CharField(source="distribution.wave")
    closes_on = serializers.DateField(source="distribution.closes_on")
    answered_at = serializers.DateTimeField(source="used_at", allow_null=True)


class SurveyMyInvitationsSerializer(serializers.Serializer):
    waiting = SurveyMyInvitationSerializer(many=True)
    done = SurveyMyInvitationSerializer(many=True)


class MyInvitationsApi(SchoolApiView):
    """The logged-in participant's questionnaires: waiting for an answer, and answered or closed."""

    rule = "my_surveys"

    @extend_schema(tags=TAG, operation_id="schools_surveys_my_list", responses=SurveyMyInvitationsSerializer)
    def get(self, request):
        waiting, done = my_invitations(access.me(request.user), timezone.localdate())
        return Response(SurveyMyInvitationsSerializer({"waiting": waiting, "done": done}).data)


class MyAnswerApi(SchoolApiView):
    """GET the questionnaire of one's own invitation; POST the answers (the same rules as by link)."""

    rule = "my_surveys"

    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(help_text=ANSWERS_HELP)

    @extend_schema(
        tags=TAG, operation_id="schools_surveys_my_questionnaire", responses=SurveyQuestionnaireSerializer
    )
    def get(self, request, invitation_id: int):
        invitation = access.access_my_invitation(request.user, invitation_id)
        return Response(_questionnaire(invitation))

    @extend_schema(
        tags=TAG, request=InputSerializer, responses={201: SurveyAnswersAcceptedSerializer, **GONE}
    )
    def post(self, request, invitation_id: int):
        person = access.me(request.user)
        invitation = access.access_my_invitation(request.user, invitation_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            answering.answer_as_participant(invitation=invitation, participant=person, **data.validated_data)
        except answering.AnswerRefused as refused:
            raise _refused(refused) from None
        return Response(ACCEPTED, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("surveys/", SurveysApi.as_view(), name="surveys"),
    path("surveys/<int:survey_id>/", SurveyApi.as_view(), name="survey"),
    path("surveys/<int:survey_id>/copy/", SurveyCopyApi.as_view(), name="survey-copy"),
    path("surveys/<int:survey_id>/archive/", SurveyArchiveApi.as_view(), name="survey-archive"),
    path("surveys/<int:survey_id>/sections/", SurveySectionsApi.as_view(), name="survey-sections"),
    path(
        "surveys/<int:survey_id>/sections/<int:section_id>/",
        SurveySectionApi.as_view(),
        name="survey-section",
    ),
    path(
        "surveys/<int:survey_id>/sections/<int:section_id>/questions/",
        SurveyQuestionsApi.as_view(),
        name="survey-questions",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/",
        SurveyQuestionApi.as_view(),
        name="survey-question",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/move/",
        SurveyQuestionMoveApi.as_view(),
        name="survey-question-move",
    ),
    path(
        "surveys/<int:survey_id>/distributions/",
        SurveyDistributionsApi.as_view(),
        name="survey-distributions",
    ),
    path("surveys/distributions/", DistributionsApi.as_view(), name="distributions"),
    path("surveys/distributions/<int:distribution_id>/", DistributionApi.as_view(), name="distribution"),
    path(
        "surveys/distributions/<int:distribution_id>/invitations/",
        DistributionInvitationsApi.as_view(),
        name="distribution-invitations",
    ),
    path(
        "surveys/distributions/<int:distribution_id>/links/",
        DistributionLinksApi.as_view(),
        name="distribution-links",
    ),
    path(
        "surveys/invitations/<int:invitation_id>/reissue/",
        InvitationReissueApi.as_view(),
        name="invitation-reissue",
    ),
    path("surveys/answer/questionnaire/", AnswerQuestionnaireApi.as_view(), name="answer-questionnaire"),
    path("surveys/answer/", AnswerApi.as_view(), name="answer"),
    path("surveys/my/", MyInvitationsApi.as_view(), name="my-invitations"),
    path("surveys/my/<int:invitation_id>/", MyAnswerApi.as_view(), name="my-answer"),
]
