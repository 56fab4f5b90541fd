"""Pages: completion of pairs and of the programme — results, early release, rewards, best practices.

Mounted under /s/<school>/ by school_programs/urls.py. Readers see the report; staff write.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..forms_completion import FinalReportForm, PracticeForm, RewardForm
from ..forms_groups import GroupCompleteForm, ReleaseForm, add_service_errors, select_options
from ..selectors.completion import (
    mentor_reward_choices,
    mentors_to_reward,
    practice_list,
    programme_report,
    reward_list,
)
from ..selectors.programmes import programme_list
from ..services import completion as services
from .groups import render_group


def _completion_url(programme) -> str:
    return f"{reverse('school:completion')}?programme={programme.pk}"


def _render_completion(request, programme, status: int = 200, **forms):
    staff = access.has_role(request.user, access.STAFF)
    context = {"programme": programme, "programmes": programme_list(), "staff": staff}
    if programme is not None:
        today = timezone.localdate()
        context.update(
            report=programme_report(programme),
            rewards=reward_list(programme),
            practices=practice_list(programme),
        )
        if staff and programme.status != programme.Status.COMPLETED:
            context["report_form"] = forms.get("report_form") or FinalReportForm(
                initial={"final_report": programme.final_report, "completed_on": today}
            )
        if staff:
            reward_form = forms.get("reward_form") or RewardForm(
                initial={"awarded_on": today}, mentors=mentor_reward_choices(programme)
            )
            context["reward_form"] = reward_form
            context["mentor_options"] = select_options(
                reward_form.fields["mentor"].choices, reward_form["mentor"].value()
            )
            context["practice_form"] = forms.get("practice_form") or PracticeForm()
    return render(request, "school_programs/completion/page.html", context, status=status)


@access.rule_required("completion.read")
def completion_view(request):
    """The programme's results per form and role model, its final report, rewards and practices."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    return _render_completion(request, programme)


@require_POST
@access.rule_required("completion.write")
def final_report(request, programme_id: int):
    programme = access.access_programme(request.user, programme_id)
    form = FinalReportForm(request.POST)
    if form.is_valid():
        try:
            services.programme_final_report(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Программа завершена." if form.cleaned_data["complete"] else "Итоги программы сохранены.",
            )
            return redirect(_completion_url(programme))
    return _render_completion(request, programme, status=400, report_form=form)


@require_POST
@access.rule_required("completion.write")
def reward_new(request, programme_id: int):
    programme = access.access_programme(request.user, programme_id)
    form = RewardForm(request.POST, mentors=mentor_reward_choices(programme))
    if form.is_valid():
        data = form.cleaned_data
        mentor = mentors_to_reward(programme).get(pk=data.pop("mentor"))
        try:
            services.mentor_reward(mentor=mentor, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Поощрение наставника {mentor.participant.short_name} внесено.")
            return redirect(_completion_url(programme))
    return _render_completion(request, programme, status=400, reward_form=form)


@require_POST
@access.rule_required("completion.write")
def practice_new(request, programme_id: int):
    programme = access.access_programme(request.user, programme_id)
    form = PracticeForm(request.POST)
    if form.is_valid():
        try:
            services.best_practice_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Практика описана.")
            return redirect(_completion_url(programme))
    return _render_completion(request, programme, status=400, practice_form=form)


@access.rule_required("completion.write")
def practice_edit(request, practice_id: int):
    practice = access.access_practice(request.user, practice_id)
    fields = ("title", "form", "role_model", "description", "results")
    form = PracticeForm(request.POST or None, initial={name: getattr(practice, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.best_practice_update(practice=practice, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Практика сохранена.")
            return redirect(_completion_url(practice.programme))
    return render(
        request,
        "school_programs/completion/practice.html",
        {"form": form, "practice": practice},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@access.rule_required("completion.write")
def practice_publish(request, practice_id: int):
    practice = access.access_practice(request.user, practice_id)
    try:
        services.best_practice_publish(practice=practice, school=request.school)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Практика передана в региональную библиотеку (без персональных данных).")
    return redirect(_completion_url(practice.programme))


def _group_action(request, group_id: int, form_class, action):
    """Complete a group or release its mentor; on errors the group page shows the form again."""
    group = access.access_group(request.user, group_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            outcome = action(group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return group, outcome, None
    return group, None, form


@require_POST
@access.rule_required("completion.write")
def group_complete(request, group_id: int):
    group, outcome, form = _group_action(request, group_id, GroupCompleteForm, services.group_complete)
    if form is not None:
        return render_group(request, group_id, status=400, complete_form=form)
    messages.success(request, "Работа пары / группы завершена, запросы наставляемых закрыты.")
    for warning in outcome.warnings:
        messages.warning(request, warning)
    return redirect(reverse("school:group", args=[group.pk]))


@require_POST
@access.rule_required("completion.write")
def group_release(request, group_id: int):
    group, _, form = _group_action(request, group_id, ReleaseForm, services.mentor_release)
    if form is not None:
        return render_group(request, group_id, status=400, release_form=form)
    messages.success(
        request,
        "Наставник освобождён, пара прекращена. Наставляемые возвращены в базу: психологическая поддержка, "
        "поиск наставника продолжается. Подготовьте приказ в реестре приказов.",
    )
    return redirect(reverse("school:group", args=[group.pk]))


urlpatterns = [
    path("completion/", completion_view, name="completion"),
    path("completion/<int:programme_id>/report/", final_report, name="completion-report"),
    path("completion/<int:programme_id>/rewards/new/", reward_new, name="reward-new"),
    path("completion/<int:programme_id>/practices/new/", practice_new, name="practice-new"),
    path("completion/practices/<int:practice_id>/", practice_edit, name="practice"),
    path("completion/practices/<int:practice_id>/publish/", practice_publish, name="practice-publish"),
    path("groups/<int:group_id>/complete/", group_complete, name="group-complete"),
    path("groups/<int:group_id>/release/", group_release, name="group-release"),
]
