"""Who may grant which role where (tenants.roles.GRANTS + the grantor's own scope), the refusals,
and the log of every grant and revocation."""

import pytest
from django.core.exceptions import ValidationError

from tenants import access
from tenants.models import GrantLog, Membership, Role, User
from tenants.selectors import grant_log
from tenants.services.grants import may_grant, role_grant, role_revoke
from tests.support.people import fresh, person, with_role

pytestmark = pytest.mark.django_db


def scope_of(world, name):
    return {
        "region": world.region,
        "municipality": world.municipality,
        "other_municipality": world.other_municipality,
        "point": world.point,
        "school_a": world.school_a,
        "school_b": world.school_b,
    }[name]


# (grantor, role, scope, allowed): every rule of the table and its edges.
CASES = [
    # The regional administrator: any role, anywhere in the region.
    ("regional_admin", Role.REGIONAL_ADMIN, "region", True),
    ("regional_admin", Role.REGIONAL_ANALYST, "region", True),
    ("regional_admin", Role.MUNICIPAL_COORDINATOR, "other_municipality", True),
    ("regional_admin", Role.CONSULTANT, "point", True),
    ("regional_admin", Role.DIRECTOR, "school_b", True),
    ("regional_admin", Role.CURATOR, "school_a", True),
    ("regional_admin", Role.MENTEE, "school_b", True),
    # A municipal coordinator: the director of a school of their municipality, nothing else.
    ("coordinator", Role.DIRECTOR, "school_a", True),
    ("coordinator", Role.DIRECTOR, "school_b", False),
    ("coordinator", Role.CURATOR, "school_a", False),
    ("coordinator", Role.MENTOR, "school_a", False),
    ("coordinator", Role.MUNICIPAL_COORDINATOR, "municipality", False),
    ("coordinator", Role.CONSULTANT, "point", False),
    # A director: curator, mentor, mentee, psychologist of their school.
    ("director_a", Role.CURATOR, "school_a", True),
    ("director_a", Role.MENTOR, "school_a", True),
    ("director_a", Role.MENTEE, "school_a", True),
    ("director_a", Role.PSYCHOLOGIST, "school_a", True),
    ("director_a", Role.DIRECTOR, "school_a", False),
    ("director_a", Role.CURATOR, "school_b", False),
    ("director_a", Role.MENTOR, "school_b", False),
    # The curator: mentor and mentee accounts of their school (from the participant card).
    ("curator_a", Role.MENTOR, "school_a", True),
    ("curator_a", Role.MENTEE, "school_a", True),
    ("curator_a", Role.CURATOR, "school_a", False),
    ("curator_a", Role.PSYCHOLOGIST, "school_a", False),
    ("curator_b", Role.MENTOR, "school_a", False),
    # Consultants and coordinators are appointed by the regional centre, not by each other.
    ("analyst", Role.CONSULTANT, "point", False),
    ("analyst", Role.DIRECTOR, "school_a", False),
    ("point_consultant", Role.CONSULTANT, "point", False),
    ("mentor_a", Role.MENTEE, "school_a", False),
]


@pytest.mark.parametrize(("grantor", "role", "where", "allowed"), CASES)
def test_the_grant_table_and_the_grantors_scope_decide(world, grantor, role, where, allowed):
    by = fresh(world, grantor)
    target = person(last_name="Назначаемый")
    scope = scope_of(world, where)
    assert may_grant(by=by, role=role, scope=scope) is allowed
    if allowed:
        membership = role_grant(by=by, user=target, role=role, scope=scope)
        assert membership.is_active and membership.scope_object == scope
        entry = GrantLog.objects.get(user=target)
        assert (entry.actor, entry.action, entry.role) == (by, "grant", role)
        assert entry.where == str(scope)
    else:
        with pytest.raises(ValidationError) as refused:
            role_grant(by=by, user=target, role=role, scope=scope)
        text = " ".join(refused.value.messages)
        assert "не можете назначить" in text
        # The refusal never names the person.
        assert "Назначаемый" not in text
        assert not Membership.objects.filter(user=target).exists()
        assert not GrantLog.objects.filter(user=target).exists()


def test_a_role_goes_only_to_its_kind_of_place(world):
    by = fresh(world, "regional_admin")
    with pytest.raises(ValidationError) as refused:
        role_grant(by=by, user=person(), role=Role.DIRECTOR, scope=world.municipality)
    assert "назначается в месте вида «образовательная организация»" in refused.value.messages[0]


def test_an_unknown_role_is_refused_in_russian(world):
    with pytest.raises(ValidationError) as refused:
        role_grant(by=fresh(world, "regional_admin"), user=person(), role="king", scope=world.region)
    assert refused.value.messages == ["Неизвестная роль."]


def test_a_role_held_already_is_refused_and_a_revoked_one_comes_back(world):
    director = fresh(world, "director_a")
    target = person()
    membership = role_grant(by=director, user=target, role=Role.CURATOR, scope=world.school_a)
    with pytest.raises(ValidationError, match="уже есть"):
        role_grant(by=director, user=target, role=Role.CURATOR, scope=world.school_a)
    role_revoke(by=director, membership=membership)
    again = role_grant(by=director, user=target, role=Role.CURATOR, scope=world.school_a)
    assert again.pk == membership.pk and again.is_active
    assert list(
        GrantLog.objects.filter(user=target).order_by("at", "pk").values_list("action", flat=True)
    ) == [
        "grant",
        "revoke",
        "grant",
    ]


def test_a_deactivated_account_gets_no_role(world):
    target = person()
    target.is_active = False
    target.save()
    with pytest.raises(ValidationError, match="отключена"):
        role_grant(by=fresh(world, "director_a"), user=target, role=Role.MENTOR, scope=world.school_a)


def test_revoking_switches_the_role_off_and_logs_it(world):
    director = fresh(world, "director_a")
    target = person()
    membership = with_role(target, Role.MENTOR, school=world.school_a)
    assert Role.MENTOR in access.roles(target)
    role_revoke(by=director, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active is False
    # The person's next request reads their roles afresh.
    assert Role.MENTOR not in access.roles(User.objects.get(pk=target.pk))
    entry = GrantLog.objects.get(user=target)
    assert (entry.action, entry.actor, entry.role, entry.school) == (
        "revoke",
        director,
        "mentor",
        world.school_a,
    )


def test_nobody_revokes_outside_their_scope_or_what_the_table_does_not_give(world):
    target = person(last_name="Чужой")
    in_b = with_role(target, Role.CURATOR, school=world.school_b)
    director_in_a = with_role(person(), Role.DIRECTOR, school=world.school_a)
    for grantor, membership in [("director_a", in_b), ("coordinator", in_b), ("director_a", director_in_a)]:
        with pytest.raises(ValidationError) as refused:
            role_revoke(by=fresh(world, grantor), membership=membership)
        assert "не можете снять" in refused.value.messages[0]
        assert "Чужой" not in refused.value.messages[0]
    assert Membership.objects.get(pk=in_b.pk).is_active


def test_nobody_revokes_their_own_role(world):
    admin = fresh(world, "regional_admin")
    own = Membership.objects.get(user=admin, role=Role.REGIONAL_ADMIN)
    with pytest.raises(ValidationError, match="Свою роль снять нельзя"):
        role_revoke(by=admin, membership=own)


def test_each_reads_the_log_of_their_own_places(world):
    admin = fresh(world, "regional_admin")
    in_a = role_grant(by=admin, user=person(), role=Role.MENTOR, scope=world.school_a)
    in_b = role_grant(by=admin, user=person(), role=Role.MENTOR, scope=world.school_b)
    in_municipality = role_grant(
        by=admin, user=person(), role=Role.MUNICIPAL_COORDINATOR, scope=world.municipality
    )

    def seen(persona):
        ids = set(grant_log(user=fresh(world, persona)).values_list("user_id", flat=True))
        return {m.user_id for m in (in_a, in_b, in_municipality) if m.user_id in ids}

    assert seen("regional_admin") == {in_a.user_id, in_b.user_id, in_municipality.user_id}
    assert seen("coordinator") == {in_a.user_id, in_municipality.user_id}
    assert seen("director_a") == {in_a.user_id}
    assert seen("curator_b") == {in_b.user_id}
    assert seen("mentor_a") == set()
    assert seen("analyst") == set()
