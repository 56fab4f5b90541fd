"""Pages: the programme and its road map. Mounted under /s/<school>/ by school_programs/urls.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from nastavnik.params import int_param

from .. import access
from ..forms import add_service_errors
from ..forms_programme import ProgrammeForm, RoadmapItemForm, RoadmapNewItemForm, RoleModelForm
from ..models import RoleModel
from ..selectors.programmes import programme_list, programme_summary
from ..selectors.roadmap import roadmap_by_stage
from ..services.programmes import programme_create, programme_update, role_model_save
from ..services.roadmap import (
    roadmap_generate,
    roadmap_item_create,
    roadmap_item_delete,
    roadmap_item_move,
    roadmap_item_update,
)


@access.rule_required("programme.read")
def programme_view(request):
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    context = {
        "programme": programme,
        "programmes": programme_list(),
        "can_edit": access.has_role(request.user, access.STAFF),
    }
    if programme:
        context["summary"] = programme_summary(programme)
        context["stages"] = roadmap_by_stage(programme)
        context["overdue"] = sum(stage["overdue"] for stage in context["stages"])
    return render(request, "school_programs/programme/view.html", context)


@access.rule_required("programme.write")
def programme_new(request):
    form = ProgrammeForm(request.POST or None)
    form.fields.pop("status")
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Программа создана, дорожная карта составлена по типовой.")
            return redirect(f"{reverse('school:programme')}?programme={programme.pk}")
    return render(request, "school_programs/programme/form.html", {"form": form, "title": "Новая программа"})


@access.rule_required("programme.write")
def programme_edit(request, programme_id: int):
    programme = access.access_programme(request.user, programme_id)
    initial = {
        f: getattr(programme, f) for f in ("title", "start_date", "end_date", "forms", "goals", "status")
    }
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Программа сохранена.")
            return redirect(f"{reverse('school:programme')}?programme={programme.pk}")
    return render(request, "school_programs/programme/form.html", {"form": form, "title": programme.title})


@access.rule_required("programme.write")
def roadmap_generate_view(request, programme_id: int):
    programme = access.access_programme(request.user, programme_id)
    if request.method == "POST":
        try:
            roadmap_generate(programme=programme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('school:programme')}?programme={programme.pk}")


@access.rule_required("programme.write")
def roadmap_item_edit(request, item_id: int):
    """Edit one road-map line; with htmx the edited row replaces itself in the table."""
    item = access.access_roadmap_item(request.user, item_id)
    fields = ("activity", "content", "deadline", "responsible", "status")
    form = RoadmapItemForm(request.POST or None, initial={f: getattr(item, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            item = roadmap_item_update(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                item.overdue = item.is_overdue_on(timezone.localdate())
                return render(
                    request, "school_programs/programme/_roadmap_row.html", {"item": item, "can_edit": True}
                )
            return redirect(f"{reverse('school:programme')}?programme={item.programme_id}")
    template = (
        "school_programs/programme/_roadmap_form.html"
        if request.htmx
        else "school_programs/programme/item.html"
    )
    return render(request, template, {"form": form, "item": item})


def _roadmap_url(programme_id: int) -> str:
    return f"{reverse('school:programme')}?programme={programme_id}#roadmap"


@access.rule_required("programme.write")
def roadmap_item_new(request, programme_id: int):
    """The curator adds a line of their own to the road map."""
    programme = access.access_programme(request.user, programme_id)
    form = RoadmapNewItemForm(request.POST or None, initial={"stage": request.GET.get("stage")})
    if request.method == "POST" and form.is_valid():
        try:
            roadmap_item_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Пункт добавлен в дорожную карту.")
            return redirect(_roadmap_url(programme.pk))
    return render(
        request,
        "school_programs/programme/form.html",
        {"form": form, "title": f"Новый пункт дорожной карты: {programme.title}"},
    )


@access.rule_required("programme.write")
def roadmap_item_move_view(request, item_id: int):
    """Up or down within its stage (POST direction=up|down)."""
    item = access.access_roadmap_item(request.user, item_id)
    if request.method == "POST":
        try:
            roadmap_item_move(item=item, direction=request.POST.get("direction", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_roadmap_url(item.programme_id))


@access.rule_required("programme.write")
def roadmap_item_delete_view(request, item_id: int):
    item = access.access_roadmap_item(request.user, item_id)
    if request.method == "POST":
        try:
            roadmap_item_delete(item=item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Пункт «{item.activity}» удалён из дорожной карты.")
    return redirect(_roadmap_url(item.programme_id))


@access.rule_required("programme.read")
def role_models(request):
    """The school's editable list of role models per form (shipped from the seeds)."""
    return render(
        request,
        "school_programs/programme/role_models.html",
        {
            "role_models": RoleModel.objects.order_by("form", "order", "name"),
            "can_edit": access.has_role(request.user, access.STAFF),
        },
    )


@access.rule_required("programme.write")
def role_model_edit(request, role_model_id: int | None = None):
    role_model = access.access_role_model(request.user, role_model_id) if role_model_id else None
    fields = ("form", "name", "goal", "is_active")
    initial = {f: getattr(role_model, f) for f in fields} if role_model else None
    form = RoleModelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            role_model_save(role_model=role_model, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Ролевая модель сохранена.")
            return redirect("school:role-models")
    title = role_model.name if role_model else "Новая ролевая модель"
    return render(request, "school_programs/programme/form.html", {"form": form, "title": title})


urlpatterns = [
    path("role-models/", role_models, name="role-models"),
    path("role-models/new/", role_model_edit, name="role-model-new"),
    path("role-models/<int:role_model_id>/", role_model_edit, name="role-model"),
    path("programme/", programme_view, name="programme"),
    path("programme/new/", programme_new, name="programme-new"),
    path("programme/<int:programme_id>/edit/", programme_edit, name="programme-edit"),
    path("programme/<int:programme_id>/roadmap/generate/", roadmap_generate_view, name="roadmap-generate"),
    path("programme/<int:programme_id>/roadmap/new/", roadmap_item_new, name="roadmap-item-new"),
    path("roadmap/<int:item_id>/", roadmap_item_edit, name="roadmap-item"),
    path("roadmap/<int:item_id>/move/", roadmap_item_move_view, name="roadmap-item-move"),
    path("roadmap/<int:item_id>/delete/", roadmap_item_delete_view, name="roadmap-item-delete"),
]
