"""Pages: participants, consents, categories, bulk import. Mounted under /s/<school>/ by urls.py.

Curator, director and psychologist read (access.READERS); curator and director change (access.STAFF).
A mentor may open the card of a participant visible to them (access.access_participant) without
consents and special categories. Special categories are shown only to access.can_see_special, and
every showing is written to the access log by services.participants.special_categories_read.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .. import access
from ..forms import add_service_errors
from ..forms_participants import (
    KIND_PLURALS,
    CategoriesForm,
    ConsentForm,
    ConsentWithdrawForm,
    GuardianshipForm,
    ImportForm,
    ParticipantFilterForm,
    ParticipantForm,
)
from ..models import Participant, ParticipantKind
from ..models.choices import SPECIAL_CATEGORIES
from ..selectors.participants import (
    CONSENT_STATUS_LABELS,
    children_to_link,
    consent_states_set,
    parents_to_link,
    participant_counts,
    participant_detail,
    participant_list,
    special_access_log,
)
from ..services.consents import consent_record, consent_withdraw
from ..services.imports import (
    IMPORT_KINDS,
    ImportFileError,
    import_job,
    import_template,
    participants_export,
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

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _detail_url(participant: Participant) -> str:
    return reverse("school:participant", args=[participant.pk])


@access.rule_required("participants.read")
def participant_list_view(request):
    with_special = access.can_see_special(request.user)
    form = ParticipantFilterForm(request.GET or None, with_special=with_special)
    filters = form.filters()
    page = Paginator(participant_list(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    if filters.category in SPECIAL_CATEGORIES:
        # The page shows who has a special category: every person on it is a view of special data.
        special_access_record(
            participants=page.object_list, user=request.user, action="list", where=request.get_full_path()
        )
    consent_states_set(page.object_list)
    counts = participant_counts()
    return render(
        request,
        "school_programs/participants/list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "kind_counts": [(code, KIND_PLURALS[code], counts[code]) for code in ParticipantKind.values],
            "kinds": [(code, label) for code, label in ParticipantKind.choices],
            "can_edit": access.has_role(request.user, access.STAFF),
            # Rows link to "<list_url><id>/" (the card's URL): one reverse() instead of fifty.
            "list_url": reverse("school:participants"),
        },
    )


@access.rule_required("participants.read")
def participants_export_view(request):
    """The filtered list as XLSX; special categories only for those entitled, and logged."""
    with_special = access.can_see_special(request.user)
    form = ParticipantFilterForm(request.GET or None, with_special=with_special)
    people = list(participant_list(filters=form.filters()))
    consent_states_set(people)
    special = None
    if with_special:
        special = special_categories_read(
            participants=people, user=request.user, action="export", where=request.get_full_path()
        )
    response = HttpResponse(participants_export(people, special=special), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="participants.xlsx"'
    return response


@access.rule_required("participant.read")
def participant_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    is_reader = access.has_role(request.user, access.READERS)
    context = {"participant": participant, "is_reader": is_reader, "card": None, "special": None}
    if is_reader:
        card = participant_detail(participant)
        context.update(
            card=card,
            consents=[(c, status, CONSENT_STATUS_LABELS[status]) for c, status in card.consents],
            can_edit=access.has_role(request.user, access.STAFF),
        )
    else:
        context["open_categories"] = list(participant.categories.exclude(category__in=SPECIAL_CATEGORIES))
    if access.can_see_special(request.user):
        context["special"] = special_categories_read(
            participants=[participant], user=request.user, where=request.path
        ).get(participant.pk, [])
        context["access_log"] = special_access_log(participant)
    if context.get("can_edit"):
        if participant.kind == ParticipantKind.STUDENT:
            context["guardian_form"] = GuardianshipForm(
                queryset=parents_to_link(participant), label="Родитель (законный представитель)"
            )
        elif participant.kind == ParticipantKind.PARENT:
            context["guardian_form"] = GuardianshipForm(
                queryset=children_to_link(participant), label="Ребёнок"
            )
    return render(request, "school_programs/participants/detail.html", context)


def _form_page(request, form, *, title, back, submit="Сохранить", intro="", multipart=False):
    return render(
        request,
        "school_programs/participants/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "submit": submit,
            "intro": intro,
            "multipart": multipart,
        },
    )


@access.rule_required("participants.write")
def participant_create_view(request, kind: str):
    if kind not in ParticipantKind.values:
        raise Http404
    form = ParticipantForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            participant = participant_create(kind=kind, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{participant.full_name}: участник добавлен.")
            return redirect(_detail_url(participant))
    return _form_page(
        request,
        form,
        title=f"Новый участник: {ParticipantKind(kind).label}",
        back=reverse("school:participants"),
        submit="Добавить",
    )


@access.rule_required("participants.write")
def participant_edit_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    form = ParticipantForm(
        request.POST or None, kind=participant.kind, initial=ParticipantForm.initial_of(participant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant_update(participant=participant, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(_detail_url(participant))
    return _form_page(request, form, title=participant.full_name, back=_detail_url(participant))


@require_POST
@access.rule_required("participants.write")
def participant_active_view(request, participant_id: int, active: bool):
    participant = access.access_participant(request.user, participant_id)
    if active:
        participant_reactivate(participant=participant)
        messages.success(request, f"{participant.short_name} снова участвует.")
    else:
        participant_deactivate(participant=participant)
        messages.success(
            request,
            f"{participant.short_name}: "
            + participant.agreed("отмечен как выбывший", "отмечена как выбывшая")
            + ".",
        )
    return redirect(_detail_url(participant))


@access.rule_required("participants.write")
def consent_create_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    form = ConsentForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Согласие записано.")
            return redirect(_detail_url(participant))
    return _form_page(
        request,
        form,
        title=f"Согласие на обработку ПДн: {participant.full_name}",
        back=_detail_url(participant),
        intro=(
            "За несовершеннолетнего согласие даёт родитель (законный представитель). Согласие на "
            "обработку специальных категорий (здоровье, ОВЗ, учёт, трудная жизненная ситуация) — "
            "только письменное."
        ),
    )


@access.rule_required("participants.write")
def consent_withdraw_view(request, participant_id: int, consent_id: int):
    participant = access.access_participant(request.user, participant_id)
    consent = access.access_consent(request.user, participant, consent_id)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(consent=consent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Отзыв согласия записан.")
            return redirect(_detail_url(participant))
    return _form_page(
        request,
        form,
        title=f"Отзыв согласия от {consent.signed_on:%d.%m.%Y}: {participant.full_name}",
        back=_detail_url(participant),
        submit="Записать отзыв",
        intro=f"{consent.get_scope_display().capitalize()}. После отзыва данные участника нельзя "
        "использовать в базах, подборе пар и опросах.",
    )


@access.rule_required("participants.write")
def categories_edit_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    current = list(participant.categories.values_list("category", flat=True))
    if set(current) & SPECIAL_CATEGORIES:
        special_access_record(
            participants=[participant], user=request.user, action="view", where=request.path
        )
    form = CategoriesForm(request.POST or None, participant=participant, initial={"categories": current})
    if request.method == "POST" and form.is_valid():
        try:
            categories_set(
                participant=participant,
                categories=form.cleaned_data["categories"],
                by=request.user,
                where=request.path,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Категории сохранены.")
            return redirect(_detail_url(participant))
    return _form_page(
        request,
        form,
        title=f"Категории: {participant.full_name}",
        back=_detail_url(participant),
        intro="ОВЗ, профилактический учёт и трудная жизненная ситуация — специальные категории ПДн: "
        "их можно указать только при действующем письменном согласии на их обработку.",
    )


@require_POST
@access.rule_required("participants.write")
def guardianship_add_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    is_student = participant.kind == ParticipantKind.STUDENT
    queryset = parents_to_link(participant) if is_student else children_to_link(participant)
    form = GuardianshipForm(request.POST, queryset=queryset, label="")
    if not form.is_valid():
        messages.error(request, "Выберите участника из списка.")
        return redirect(_detail_url(participant))
    other = form.cleaned_data["other"]
    try:
        if is_student:
            guardianship_link(parent=other, child=participant)
        else:
            guardianship_link(parent=participant, child=other)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Связь с {other.short_name} добавлена.")
    return redirect(_detail_url(participant))


@require_POST
@access.rule_required("participants.write")
def guardianship_remove_view(request, participant_id: int, other_id: int):
    participant = access.access_participant(request.user, participant_id)
    other = access.access_participant(request.user, other_id)
    parent, child = (
        (other, participant) if participant.kind == ParticipantKind.STUDENT else (participant, other)
    )
    try:
        guardianship_unlink(parent=parent, child=child)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Связь родителя и ребёнка удалена.")
    return redirect(_detail_url(participant))


@access.rule_required("participants.write")
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "templates": [(k, KIND_PLURALS[k]) for k in IMPORT_KINDS]}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            started = participants_import_start(
                kind=form.cleaned_data["kind"], name=upload.name, content=upload.read(), by=request.user
            )
        except ImportFileError as error:
            context["errors"] = error.row_errors
        else:
            if started.job_id:
                return redirect("school:participants_import_job", job_id=started.job_id)
            context["result"] = started.result
    return render(request, "school_programs/participants/import.html", context)


@access.rule_required("participants.write")
def import_job_view(request, job_id: str):
    """Progress of a large import; with htmx only the progress block, polled until it finishes."""
    job = import_job(job_id)
    if job is None:
        raise Http404
    template = "_import_job.html" if request.htmx else "import_job.html"
    return render(request, f"school_programs/participants/{template}", {"job": job, "job_id": job_id})


@access.rule_required("participants.write")
def import_template_view(request, kind: str):
    if kind not in IMPORT_KINDS:
        raise Http404
    response = HttpResponse(import_template(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nastavnik-{kind}s.xlsx"'
    return response


urlpatterns = [
    path("participants/", participant_list_view, name="participants"),
    path("participants/export.xlsx", participants_export_view, name="participants_export"),
    path("participants/new/<str:kind>/", participant_create_view, name="participant_create"),
    path("participants/import/", import_view, name="participants_import"),
    path("participants/import/jobs/<slug:job_id>/", import_job_view, name="participants_import_job"),
    path(
        "participants/import/template/<str:kind>.xlsx",
        import_template_view,
        name="participants_import_template",
    ),
    path("participants/<int:participant_id>/", participant_view, name="participant"),
    path("participants/<int:participant_id>/edit/", participant_edit_view, name="participant_edit"),
    path(
        "participants/<int:participant_id>/deactivate/",
        participant_active_view,
        {"active": False},
        name="participant_deactivate",
    ),
    path(
        "participants/<int:participant_id>/reactivate/",
        participant_active_view,
        {"active": True},
        name="participant_reactivate",
    ),
    path("participants/<int:participant_id>/consents/new/", consent_create_view, name="consent_create"),
    path(
        "participants/<int:participant_id>/consents/<int:consent_id>/withdraw/",
        consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "participants/<int:participant_id>/categories/", categories_edit_view, name="participant_categories"
    ),
    path("participants/<int:participant_id>/guardians/", guardianship_add_view, name="guardianship_add"),
    path(
        "participants/<int:participant_id>/guardians/<int:other_id>/delete/",
        guardianship_remove_view,
        name="guardianship_remove",
    ),
]
