"""Public pages of people and roles, «Личный кабинет», the invitation link and the password reset.
Included once from nastavnik/urls_public.py."""

from django.urls import include, path

from . import views_account as account
from . import views_people as people

people_patterns = [
    path("", people.people_list_view, name="list"),
    path("new/", people.person_create_view, name="create"),
    path("import/", people.people_import_view, name="import"),
    path("log/", people.grant_log_view, name="log"),
    path("<int:person_id>/", people.person_view, name="person"),
    path("<int:person_id>/edit/", people.person_edit_view, name="edit"),
    path("<int:person_id>/grant/", people.person_grant_view, name="grant"),
    path("<int:person_id>/invite/", people.person_invite_view, name="invite"),
    path("<int:person_id>/deactivate/", people.person_deactivate_view, name="deactivate"),
    path("<int:person_id>/reactivate/", people.person_reactivate_view, name="reactivate"),
    path("roles/<int:membership_id>/revoke/", people.membership_revoke_view, name="revoke"),
]

account_patterns = [
    path("", account.account_view, name="home"),
    path("password/", account.password_change_view, name="password"),
    path("sessions/<int:session_id>/revoke/", account.session_revoke_view, name="session_revoke"),
    path("sessions/revoke-others/", account.sessions_revoke_others_view, name="sessions_revoke_others"),
    path("tokens/<str:key>/revoke/", account.token_revoke_view, name="token_revoke"),
]

urlpatterns = [
    path("people/", include((people_patterns, "people"))),
    path("account/", include((account_patterns, "account"))),
    path("invite/<str:token>/", people.invitation_accept_view, name="invitation_accept"),
    path("password-reset/", account.password_reset_view, name="password_reset"),
    path("password-reset/sent/", account.password_reset_done_view, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/", account.password_reset_confirm_view, name="password_reset_confirm"
    ),
    path("password-reset/done/", account.password_reset_complete_view, name="password_reset_complete"),
]
