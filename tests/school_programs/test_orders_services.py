"""The director's orders: texts generated from the data, drafting, signing and cancelling rules.

`build_programme()` is also used by the page, API and document tests of this area.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import (
    DevelopmentPlan,
    Form,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Order,
    Participant,
    PlanSection,
    PlanTask,
    Programme,
)
from school_programs.selectors.orders import (
    groups_awaiting_order,
    order_acquaintances,
    order_appendix,
    orders_to_sign,
)
from school_programs.services.orders import (
    order_cancel,
    order_draft_approve_programme,
    order_draft_fix_groups,
    order_draft_release_mentor,
    order_draft_reward_mentors,
    order_sign,
    order_update,
)
from tests.support import school as make

DAY = datetime.date(2026, 10, 5)


@dataclass
class Setting:
    programme: Programme
    curator: Participant
    teacher_mentor: MentorEntry  # Иванов Иван Иванович, учитель математики: a group of two students
    student_mentor: MentorEntry  # Смирнов Олег, 10 класс: a pair with Козлова Мария (6 класс)
    petrov: MenteeRequest
    sidorov: MenteeRequest
    kozlova: MenteeRequest
    group: MentoringGroup
    pair: MentoringGroup


def build_programme(*, mentor_user=None) -> Setting:
    """A programme with a curator, a teacher's group of two and a student pair (current schema)."""
    programme = make.programme(title="Программа наставничества 2026/27")
    curator = make.teacher(
        "Кураторова", first_name="Анна", middle_name="Петровна", position="заместитель директора по УВР"
    )
    teacher = make.teacher(
        "Иванов", first_name="Иван", middle_name="Иванович", position="учитель математики", user=mentor_user
    )
    senior = make.student("Смирнов", first_name="Олег", grade=10, letter="Б")
    teacher_mentor = make.mentor(programme, teacher, forms=(Form.TEACHER_STUDENT,), capacity=3)
    student_mentor = make.mentor(programme, senior, forms=(Form.STUDENT_STUDENT,))
    petrov = make.mentee(programme, make.student("Петров", first_name="Пётр"), form=Form.TEACHER_STUDENT)
    sidorov = make.mentee(programme, make.student("Сидоров", first_name="Семён"), form=Form.TEACHER_STUDENT)
    kozlova = make.mentee(
        programme, make.student("Козлова", first_name="Мария", grade=6), topic="Адаптация в новом классе"
    )
    group = make.group(programme, teacher_mentor, [petrov, sidorov])
    pair = make.group(programme, student_mentor, [kozlova])
    return Setting(programme, curator, teacher_mentor, student_mentor, petrov, sidorov, kozlova, group, pair)


def build_plan(setting: Setting) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(
        group=setting.pair,
        mentee=setting.kozlova,
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2027, 5, 31),
        mentor_signed_on=datetime.date(2026, 10, 2),
    )
    first = PlanSection.objects.create(plan=plan, order=1, title="Анализ трудностей и способы их преодоления")
    second = PlanSection.objects.create(plan=plan, order=2, title="Направления развития ученика")
    PlanTask.objects.create(
        section=first,
        order=1,
        task="Провести диагностическую беседу с наставником",
        deadline=datetime.date(2026, 10, 15),
        planned_result="Определён перечень дефицитных компетенций",
        actual_result="Беседа проведена",
        result_status="full",
        mentor_assessment="Работает охотно",
    )
    PlanTask.objects.create(
        section=second,
        order=1,
        task="Принять участие в олимпиаде",
        deadline=datetime.date(2027, 2, 1),
        planned_result="Участие в школьном этапе",
        result_status="exceeded",
        exceeded_description="вышла в муниципальный этап",
    )
    return plan


def test_the_approval_order_names_the_programme_its_period_forms_and_curators(in_school_a):
    setting = build_programme()
    order = order_draft_approve_programme(programme=setting.programme, curators=[setting.curator], date=DAY)
    assert order.kind == Order.Kind.APPROVE_PROGRAMME
    assert order.status == Order.Status.DRAFT and order.number == ""
    assert order.title == "Об утверждении программы наставничества и назначении кураторов"
    assert "от 25.12.2019 № Р-145" in order.body
    assert "ПРИКАЗЫВАЮ:" in order.body
    assert "«Программа наставничества 2026/27» на период с 01.09.2026 по 31.05.2027" in order.body
    assert "2.1. Кураторова Анна Петровна, заместитель директора по УВР." in order.body
    assert "«ученик – ученик»" in order.body and "«учитель – учитель»" in order.body
    assert list(setting.programme.curators.all()) == [setting.curator]
    assert order_acquaintances(order) == [setting.curator]


def test_only_staff_of_the_school_can_be_appointed_curators(in_school_a):
    setting = build_programme()
    student = setting.kozlova.participant
    with pytest.raises(ValidationError) as error:
        order_draft_approve_programme(programme=setting.programme, curators=[student], date=DAY)
    assert "Куратором может быть только сотрудник школы: Козлова Мария" in str(error.value)
    with pytest.raises(ValidationError) as error:
        order_draft_approve_programme(programme=setting.programme, curators=[], date=DAY)
    assert "хотя бы одного куратора" in str(error.value)
    assert not Order.objects.exists()
    assert not setting.programme.curators.exists()


def test_the_fixing_order_lists_each_mentor_with_mentees_form_and_role_model(in_school_a):
    setting = build_programme()
    setting.programme.curators.set([setting.curator])
    order = order_draft_fix_groups(
        programme=setting.programme, groups=[setting.group, setting.pair], date=DAY
    )
    assert order.title == "О закреплении наставнических пар / групп"
    # No plan is drawn up yet: the order does not cite one, it asks for them.
    assert "на основании индивидуального плана развития" not in order.body
    assert "составить индивидуальные планы развития" in order.body
    assert "Куратору программы наставничества (Кураторова А.П.)" in order.body
    appendix = order_appendix(order)
    assert appendix.headers[1:3] == ["Наставник", "Наставляемые"]
    rows = {row[1]: row for row in appendix.rows}
    ivanov = rows["Иванов Иван Иванович, учитель математики"]
    assert ivanov[2] == "Петров Пётр, 7А класс\nСидоров Семён, 7А класс"
    assert ivanov[3] == "учитель – ученик"
    assert ivanov[4] == setting.group.role_model.name
    assert rows["Смирнов Олег, 10Б класс"][2] == "Козлова Мария, 6А класс"
    setting.group.refresh_from_db()
    assert setting.group.fixing_order == order
    assert not groups_awaiting_order(setting.programme).exists()
    people = order_acquaintances(order)
    assert people == [setting.curator, setting.teacher_mentor.participant, setting.student_mentor.participant]


def test_a_pair_goes_into_one_fixing_order_only(in_school_a):
    setting = build_programme()
    order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    with pytest.raises(ValidationError) as error:
        order_draft_fix_groups(programme=setting.programme, groups=[setting.group, setting.pair], date=DAY)
    assert "уже включена в другой приказ" in str(error.value)
    assert Order.objects.count() == 1
    setting.group.refresh_from_db()
    assert setting.group.fixing_order is None


def test_a_group_of_another_programme_or_a_finished_one_is_refused(in_school_a):
    setting = build_programme()
    other = make.programme(title="Другая программа")
    with pytest.raises(ValidationError) as error:
        order_draft_fix_groups(programme=other, groups=[setting.pair], date=DAY)
    assert "относится к другой программе" in str(error.value)
    MentoringGroup.objects.filter(pk=setting.pair.pk).update(status="completed")
    with pytest.raises(ValidationError) as error:
        order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    assert "завершена" in str(error.value)
    assert not Order.objects.exists()


def test_the_release_order_names_the_mentor_the_mentees_and_the_ground(in_school_a):
    setting = build_programme()
    release = MentorRelease.objects.create(
        group=setting.group,
        reason=MentorRelease.Reason.APPLICATION,
        released_on=datetime.date(2027, 1, 10),
        note="переезд в другой город",
    )
    order = order_draft_release_mentor(releases=[release], date=datetime.date(2027, 1, 11))
    assert order.title == "О досрочном освобождении от обязанностей наставника"
    assert "на основании письменного заявления наставника" in order.body
    assert (
        "1.1. Иванов Иван Иванович, учитель математики — наставник по форме «учитель – ученик» "
        "(наставляемые: Петров П., Сидоров С.), с 10.01.2027, по письменному заявлению наставника "
        "(переезд в другой город)." in order.body
    )
    assert "в срок до 24.01.2027 подобрать наставляемым нового наставника" in order.body
    release.refresh_from_db()
    assert release.order == order
    assert setting.teacher_mentor.participant in order_acquaintances(order)


def test_a_release_on_a_petition_of_students_cites_the_petition(in_school_a):
    setting = build_programme()
    release = MentorRelease.objects.create(
        group=setting.pair, reason=MentorRelease.Reason.PETITION, released_on=datetime.date(2027, 2, 1)
    )
    order = order_draft_release_mentor(releases=[release], date=datetime.date(2027, 2, 2))
    assert "на основании письменного мотивированного ходатайства обучающихся" in order.body
    assert "Смирнов Олег, 10Б класс" in order.body
    with pytest.raises(ValidationError) as error:
        order_draft_release_mentor(releases=[release], date=datetime.date(2027, 2, 3))
    assert "уже включено в другой приказ" in str(error.value)


def test_the_reward_order_lists_mentors_with_their_rewards(in_school_a):
    setting = build_programme()
    letter = MentorReward.objects.create(
        mentor=setting.teacher_mentor,
        kind=MentorReward.Kind.GRATITUDE_LETTER,
        awarded_on=datetime.date(2027, 5, 25),
        wording="за подготовку призёров олимпиады",
    )
    site = MentorReward.objects.create(
        mentor=setting.student_mentor,
        kind=MentorReward.Kind.PUBLICATION,
        awarded_on=datetime.date(2027, 5, 25),
    )
    order = order_draft_reward_mentors(rewards=[letter, site], date=datetime.date(2027, 5, 26))
    assert order.title == "О поощрении наставников"
    assert (
        "подготовить и вручить поощрения и разместить информацию о наставниках на официальном сайте"
        in order.body
    )
    rows = order_appendix(order).rows
    assert [row[1:4] for row in rows] == [
        ["Иванов Иван Иванович", "учитель математики", "благодарственное письмо"],
        ["Смирнов Олег", "10Б класс", "публикация на сайте школы"],
    ]
    assert rows[0][4] == "за подготовку призёров олимпиады"
    assert {reward.order_id for reward in MentorReward.objects.all()} == {order.pk}


def test_a_draft_is_editable_and_a_signed_order_is_not(in_school_a):
    setting = build_programme()
    order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    order_update(order=order, body=order.body + "\n5. Дополнительный пункт.")
    with pytest.raises(ValidationError) as error:
        order_update(order=order, title="  ")
    assert "Заголовок приказа не может быть пустым" in str(error.value)
    signed = order_sign(order=order, number="45-о", signed_on=datetime.date(2026, 10, 7))
    assert signed.status == Order.Status.SIGNED
    assert signed.date == signed.signed_on == datetime.date(2026, 10, 7)
    with pytest.raises(ValidationError) as error:
        order_update(order=signed, body="Новый текст")
    assert "Приказ № 45-о от 07.10.2026 подписан: изменить его нельзя." in str(error.value)
    with pytest.raises(ValidationError):
        order_cancel(order=signed)
    with pytest.raises(ValidationError):
        order_sign(order=signed, number="46-о", signed_on=datetime.date(2026, 10, 8))
    signed.refresh_from_db()
    assert signed.body.endswith("5. Дополнительный пункт.") and signed.number == "45-о"


def test_an_order_number_is_unique_within_its_calendar_year(in_school_a):
    setting = build_programme()
    first = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    second = order_draft_fix_groups(programme=setting.programme, groups=[setting.group], date=DAY)
    order_sign(order=first, number="12", signed_on=datetime.date(2026, 10, 1))
    with pytest.raises(ValidationError) as error:
        order_sign(order=second, number=" 12 ", signed_on=datetime.date(2026, 12, 30))
    assert error.value.message_dict == {"number": ["Приказ № 12 уже есть в 2026 году."]}
    second.refresh_from_db()
    assert second.status == Order.Status.DRAFT and second.number == ""
    order_sign(order=second, number="12", signed_on=datetime.date(2027, 1, 9))
    assert Order.objects.filter(number="12").count() == 2
    with pytest.raises(ValidationError) as error:
        third = order_draft_approve_programme(
            programme=setting.programme, curators=[setting.curator], date=DAY
        )
        order_sign(order=third, number="", signed_on=DAY)
    assert "Укажите номер приказа" in str(error.value)


def test_cancelling_a_draft_frees_its_pairs_for_another_order(in_school_a):
    setting = build_programme()
    order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    assert list(orders_to_sign()) == [order]
    order_cancel(order=order)
    assert not Order.objects.exists()
    setting.pair.refresh_from_db()
    assert setting.pair.fixing_order is None
    assert setting.pair in groups_awaiting_order(setting.programme)
