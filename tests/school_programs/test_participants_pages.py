"""Pages of the participants area: list, card, forms, consents, categories, import — and who sees what."""

import datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from school_programs.models import Consent, Participant, SpecialDataAccess
from school_programs.models.choices import Category
from school_programs.services import imports
from tests.support import school as make

A = "/s/school-a"
B = "/s/school-b"
SIGNED = timezone.localdate() - datetime.timedelta(days=30)


def table(response) -> str:
    """The list's table only (the filter's drop-downs name every category)."""
    html = response.content.decode()
    return html[html.index('data-testid="participants"') : html.index("</table>")]


def in_a(world):
    return schema_context(world.school_a.schema_name)


def test_the_list_shows_counts_per_kind_filters_and_the_consent_state(world, client_of):
    with in_a(world):
        ivanov = make.student("Иванов", grade=7, letter="А")
        make.student("Петров", grade=8, letter="Б", consent=False)
        make.teacher("Сидорова")
        Participant.objects.create(kind="parent", last_name="Выбывшая", first_name="Мать", is_active=False)
        ivanov.categories.create(category=Category.GIFTED)
        ivanov.categories.create(category=Category.DISABILITY)
    client = client_of("curator_a")
    page = client.get(f"{A}/participants/")
    assert page.status_code == 200
    assert 'data-kind="student"><span class="stat-label">обучающиеся</span> <strong>2</strong>' in (
        page.content.decode()
    )
    html = table(page)
    assert "Иванов" in html and "Сидорова" in html and "Выбывшая" not in html
    assert Category.GIFTED.label in html
    assert Category.DISABILITY.label not in html  # special categories are never in the list
    assert "нет согласия" in html

    only_7a = table(client.get(f"{A}/participants/", {"kind": "student", "class_name": "7а"}))
    assert "Иванов" in only_7a and "Петров" not in only_7a
    no_consent = table(client.get(f"{A}/participants/", {"consent": "missing"}))
    assert "Петров" in no_consent and "Иванов" not in no_consent
    assert "Иванов" in table(client.get(f"{A}/participants/", {"search": "иван"}))
    assert "Выбывшая" in table(client.get(f"{A}/participants/", {"include_inactive": "on"}))


def test_the_list_is_paginated_by_50_in_a_constant_number_of_queries(
    world, client_of, django_assert_max_num_queries
):
    with in_a(world):
        for n in range(60):
            person = make.student(f"Ученик{n:02d}")
            person.categories.create(category=Category.GIFTED)
    client = client_of("curator_a")
    with django_assert_max_num_queries(20):
        first = client.get(f"{A}/participants/").content.decode()
    assert first.count('href="/s/school-a/participants/') >= 50
    assert "страница 1 из 2" in first
    second = client.get(f"{A}/participants/", {"page": 2}).content.decode()
    assert "Ученик59" in second and "Ученик00" not in second


def test_the_curator_sees_special_categories_on_the_card_and_the_view_is_logged(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
        make.consent(child, special=True, signed_on=SIGNED)
        child.categories.create(category=Category.DISABILITY)
        child.categories.create(category=Category.GIFTED)
    response = client_of("curator_a").get(f"{A}/participants/{child.pk}/")
    html = response.content.decode()
    assert 'data-testid="special-categories"' in html
    assert Category.DISABILITY.label in html
    assert "Требует внимания" not in html
    with in_a(world):
        log = SpecialDataAccess.objects.get(participant=child)
    assert (log.user_id, log.action, log.where) == (
        world.users["curator_a"].pk,
        "view",
        f"{A}/participants/{child.pk}/",
    )


def test_withdrawn_special_consent_marks_the_categories_as_needing_attention(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
        make.consent(
            child, special=True, signed_on=SIGNED, withdrawn_on=timezone.localdate(), withdrawal_reason="x"
        )
        child.categories.create(category=Category.PREVENTIVE_REGISTER)
    html = client_of("director_a").get(f"{A}/participants/{child.pk}/").content.decode()
    assert "Требует внимания" in html
    assert "отозвано" in html


def test_a_mentor_sees_their_mentee_without_special_categories_and_nothing_is_logged(world, client_of):
    with in_a(world):
        programme = make.programme()
        me = make.teacher("Наставникова", user=world.users["mentor_a"])
        mentee = make.student("Орлов", grade=5)
        make.consent(mentee, special=True, signed_on=SIGNED)
        mentee.categories.create(category=Category.DISABILITY)
        mentee.categories.create(category=Category.GIFTED)
        make.group(programme, make.mentor(programme, me), [make.mentee(programme, mentee)])
        stranger = make.student("Чужой")
    client = client_of("mentor_a")
    html = client.get(f"{A}/participants/{mentee.pk}/").content.decode()
    assert "Орлов" in html and Category.GIFTED.label in html
    assert Category.DISABILITY.label not in html
    assert "special-categories" not in html and "Согласия на обработку" not in html
    assert client.get(f"{A}/participants/{stranger.pk}/").status_code == 404
    assert client.get(f"{A}/participants/").status_code == 403
    assert client.get(f"{A}/participants/{mentee.pk}/edit/").status_code == 403
    with in_a(world):
        assert not SpecialDataAccess.objects.exists()


def test_staff_add_a_student_and_bad_input_shows_form_errors(world, client_of):
    client = client_of("curator_a")
    assert client.get(f"{A}/participants/new/student/").status_code == 200
    assert client.get(f"{A}/participants/new/alien/").status_code == 404
    bad = client.post(
        f"{A}/participants/new/student/", {"last_name": "Иванов", "first_name": "Пётр", "grade": "7"}
    )
    assert bad.status_code == 200
    assert "Укажите дату рождения обучающегося." in bad.content.decode()
    assert "Укажите литеру класса" in bad.content.decode()
    with in_a(world):
        assert not Participant.objects.filter(last_name="Иванов").exists()
    good = client.post(
        f"{A}/participants/new/student/",
        {
            "last_name": "Иванов",
            "first_name": "Пётр",
            "grade": "7",
            "class_letter": "а",
            "birth_date": "2013-03-15",
        },
    )
    with in_a(world):
        ivanov = Participant.objects.get(last_name="Иванов")
    assert good.status_code == 302 and good["Location"] == f"{A}/participants/{ivanov.pk}/"
    assert ivanov.class_name == "7А"

    edit = client.post(
        f"{A}/participants/{ivanov.pk}/edit/",
        {
            "last_name": "Иванов",
            "first_name": "Пётр",
            "grade": "8",
            "class_letter": "А",
            "birth_date": "2013-03-15",
        },
    )
    assert edit.status_code == 302
    with in_a(world):
        ivanov.refresh_from_db()
    assert ivanov.grade == 8


def test_a_teacher_is_linked_to_an_account_through_the_form(world, client_of):
    with in_a(world):
        teacher = make.teacher("Сидорова")
    client = client_of("director_a")
    response = client.post(
        f"{A}/participants/{teacher.pk}/edit/",
        {"last_name": "Сидорова", "first_name": "Ольга", "position": "учитель", "account": "curator_b"},
    )
    assert "не найдена среди пользователей этой школы" in response.content.decode()
    client.post(
        f"{A}/participants/{teacher.pk}/edit/",
        {"last_name": "Сидорова", "first_name": "Ольга", "position": "учитель", "account": "mentor_a"},
    )
    with in_a(world):
        teacher.refresh_from_db()
    assert teacher.user_id == world.users["mentor_a"].pk


def test_recording_and_withdrawing_a_consent_on_the_pages(world, client_of):
    with in_a(world):
        child = make.student("Петров", consent=False)
        mother = make.parent("Петрова", of=[child])
    client = client_of("curator_a")
    refused = client.post(
        f"{A}/participants/{child.pk}/consents/new/",
        {"scope": "personal_data", "given_by": "self", "form": "written", "signed_on": SIGNED.isoformat()},
    )
    assert "несовершеннолетний на дату согласия" in refused.content.decode()
    with in_a(world):
        assert not Consent.objects.filter(participant=child).exists()
    recorded = client.post(
        f"{A}/participants/{child.pk}/consents/new/",
        {
            "scope": "personal_data",
            "given_by": "representative",
            "representative": mother.pk,
            "form": "written",
            "signed_on": SIGNED.isoformat(),
        },
    )
    assert recorded.status_code == 302
    with in_a(world):
        consent = Consent.objects.get(participant=child)
    assert consent.recorded_by_id == world.users["curator_a"].pk
    card = client.get(f"{A}/participants/{child.pk}/").content.decode()
    assert "Данные можно использовать" in card and "действует" in card

    url = f"{A}/participants/{child.pk}/consents/{consent.pk}/withdraw/"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(url, {"withdrawn_on": future, "reason": "заявление"}).content.decode()
    assert "Дата отзыва не может быть в будущем." in refused
    assert client.post(url, {"withdrawn_on": timezone.localdate(), "reason": "заявление"}).status_code == 302
    card = client.get(f"{A}/participants/{child.pk}/").content.decode()
    assert "нет действующего согласия" in card and "отозвано" in card


def test_categories_page_refuses_a_special_category_without_written_consent(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
    client = client_of("curator_a")
    url = f"{A}/participants/{child.pk}/categories/"
    response = client.post(url, {"categories": ["gifted", "difficult_situation"]})
    assert "нет письменного согласия на обработку специальных категорий" in response.content.decode()
    with in_a(world):
        assert not child.categories.exists()
    assert client.post(url, {"categories": ["gifted"]}).status_code == 302
    with in_a(world):
        assert list(child.categories.values_list("category", flat=True)) == ["gifted"]


def test_parents_and_children_are_linked_on_the_card(world, client_of):
    with in_a(world):
        child = make.student("Петров")
        mother = make.parent("Петрова")
        teacher = make.teacher("Учитель")
    client = client_of("curator_a")
    client.post(f"{A}/participants/{child.pk}/guardians/", {"other": mother.pk})
    with in_a(world):
        assert mother.child_links.filter(child=child).exists()
    assert "Петрова" in client.get(f"{A}/participants/{child.pk}/").content.decode()
    # A teacher is not offered as a parent: the choice is refused and nothing is linked.
    client.post(f"{A}/participants/{child.pk}/guardians/", {"other": teacher.pk})
    with in_a(world):
        assert not teacher.child_links.exists()
    client.post(f"{A}/participants/{child.pk}/guardians/{mother.pk}/delete/")
    with in_a(world):
        assert not mother.child_links.exists()


def test_deactivating_a_participant_hides_them_from_the_list(world, client_of):
    with in_a(world):
        teacher = make.teacher("Ушедшая")
    client = client_of("curator_a")
    assert client.get(f"{A}/participants/{teacher.pk}/deactivate/").status_code == 405
    client.post(f"{A}/participants/{teacher.pk}/deactivate/")
    assert "Ушедшая" not in table(client.get(f"{A}/participants/"))
    client.post(f"{A}/participants/{teacher.pk}/reactivate/")
    assert "Ушедшая" in table(client.get(f"{A}/participants/"))


def _upload(text: str, name: str = "students.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_import_page_imports_a_valid_file_and_shows_the_errors_of_a_broken_one(world, client_of):
    client = client_of("curator_a")
    page = client.get(f"{A}/participants/import/")
    assert page.status_code == 200 and "/participants/import/template/student.xlsx" in page.content.decode()
    broken = client.post(
        f"{A}/participants/import/",
        {"kind": "student", "file": _upload("Фамилия;Имя;Дата рождения;Класс\nИванов;Пётр;31.02.2012;7Щ\n")},
    )
    html = broken.content.decode()
    assert 'data-testid="import-errors"' in html
    assert (
        "«31.02.2012» — такой даты нет: в феврале 2012 года 29 дней" in html
        and "«7Щ» — неизвестный класс" in html
    )
    with in_a(world):
        assert not Participant.objects.filter(last_name="Иванов").exists()
    good = client.post(
        f"{A}/participants/import/",
        {"kind": "student", "file": _upload("Фамилия;Имя;Дата рождения;Класс\nИванов;Пётр;15.03.2013;7А\n")},
    )
    assert 'data-testid="import-result"' in good.content.decode()
    with in_a(world):
        assert Participant.objects.get(last_name="Иванов").class_name == "7А"
    wrong_type = client.post(
        f"{A}/participants/import/", {"kind": "student", "file": _upload("x", "list.txt")}
    )
    assert "Нужен файл XLSX или CSV." in wrong_type.content.decode()


def test_a_large_import_is_queued_and_its_progress_is_polled_with_htmx(
    world, client_of, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_LIMIT", 10)  # 300 in the product; fewer rows keep the test fast
    lines = ["Код;Фамилия;Имя;Дата рождения;Класс"]
    lines += [f"Q-{n};Ученик{n};Имя;01.09.2012;7А" for n in range(11)]
    client = client_of("curator_a")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            f"{A}/participants/import/", {"kind": "student", "file": _upload("\n".join(lines))}
        )
    assert len(queued) == 1  # the Celery message is sent after the commit; here it is not sent at all
    assert response.status_code == 302
    job_url = response["Location"]
    assert job_url.startswith(f"{A}/participants/import/jobs/")
    full = client.get(job_url).content.decode()
    assert "в очереди" in full and 'hx-trigger="every 1s"' in full
    partial = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-job" data-state="queued"')
    assert client_of("curator_b").get(job_url.replace(A, B)).status_code == 404


def test_templates_and_the_export_are_xlsx_and_the_export_logs_special_data(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
        make.consent(child, special=True, signed_on=SIGNED)
        child.categories.create(category=Category.DIFFICULT_SITUATION)
        make.teacher("Сидорова")
    client = client_of("curator_a")
    template = client.get(f"{A}/participants/import/template/teacher.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert client.get(f"{A}/participants/import/template/alien.xlsx").status_code == 404
    export = client.get(f"{A}/participants/export.xlsx", {"kind": "student"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    rows = list(load_workbook(BytesIO(export.content)).active.values)
    assert rows[0][-1] == "Специальные категории ПДн"
    assert rows[1][1] == "Орлов" and rows[1][-1] == Category.DIFFICULT_SITUATION.label
    with in_a(world):
        assert SpecialDataAccess.objects.filter(participant=child, action="export").count() == 1


def test_school_b_sees_nothing_of_school_a(world, client_of):
    with in_a(world):
        child = make.student("Невидимкин")
        consent = child.consents.get()
    curator_b = client_of("curator_b")
    for url in (
        f"{A}/participants/",
        f"{A}/participants/{child.pk}/",
        f"{A}/participants/{child.pk}/edit/",
        f"{A}/participants/{child.pk}/consents/new/",
        f"{A}/participants/{child.pk}/consents/{consent.pk}/withdraw/",
        f"{A}/participants/import/",
        f"{A}/participants/export.xlsx",
    ):
        assert curator_b.get(url).status_code == 404, url
    assert curator_b.post(f"{A}/participants/{child.pk}/deactivate/").status_code == 404
    own = curator_b.get(f"{B}/participants/")
    assert own.status_code == 200 and "Невидимкин" not in table(own)
    assert curator_b.get(f"{B}/participants/{child.pk}/").status_code == 404


def test_filtering_the_list_by_a_special_category_logs_every_person_shown(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
        make.consent(child, special=True, signed_on=SIGNED)
        child.categories.create(category=Category.DISABILITY)
        make.student("Обычный")
    client = client_of("curator_a")
    html = table(client.get(f"{A}/participants/", {"category": "disability"}))
    assert "Орлов" in html and "Обычный" not in html
    with in_a(world):
        log = SpecialDataAccess.objects.get()
    assert (log.participant_id, log.action) == (child.pk, "list")
    client.get(f"{A}/participants/", {"category": "gifted"})
    with in_a(world):
        assert SpecialDataAccess.objects.count() == 1
