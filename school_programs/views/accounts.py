"""The participant card's «Создать учётную запись»: an account, its role and an invitation in one
action (school_programs.services.accounts)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .. import access
from ..services.accounts import participant_account_create


@require_POST
@access.rule_required("accounts.write")
def participant_account_view(request, participant_id: int):
    participant = access.access_participant(request.user, participant_id)
    try:
        result = participant_account_create(
            by=request.user,
            school=request.school,
            participant=participant,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = f"{participant.full_name}: учётная запись ({result.role.label}) "
        text += "создана" if result.created else "связана с уже существующей"
        if result.invitation:
            text += f", приглашение отправлено на {result.user.email}"
        messages.success(request, text + ".")
    return redirect(reverse("school:participant", args=[participant.pk]))


urlpatterns = [
    path(
        "participants/<int:participant_id>/account/",
        participant_account_view,
        name="participant_account",
    ),
]
