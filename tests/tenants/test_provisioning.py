"""Creating schools one by one and in bulk: all of a school or nothing of it."""

import io

import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from school_programs.models import Programme
from tenants.models import School
from tenants.services.onboarding import OnboardingFileError, parse_schools, read_table
from tenants.services.provisioning import SchoolData, school_create
from tenants.services.schemas import (
    expected_migrations,
    schema_states,
    template_schema_name,
    template_snapshot,
)


def _data(world, slug="new-school", **extra):
    return SchoolData(
        slug=slug,
        full_name="МБОУ «Новая школа»",
        short_name="Новая школа",
        municipality=world.municipality,
        **extra,
    )


@pytest.mark.parametrize("method", ["copy", "clone", "migrate"])
def test_a_new_school_gets_a_fully_migrated_schema_of_its_own(world, method):
    school = school_create(data=_data(world), method=method)
    assert school.schema_name == "school_new_school"
    assert schema_exists("school_new_school")
    [state] = schema_states(["school_new_school"])
    assert state.up_to_date, sorted(state.missing)[:5]
    with schema_context(school.schema_name):
        Programme.objects.create(title="Работает", start_date="2026-09-01", end_date="2027-05-31")
        assert Programme.objects.count() == 1


def test_slug_rules_are_explained_in_russian(world):
    with pytest.raises(ValidationError) as error:
        school_create(data=_data(world, slug="Школа_1"))
    assert "латинские строчные буквы" in str(error.value)
    assert not School.objects.filter(full_name="МБОУ «Новая школа»").exists()


def test_a_taken_slug_is_refused(world):
    with pytest.raises(ValidationError) as error:
        school_create(data=_data(world, slug="school-a"))
    assert "уже" in str(error.value)


def test_a_failure_while_creating_the_schema_leaves_no_school_behind(world):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA school_doomed")  # the clone will find its name taken
    with pytest.raises(ValidationError):
        school_create(data=_data(world, slug="doomed"))
    assert not School.objects.filter(slug="doomed").exists()


def test_create_school_command(world):
    call_command(
        "create_school",
        slug="cmd-school",
        name="МБОУ «Школа из команды»",
        short_name="Из команды",
        municipality="Городской округ Тестовск",
        low_results=True,
        verbosity=0,
    )
    school = School.objects.get(slug="cmd-school")
    assert school.low_results and schema_exists(school.schema_name)


def test_create_school_command_names_an_unknown_municipality(world):
    with pytest.raises(CommandError, match="Муниципалитет «Атлантида» не найден"):
        call_command("create_school", slug="x", name="X", short_name="X", municipality="Атлантида")


CSV_OK = (
    "код;полное наименование;краткое наименование;муниципалитет;тип;ШНОР;школа-партнёр\n"
    "bulk-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;да\n"
    "bulk-2;МБОУ «Лицей № 2»;Лицей № 2;Дальний район;lyceum;да;нет\n"
)


def test_bulk_onboarding_from_csv_creates_every_school(world, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    call_command("provision_schools", str(path), region="Тестовая область", verbosity=0)
    one, two = School.objects.get(slug="bulk-1"), School.objects.get(slug="bulk-2")
    assert one.partner_school and not one.low_results
    assert two.kind == "lyceum" and two.low_results and two.municipality == world.other_municipality
    assert all(state.up_to_date for state in schema_states([one.schema_name, two.schema_name]))


def test_bulk_onboarding_reads_xlsx(world, tmp_path):
    path = tmp_path / "schools.xlsx"
    frame = pd.read_csv(io.StringIO(CSV_OK), sep=";", dtype=str)
    frame.to_excel(path, index=False)
    call_command("provision_schools", str(path), region="Тестовая область", verbosity=0)
    assert School.objects.filter(slug__in=["bulk-1", "bulk-2"]).count() == 2


def test_a_bad_row_leaves_nothing_behind_and_is_named(world, tmp_path, capsys):
    path = tmp_path / "schools.csv"
    path.write_text(
        CSV_OK + "bulk-3;МБОУ «ООШ № 3»;ООШ № 3;Атлантида;школа;может быть;нет\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="Ни одна школа не создана"):
        call_command("provision_schools", str(path), region="Тестовая область", verbosity=0)
    err = capsys.readouterr().err
    assert "Строка 4, столбец «муниципалитет»: муниципалитет «Атлантида» не найден в регионе" in err
    assert "Строка 4, столбец «ШНОР»: ожидается «да» или «нет», получено «может быть»" in err
    assert not School.objects.filter(slug__startswith="bulk-").exists()
    assert not schema_exists("school_bulk_1")


def test_duplicate_and_missing_values_are_reported_per_row(world, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(
        "код,полное наименование,краткое наименование,муниципалитет\n"
        "dup,Школа,Школа,Городской округ Тестовск\n"
        "dup,Школа 2,Школа 2,Городской округ Тестовск\n"
        ",,Без кода,Городской округ Тестовск\n",
        encoding="utf-8",
    )
    with pytest.raises(OnboardingFileError) as error:
        parse_schools(read_table(path), world.region)
    messages = [str(e) for e in error.value.errors]
    assert "Строка 3, столбец «код»: код «dup» уже встречается в строке 2" in messages
    assert "Строка 4, столбец «код»: обязательное поле не заполнено" in messages
    assert "Строка 4, столбец «полное наименование»: обязательное поле не заполнено" in messages


def test_unknown_columns_are_refused(world, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text("код,название\nx,y\n", encoding="utf-8")
    with pytest.raises(OnboardingFileError) as error:
        parse_schools(read_table(path), world.region)
    assert any("неизвестный столбец" in str(e) for e in error.value.errors)


def test_migration_check_finds_a_schema_that_lags_behind(world):
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {world.school_b.schema_name}.django_migrations WHERE app = 'school_programs'"
        )
    states = {
        s.schema_name: s for s in schema_states([world.school_a.schema_name, world.school_b.schema_name])
    }
    assert states[world.school_a.schema_name].up_to_date
    assert ("school_programs", "0001_initial") in states[world.school_b.schema_name].missing
    with pytest.raises(CommandError, match="Схем с неприменёнными миграциями: 1"):
        call_command("migrate_schools", check=True, verbosity=0)


def test_migration_check_knows_every_migration():
    assert ("school_programs", "0001_initial") in expected_migrations()
    assert ("tenants", "0001_initial") in expected_migrations()


def _structure(schema):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, is_identity "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
            [schema],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = %s::regnamespace ORDER BY 2",
            [schema],
        )
        constraints = [(table.split(".")[-1], *rest) for table, *rest in cursor.fetchall()]
        cursor.execute(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = %s ORDER BY 1", [schema]
        )
        indexes = cursor.fetchall()
    return columns, [tuple(str(x).replace(schema, "S") for x in row) for row in constraints], indexes


def test_the_copy_has_exactly_the_template_structure_and_rows(world):
    assert template_snapshot() is not None, "pg_dump must be available: the fast path is the default"
    school = school_create(data=_data(world, slug="copied"), method="copy")
    assert _structure(school.schema_name) == _structure(template_schema_name())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {school.schema_name}.django_migrations ORDER BY 1, 2")
        copied = cursor.fetchall()
        cursor.execute(f"SELECT app, name FROM {template_schema_name()}.django_migrations ORDER BY 1, 2")
        assert copied == cursor.fetchall()
        # Identity sequences continue after the copied rows.
        cursor.execute(
            f"INSERT INTO {school.schema_name}.django_migrations (app, name, applied) "
            "VALUES ('x', 'y', now()) RETURNING id"
        )
        new_id = cursor.fetchone()[0]
        cursor.execute(f"SELECT max(id) FROM {school.schema_name}.django_migrations WHERE app <> 'x'")
        assert new_id > cursor.fetchone()[0]
    assert connection.schema_name == "public"
