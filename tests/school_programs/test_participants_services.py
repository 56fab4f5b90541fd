"""Rules of participants, consents and categories (services/participants.py, services/consents.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from school_programs.models import Consent, Guardianship, Participant, SpecialDataAccess
from school_programs.selectors.consents import consent_problem
from school_programs.selectors.participants import (
    ParticipantFilters,
    consent_states_set,
    participant_detail,
    participant_list,
)
from school_programs.services.consents import consent_record, consent_withdraw
from school_programs.services.participants import (
    categories_set,
    class_name_parse,
    guardianship_link,
    participant_create,
    participant_update,
)
from tests.support import school as make

TODAY = timezone.localdate()
SIGNED = TODAY - datetime.timedelta(days=30)


def _messages(error) -> dict:
    return error.value.message_dict


def test_a_student_needs_a_birth_date_and_a_class_of_grades_1_to_11(in_school_a):
    with pytest.raises(ValidationError) as error:
        participant_create(kind="student", last_name="Иванов", first_name="Пётр", grade=12, class_letter="Щ")
    problems = _messages(error)
    assert "Укажите дату рождения обучающегося." in problems["birth_date"]
    assert "с 1 по 11" in problems["grade"][0]
    assert "«Щ» не используется" in problems["class_letter"][0]
    assert not Participant.objects.filter(last_name="Иванов").exists()

    student = participant_create(
        kind="student",
        last_name=" Иванов ",
        first_name="Пётр",
        birth_date=datetime.date(2013, 3, 15),
        grade=7,
        class_letter="a",  # Latin «a» typed by mistake
    )
    assert (student.last_name, student.class_name) == ("Иванов", "7А")


def test_class_names_are_read_as_people_write_them():
    assert class_name_parse("7А") == (7, "А")
    assert class_name_parse("10 - б") == (10, "Б")
    assert class_name_parse("10-б") == (10, "Б")
    assert class_name_parse("11") == (11, "")
    assert class_name_parse("7Щ") is None
    assert class_name_parse("12А") is None


def test_fields_of_another_kind_are_refused(in_school_a):
    with pytest.raises(ValidationError) as error:
        participant_create(
            kind="parent",
            last_name="Петрова",
            first_name="Анна",
            grade=7,
            position="учитель",
            graduation_year=2010,
        )
    problems = _messages(error)
    assert problems["grade"] == ["Это поле заполняется только для обучающихся."]
    assert problems["position"] == ["Это поле заполняется только для педагогов."]
    assert problems["graduation_year"] == ["Это поле заполняется только для выпускников."]


def test_a_teacher_has_a_position_subjects_experience_category_and_marks(in_school_a):
    with pytest.raises(ValidationError) as error:
        participant_create(kind="teacher", last_name="Сидорова", first_name="Ольга", experience_years=70)
    assert set(_messages(error)) == {"position", "experience_years"}
    teacher = participant_create(
        kind="teacher",
        last_name="Сидорова",
        first_name="Ольга",
        position="учитель математики",
        subjects=["алгебра", " геометрия", "Алгебра", ""],
        experience_years=12,
        qualification="highest",
        is_mentor_teacher=True,
    )
    assert teacher.subjects == ["алгебра", "геометрия"]
    assert teacher.is_mentor_teacher and not teacher.is_methodist
    assert (
        participant_create(kind="teacher", last_name="Б", first_name="В", position="учитель").qualification
        == "none"
    )


def test_graduates_and_external_mentors_have_their_own_fields(in_school_a):
    with pytest.raises(ValidationError) as error:
        participant_create(kind="graduate", last_name="Орлов", first_name="Игорь", graduation_year=1900)
    assert "Год выпуска должен быть между" in _messages(error)["graduation_year"][0]
    with pytest.raises(ValidationError) as error:
        participant_create(kind="external", last_name="Лебедев", first_name="Олег")
    assert set(_messages(error)) == {"external_kind", "organisation"}
    mentor = participant_create(
        kind="external",
        last_name="Лебедев",
        first_name="Олег",
        external_kind="employer",
        organisation="АО «Завод»",
    )
    assert mentor.description == "АО «Завод»"


def test_the_register_code_is_unique_per_kind(in_school_a):
    make.student("Первый", external_id="A1")
    with pytest.raises(ValidationError) as error:
        participant_create(
            kind="student",
            last_name="Второй",
            first_name="Ученик",
            birth_date=datetime.date(2013, 1, 1),
            grade=7,
            class_letter="Б",
            external_id="A1",
        )
    assert "уже есть у участника" in _messages(error)["external_id"][0]
    # A teacher may carry the same code: registers number students and staff separately.
    assert participant_create(
        kind="teacher", last_name="Т", first_name="Т", position="учитель", external_id="A1"
    )


def test_a_teacher_is_linked_to_an_account_of_this_school_only(in_school_a, world):
    teacher = make.teacher("Наставникова")
    participant_update(participant=teacher, account="MENTOR_A@example.test")
    assert teacher.user_id == world.users["mentor_a"].pk

    other = make.teacher("Другая")
    with pytest.raises(ValidationError) as error:
        participant_update(participant=other, account="mentor_a")
    assert "уже связана с участником" in _messages(error)["account"][0]
    with pytest.raises(ValidationError) as error:
        participant_update(participant=other, account="curator_b")  # a curator of school B
    assert "не найдена среди пользователей этой школы" in _messages(error)["account"][0]
    with pytest.raises(ValidationError) as error:
        participant_update(participant=make.student("Ученик"), account="director_a")
    assert "Обучающиеся не входят" in _messages(error)["account"][0]

    participant_update(participant=teacher, account="")
    assert teacher.user_id is None


def test_a_parent_is_linked_only_to_a_student_and_never_to_themself(in_school_a):
    child = make.student("Петров")
    mother = make.parent("Петрова")
    teacher = make.teacher("Учитель")
    with pytest.raises(ValidationError, match="не родитель"):
        guardianship_link(parent=teacher, child=child)
    with pytest.raises(ValidationError, match="не обучающийся"):
        guardianship_link(parent=mother, child=teacher)
    with pytest.raises(ValidationError, match="самому себе"):
        guardianship_link(parent=mother, child=mother)
    link = guardianship_link(parent=mother, child=child)
    assert guardianship_link(parent=mother, child=child) == link
    assert Guardianship.objects.filter(child=child).count() == 1


def test_a_minors_consent_is_given_by_a_linked_parent_or_a_named_representative(in_school_a):
    child = make.student("Петров", consent=False)
    stranger = make.parent("Чужая")
    with pytest.raises(ValidationError) as error:
        consent_record(participant=child, signed_on=SIGNED)
    assert "несовершеннолетний" in _messages(error)["given_by"][0]
    with pytest.raises(ValidationError) as error:
        consent_record(participant=child, signed_on=SIGNED, representative=stranger)
    assert "Чужая Родитель не связана с участником как родитель" in _messages(error)["representative"][0]
    with pytest.raises(ValidationError) as error:
        consent_record(participant=child, signed_on=SIGNED, given_by=Consent.GivenBy.REPRESENTATIVE)
    assert "ФИО законного представителя" in _messages(error)["representative"][0]
    assert not child.consents.exists()

    mother = make.parent("Петрова", of=[child])
    consent = consent_record(participant=child, signed_on=SIGNED, representative=mother, document_number="17")
    assert consent.given_by == Consent.GivenBy.REPRESENTATIVE
    assert consent_problem(child) is None

    orphan = make.student("Сиротин", consent=False)
    consent_record(participant=orphan, signed_on=SIGNED, representative_name="Опекунова Мария Ивановна")
    assert consent_problem(orphan) is None


def test_an_adult_gives_consent_themself(in_school_a):
    teacher = make.teacher("Сидорова", consent=False)
    consent = consent_record(participant=teacher, signed_on=SIGNED, form=Consent.Form.ELECTRONIC)
    assert consent.given_by == Consent.GivenBy.SELF
    assert consent_problem(teacher) is None


def test_consent_dates_and_the_written_form_of_a_special_consent(in_school_a):
    teacher = make.teacher("Сидорова", consent=False)
    with pytest.raises(ValidationError) as error:
        consent_record(
            participant=teacher,
            signed_on=TODAY + datetime.timedelta(days=1),
            valid_until=TODAY,
            scope=Consent.Scope.SPECIAL_CATEGORIES,
            form=Consent.Form.ELECTRONIC,
        )
    problems = _messages(error)
    assert problems["signed_on"] == ["Дата согласия не может быть в будущем."]
    assert problems["valid_until"] == ["Срок действия должен заканчиваться позже даты согласия."]
    assert "только письменно" in problems["form"][0]
    assert not teacher.consents.exists()


def test_a_consent_is_withdrawn_once_with_a_date_and_a_reason(in_school_a):
    teacher = make.teacher("Сидорова", consent=False)
    consent = consent_record(participant=teacher, signed_on=SIGNED)
    with pytest.raises(ValidationError) as error:
        consent_withdraw(consent=consent, reason=" ", withdrawn_on=SIGNED - datetime.timedelta(days=1))
    assert set(_messages(error)) == {"withdrawn_on", "reason"}
    consent_withdraw(consent=consent, reason="заявление от 20.11", withdrawn_on=TODAY)
    assert "нет действующего согласия" in consent_problem(teacher)
    with pytest.raises(ValidationError, match="уже отозвано"):
        consent_withdraw(consent=consent, reason="ещё раз")
    card = participant_detail(teacher)
    assert [status for _, status in card.consents] == ["withdrawn"]


def test_a_special_category_needs_a_valid_written_special_consent(in_school_a, world):
    child = make.student("Орлов")
    curator = world.users["curator_a"]
    with pytest.raises(ValidationError) as error:
        categories_set(participant=child, categories=["gifted", "disability"], by=curator)
    assert "специальных категорий" in _messages(error)["categories"][0]
    assert not child.categories.exists()

    special = make.consent(child, special=True, signed_on=SIGNED)
    categories_set(participant=child, categories=["gifted", "disability"], by=curator, where="тест")
    assert set(child.categories.values_list("category", flat=True)) == {"gifted", "disability"}
    assert (
        SpecialDataAccess.objects.filter(participant=child, action="change", user_id=curator.pk).count() == 1
    )

    # After withdrawal nothing is removed by itself, but the category is flagged and cannot be kept.
    consent_withdraw(consent=special, reason="заявление родителя")
    assert child.categories.filter(category="disability").exists()
    assert participant_detail(child).special_consent_problem is not None
    with pytest.raises(ValidationError):
        categories_set(participant=child, categories=["gifted", "disability"], by=curator)
    categories_set(participant=child, categories=["gifted"], by=curator)
    assert list(child.categories.values_list("category", flat=True)) == ["gifted"]


def test_student_categories_only_for_students_and_teacher_categories_only_for_teachers(in_school_a):
    with pytest.raises(ValidationError, match="молодой специалист"):
        categories_set(participant=make.student("Ученик"), categories=["young_specialist"])
    with pytest.raises(ValidationError, match="выдающиеся"):
        categories_set(participant=make.teacher("Педагог"), categories=["gifted"])
    with pytest.raises(ValidationError):
        categories_set(participant=make.parent("Родитель"), categories=["burnout"])
    teacher = make.teacher("Молодая")
    categories_set(participant=teacher, categories=["young_specialist", "digital_skills"])
    assert teacher.categories.count() == 2
    assert not SpecialDataAccess.objects.filter(participant=teacher).exists()


def test_the_lists_consent_state_in_sql_agrees_with_consent_problem(in_school_a):
    make.student("А-представитель")
    minor_by_self = make.student("Б-сам", consent=False)
    Consent.objects.create(participant=minor_by_self, given_by="self", signed_on=SIGNED)
    adult_student = make.student("В-взрослый", consent=False, birth_date=TODAY.replace(year=TODAY.year - 18))
    Consent.objects.create(participant=adult_student, given_by="self", signed_on=SIGNED)
    withdrawn = make.teacher("Г-отозвал", consent=False)
    make.consent(withdrawn, signed_on=SIGNED, withdrawn_on=TODAY, withdrawal_reason="заявление")
    expired = make.teacher("Д-истекло", consent=False)
    make.consent(expired, signed_on=SIGNED, valid_until=TODAY - datetime.timedelta(days=1))
    only_special = make.parent("Е-только-особое", consent=False)
    make.consent(only_special, special=True, signed_on=SIGNED)
    no_birth_date_adult = participant_create(
        kind="external", last_name="Ж-внешний", first_name="Олег", external_kind="employer", organisation="АО"
    )
    Consent.objects.create(participant=no_birth_date_adult, given_by="self", signed_on=SIGNED)

    rows = list(participant_list())
    consent_states_set(rows)
    states = {p.last_name: p.consent_state for p in rows}
    assert states == {
        "А-представитель": "valid",
        "Б-сам": "representative",
        "В-взрослый": "valid",
        "Г-отозвал": "withdrawn",
        "Д-истекло": "expired",
        "Е-только-особое": "missing",
        "Ж-внешний": "valid",
    }
    for person in rows:
        assert (consent_problem(person) is None) == (states[person.last_name] == "valid"), person.last_name
    assert [p.last_name for p in participant_list(filters=ParticipantFilters(consent="withdrawn"))] == [
        "Г-отозвал"
    ]
