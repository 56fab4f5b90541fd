"""Forming pairs and groups by hand: every hard rule refuses with its Russian message, nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import Form, GroupMentee, MentoringGroup, RequestStatus, RoleModel
from school_programs.services.groups import group_add_mentee, group_create, group_remove_mentee
from tests.support import school as make

START = datetime.date(2026, 10, 1)


def create(prog, mentor_entry, requests, **fields):
    values = {
        "programme": prog,
        "form": requests[0].form,
        "mentor": mentor_entry,
        "requests": requests,
        "start_date": START,
        "end_date": make.END,
        **fields,
    }
    return group_create(**values)


def refused(prog, mentor_entry, requests, **fields) -> str:
    """The Russian message of the refusal; proves nothing was written."""
    with pytest.raises(ValidationError) as error:
        create(prog, mentor_entry, requests, **fields)
    assert not MentoringGroup.objects.exists()
    assert not GroupMentee.objects.exists()
    for request in requests:
        request.refresh_from_db()
        assert request.status == RequestStatus.NEW
    return " ".join(error.value.messages)


@pytest.fixture
def prog(in_school_a):
    return make.programme()


def test_a_pair_is_one_mentee_and_its_request_becomes_matched(prog):
    senior = make.mentor(prog, make.student("Старшеклассник", grade=10))
    request = make.mentee(prog, make.student("Шестиклассник", grade=6))
    group = create(prog, senior, [request])
    assert group.mentees.count() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCHED


def test_a_parent_never_mentors_their_own_child(prog):
    child = make.student("Котов", grade=8)
    father = make.parent("Котов", of=[child], first_name="Иван")
    entry = make.mentor(prog, father, forms=[Form.EMPLOYER_STUDENT])
    request = make.mentee(prog, child, form=Form.EMPLOYER_STUDENT)
    assert "Родитель не может быть наставником своего ребёнка: Котов И. — родитель Котов У." in refused(
        prog, entry, [request]
    )


def test_a_student_mentor_must_be_in_a_higher_grade(prog):
    mentor_entry = make.mentor(prog, make.student("Ровесник", grade=7))
    request = make.mentee(prog, make.student("Семиклассник", grade=7))
    message = refused(prog, mentor_entry, [request])
    assert "Наставник-ученик должен учиться в более старшем классе, чем наставляемый" in message
    assert "7 класс" in message


def test_a_mentee_without_consent_cannot_be_placed(prog):
    mentor_entry = make.mentor(prog, make.student("Старший", grade=10))
    request = make.mentee(prog, make.student("Безсогласия", grade=6, consent=False))
    assert "Безсогласия У.: нет действующего согласия на обработку персональных данных" in refused(
        prog, mentor_entry, [request]
    )


def test_a_mentor_whose_consent_was_withdrawn_cannot_take_a_pair(prog):
    person = make.student("Отозвал", grade=10, consent=False)
    make.consent(person, withdrawn_on=datetime.date(2026, 11, 1), withdrawal_reason="по заявлению")
    mentor_entry = make.mentor(prog, person)
    request = make.mentee(prog, make.student("Младший", grade=6))
    assert "Отозвал У.: нет действующего согласия" in refused(prog, mentor_entry, [request])


def test_only_a_selected_and_trained_mentor_takes_a_pair(prog):
    request = make.mentee(prog, make.student("Младший", grade=6))
    candidate = make.mentor(prog, make.student("Кандидат", grade=10), selected=False)
    assert "не отобран(а) в наставники" in refused(prog, candidate, [request])
    untrained = make.mentor(prog, make.student("Необученный", grade=10), trained=False)
    assert "не пройдено обучение наставников" in refused(prog, untrained, [request])


def test_a_teacher_mentor_needs_the_written_consent_of_labour_code_351_8(prog):
    teacher = make.teacher("Учительница")
    entry = make.mentor(prog, teacher, forms=[Form.TEACHER_STUDENT])
    request = make.mentee(prog, make.student("Ученик", grade=5), form=Form.TEACHER_STUDENT)
    assert "нет письменного согласия педагога на наставничество (ст. 351.8 ТК РФ)" in refused(
        prog, entry, [request]
    )
    # The addendum to the contract may follow: the written consent alone lets the pair form.
    entry.written_consent_on = datetime.date(2026, 9, 15)
    entry.save()
    assert create(prog, entry, [request]).mentees.count() == 1


def test_the_mentor_must_work_in_the_form_and_be_of_a_kind_the_form_takes(prog):
    request = make.mentee(prog, make.student("Младший", grade=6))
    other_form = make.mentor(
        prog, make.student("Другаяформа", grade=10), forms=[Form.UNIVERSITY_STUDENT_STUDENT]
    )
    assert "не заявлен(а) наставником в форме «ученик – ученик»" in refused(prog, other_form, [request])
    parent_in_student_form = make.mentor(prog, make.parent("Родитель"), forms=[Form.STUDENT_STUDENT])
    assert "В форме «ученик – ученик» наставник — обучающийся" in refused(
        prog, parent_in_student_form, [request]
    )


def test_nobody_mentors_themself(prog):
    person = make.student("Сам", grade=9)
    entry = make.mentor(prog, person)
    request = make.mentee(prog, person)
    assert "не может быть наставником самому себе" in refused(prog, entry, [request])


def test_an_over_capacity_mentor_is_refused(prog):
    entry = make.mentor(prog, make.student("Занятой", grade=11), capacity=1)
    first = make.mentee(prog, make.student("Первый", grade=6))
    create(prog, entry, [first])
    second = make.mentee(prog, make.student("Второй", grade=6))
    with pytest.raises(ValidationError) as error:
        create(prog, entry, [second])
    assert (
        "У наставника Занятой У. свободных мест: 0 из 1 (ведёт 1), а наставляемых — 1."
        in error.value.messages
    )
    assert MentoringGroup.objects.count() == 1
    two = [
        make.mentee(prog, make.student("Третий", grade=6)),
        make.mentee(prog, make.student("Четвёртый", grade=6)),
    ]
    roomy = make.mentor(prog, make.student("Два места", grade=11), capacity=1)
    with pytest.raises(ValidationError, match="а наставляемых — 2"):
        create(prog, roomy, two)


def test_a_request_already_in_a_pair_is_a_duplicate(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11), capacity=3)
    request = make.mentee(prog, make.student("Младший", grade=6))
    create(prog, entry, [request])
    other = make.mentor(prog, make.student("Другой", grade=11))
    with pytest.raises(ValidationError) as error:
        create(prog, other, [request])
    assert "Младший У. уже в паре или группе этой формы: один запрос — одна пара." in error.value.messages


def test_the_database_constraint_catches_a_duplicate_the_status_missed(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11), capacity=3)
    request = make.mentee(prog, make.student("Младший", grade=6))
    create(prog, entry, [request])
    # The status is wrong on purpose («новый» though placed): the database still says no.
    type(request).objects.filter(pk=request.pk).update(status=RequestStatus.NEW)
    request.refresh_from_db()
    other = make.mentor(prog, make.student("Другой", grade=11))
    with pytest.raises(ValidationError) as error:
        create(prog, other, [request])
    assert error.value.message_dict["requests"] == [
        "Младший У. уже в паре или группе этой формы: один запрос — одна пара."
    ]
    assert MentoringGroup.objects.count() == 1


def test_the_role_model_must_belong_to_the_form(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11))
    request = make.mentee(prog, make.student("Младший", grade=6))
    teachers_model = RoleModel.objects.filter(form=Form.TEACHER_TEACHER).first()
    message = refused(prog, entry, [request], role_model=teachers_model)
    expected = f"Ролевая модель «{teachers_model.name}» относится к форме «учитель – учитель»"
    assert f"{expected}, а не «ученик – ученик»." in message


def test_dates_must_lie_inside_the_programme(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11))
    request = make.mentee(prog, make.student("Младший", grade=6))
    message = refused(prog, entry, [request], end_date=datetime.date(2027, 8, 31))
    assert "Окончание работы пары должно быть в пределах программы: 01.09.2026 — 31.05.2027." in message
    message = refused(prog, entry, [request], start_date=datetime.date(2026, 8, 1))
    assert "Начало работы пары должно быть в пределах программы" in message


def test_a_request_of_another_form_cannot_join(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11))
    request = make.mentee(prog, make.student("Младший", grade=6), form=Form.TEACHER_STUDENT)
    message = refused(prog, entry, [request], form=Form.STUDENT_STUDENT)
    assert "относится к форме «учитель – ученик», а пара создаётся в форме «ученик – ученик»" in message


def test_one_bad_mentee_of_a_group_stops_the_whole_group(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11), capacity=3)
    good = make.mentee(prog, make.student("Хороший", grade=6))
    bad = make.mentee(prog, make.student("Ровесник", grade=11))
    refused(prog, entry, [good, bad])


def test_a_pair_grows_into_a_group_and_a_mentee_leaves_without_deleting_the_row(prog):
    entry = make.mentor(prog, make.student("Наставник", grade=11), capacity=3)
    first = make.mentee(prog, make.student("Первый", grade=6))
    second = make.mentee(prog, make.student("Второй", grade=7))
    group = create(prog, entry, [first])
    group_add_mentee(group=group, request=second, joined_on=datetime.date(2026, 11, 1))
    assert group.mentees.filter(left_on__isnull=True).count() == 2

    group_remove_mentee(group=group, request=second, left_on=datetime.date(2026, 11, 20))
    second.refresh_from_db()
    assert second.status == RequestStatus.NEW  # the search goes on
    assert group.mentees.count() == 2  # the row stays, ended
    with pytest.raises(ValidationError, match="последний наставляемый пары"):
        group_remove_mentee(group=group, request=first, left_on=datetime.date(2026, 11, 20))


def test_adding_to_a_group_checks_the_same_rules(prog):
    child = make.student("Котова", grade=8)
    mother = make.parent("Котова", of=[child], first_name="Анна")
    entry = make.mentor(prog, mother, forms=[Form.EMPLOYER_STUDENT], capacity=3)
    other = make.mentee(prog, make.student("Чужой", grade=8), form=Form.EMPLOYER_STUDENT)
    group = create(prog, entry, [other])
    own = make.mentee(prog, child, form=Form.EMPLOYER_STUDENT)
    with pytest.raises(ValidationError) as error:
        group_add_mentee(group=group, request=own, joined_on=datetime.date(2026, 11, 1))
    assert "Родитель не может быть наставником своего ребёнка" in error.value.message_dict["mentor"][0]
    assert group.mentees.count() == 1
