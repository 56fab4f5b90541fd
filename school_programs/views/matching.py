"""Pages: matching (подбор пар) and forming a pair or group by hand. Mounted under /s/<school>/.

The curator picks a form and asks for suggestions; each suggestion is accepted (as a pair or into the
mentor's group), rejected or given another mentor — in place with htmx, or by a plain form post.
The psychologist sees the suggestions; mentors and mentees have no access (403).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..forms_bases import add_service_errors
from ..forms_matching import (
    AcceptForm,
    ChangeMentorForm,
    GroupCreateForm,
    MatchingFormChoice,
    programme_forms,
)
from ..models import Form, MatchSuggestion
from ..selectors.matching import latest_run, run_suggestions, run_unmatched
from ..selectors.programmes import programme_list
from ..services import groups as group_services
from ..services import matching as services


def _matching_url(programme, form: str) -> str:
    return f"{reverse('school:matching')}?programme={programme.pk}&form={form}"


@access.rule_required("matching.read")
def matching(request):
    """Choose a form, see the latest suggestions and the mentees left without a pair."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return render(request, "school_programs/bases/no_programme.html")
    forms = programme_forms(programme)
    chosen = MatchingFormChoice(request.GET or None, programme=programme)
    form = chosen.cleaned_data["form"] if chosen.is_valid() else (forms[0][0] if forms else "")
    run = latest_run(programme, form) if form else None
    return render(
        request,
        "school_programs/matching/index.html",
        {
            "programme": programme,
            "programmes": programme_list(),
            "form_code": form,
            "form_label": Form(form).label if form else "",
            "forms": forms,
            "run": run,
            "suggestions": run_suggestions(run) if run else [],
            "unmatched": run_unmatched(run) if run else [],
            "proposed": run.suggestions.filter(decision=MatchSuggestion.Decision.PROPOSED).count()
            if run
            else 0,
            "can_edit": access.may(request.user, "matching.write"),
            "default_start": _default_start(programme),
        },
    )


@require_POST
@access.rule_required("matching.write")
def matching_run(request):
    """«Подобрать пары»: a new run for the form supersedes the proposals of the previous one."""
    programme = access.chosen_programme(request.user, request.POST.get("programme"))
    if programme is None:
        return redirect("school:matching")
    chosen = MatchingFormChoice(request.POST, programme=programme)
    if not chosen.is_valid():
        messages.error(request, "Выберите форму наставничества из форм программы.")
        return redirect(f"{reverse('school:matching')}?programme={programme.pk}")
    form = chosen.cleaned_data["form"]
    try:
        run = services.matching_suggest(programme=programme, form=form, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Подобрано пар: {run.suggestions.count()}; без пары: {run.unmatched.count()}. "
            "Проверьте предложения и примите их.",
        )
    return redirect(_matching_url(programme, form))


def _default_start(programme) -> datetime.date:
    """The start date the accept forms offer: today, or the programme's start if it is still ahead."""
    return max(timezone.localdate(), programme.start_date)


def _start_date(request) -> tuple[datetime.date | None, ValidationError | None]:
    """The start date the curator gave when accepting; a pair's dates are the ones the order fixes."""
    form = AcceptForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["start_date"], None
    return None, ValidationError(" ".join(form.errors.get("start_date", ["Укажите дату начала работы."])))


def _row(request, suggestion, *, error: str = "", change_form=None, status: int = 200):
    suggestion = access.access_suggestion(request.user, suggestion.pk)
    return render(
        request,
        "school_programs/matching/_suggestion_row.html",
        {
            "s": suggestion,
            "error": error,
            "change_form": change_form,
            "can_edit": True,
            "default_start": _default_start(suggestion.run.programme),
        },
        status=status,
    )


def _decided(request, suggestion, done: str, error: ValidationError | None):
    """htmx: the row again (with the error in it); otherwise back to the page with a message."""
    text = " ".join(error.messages) if error else ""
    if request.htmx:
        return _row(request, suggestion, error=text)
    if error:
        messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(_matching_url(suggestion.run.programme, suggestion.run.form))


@require_POST
@access.rule_required("matching.write")
def suggestion_accept(request, suggestion_id: int):
    suggestion = access.access_suggestion(request.user, suggestion_id)
    as_group = request.POST.get("mode") == "group"
    start_date, problem = _start_date(request)
    if problem:
        return _decided(request, suggestion, "", problem)
    try:
        services.suggestion_accept(
            suggestion=suggestion, as_group=as_group, start_date=start_date, by=request.user
        )
    except ValidationError as error:
        return _decided(request, suggestion, "", error)
    who = f"{suggestion.mentor.participant.short_name} — {suggestion.mentee.participant.short_name}"
    return _decided(request, suggestion, f"Принято: {who} ({'в группу' if as_group else 'пара'}).", None)


@require_POST
@access.rule_required("matching.write")
def suggestion_reject(request, suggestion_id: int):
    suggestion = access.access_suggestion(request.user, suggestion_id)
    try:
        services.suggestion_reject(suggestion=suggestion, by=request.user)
    except ValidationError as error:
        return _decided(request, suggestion, "", error)
    return _decided(request, suggestion, "Предложение отклонено: запрос остаётся в поиске.", None)


@access.rule_required("matching.write")
def suggestion_change(request, suggestion_id: int):
    """Another mentor for the suggestion, chosen among those the hard rules allow (best first)."""
    suggestion = access.access_suggestion(request.user, suggestion_id)
    form = ChangeMentorForm(request.POST or None, candidates=services.change_candidates(suggestion))
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_change_mentor(
                suggestion=suggestion, mentor=form.cleaned_data["mentor"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _decided(request, suggestion, "Наставник в предложении заменён.", None)
    status = 400 if request.method == "POST" and not request.htmx else 200
    if request.htmx:
        return _row(request, suggestion, change_form=form)
    return render(
        request,
        "school_programs/matching/change.html",
        {"s": suggestion, "form": form, "programme": suggestion.run.programme},
        status=status,
    )


@require_POST
@access.rule_required("matching.write")
def accept_all(request, run_id: int):
    """«Принять все»: all proposed suggestions of the run, or none if one of them fails."""
    run = access.access_matching_run(request.user, run_id)
    as_group = request.POST.get("mode") == "group"
    start_date, problem = _start_date(request)
    try:
        if problem:
            raise problem
        count = services.suggestions_accept_all(
            run=run, as_group=as_group, start_date=start_date, by=request.user
        )
    except ValidationError as error:
        messages.error(request, "Ничего не принято. " + " ".join(error.messages))
    else:
        messages.success(request, f"Принято предложений: {count}.")
    return redirect(_matching_url(run.programme, run.form))


@access.rule_required("matching.write")
def group_create(request):
    """A pair or group formed by hand, under the same hard rules as the suggestions."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return render(request, "school_programs/bases/no_programme.html")
    forms = programme_forms(programme)
    chosen = MatchingFormChoice(request.GET or None, programme=programme)
    form_code = chosen.cleaned_data["form"] if chosen.is_valid() else (forms[0][0] if forms else "")
    if not form_code:
        return render(request, "school_programs/bases/no_programme.html")
    initial = {"start_date": programme.start_date, "end_date": programme.end_date}
    form = GroupCreateForm(request.POST or None, programme=programme, form=form_code, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                group = group_services.group_create(
                    programme=programme, form=form_code, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                kind = "Пара сформирована" if group.mentees.count() == 1 else "Группа сформирована"
                messages.success(request, f"{kind}: наставник {group.mentor.participant.short_name}.")
                return redirect(_matching_url(programme, form_code))
        status = 400
    return render(
        request,
        "school_programs/matching/group_form.html",
        {
            "programme": programme,
            "form": form,
            "forms": forms,
            "form_code": form_code,
            "form_label": Form(form_code).label,
        },
        status=status,
    )


urlpatterns = [
    path("matching/", matching, name="matching"),
    path("matching/run/", matching_run, name="matching-run"),
    path("matching/runs/<int:run_id>/accept-all/", accept_all, name="matching-accept-all"),
    path("matching/suggestions/<int:suggestion_id>/accept/", suggestion_accept, name="matching-accept"),
    path("matching/suggestions/<int:suggestion_id>/reject/", suggestion_reject, name="matching-reject"),
    path("matching/suggestions/<int:suggestion_id>/change/", suggestion_change, name="matching-change"),
    path("matching/groups/new/", group_create, name="matching-group-create"),
]
