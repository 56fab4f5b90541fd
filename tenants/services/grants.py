"""Roles granted and revoked by the owners of each scope, every change written to the GrantLog.

Who grants what is tenants.roles.GRANTS; where, is the grantor's own scope: the regional
administrator anywhere in their region, a municipal coordinator in the schools of their
municipality, a director (and, for mentors and mentees, the curator) in their own school. The
refusals are Russian and never name the person: a caller may not learn who holds roles elsewhere.

Schema: PUBLIC.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region

from .. import access
from ..models import SCOPE_FIELDS, SCOPE_OF_ROLE, GrantLog, Membership, Role, School, Scope
from ..roles import GRANTS

SCOPE_OF_MODEL = {
    Region: Scope.REGION,
    Municipality: Scope.MUNICIPALITY,
    ConsultationPoint: Scope.CONSULTATION_POINT,
    School: Scope.SCHOOL,
}


def scope_kind(scope) -> Scope:
    try:
        return SCOPE_OF_MODEL[type(scope)]
    except KeyError:
        raise ValidationError({"scope": "Неизвестное место работы."}) from None


def scope_region_id(scope) -> int:
    """The region a scope belongs to (a deployment serves one region, but the rule is written out)."""
    if isinstance(scope, Region):
        return scope.pk
    if isinstance(scope, Municipality):
        return scope.region_id
    if isinstance(scope, ConsultationPoint):
        return scope.municipality.region_id
    return scope.municipality.region_id


def _covers(membership: Membership, scope) -> bool:
    """Whether the grantor's membership is the owner of `scope`."""
    role = Role(membership.role)
    if role == Role.REGIONAL_ADMIN:
        return membership.region_id == scope_region_id(scope)
    if role == Role.MUNICIPAL_COORDINATOR:
        return isinstance(scope, School) and scope.municipality_id == membership.municipality_id
    if role in (Role.DIRECTOR, Role.CURATOR):
        return isinstance(scope, School) and scope.pk == membership.school_id
    return False


def may_grant(*, by, role: Role, scope) -> bool:
    """Whether `by` may grant (and revoke) `role` in `scope`: GRANTS gives them the role, and one of
    their memberships owns the scope."""
    if SCOPE_OF_MODEL.get(type(scope)) != SCOPE_OF_ROLE.get(Role(role)):
        return False
    return any(
        Role(role) in GRANTS.get(Role(m.role), frozenset()) and _covers(m, scope)
        for m in access.memberships(by)
    )


def grantable_roles(*, by, scope) -> list[Role]:
    return [role for role in Role if may_grant(by=by, role=role, scope=scope)]


def scope_name(scope) -> str:
    return str(scope)


def _log(*, by, membership: Membership, action: str) -> GrantLog:
    entry = GrantLog(
        actor=by,
        user=membership.user,
        action=action,
        role=membership.role,
        region_id=membership.region_id,
        municipality_id=membership.municipality_id,
        consultation_point_id=membership.consultation_point_id,
        school_id=membership.school_id,
        where=scope_name(membership.scope_object)[:500],
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def role_grant(*, by, user, role: Role | str, scope) -> Membership:
    """Give `user` the `role` in `scope` (a Region, Municipality, ConsultationPoint or School).

    Refuses what GRANTS does not give `by`, a scope `by` does not own, a scope of the wrong kind for
    the role, a deactivated account and a role the person already holds there. A revoked membership
    is switched back on (its history stays in the log)."""
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError({"role": "Неизвестная роль."}) from None
    kind = scope_kind(scope)
    if SCOPE_OF_ROLE[role] != kind:
        raise ValidationError(
            {"scope": f"Роль «{role.label}» назначается в месте вида «{SCOPE_OF_ROLE[role].label}»."}
        )
    if not may_grant(by=by, role=role, scope=scope):
        raise ValidationError({"role": f"Вы не можете назначить роль «{role.label}» в этом месте."})
    if not user.is_active:
        raise ValidationError({"user": "Учётная запись отключена: сначала включите её."})
    scope_kwargs = {SCOPE_FIELDS[kind]: scope}
    membership = Membership.objects.select_for_update().filter(user=user, role=role, **scope_kwargs).first()
    if membership is not None and membership.is_active:
        raise ValidationError({"role": f"Роль «{role.label}» здесь у этого человека уже есть."})
    if membership is None:
        membership = Membership(user=user, role=role, **scope_kwargs)
        membership.full_clean()
    membership.is_active = True
    membership.save()
    _log(by=by, membership=membership, action=GrantLog.Action.GRANT)
    access.forget_memberships(user)
    return membership


@transaction.atomic
def role_revoke(*, by, membership: Membership) -> Membership:
    """Take a role back: the membership is switched off, never deleted (the log refers to it).
    Nobody takes away their own role: someone who owns the scope does."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    role = Role(membership.role)
    if not may_grant(by=by, role=role, scope=membership.scope_object):
        raise ValidationError({"role": f"Вы не можете снять роль «{role.label}» в этом месте."})
    if membership.user_id == by.pk:
        raise ValidationError({"role": "Свою роль снять нельзя: это делает тот, кто её назначает."})
    if not membership.is_active:
        raise ValidationError({"role": "Эта роль уже снята."})
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _log(by=by, membership=membership, action=GrantLog.Action.REVOKE)
    access.forget_memberships(membership.user)
    return membership
