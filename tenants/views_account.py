"""«Личный кабинет» — everyone's own roles and places, password, page sessions and API tokens — and
the password reset by e-mail (Django's views with Russian templates; the form answers the same
whether or not the e-mail is someone's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import access
from .forms_people import PasswordResetForm
from .navigation import places
from .roles import allowed_roles
from .services import sessions
from .services.tokens import token_revoke, tokens_of


def own_account(rule: str):
    """Login, and nothing else: everyone has their own account, with or without a role. The rule
    (`account.read`/`account.write`, which give every role) stays on the view for the access matrix."""
    allowed_roles(rule)

    def decorator(view):
        wrapped = login_required(view)
        wrapped.access_rule = wrapped.access_write_rule = rule
        return wrapped

    return decorator


def _account_page(request, password_form=None, status=200):
    return render(
        request,
        "tenants/account/home.html",
        {
            "places": places(request.user),
            "memberships": access.memberships(request.user),
            "password_form": password_form or PasswordChangeForm(request.user),
            "sessions": sessions.sessions_of(user=request.user, current_key=request.session.session_key),
            "tokens": tokens_of(user=request.user),
        },
        status=status,
    )


@never_cache
@own_account("account.read")
def account_view(request):
    return _account_page(request)


@never_cache
@require_POST
@own_account("account.write")
def password_change_view(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, password_form=form, status=400)
    form.save()
    old_key = request.session.session_key
    # Keeps this session; every other session of the user ends (its auth hash no longer matches).
    update_session_auth_hash(request, form.user)
    sessions.session_rekey(old_key=old_key, new_key=request.session.session_key)
    sessions.sessions_revoke_others(user=request.user, current_key=request.session.session_key)
    messages.success(request, "Пароль изменён. Другие сессии завершены.")
    return redirect("account:home")


@require_POST
@own_account("account.write")
def session_revoke_view(request, session_id: int):
    if sessions.session_revoke(user=request.user, session_id=session_id):
        messages.success(request, "Сессия завершена.")
    else:
        messages.error(request, "Такой сессии нет.")
    return redirect("account:home")


@require_POST
@own_account("account.write")
def sessions_revoke_others_view(request):
    count = sessions.sessions_revoke_others(user=request.user, current_key=request.session.session_key)
    messages.success(request, f"Завершено других сессий: {count}.")
    return redirect("account:home")


@require_POST
@own_account("account.write")
def token_revoke_view(request, key: str):
    if token_revoke(user=request.user, token_key=key):
        messages.success(request, "Токен отозван.")
    else:
        messages.error(request, "Такого токена нет.")
    return redirect("account:home")


# --- Password reset by e-mail: Django's flow, Russian templates ----------------------------------------


def _by_link(view):
    view.reachable_by_link = True
    return view


password_reset_view = _by_link(
    auth_views.PasswordResetView.as_view(
        template_name="registration/password_reset_form.html",
        form_class=PasswordResetForm,
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)
password_reset_done_view = _by_link(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
)
password_reset_confirm_view = _by_link(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/password_reset_confirm.html",
        success_url=reverse_lazy("password_reset_complete"),
    )
)
password_reset_complete_view = _by_link(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html")
)
