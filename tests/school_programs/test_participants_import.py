"""Bulk import from the register's XLSX/CSV: every row checked, all or nothing, re-import by «Код»."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from school_programs.models import Guardianship, Participant
from school_programs.services import imports
from school_programs.services.imports import (
    ImportFileError,
    import_job,
    import_job_run,
    import_read,
    import_template,
    participants_import,
    participants_import_start,
)
from school_programs.tasks_imports import participants_import_job
from tests.support import school as make

STUDENTS_CSV = """Код;Фамилия;Имя;Отчество;Дата рождения;Класс;E-mail;Телефон;Пол
S-1;Иванов;Пётр;Сергеевич;15.03.2013;7А;;+7 900 123-45-67;м
S-2;Смирнова;Анна;;01.09.2012;7 б;anna@example.test;;ж
S-3;Кузнецов;Илья;Петрович;2015-02-10;5В;;;м
"""


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(kind: str, name: str, content: bytes):
    return participants_import(kind=kind, frame=import_read(name=name, content=content))


def errors_of(kind: str, name: str, content: bytes) -> list[str]:
    with pytest.raises(ImportFileError) as error:
        run(kind, name, content)
    return [str(e) for e in error.value.row_errors]


def test_students_from_a_register_csv(in_school_a):
    result = run("student", "students.csv", csv(STUDENTS_CSV))
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert result.ignored_columns == ["Пол"]
    ivanov = Participant.objects.get(external_id="S-1")
    assert (ivanov.full_name, ivanov.class_name, ivanov.birth_date.isoformat()) == (
        "Иванов Пётр Сергеевич",
        "7А",
        "2013-03-15",
    )
    assert Participant.objects.get(external_id="S-2").class_name == "7Б"
    assert Participant.objects.get(external_id="S-3").birth_date.isoformat() == "2015-02-10"


def test_a_windows_1251_csv_with_commas_is_read_too(in_school_a):
    text = "Фамилия,Имя,Дата рождения,Класс\nЁлкина,Мария,05.05.2014,6А\n"
    result = run("student", "students.csv", csv(text, "cp1251"))
    assert result.created == 1
    assert Participant.objects.filter(last_name="Ёлкина", grade=6).exists()


def test_a_broken_date_or_an_unknown_class_is_reported_per_row_and_nothing_is_written(in_school_a):
    before = Participant.objects.count()
    text = (
        "Код;Фамилия;Имя;Дата рождения;Класс\n"
        "S-1;Иванов;Пётр;15.03.2013;7А\n"
        "S-2;Смирнова;Анна;31.02.2012;7Б\n"
        "S-3;Кузнецов;Илья;10.02.2015;7Щ\n"
        "S-4;Орлов;;10.02.2015;12А\n"
        "S-1;Двойник;Пётр;15.03.2013;7А\n"
    )
    errors = errors_of("student", "students.csv", csv(text))
    assert errors == [
        "Строка 3, столбец «Дата рождения»: «31.02.2012» — такой даты нет: в феврале 2012 года 29 дней",
        "Строка 4, столбец «Класс»: «7Щ» — неизвестный класс (ожидается параллель 1–11 и литера, "
        "например «7А»)",
        "Строка 5, столбец «Имя»: обязательное поле не заполнено",
        "Строка 5, столбец «Класс»: «12А» — параллели 12 нет: классы с 1 по 11",
        "Строка 6, столбец «Код»: код «S-1» уже встречается в строке 2",
    ]
    assert Participant.objects.count() == before


def test_a_file_without_the_needed_columns_is_refused(in_school_a):
    errors = errors_of("student", "students.csv", csv("Фамилия;Имя\nИванов;Пётр\n"))
    assert errors == ["Строка 1: нет обязательных столбцов: «Дата рождения», «Класс»"]
    assert errors_of("student", "list.txt", b"x") == ["Строка 1: файл должен быть в формате XLSX или CSV"]
    assert "не читается как XLSX" in errors_of("student", "broken.xlsx", b"not a zip")[0]


def test_re_import_by_code_updates_instead_of_duplicating(in_school_a):
    run("student", "students.csv", csv(STUDENTS_CSV))
    moved = STUDENTS_CSV.replace(
        "S-1;Иванов;Пётр;Сергеевич;15.03.2013;7А", "S-1;Иванов;Пётр;Сергеевич;15.03.2013;8А"
    )
    result = run("student", "students.csv", csv(moved))
    assert (result.created, result.updated) == (0, 3)
    assert Participant.objects.filter(external_id="S-1").get().class_name == "8А"
    assert Participant.objects.filter(last_name="Иванов", first_name="Пётр").count() == 1


def test_a_person_added_by_hand_is_recognised_by_name_and_birth_date(in_school_a):
    hand_made = make.student(
        "Кузнецов",
        first_name="Илья",
        middle_name="Петрович",
        grade=5,
        letter="В",
        birth_date=date(2015, 2, 10),
    )
    result = run("student", "students.csv", csv(STUDENTS_CSV))
    assert (result.created, result.updated) == (2, 1)
    hand_made.refresh_from_db()
    assert hand_made.external_id == "S-3"


def test_teachers_from_xlsx_with_subjects_experience_and_category(in_school_a):
    content = xlsx(
        [
            ["Код", "ФИО", "Должность", "Предметы", "Стаж", "Категория", "Педагог-наставник", "E-mail"],
            [
                "T-1",
                "Сидорова Ольга Ивановна",
                "учитель математики",
                "алгебра, геометрия",
                12,
                "высшая",
                "да",
                "",
            ],
            ["T-2", "Морозов Андрей", "учитель истории", "история", "2", "СЗД", "", "morozov@example.test"],
        ]
    )
    result = run("teacher", "teachers.xlsx", content)
    assert result.created == 2
    sidorova = Participant.objects.get(kind="teacher", external_id="T-1")
    assert sidorova.middle_name == "Ивановна"
    assert sidorova.subjects == ["алгебра", "геометрия"]
    assert (sidorova.experience_years, sidorova.qualification, sidorova.is_mentor_teacher) == (
        12,
        "highest",
        True,
    )
    assert Participant.objects.get(external_id="T-2").qualification == "position"


def test_teacher_file_errors_name_the_row_and_the_column(in_school_a):
    content = xlsx(
        [
            ["Фамилия", "Имя", "Должность", "Стаж", "Категория", "E-mail"],
            ["Сидорова", "Ольга", "", "много", "вторая", "не почта"],
        ]
    )
    assert errors_of("teacher", "teachers.xlsx", content) == [
        "Строка 2, столбец «Должность»: обязательное поле не заполнено",
        "Строка 2, столбец «E-mail»: «не почта» — не адрес электронной почты",
        "Строка 2, столбец «Стаж»: «много» — стаж должен быть целым числом лет от 0 до 60",
        "Строка 2, столбец «Категория»: «вторая» — неизвестная категория; допустимы: без категории, "
        "соответствие занимаемой должности, первая, высшая",
    ]
    assert not Participant.objects.filter(last_name="Сидорова").exists()


def test_parents_are_linked_to_students_by_name_and_class(in_school_a):
    run("student", "students.csv", csv(STUDENTS_CSV))
    text = (
        "Код;Фамилия;Имя;Отчество;Телефон;ФИО ребёнка;Класс ребёнка\n"
        "P-1;Иванова;Елена;Викторовна;+79001112233;Иванов Пётр Сергеевич;7А\n"
        "P-1;Иванова;Елена;Викторовна;+79001112233;Кузнецов Илья;5В\n"
        "P-2;Смирнов;Олег;;;Смирнова Анна;7Б\n"
    )
    result = run("parent", "parents.csv", csv(text))
    assert (result.created, result.linked) == (2, 3)
    mother = Participant.objects.get(kind="parent", external_id="P-1")
    assert sorted(link.child.last_name for link in mother.child_links.all()) == ["Иванов", "Кузнецов"]
    assert Guardianship.objects.filter(parent__external_id="P-2", child__external_id="S-2").exists()


def test_a_parent_whose_child_is_not_in_the_school_is_an_error(in_school_a):
    text = "Фамилия;Имя;ФИО ребёнка;Класс ребёнка\nПетрова;Анна;Петров Иван;7А\nСидоров;Пётр;Сидорова Ира;\n"
    assert errors_of("parent", "parents.csv", csv(text)) == [
        "Строка 2, столбец «ФИО ребёнка»: ученик «Петров Иван» в классе «7А» не найден — "
        "сначала загрузите обучающихся",
        "Строка 3, столбец «Класс ребёнка»: укажите класс для каждого ребёнка (через «;», по порядку)",
    ]
    assert not Participant.objects.filter(kind="parent").exists()


def test_the_template_has_the_columns_of_the_kind_and_an_empty_template_imports_nothing(in_school_a):
    book = load_workbook(io.BytesIO(import_template("parent")))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:4] == ["Код", "Фамилия", "Имя", "Отчество"]
    assert "ФИО ребёнка" in header and "Класс ребёнка" in header
    assert book.worksheets[1].title == "Как заполнять"
    assert errors_of("parent", "template.xlsx", import_template("parent")) == [
        "Строка 2: в файле нет ни одной строки с участником"
    ]


# The inline limit (300 rows in the product) is lowered so that the queued path is tested quickly.
LIMIT = 20


@pytest.fixture(autouse=True)
def _small_inline_limit(monkeypatch):
    monkeypatch.setattr(imports, "INLINE_LIMIT", LIMIT)


def _many_students(count: int) -> bytes:
    lines = ["Код;Фамилия;Имя;Дата рождения;Класс"]
    lines += [f"B-{n};Ученик{n};Имя;01.09.2012;{5 + n % 6}{'АБВ'[n % 3]}" for n in range(count)]
    return csv("\n".join(lines) + "\n")


def test_a_small_file_is_imported_at_once(in_school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        started = participants_import_start(kind="student", name="s.csv", content=_many_students(LIMIT))
    assert started.job_id is None and started.result.created == LIMIT
    assert callbacks == []


def test_a_large_file_is_queued_and_the_task_reports_progress(
    in_school_a, world, django_capture_on_commit_callbacks
):
    # The task body runs here, in-process and in school A's schema; the real worker is exercised in
    # test_participants_worker.py.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = participants_import_start(
            kind="student",
            name="s.csv",
            content=_many_students(LIMIT + 1),
            by=world.users["curator_a"],
        )
    assert started.result is None and len(callbacks) == 1
    assert not Participant.objects.filter(external_id__startswith="B-").exists()
    assert import_job(started.job_id)["state"] == "queued"

    outcome = participants_import_job.run(started.job_id)
    assert outcome["state"] == "done"
    job = import_job(started.job_id)
    assert (job["state"], job["done"], job["total"]) == ("done", LIMIT + 1, LIMIT + 1)
    assert job["result"]["created"] == LIMIT + 1
    assert Participant.objects.filter(external_id__startswith="B-").count() == LIMIT + 1
    # Running again (a redelivered message) changes nothing.
    assert import_job_run(job_id=started.job_id)["result"]["created"] == LIMIT + 1


def test_a_queued_file_with_errors_fails_with_the_row_errors(in_school_a, django_capture_on_commit_callbacks):
    content = _many_students(LIMIT + 5).replace(b"01.09.2012;6", b"01.13.2012;6", 1)
    with django_capture_on_commit_callbacks(execute=False):
        started = participants_import_start(kind="student", name="s.csv", content=content)
    job = import_job_run(job_id=started.job_id)
    assert job["state"] == "failed"
    assert job["errors"][0]["text"] == (
        "Строка 3, столбец «Дата рождения»: «01.13.2012» — такой даты нет: месяца 13 нет, месяцы — с 1 по 12"
    )
    assert not Participant.objects.filter(external_id__startswith="B-").exists()


def test_a_job_is_not_visible_from_another_school(world, django_capture_on_commit_callbacks):
    from django_tenants.utils import schema_context

    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=False):
            started = participants_import_start(
                kind="student", name="s.csv", content=_many_students(LIMIT + 1)
            )
        assert import_job(started.job_id) is not None
    with schema_context(world.school_b.schema_name):
        assert import_job(started.job_id) is None
