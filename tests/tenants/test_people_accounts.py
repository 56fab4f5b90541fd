"""An account for a participant of the school's register, from the participant card: the right
school role, the link to the participant, the invitation; and the mentor then sees their own pairs."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_tenants.utils import schema_context

from school_programs.models import MentorEntry, Participant
from school_programs.services.accounts import account_role, participant_account_create
from tenants.models import Membership, Role
from tests.support import school as make
from tests.support.people import fresh, invitation_token, person, with_role

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


@pytest.fixture
def in_a(world):
    with schema_context(world.school_a.schema_name):
        yield world.school_a


def test_the_role_follows_the_register(in_a):
    programme = make.programme()
    leads_a_pair = make.teacher("Ведущий")
    entry = make.mentor(programme, leads_a_pair, forms=["student_student"])
    make.group(programme, entry, [make.mentee(programme, make.student("Ведомый"))])
    candidate = make.teacher("Кандидат")
    make.mentor(programme, candidate, selected=False)
    rejected = make.teacher("Отклонённый")
    MentorEntry.objects.create(
        programme=programme, participant=rejected, selection=MentorEntry.Selection.REJECTED
    )
    assert account_role(leads_a_pair) == Role.MENTOR
    assert account_role(candidate) == Role.MENTOR
    assert account_role(rejected) == Role.MENTEE
    assert account_role(make.student("Просто")) == Role.MENTEE


def test_a_student_mentee_gets_an_account_from_the_director(world, in_a, django_capture_on_commit_callbacks):
    student = make.student("Студентова", email="student@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        result = participant_account_create(
            by=fresh(world, "director_a"), school=in_a, participant=student, base_url=BASE
        )
    assert (result.role, result.created) == (Role.MENTEE, True)
    assert Participant.objects.get(pk=student.pk).user_id == result.user.pk
    assert mail.outbox[-1].to == ["student@example.test"]


def test_refusals_name_the_reason_and_change_nothing(world, in_a):
    curator = fresh(world, "curator_a")
    parent = make.parent("Родителева", email="parent@example.test")
    with pytest.raises(ValidationError, match="педагогам, обучающимся"):
        participant_account_create(by=curator, school=in_a, participant=parent, base_url=BASE)
    left = make.teacher("Ушедший", email="left@example.test", is_active=False)
    with pytest.raises(ValidationError, match="выбывший"):
        participant_account_create(by=curator, school=in_a, participant=left, base_url=BASE)
    teacher = make.teacher("Учителев", email="t@example.test")
    with pytest.raises(ValidationError, match="Вы не можете назначить роль «наставляемый»"):
        participant_account_create(
            by=fresh(world, "mentor_a"), school=in_a, participant=teacher, base_url=BASE
        )
    assert Participant.objects.get(pk=teacher.pk).user_id is None
    assert not Membership.objects.filter(user__email="t@example.test").exists()


def test_an_existing_account_with_the_e_mail_is_linked_not_duplicated(world, in_a):
    existing = person(email="Known.Teacher@example.test", password="пароль-есть-1")
    teacher = make.teacher("Знакомый", email="known.teacher@example.test")
    result = participant_account_create(
        by=fresh(world, "curator_a"), school=in_a, participant=teacher, base_url=BASE
    )
    assert result.user == existing and not result.created and result.invitation is None
    assert Membership.objects.get(user=existing).role == Role.MENTEE
    other = make.teacher("Двойник", email="known.teacher@example.test")
    with pytest.raises(ValidationError, match="уже связан с другим участником"):
        participant_account_create(
            by=fresh(world, "curator_a"), school=in_a, participant=other, base_url=BASE
        )


def test_a_person_with_the_role_already_is_only_linked(world, in_a):
    existing = person(email="has.role@example.test")
    with_role(existing, Role.MENTEE, school=world.school_a)
    teacher = make.teacher("Сролью", email="has.role@example.test")
    result = participant_account_create(
        by=fresh(world, "curator_a"), school=in_a, participant=teacher, base_url=BASE
    )
    assert result.user == existing and result.membership is None
    assert Membership.objects.filter(user=existing).count() == 1


def test_the_card_offers_the_action_to_staff_and_the_mentor_then_sees_their_pairs(
    world, in_a, client_of, django_capture_on_commit_callbacks
):
    programme = make.programme()
    teacher = make.teacher("Наставников", email="mentor.teacher@example.test")
    entry = make.mentor(programme, teacher)
    make.group(programme, entry, [make.mentee(programme, make.student("Подопечная"))])
    card = f"/s/school-a/participants/{teacher.pk}/"
    assert "Создать учётную запись" in client_of("curator_a").get(card).content.decode()
    assert client_of("mentor_a").post(f"{card}account/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_of("curator_a").post(f"{card}account/", follow=True)
    page = answer.content.decode()
    assert "учётная запись (наставник) создана" in page
    assert "Создать учётную запись" not in page

    token = invitation_token("mentor.teacher@example.test")
    browser = Client()
    browser.post(
        f"/invite/{token}/", {"password1": "Пароль-наставника-1", "password2": "Пароль-наставника-1"}
    )
    assert (
        browser.post(
            "/login/", {"username": "mentor.teacher@example.test", "password": "Пароль-наставника-1"}
        ).status_code
        == 302
    )
    groups = browser.get("/s/school-a/groups/").content.decode()
    assert "Наставников" in groups and "Подопечная" in groups
