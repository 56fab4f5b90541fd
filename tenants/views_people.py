"""Pages of people and their roles (regional administrator, municipal coordinator, director), and the
invitation link everyone opens once. Thin: forms → services (tenants.services.people, grants,
invitations) → redirect; objects through tenants.access; rules from tenants.roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nastavnik.tables import TableFileError

from . import access
from .forms_people import GrantForm, PeopleImportForm, PersonEditForm, PersonForm, SetPasswordForm
from .roles import rule_required
from .selectors import (
    grant_log,
    is_regional_admin,
    last_invitation,
    memberships_of_people,
    memberships_visible,
    pending_invitations,
    people_list,
)
from .services import grants, invitations, people
from .services.people import IMPORT_TEMPLATE, PersonData

PAGE_SIZE = 50


def base_url(request) -> str:
    return request.build_absolute_uri("/")


def _service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: under its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@rule_required("people.read")
def people_list_view(request):
    search = request.GET.get("q", "").strip()
    page = Paginator(people_list(user=request.user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    roles = memberships_of_people(user=request.user, people=page.object_list)
    rows = [(person, roles[person.pk]) for person in page.object_list]
    return render(
        request,
        "tenants/people/list.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "pending": pending_invitations(user=request.user)[:20],
            "can_write": True,
        },
    )


@never_cache
@rule_required("people.write")
def person_create_view(request):
    form = PersonForm(
        request.POST or None, user=request.user, role_required=not is_regional_admin(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = people.person_create(
                by=request.user,
                data=PersonData(
                    **{
                        k: data[k]
                        for k in ("last_name", "first_name", "middle_name", "email", "phone", "position")
                    }
                ),
                role=data["role"] or None,
                scope=data["scope"],
                invite=data["invite"],
                base_url=base_url(request),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            if result.created:
                text = f"{result.user.full_name}: учётная запись создана"
            else:
                text = f"{data['email']}: такой человек уже есть, роль назначена ему"
            if result.invitation:
                text += f", приглашение отправлено на {result.user.email}"
            messages.success(request, text + ".")
            return redirect("people:person", result.user.pk)
    return render(
        request,
        "tenants/people/form.html",
        {"form": form, "title": "Новый человек", "submit": "Создать", "back": reverse("people:list")},
    )


@never_cache
@rule_required("people.write")
def people_import_view(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = people.people_import(
                by=request.user, name=upload.name, content=upload.read(), base_url=base_url(request)
            )
        except TableFileError as error:
            errors = error.row_errors
        except ValidationError as error:
            form.add_error("file", error.messages)
    status = 400 if errors else 200
    return render(
        request,
        "tenants/people/import.html",
        {"form": form, "errors": errors, "result": result, "template_rows": IMPORT_TEMPLATE},
        status=status,
    )


@rule_required("people.read")
def person_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    memberships = list(memberships_visible(user=request.user, person=person))
    for membership in memberships:
        membership.may_revoke = (
            membership.is_active
            and membership.user_id != request.user.pk
            and grants.may_grant(by=request.user, role=membership.role, scope=membership.scope_object)
        )
    return render(
        request,
        "tenants/people/detail.html",
        {
            "person": person,
            "memberships": memberships,
            "grant_form": GrantForm(user=request.user),
            "invitation": last_invitation(person=person),
            "may_manage": people.may_manage(by=request.user, person=person),
            "log": grant_log(user=request.user).filter(user=person)[:20],
        },
    )


@never_cache
@rule_required("people.write")
def person_edit_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    initial = {name: getattr(person, name) for name in people.PERSON_FIELDS}
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.person_update(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Сведения сохранены.")
            return redirect("people:person", person.pk)
    back = reverse("people:person", args=[person.pk])
    return render(
        request,
        "tenants/people/form.html",
        {"form": form, "title": f"{person.full_name}: изменить", "submit": "Сохранить", "back": back},
    )


def _back_to_person(request, person):
    return redirect("people:person", person.pk)


@require_POST
@rule_required("people.write")
def person_grant_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    form = GrantForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            membership = grants.role_grant(
                by=request.user, user=person, role=form.cleaned_data["role"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Роль «{membership.get_role_display()}» назначена.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back_to_person(request, person)


@require_POST
@rule_required("people.write")
def membership_revoke_view(request, membership_id: int):
    membership = access.access_membership(request.user, membership_id)
    try:
        grants.role_revoke(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Роль «{membership.get_role_display()}» снята.")
    return redirect("people:person", membership.user_id)


@require_POST
@rule_required("people.write")
def person_invite_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    try:
        if not people.may_manage(by=request.user, person=person):
            raise ValidationError("Пригласить этого человека может тот, кто назначал ему роли.")
        invitations.invitation_send(by=request.user, user=person, base_url=base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Приглашение отправлено на {person.email}.")
    return _back_to_person(request, person)


@require_POST
@rule_required("people.write")
def person_deactivate_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    try:
        people.person_deactivate(by=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Учётная запись отключена: вход закрыт, сессии и токены отозваны.")
    return _back_to_person(request, person)


@require_POST
@rule_required("people.write")
def person_reactivate_view(request, person_id: int):
    person = access.access_person(request.user, person_id)
    try:
        people.person_reactivate(by=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Учётная запись снова действует.")
    return _back_to_person(request, person)


@rule_required("people.read")
def grant_log_view(request):
    page = Paginator(grant_log(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenants/people/log.html", {"page": page})


# --- The invitation link: no login, the token is the access -------------------------------------------


def reachable_by_link(view):
    """A page opened through a personal one-time link: the token is the access (no login, no role)."""
    view.reachable_by_link = True
    return view


@never_cache
@reachable_by_link
def invitation_accept_view(request, token: str):
    try:
        invitation = invitations.invitation_check(token=token)
    except invitations.InvitationInvalid as error:
        return render(
            request, "tenants/people/invitation_invalid.html", {"reason": error.messages[0]}, status=410
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except invitations.InvitationInvalid as error:
            return render(
                request, "tenants/people/invitation_invalid.html", {"reason": error.messages[0]}, status=410
            )
        except ValidationError as error:
            _service_errors(
                form, ValidationError({"password1": error.message_dict.get("password", error.messages)})
            )
        else:
            messages.success(request, "Пароль задан. Войдите с логином или e-mail и новым паролем.")
            return redirect("login")
    return render(request, "tenants/people/invitation_accept.html", {"form": form, "invitation": invitation})
