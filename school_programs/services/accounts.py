"""An account for a person of the school's register, in one action from their participant card.

The account (public schema) is linked to the participant (`Participant.user`), gets the school role
that fits them — mentor when they are in the mentor base or lead a pair or group, otherwise mentee —
and an invitation e-mail to set their password. So a mentor teacher logs in and sees their own
pairs (access.me finds them by the link). Who may do it is the public grant table
(tenants.roles.GRANTS: the curator and the director give these roles in their own school), asked
through tenants.services.grants like every other grant, and recorded in the same log.

Schema: TENANT (the participant's school is current); writes the public User, Membership,
GrantLog and Invitation in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.models import Invitation, Membership, Role, School, User
from tenants.services import grants, people

from ..models import MentorEntry, MentoringGroup, Participant, ParticipantKind

ACCOUNT_KINDS = frozenset(
    {ParticipantKind.TEACHER, ParticipantKind.STUDENT, ParticipantKind.GRADUATE, ParticipantKind.EXTERNAL}
)


@dataclass
class AccountResult:
    user: User
    role: Role
    created: bool
    membership: Membership | None
    invitation: Invitation | None


def account_role(participant: Participant) -> Role:
    """Mentor for whoever is in the mentor base (not turned down or released) or leads a group."""
    in_base = (
        MentorEntry.objects.filter(participant=participant)
        .exclude(selection__in=[MentorEntry.Selection.REJECTED, MentorEntry.Selection.RELEASED])
        .exists()
    )
    if in_base or MentoringGroup.objects.filter(mentor__participant=participant).exists():
        return Role.MENTOR
    return Role.MENTEE


def may_give_account(*, by, school: School, participant: Participant) -> bool:
    """Whether the card offers the action: a kind that may log in, no account yet, and the caller
    grants the role the participant would get."""
    return (
        participant.kind in ACCOUNT_KINDS
        and participant.is_active
        and not _linked_user(participant)
        and grants.may_grant(by=by, role=account_role(participant), scope=school)
    )


def _linked_user(participant: Participant) -> User | None:
    # The link has no database constraint (users live in public): a dangling id reads as no account.
    if participant.user_id is None:
        return None
    return User.objects.filter(pk=participant.user_id).first()


@transaction.atomic
def participant_account_create(
    *, by, school: School, participant: Participant, base_url: str
) -> AccountResult:
    """Give the participant an account in `school` (their role, the link, an invitation).

    Refuses a parent (parents do not log in), a participant who left the programme, one who already
    has an account, one without an e-mail, and a caller the grant table does not let give the role.
    An e-mail that is already someone's account links that account (no second one)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.kind not in ACCOUNT_KINDS:
        raise ValidationError(
            "Учётная запись даётся педагогам, обучающимся, выпускникам и внешним наставникам."
        )
    if not participant.is_active:
        raise ValidationError("Участник отмечен как выбывший: сначала верните его в программу.")
    if _linked_user(participant):
        raise ValidationError("У участника уже есть учётная запись.")
    if not participant.email:
        raise ValidationError({"email": "Укажите e-mail участника в карточке: на него придёт приглашение."})
    role = account_role(participant)
    if not grants.may_grant(by=by, role=role, scope=school):
        raise ValidationError(f"Вы не можете назначить роль «{role.label}» в этой школе.")
    existing = people.person_by_email(participant.email)
    if (
        existing is not None
        and Participant.objects.filter(user_id=existing.pk).exclude(pk=participant.pk).exists()
    ):
        raise ValidationError({"email": "Этот e-mail уже связан с другим участником школы."})
    if existing is not None and not existing.is_active:
        raise ValidationError({"email": "Учётная запись с этим e-mail отключена."})
    already = (
        existing is not None
        and Membership.objects.filter(user=existing, role=role, school=school, is_active=True).exists()
    )
    if already:
        # The person has the role already (granted on the people pages): only link them.
        result = people.PersonResult(user=existing, created=False)
        if not existing.has_usable_password():
            from tenants.services import invitations

            result.invitation, _ = invitations.invitation_send(by=by, user=existing, base_url=base_url)
    else:
        result = people.person_create(
            by=by,
            data=people.PersonData(
                last_name=participant.last_name,
                first_name=participant.first_name,
                middle_name=participant.middle_name,
                email=participant.email,
                phone=participant.phone,
                position=participant.position,
            ),
            role=role,
            scope=school,
            base_url=base_url,
        )
    participant.user = result.user
    participant.save(update_fields=["user"])
    return AccountResult(
        user=result.user,
        role=role,
        created=result.created,
        membership=result.membership,
        invitation=result.invitation,
    )
