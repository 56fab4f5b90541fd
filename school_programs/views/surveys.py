"""Pages of monitoring: questionnaires, their sending, one-time links and answering.

Mounted under /s/<school>/ by school_programs/urls.py. Staff (curator, director) build and send
surveys; the psychologist reads them. A logged-in participant answers on «Мои анкеты»; a student
without an account answers on /answer/<token>/, a page that shows nothing but the questionnaire.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param
from tenants.access import reachable_by_link

from .. import access
from ..forms import add_service_errors
from ..forms_surveys import (
    CopyForm,
    DistributionForm,
    LinksForm,
    PeriodForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    answers_from_post,
    posted_values,
)
from ..models import Construct, Distribution, Question, Survey
from ..selectors.programmes import programme_list
from ..selectors.surveys import (
    RATE_DEFINITION,
    class_names,
    distribution_list,
    invitation_list,
    is_open,
    my_invitations,
    recipient_ids,
    response_rate,
    survey_list,
    survey_versions,
    version_questions,
    version_sections,
)
from ..services import answering
from ..services import distribution as sending
from ..services import surveys as services

NO_STORE = {
    # A page with live tokens: not cached, not indexed, and its address never sent on as a referrer.
    "Cache-Control": "no-store",
    # same-origin, not no-referrer: with no referrer Chromium posts the form with `Origin: null`,
    # which Django's CSRF check refuses; the token still never leaves this site.
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex, nofollow",
}


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in NO_STORE.items():
        response[header] = value
    return response


def _survey_url(survey: Survey) -> str:
    return reverse("school:survey", args=[survey.pk])


def _announce(request, edit: services.Edit) -> None:
    (messages.warning if edit.new_version else messages.success)(request, edit.message)


# --- The questionnaire as shown to a person ---------------------------------------------------------


def questionnaire(sections, values: dict | None = None, errors: dict | None = None) -> list[dict]:
    """Sections and questions prepared for _questionnaire.html: input names, options, what was
    entered and the error of each question."""
    values, errors = values or {}, errors or {}
    shown = []
    for section in sections:
        items = []
        for question in section.questions.all():
            name = f"q{question.pk}"
            entered = values.get(name, "")
            selected = [str(v) for v in entered] if isinstance(entered, list) else [str(entered)]
            scale = question.scale
            item = {
                "question": question,
                "name": name,
                "error": " ".join(errors.get(name, [])),
                "text_value": entered if isinstance(entered, str) else "",
                "selected": selected,
                "options": [str(n) for n in range(scale[0], scale[1] + 1)] if scale else [],
            }
            if question.kind == Question.Kind.MATRIX:
                item["rows"] = [
                    {
                        "name": f"{name}_r{index}",
                        "text": row["text"],
                        "value": str(values.get(f"{name}_r{index}", "")),
                    }
                    for index, row in enumerate(question.rows)
                ]
            items.append(item)
        shown.append({"section": section, "items": items})
    return shown


def _answer_errors(error: ValidationError) -> tuple[dict, list[str]]:
    """(errors by question input name, errors about the whole questionnaire)."""
    if not hasattr(error, "error_dict"):
        return {}, error.messages
    found = error.message_dict
    general = [text for key, texts in found.items() if not key.startswith("q") for text in texts]
    return {key: texts for key, texts in found.items() if key.startswith("q")}, general


# --- Surveys: list, create, builder --------------------------------------------------------------------


@access.rule_required("surveys.read")
def surveys_view(request):
    """Instruments and the school's own surveys, and the distributions of a programme with response rates."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    archived = request.GET.get("archived") == "1"
    context = {
        "programme": programme,
        "programmes": programme_list(),
        "surveys": survey_list(archived=archived, programme=programme),
        "rate_definition": RATE_DEFINITION,
        "archived": archived,
        "distributions": distribution_list(programme=programme) if programme else [],
        "staff": access.has_role(request.user, access.STAFF),
        "today": timezone.localdate(),
    }
    return render(request, "school_programs/surveys/list.html", context)


@access.rule_required("surveys.write")
def survey_new(request):
    form = SurveyForm(request.POST or None, initial={"purpose": Survey.Purpose.PROCESS})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Анкета создана: добавьте разделы и вопросы.")
            return redirect(_survey_url(survey))
    status = 400 if request.method == "POST" else 200
    return render(request, "school_programs/surveys/form.html", {"form": form, "survey": None}, status=status)


@access.rule_required("surveys.write")
def survey_edit(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    initial = {name: getattr(survey, name) for name in services.SURVEY_FIELDS}
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Анкета сохранена.")
            return redirect(_survey_url(survey))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "school_programs/surveys/form.html", {"form": form, "survey": survey}, status=status
    )


def _render_builder(request, survey: Survey, status: int = 200, **forms):
    version = services.version_latest(survey)
    staff = access.has_role(request.user, access.STAFF)
    sections = version_sections(version)
    labels = dict(Construct.choices)
    for section in sections:
        for question in section.questions.all():
            question.rows_shown = [
                {
                    "text": row["text"],
                    "construct": labels.get(row["construct"], row["construct"]),
                    "direction": row["direction"],
                }
                for row in question.rows
            ]
    context = {
        "survey": survey,
        "version": version,
        "sections": sections,
        "versions": survey_versions(survey),
        "answered": services.version_has_responses(version),
        "staff": staff,
        "distributions": distribution_list(survey=survey),
        "rate_definition": RATE_DEFINITION,
        "section_form": forms.get("section_form") or SectionForm(),
        "question_form": forms.get("question_form"),
        "question_section": forms.get("question_section"),
    }
    return render(request, "school_programs/surveys/builder.html", context, status=status)


@access.rule_required("surveys.read")
def survey_view(request, survey_id: int):
    """The builder: sections and questions of the latest version; staff edit, the psychologist reads."""
    return _render_builder(request, access.access_survey(request.user, survey_id))


@access.rule_required("surveys.read")
def survey_preview(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    version = services.version_latest(survey)
    if "version" in request.GET:
        requested = int_param(request.GET["version"])
        version = survey.versions.filter(number=requested).first() if requested else None
        if version is None:
            raise Http404
    context = {
        "survey": survey,
        "version": version,
        "questionnaire": questionnaire(version_sections(version)),
    }
    return render(request, "school_programs/surveys/preview.html", context)


@require_POST
@access.rule_required("surveys.write")
def survey_copy(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    form = CopyForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    copy = services.survey_copy(survey=survey, title=title)
    messages.success(request, f"Создана копия «{copy.title}»: её можно менять, не трогая исходную анкету.")
    return redirect(_survey_url(copy))


@require_POST
@access.rule_required("surveys.write")
def survey_archive(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    archived = request.POST.get("archived", "1") == "1"
    services.survey_archive(survey=survey, archived=archived)
    messages.success(request, "Анкета отправлена в архив." if archived else "Анкета возвращена из архива.")
    return redirect(_survey_url(survey))


@require_POST
@access.rule_required("surveys.write")
def survey_remove(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    try:
        services.survey_delete(survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_survey_url(survey))
    messages.success(request, "Анкета удалена.")
    return redirect(reverse("school:surveys"))


# --- Sections and questions ---------------------------------------------------------------------------


@require_POST
@access.rule_required("surveys.write")
def section_new(request, survey_id: int):
    survey = access.access_survey(request.user, survey_id)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            _announce(request, services.section_add(survey=survey, title=form.cleaned_data["title"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_survey_url(survey))
    return _render_builder(request, survey, status=400, section_form=form)


@require_POST
@access.rule_required("surveys.write")
def section_edit(request, survey_id: int, section_id: int):
    survey = access.access_survey(request.user, survey_id)
    section = access.access_survey_section(request.user, survey, section_id)
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите название раздела.")
        return redirect(_survey_url(survey))
    try:
        _announce(request, services.section_update(section=section, title=form.cleaned_data["title"]))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_survey_url(survey))


@require_POST
@access.rule_required("surveys.write")
def section_remove(request, survey_id: int, section_id: int):
    survey = access.access_survey(request.user, survey_id)
    try:
        _announce(
            request,
            services.section_delete(section=access.access_survey_section(request.user, survey, section_id)),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_survey_url(survey))


def _question_values(form: QuestionForm) -> dict:
    return {name: form.cleaned_data[name] for name in services.QUESTION_FIELDS}


@access.rule_required("surveys.write")
def question_new(request, survey_id: int, section_id: int):
    """GET (htmx): the form under the section; POST: add the question."""
    survey = access.access_survey(request.user, survey_id)
    section = access.access_survey_section(request.user, survey, section_id)
    form = QuestionForm(request.POST or None, initial={"kind": Question.Kind.LIKERT5})
    if request.method == "POST" and form.is_valid():
        try:
            _announce(request, services.question_add(section=section, **_question_values(form)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_survey_url(survey))
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "section": section, "form": form, "question": None}
    if request.htmx and request.method == "GET":
        return render(request, "school_programs/surveys/_question_form.html", context)
    return render(request, "school_programs/surveys/question.html", context, status=status)


@access.rule_required("surveys.write")
def question_edit(request, survey_id: int, question_id: int):
    survey = access.access_survey(request.user, survey_id)
    question = access.access_question(request.user, survey, question_id)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            _announce(request, services.question_update(question=question, **_question_values(form)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_survey_url(survey))
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "section": question.section, "form": form, "question": question}
    return render(request, "school_programs/surveys/question.html", context, status=status)


@require_POST
@access.rule_required("surveys.write")
def question_remove(request, survey_id: int, question_id: int):
    survey = access.access_survey(request.user, survey_id)
    try:
        _announce(
            request,
            services.question_delete(question=access.access_question(request.user, survey, question_id)),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_survey_url(survey))


@require_POST
@access.rule_required("surveys.write")
def question_move(request, survey_id: int, question_id: int):
    survey = access.access_survey(request.user, survey_id)
    offset = -1 if request.POST.get("offset") == "-1" else 1
    try:
        _announce(
            request,
            services.question_move(
                question=access.access_question(request.user, survey, question_id), offset=offset
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_survey_url(survey))


# --- Sending, response rates, links -----------------------------------------------------------------------


@access.rule_required("surveys.write")
def distribution_new(request, survey_id: int):
    """Choose the wave, the period and the people; the result page lists who was skipped and why."""
    survey = access.access_survey(request.user, survey_id)
    programme = access.chosen_programme(
        request.user, int_param(request.POST.get("programme") or request.GET.get("programme"))
    )
    today = timezone.localdate()
    default_wave = (
        Distribution.Wave.ENTRY if survey.purpose == Survey.Purpose.IMPACT else Distribution.Wave.ONCE
    )
    form = DistributionForm(
        request.POST or None,
        initial={"wave": default_wave, "opens_on": today, "closes_on": today + datetime.timedelta(days=14)},
    )
    if programme is None:
        messages.error(request, "В школе ещё нет программы наставничества: анкету некуда привязать.")
        return redirect(reverse("school:surveys"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = recipient_ids(
            programme=programme,
            kind=data["recipients"],
            form=data["form"],
            grade=data["grade"],
            letter=data["letter"],
            people=data["people"],
        )
        try:
            result = sending.distribution_create(
                survey=survey,
                programme=programme,
                wave=data["wave"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                participant_ids=ids,
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, result.message)
            return render(
                request,
                "school_programs/surveys/sent.html",
                {"survey": survey, "result": result, "distribution": result.distribution},
            )
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "form": form, "programme": programme, "programmes": programme_list()}
    return render(request, "school_programs/surveys/send.html", context, status=status)


@access.rule_required("surveys.read")
def distribution_view(request, distribution_id: int):
    """Response rate in total and by class, and who has answered; staff make and remake links."""
    distribution = access.access_distribution(request.user, distribution_id)
    today = timezone.localdate()
    context = {
        "distribution": distribution,
        "survey": distribution.version.survey,
        "rate": response_rate(distribution),
        "rate_definition": RATE_DEFINITION,
        "invitations": invitation_list(distribution),
        "classes": class_names(distribution),
        "is_open": is_open(distribution, today),
        "closed": distribution.closes_on < today,
        "staff": access.has_role(request.user, access.STAFF),
        "period_form": PeriodForm(initial={"closes_on": distribution.closes_on}),
    }
    return render(request, "school_programs/surveys/distribution.html", context)


def _distribution_url(distribution: Distribution) -> str:
    return reverse("school:survey-distribution", args=[distribution.pk])


def _link_sheet(request, distribution, links, skipped=()):
    rows = [
        {
            "participant": link.participant,
            "url": request.build_absolute_uri(reverse("school:answer", args=[link.token])),
        }
        for link in links
    ]
    context = {
        "distribution": distribution,
        "survey": distribution.version.survey,
        "rows": rows,
        "skipped": skipped,
        "expires_at": distribution.closes_on,
    }
    return _private(render(request, "school_programs/surveys/links.html", context))


@require_POST
@access.rule_required("surveys.write")
def distribution_links(request, distribution_id: int):
    """Make links (new ones, or again for a class) and show them once, ready to print."""
    distribution = access.access_distribution(request.user, distribution_id)
    form = LinksForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"class_name": "", "reissue": False}
    try:
        sheet = sending.links_issue(
            distribution=distribution, class_name=data["class_name"], reissue=data["reissue"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_distribution_url(distribution))
    if not sheet.links and not sheet.skipped:
        messages.info(
            request, "Новых ссылок не нужно: у всех, кто отвечает по ссылке, она уже есть или ответ получен."
        )
        return redirect(_distribution_url(distribution))
    return _link_sheet(request, distribution, sheet.links, sheet.skipped)


@require_POST
@access.rule_required("surveys.write")
def invitation_reissue(request, invitation_id: int):
    """«Перевыпустить ссылку»: a new link for one person; the old one stops working."""
    invitation = access.access_invitation(request.user, invitation_id)
    try:
        link = sending.link_reissue(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_distribution_url(invitation.distribution))
    return _link_sheet(request, invitation.distribution, [link])


@require_POST
@access.rule_required("surveys.write")
def distribution_period(request, distribution_id: int):
    distribution = access.access_distribution(request.user, distribution_id)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите дату окончания.")
        return redirect(_distribution_url(distribution))
    try:
        sending.distribution_set_period(distribution=distribution, closes_on=form.cleaned_data["closes_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Ответы принимаются до {distribution.closes_on:%d.%m.%Y}.")
    return redirect(_distribution_url(distribution))


@require_POST
@access.rule_required("surveys.write")
def distribution_remove(request, distribution_id: int):
    distribution = access.access_distribution(request.user, distribution_id)
    survey = distribution.version.survey
    try:
        sending.distribution_delete(distribution=distribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_distribution_url(distribution))
    messages.success(request, "Рассылка удалена.")
    return redirect(_survey_url(survey))


# --- Answering: logged in, or through a one-time link -----------------------------------------------------


@access.rule_required("my_surveys.read")
def my_surveys(request):
    """«Мои анкеты»: questionnaires waiting for the logged-in participant, and those answered."""
    waiting, done = my_invitations(access.me(request.user), timezone.localdate())
    return render(
        request,
        "school_programs/surveys/my.html",
        {"waiting": waiting, "done": done, "person": access.me(request.user)},
    )


@access.rule_required("my_surveys.read", write="my_surveys.write")
def my_survey(request, invitation_id: int):
    person = access.me(request.user)
    invitation = access.access_my_invitation(request.user, invitation_id)
    try:
        answering.invitation_open(invitation=invitation)
    except answering.AnswerRefused as refused:
        messages.info(request, refused.message)
        return redirect(reverse("school:my-surveys"))
    version = invitation.distribution.version
    values, errors, general = {}, {}, []
    if request.method == "POST":
        try:
            answering.answer_as_participant(
                invitation=invitation,
                participant=person,
                answers=answers_from_post(version_questions(version), request.POST),
            )
        except answering.AnswerRefused as refused:
            messages.info(request, refused.message)
            return redirect(reverse("school:my-surveys"))
        except ValidationError as error:
            errors, general = _answer_errors(error)
            values = posted_values(request.POST)
        else:
            messages.success(request, "Спасибо! Ваши ответы приняты.")
            return redirect(reverse("school:my-surveys"))
    context = {
        "survey": version.survey,
        "distribution": invitation.distribution,
        "questionnaire": questionnaire(version_sections(version), values, errors),
        "general_errors": general,
        "has_errors": bool(errors or general),
    }
    status = 400 if errors or general else 200
    return render(request, "school_programs/surveys/my_answer.html", context, status=status)


@reachable_by_link
def answer_view(request, token: str):
    """The page of a one-time link: no login, nothing of the school but this questionnaire.

    Unknown token → 404 (only this school's schema is searched); used or expired link → a page that
    says so; on an error in the answers the questionnaire is shown again and nothing is written."""
    try:
        invitation = answering.link_open(token=token)
    except answering.LinkUnknown:
        raise Http404 from None
    except answering.AnswerRefused as refused:
        status = 403 if isinstance(refused, answering.NotOpen) else 410
        return _private(
            render(request, "school_programs/surveys/refused.html", {"refused": refused}, status=status)
        )
    version = invitation.distribution.version
    survey = version.survey
    values, errors, general = {}, {}, []
    if request.method == "POST":
        try:
            answering.answer_by_link(
                token=token, answers=answers_from_post(version_questions(version), request.POST)
            )
        except answering.LinkUnknown:
            raise Http404 from None
        except answering.AnswerRefused as refused:
            return _private(
                render(request, "school_programs/surveys/refused.html", {"refused": refused}, status=410)
            )
        except ValidationError as error:
            errors, general = _answer_errors(error)
            values = posted_values(request.POST)
        else:
            return _private(render(request, "school_programs/surveys/thanks.html", {"survey": survey}))
    context = {
        "survey": survey,
        "distribution": invitation.distribution,
        "questionnaire": questionnaire(version_sections(version), values, errors),
        "general_errors": general,
        "has_errors": bool(errors or general),
        "school_name": request.school.short_name,
    }
    return _private(
        render(
            request, "school_programs/surveys/respond.html", context, status=400 if errors or general else 200
        )
    )


urlpatterns = [
    path("surveys/", surveys_view, name="surveys"),
    path("surveys/new/", survey_new, name="survey-new"),
    path("surveys/<int:survey_id>/", survey_view, name="survey"),
    path("surveys/<int:survey_id>/edit/", survey_edit, name="survey-edit"),
    path("surveys/<int:survey_id>/preview/", survey_preview, name="survey-preview"),
    path("surveys/<int:survey_id>/copy/", survey_copy, name="survey-copy"),
    path("surveys/<int:survey_id>/archive/", survey_archive, name="survey-archive"),
    path("surveys/<int:survey_id>/delete/", survey_remove, name="survey-delete"),
    path("surveys/<int:survey_id>/sections/new/", section_new, name="survey-section-new"),
    path("surveys/<int:survey_id>/sections/<int:section_id>/", section_edit, name="survey-section"),
    path(
        "surveys/<int:survey_id>/sections/<int:section_id>/delete/",
        section_remove,
        name="survey-section-delete",
    ),
    path(
        "surveys/<int:survey_id>/sections/<int:section_id>/questions/new/",
        question_new,
        name="survey-question-new",
    ),
    path("surveys/<int:survey_id>/questions/<int:question_id>/", question_edit, name="survey-question"),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/delete/",
        question_remove,
        name="survey-question-delete",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/move/",
        question_move,
        name="survey-question-move",
    ),
    path("surveys/<int:survey_id>/send/", distribution_new, name="survey-send"),
    path("surveys/distributions/<int:distribution_id>/", distribution_view, name="survey-distribution"),
    path("surveys/distributions/<int:distribution_id>/links/", distribution_links, name="survey-links"),
    path("surveys/distributions/<int:distribution_id>/period/", distribution_period, name="survey-period"),
    path(
        "surveys/distributions/<int:distribution_id>/delete/",
        distribution_remove,
        name="survey-distribution-delete",
    ),
    path("surveys/invitations/<int:invitation_id>/reissue/", invitation_reissue, name="survey-reissue"),
    path("my-surveys/", my_surveys, name="my-surveys"),
    path("my-surveys/<int:invitation_id>/", my_survey, name="my-survey"),
    path("answer/<str:token>/", answer_view, name="answer"),
]
