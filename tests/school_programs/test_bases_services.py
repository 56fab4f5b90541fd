"""The mentee base with its request map, the mentor base, selection, training, supply and demand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import Form, MenteeRequest, MentorEntry, RequestStatus
from school_programs.selectors.bases import mentee_base, mentor_base, supply_demand
from school_programs.services.bases import (
    labour_warnings,
    mentee_request_add,
    mentee_request_close,
    mentee_request_update,
    mentor_entry_add,
    mentor_entry_update,
    mentor_interview_record,
    mentor_labour_terms_record,
    mentor_reject,
    mentor_select,
    mentor_training_record,
)
from tests.support import school as make

SS = Form.STUDENT_STUDENT
TS = Form.TEACHER_STUDENT


@pytest.fixture
def prog(in_school_a):
    return make.programme()


def refused(service, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        service(**kwargs)
    return error.value.message_dict


def test_a_mentee_request_is_added_with_its_topics(prog):
    student = make.student("Петров", grade=8)
    request = mentee_request_add(
        programme=prog,
        participant=student,
        form=TS,
        topic="  Подтянуть алгебру к ОГЭ ",
        topics=["алгебра", " ОГЭ", "Алгебра", ""],
        subject="математика",
        priority="high",
    )
    assert request.topic == "Подтянуть алгебру к ОГЭ"
    assert request.topics == ["алгебра", "ОГЭ"]
    assert request.status == RequestStatus.NEW


def test_a_mentee_without_consent_is_not_placed_in_the_base(prog):
    errors = refused(
        mentee_request_add,
        programme=prog,
        participant=make.student("Нет", consent=False),
        form=SS,
        topic="Запрос",
    )
    assert errors["participant"] == ["Нет У.: нет действующего согласия на обработку персональных данных."]
    assert not MenteeRequest.objects.exists()


def test_the_mentee_must_fit_the_form(prog):
    errors = refused(
        mentee_request_add, programme=prog, participant=make.parent("Мама"), form=SS, topic="Запрос"
    )
    assert "наставляемым может быть только: обучающийся" in errors["participant"][0]


def test_one_request_per_person_and_form_in_a_programme(prog):
    student = make.student("Дубль")
    mentee_request_add(programme=prog, participant=student, form=SS, topic="Первый запрос")
    errors = refused(mentee_request_add, programme=prog, participant=student, form=SS, topic="Второй")
    assert errors["participant"] == [
        "Дубль У. уже есть в базе наставляемых по форме «ученик – ученик»: измените существующий запрос."
    ]
    mentee_request_add(programme=prog, participant=student, form=TS, topic="Другая форма — можно")


def test_the_request_text_is_required(prog):
    errors = refused(mentee_request_add, programme=prog, participant=make.student(), form=SS, topic="   ")
    assert errors["topic"] == ["Опишите запрос наставляемого: с чем нужна помощь."]


def test_request_status_moves_only_between_new_and_support_and_close_is_separate(prog):
    request = make.mentee(prog, make.student())
    mentee_request_update(request=request, status=RequestStatus.SUPPORT, priority="high")
    assert (request.status, request.priority) == (RequestStatus.SUPPORT, "high")
    errors = refused(mentee_request_update, request=request, status=RequestStatus.MATCHED)
    assert "Состояние меняется только между «новый» и «без пары»" in errors["status"][0]
    mentee_request_close(request=request, note="Решено без наставника")
    assert request.status == RequestStatus.CLOSED


def test_a_request_in_a_working_pair_cannot_be_closed(prog):
    entry = make.mentor(prog, make.student("Старший", grade=10))
    request = make.mentee(prog, make.student("Младший", grade=6))
    make.group(prog, entry, [request])
    errors = refused(mentee_request_close, request=request)
    assert "работает в паре или группе" in errors["status"][0]


def test_mentor_entry_contour_follows_the_kind(prog):
    graduate = make._person("graduate", "Выпускник", "Олег", True)
    entry = mentor_entry_add(programme=prog, participant=graduate, forms=[Form.UNIVERSITY_STUDENT_STUDENT])
    assert entry.contour == MentorEntry.Contour.EXTERNAL
    teacher = mentor_entry_add(programme=prog, participant=make.teacher("Учитель"), forms=[TS], capacity=3)
    assert teacher.contour == MentorEntry.Contour.INTERNAL
    assert teacher.selection == MentorEntry.Selection.CANDIDATE


def test_a_mentor_must_fit_every_form_and_have_consent_and_a_sane_capacity(prog):
    student = make.student("Ученик", grade=10)
    errors = refused(mentor_entry_add, programme=prog, participant=student, forms=[SS, TS])
    assert (
        "В форме «учитель – ученик» наставником может быть только: родитель (законный представитель), педагог"
        in errors["forms"][0]
    )
    errors = refused(mentor_entry_add, programme=prog, participant=student, forms=[SS], capacity=31)
    assert errors["capacity"] == ["Наставник может вести от 1 до 30 наставляемых одновременно."]
    errors = refused(mentor_entry_add, programme=prog, participant=make.teacher(consent=False), forms=[TS])
    assert "нет действующего согласия" in errors["participant"][0]
    errors = refused(mentor_entry_add, programme=prog, participant=student, forms=[])
    assert errors["forms"] == ["Выберите хотя бы одну форму наставничества."]
    assert not MentorEntry.objects.exists()


def test_capacity_cannot_drop_below_the_mentees_led_now(prog):
    entry = make.mentor(prog, make.student("Старший", grade=10), capacity=2)
    make.group(
        prog, entry, [make.mentee(prog, make.student(grade=6)), make.mentee(prog, make.student(grade=6))]
    )
    errors = refused(mentor_entry_update, entry=entry, capacity=1)
    assert errors["capacity"] == ["Наставник уже ведёт 2 наставляемых: число мест не может быть меньше."]


def test_selection_needs_a_passed_interview_and_training_is_recorded(prog):
    entry = mentor_entry_add(programme=prog, participant=make.student("Кандидат", grade=10), forms=[SS])
    errors = refused(mentor_select, entry=entry)
    assert "только после пройденного собеседования" in errors["selection"][0]
    mentor_interview_record(
        entry=entry, interview_on=datetime.date(2026, 10, 1), passed=False, note="Не готов"
    )
    assert "только после пройденного собеседования" in refused(mentor_select, entry=entry)["selection"][0]
    mentor_interview_record(entry=entry, interview_on=datetime.date(2026, 10, 8), passed=True)
    mentor_select(entry=entry)
    assert entry.is_selected and not entry.is_trained
    errors = refused(
        mentor_training_record, entry=entry, completed_on=datetime.date(2026, 10, 20), training_programme=""
    )
    assert errors["training_programme"] == ["Укажите программу обучения наставников."]
    mentor_training_record(
        entry=entry, completed_on=datetime.date(2026, 10, 20), training_programme="Школа наставника"
    )
    entry.refresh_from_db()
    assert entry.is_trained and entry.training_programme == "Школа наставника"
    errors = refused(
        mentor_interview_record, entry=entry, interview_on=datetime.date(2026, 10, 9), passed=False
    )
    assert "чтобы отказать, отклоните кандидатуру" in errors["interview_passed"][0]


def test_a_mentor_with_working_pairs_is_not_rejected(prog):
    entry = make.mentor(prog, make.student("Старший", grade=10))
    make.group(prog, entry, [make.mentee(prog, make.student(grade=6))])
    assert "освобождение — приказом директора" in refused(mentor_reject, entry=entry)["selection"][0]
    free = make.mentor(prog, make.student("Свободный", grade=10))
    assert mentor_reject(entry=free, note="Отказался").selection == MentorEntry.Selection.REJECTED


def test_teacher_labour_terms_of_article_351_8(prog):
    entry = make.mentor(prog, make.teacher("Педагог"), forms=[TS])
    assert labour_warnings(entry)[0] == "нет письменного согласия — в пары не подбирается"
    errors = refused(
        mentor_labour_terms_record,
        entry=entry,
        written_consent_on=datetime.date(2026, 9, 10),
        addendum_number="15",
        addendum_date=datetime.date(2026, 9, 1),
    )
    assert errors["addendum_date"] == [
        "Дополнительное соглашение не может быть раньше письменного согласия педагога."
    ]
    errors = refused(mentor_labour_terms_record, entry=entry, written_consent_on=None, addendum_number="15")
    assert "после письменного согласия" in errors["written_consent_on"][0]
    mentor_labour_terms_record(entry=entry, written_consent_on=datetime.date(2026, 9, 10))
    assert labour_warnings(entry) == ["нет доп. соглашения к трудовому договору", "не указаны условия оплаты"]
    mentor_labour_terms_record(
        entry=entry,
        written_consent_on=datetime.date(2026, 9, 10),
        addendum_number="15",
        addendum_date=datetime.date(2026, 9, 12),
        payment_terms="доплата 10% к окладу",
    )
    assert labour_warnings(entry) == []
    student_entry = make.mentor(prog, make.student("Ученик", grade=10))
    errors = refused(
        mentor_labour_terms_record, entry=student_entry, written_consent_on=datetime.date(2026, 9, 1)
    )
    assert "только для наставников-педагогов" in errors["written_consent_on"][0]


def test_the_bases_filter_and_count_free_places(prog):
    entry = make.mentor(prog, make.student("Старший", grade=10), capacity=3)
    placed = make.mentee(prog, make.student("Младший", grade=6), topics=["алгебра"], priority="high")
    make.group(prog, entry, [placed])
    make.mentee(prog, make.student("Физик", grade=6), topics=["физика"])
    assert [r.participant.last_name for r in mentee_base(prog, topic="алгеб")] == ["Младший"]
    assert [r.participant.last_name for r in mentee_base(prog, status=RequestStatus.NEW)] == ["Физик"]
    [line] = mentor_base(prog)
    assert (line.active, line.free) == (1, 2)


def test_supply_and_demand_by_topic_on_known_data(prog):
    algebra = make.mentor(
        prog, make.student("Алгебраист", grade=10), topics=["алгебра", "геометрия"], capacity=2
    )
    make.mentor(prog, make.student("Ещёалгебра", grade=11), topics=["Алгебра"], capacity=1)
    make.mentor(prog, make.student("Необученный", grade=11), topics=["физика"], trained=False)
    make.mentor(prog, make.teacher("Математичка", subjects=["математика"]), forms=[TS], capacity=4)
    for name in ("А", "Б", "В"):
        make.mentee(prog, make.student(name, grade=6), topics=["алгебра"])
    make.mentee(prog, make.student("Г", grade=6), topics=["физика"], priority="high")
    make.mentee(prog, make.student("Д", grade=6), form=TS, subject="математика")
    placed = make.mentee(prog, make.student("Е", grade=6), topics=["алгебра"])
    make.group(prog, algebra, [placed])  # matched: not demand any more, and one place of 2 is taken

    rows = {(r.form, r.topic): r for r in supply_demand(prog)}
    physics = rows[(SS, "физика")]
    assert (physics.requests, physics.high_priority, physics.mentors, physics.uncovered) == (1, 1, 0, True)
    algebra_row = rows[(SS, "алгебра")]
    assert (algebra_row.requests, algebra_row.mentors, algebra_row.free_places) == (3, 2, 2)
    assert algebra_row.short
    maths = rows[(TS, "математика")]
    assert (maths.requests, maths.mentors, maths.free_places, maths.short) == (1, 1, 4, False)
    assert supply_demand(prog)[0].topic == "физика"  # the uncovered topic comes first
