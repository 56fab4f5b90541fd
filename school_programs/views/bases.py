"""Pages: the mentee base with its request map, the mentor base with selection and training, supply
and demand, compatibility tests and speed-meeting choices. Mounted under /s/<school>/.

Staff (curator, director) keep the bases; the psychologist reads them and enters compatibility
tests; mentors and mentees have no access (403).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..forms_bases import (
    SELECTION_STEPS,
    BaseFilterForm,
    CloseRequestForm,
    CompatibilityForm,
    MenteeRequestEditForm,
    MenteeRequestForm,
    MentorEntryEditForm,
    MentorEntryForm,
    PreferenceForm,
    add_service_errors,
)
from ..models import Form, MentorEntry
from ..selectors.bases import (
    base_counts,
    mentee_base,
    mentor_base,
    supply_demand,
)
from ..selectors.matching import compatibility_list, preference_list
from ..selectors.programmes import programme_list
from ..services import bases as services
from ..services.bases import labour_warnings
from ..services.matching import compatibility_record, preference_delete, preference_record


def _no_programme(request):
    return render(request, "school_programs/bases/no_programme.html", status=200)


def _with_programme(url: str, programme) -> str:
    return f"{url}?programme={programme.pk}"


@access.rule_required("bases.read")
def bases(request):
    """The two bases on one page: request map with filters, mentor base, supply against demand."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return _no_programme(request)
    filters = BaseFilterForm(request.GET or None, programme=programme)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    requests = mentee_base(
        programme,
        form=chosen.get("form", ""),
        status=chosen.get("status", ""),
        priority=chosen.get("priority", ""),
        topic=chosen.get("topic", ""),
    )
    mentors = list(mentor_base(programme, form=chosen.get("form", "")))
    for entry in mentors:
        entry.labour_warnings = labour_warnings(entry)
        entry.form_labels = [Form(code).label for code in entry.forms]
    return render(
        request,
        "school_programs/bases/index.html",
        {
            "programme": programme,
            "programmes": programme_list(),
            "filters": filters,
            "requests": requests,
            "mentors": mentors,
            "supply": supply_demand(programme, form=chosen.get("form", "")),
            "counts": base_counts(programme),
            "can_edit": access.may(request.user, "bases.write"),
            "can_test": access.may(request.user, "compatibility.write"),
        },
    )


@access.rule_required("bases.write")
def request_add(request):
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return _no_programme(request)
    form = MenteeRequestForm(request.POST or None, programme=programme, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_request_add(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Запрос внесён в базу наставляемых.")
            return redirect(_with_programme(reverse("school:bases"), programme))
    return render(
        request,
        "school_programs/bases/form.html",
        {"form": form, "title": "Новый запрос в базе наставляемых", "programme": programme},
    )


@access.rule_required("bases.write")
def request_edit(request, request_id: int):
    line = access.access_mentee_request(request.user, request_id)
    form = MenteeRequestEditForm.for_request(line, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_request_update(request=line, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Запрос сохранён.")
            return redirect(_with_programme(reverse("school:bases"), line.programme))
    return render(
        request,
        "school_programs/bases/request.html",
        {"form": form, "line": line, "close_form": CloseRequestForm(), "programme": line.programme},
    )


@require_POST
@access.rule_required("bases.write")
def request_close(request, request_id: int):
    line = access.access_mentee_request(request.user, request_id)
    form = CloseRequestForm(request.POST)
    if form.is_valid():
        try:
            services.mentee_request_close(request=line, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("school:bases-request", request_id=line.pk)
        messages.success(request, f"Запрос {line.participant.short_name} закрыт.")
    return redirect(_with_programme(reverse("school:bases"), line.programme))


@access.rule_required("bases.write")
def mentor_add(request):
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return _no_programme(request)
    form = MentorEntryForm(request.POST or None, programme=programme, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.mentor_entry_add(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Кандидат внесён в базу наставников. Дальше — анкета, собеседование и обучение."
            )
            return redirect("school:bases-mentor", entry_id=entry.pk)
    return render(
        request,
        "school_programs/bases/form.html",
        {"form": form, "title": "Новый наставник в базе", "programme": programme},
    )


def _mentor_page(request, entry: MentorEntry, *, failed=None, failed_step: str = "", status: int = 200):
    """The mentor's selection page: questionnaire, interview, training, decision, labour terms."""
    step_forms = {}
    initial = {
        "questionnaire": {"questionnaire": entry.questionnaire},
        "interview": {
            "interview_on": entry.interview_on,
            "interview_passed": {True: "yes", False: "no"}.get(entry.interview_passed),
            "interview_note": entry.interview_note,
        },
        "training": {
            "training_completed_on": entry.training_completed_on,
            "training_programme": entry.training_programme,
        },
        "labour": {
            "written_consent_on": entry.written_consent_on,
            "addendum_number": entry.addendum_number,
            "addendum_date": entry.addendum_date,
            "payment_terms": entry.payment_terms,
        },
        "reject": {},
    }
    for step, form_class in SELECTION_STEPS.items():
        step_forms[step] = failed if step == failed_step else form_class(initial=initial[step], prefix=step)
    edit_form = failed if failed_step == "edit" else MentorEntryEditForm.for_entry(entry)
    return render(
        request,
        "school_programs/bases/mentor.html",
        {
            "entry": entry,
            "programme": entry.programme,
            "steps": step_forms,
            "edit_form": edit_form,
            "is_teacher": entry.participant.kind == "teacher",
            "labour_warnings": labour_warnings(entry),
            "active": services.active_mentees(entry),
            "form_labels": [Form(code).label for code in entry.forms],
            "can_edit": access.may(request.user, "bases.write"),
        },
        status=status,
    )


@access.rule_required("bases.read")
def mentor_detail(request, entry_id: int):
    return _mentor_page(request, access.access_mentor_entry(request.user, entry_id))


@require_POST
@access.rule_required("bases.write")
def mentor_edit(request, entry_id: int):
    entry = access.access_mentor_entry(request.user, entry_id)
    form = MentorEntryEditForm.for_entry(entry, request.POST)
    if form.is_valid():
        try:
            services.mentor_entry_update(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Запись наставника сохранена.")
            return redirect("school:bases-mentor", entry_id=entry.pk)
    return _mentor_page(
        request,
        access.access_mentor_entry(request.user, entry_id),
        failed=form,
        failed_step="edit",
        status=400,
    )


def _run_step(step: str, entry: MentorEntry, data: dict, user):
    if step == "questionnaire":
        return services.mentor_questionnaire_record(entry=entry, questionnaire=data["questionnaire"], by=user)
    if step == "interview":
        return services.mentor_interview_record(
            entry=entry,
            interview_on=data["interview_on"],
            passed=data["interview_passed"],
            note=data["interview_note"],
            by=user,
        )
    if step == "training":
        return services.mentor_training_record(
            entry=entry,
            completed_on=data["training_completed_on"],
            training_programme=data["training_programme"],
            by=user,
        )
    if step == "labour":
        return services.mentor_labour_terms_record(entry=entry, by=user, **data)
    return services.mentor_reject(entry=entry, note=data["note"], by=user)


STEP_DONE = {
    "questionnaire": "Анкета сохранена.",
    "interview": "Итоги собеседования сохранены.",
    "training": "Обучение отмечено.",
    "labour": "Условия по ст. 351.8 ТК РФ сохранены.",
    "reject": "Кандидатура отклонена.",
}


@require_POST
@access.rule_required("bases.write")
def mentor_step(request, entry_id: int, step: str):
    """One step of selection; «select» has no form (it only needs a passed interview)."""
    entry = access.access_mentor_entry(request.user, entry_id)
    if step == "select":
        try:
            services.mentor_select(entry=entry, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{entry.participant.short_name} {entry.participant.agreed('отобран', 'отобрана')} "
                "в наставники.",
            )
        return redirect("school:bases-mentor", entry_id=entry.pk)
    form_class = SELECTION_STEPS.get(step)
    if form_class is None:
        return redirect("school:bases-mentor", entry_id=entry.pk)
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            _run_step(step, entry, form.cleaned_data, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, STEP_DONE[step])
            return redirect("school:bases-mentor", entry_id=entry.pk)
    return _mentor_page(
        request, access.access_mentor_entry(request.user, entry_id), failed=form, failed_step=step, status=400
    )


@access.rule_required("compatibility.read", write="compatibility.write")
def compatibility(request):
    """The psychologist's compatibility tests of pairs (entered by the psychologist or staff)."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return _no_programme(request)
    form = CompatibilityForm(request.POST or None, programme=programme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                compatibility_record(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Результат теста на совместимость сохранён.")
                return redirect(_with_programme(reverse("school:bases-compatibility"), programme))
        status = 400
    return render(
        request,
        "school_programs/bases/compatibility.html",
        {
            "programme": programme,
            "form": form,
            "results": compatibility_list(programme),
            "can_edit": access.may(request.user, "compatibility.write"),
        },
        status=status,
    )


@access.rule_required("matching.read", write="matching.write")
def preferences(request):
    """Choices after «быстрые встречи»: each side ranks the other (1 — most wanted)."""
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        return _no_programme(request)
    form = PreferenceForm(request.POST or None, programme=programme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preference_record(programme=programme, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Выбор после быстрых встреч сохранён.")
                return redirect(_with_programme(reverse("school:bases-preferences"), programme))
        status = 400
    return render(
        request,
        "school_programs/bases/preferences.html",
        {
            "programme": programme,
            "form": form,
            "preferences": preference_list(programme),
            "can_edit": access.may(request.user, "matching.write"),
        },
        status=status,
    )


@require_POST
@access.rule_required("matching.write")
def preference_remove(request, preference_id: int):
    preference = access.access_preference(request.user, preference_id)
    preference_delete(preference=preference, by=request.user)
    messages.success(request, "Выбор удалён.")
    return redirect(_with_programme(reverse("school:bases-preferences"), preference.programme))


urlpatterns = [
    path("bases/", bases, name="bases"),
    path("bases/requests/new/", request_add, name="bases-request-add"),
    path("bases/requests/<int:request_id>/", request_edit, name="bases-request"),
    path("bases/requests/<int:request_id>/close/", request_close, name="bases-request-close"),
    path("bases/mentors/new/", mentor_add, name="bases-mentor-add"),
    path("bases/mentors/<int:entry_id>/", mentor_detail, name="bases-mentor"),
    path("bases/mentors/<int:entry_id>/edit/", mentor_edit, name="bases-mentor-edit"),
    path("bases/mentors/<int:entry_id>/<slug:step>/", mentor_step, name="bases-mentor-step"),
    path("bases/compatibility/", compatibility, name="bases-compatibility"),
    path("bases/preferences/", preferences, name="bases-preferences"),
    path("bases/preferences/<int:preference_id>/delete/", preference_remove, name="bases-preference-delete"),
]
