"""Issue 3, «Done when», in Chromium: in the demo region a curator takes a school through the seven
stages of the road map in the browser, the director signs the order, a mentor sees only their own
pairs, and another school's curator sees nothing of the school.

The flow runs in a school made for this module (so that the committed demo schools stay as they
are): it is provisioned like any other school, given a curator and a director, and dropped at the end.
Every assertion is on what a person sees on the page, in Russian.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Locator, Page, expect

from school_programs.models import MentoringGroup
from tenants.demo import DEMO_PASSWORD, SCHOOL_A
from tenants.models import Membership, Role, School, User
from tenants.services.provisioning import SchoolData, school_create
from tenants.services.schemas import schema_drop
from tests.support.db import committed

pytestmark = pytest.mark.browser

STUDENTS_CSV = """Код;Фамилия;Имя;Отчество;Дата рождения;Класс
E2E-1;Орлов;Кирилл;Андреевич;12.04.2010;10А
E2E-2;Белкина;Алиса;Сергеевна;03.02.2013;7Б
E2E-3;Зуев;Матвей;Ильич;20.06.2015;5А
"""
TEACHERS_CSV = """Код;Фамилия;Имя;Отчество;Должность;Предметы;Стаж;Категория;Педагог-наставник
E2E-T1;Громова;Светлана;Петровна;учитель математики;алгебра, геометрия;18;высшая;да
E2E-T2;Ланской;Павел;Олегович;учитель истории;история;2;;нет
"""
PARENTS_CSV = """Фамилия;Имя;Отчество;ФИО ребёнка;Класс ребёнка
Белкина;Ирина;Викторовна;Белкина Алиса Сергеевна;7Б
"""
MENTOR, MENTEE, JUNIOR = "Орлов Кирилл Андреевич", "Белкина Алиса Сергеевна", "Зуев Матвей Ильич"
TEACHER, PARENT = "Громова Светлана Петровна", "Белкина Ирина Викторовна"


@dataclass(frozen=True)
class FreshSchool:
    slug: str
    curator: str
    director: str


def _staff(username: str, role: Role, school: School, last_name: str) -> User:
    user = User(username=username, last_name=last_name, first_name="Проверка", middle_name="Сквозная")
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.create(user=user, role=role, school=school)
    return user


@pytest.fixture(scope="module")
def fresh_school(demo_site, django_db_blocker):
    """A school of the demo region without a programme, with a curator and a director; dropped after."""
    slug = f"e2e-{uuid.uuid4().hex[:10]}"
    with committed(django_db_blocker):
        municipality = School.objects.get(slug="yo-sosh-29").municipality
        school = school_create(
            data=SchoolData(
                slug=slug,
                full_name="МБОУ «Средняя общеобразовательная школа сквозной проверки»",
                short_name="СОШ сквозной проверки",
                municipality=municipality,
            )
        )
        users = [
            _staff(f"{slug}.curator", Role.CURATOR, school, "Кураторова"),
            _staff(f"{slug}.director", Role.DIRECTOR, school, "Директорова"),
        ]
    yield FreshSchool(slug, users[0].username, users[1].username)
    with committed(django_db_blocker):
        # Inside the school's schema: the school's rows that name these users are updated first.
        with schema_context(school.schema_name):
            User.objects.filter(pk__in=[user.pk for user in users]).delete()
        schema_drop(school.schema_name)
        School.objects.filter(pk=school.pk).delete()


def _log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()


def _field(scope: Page | Locator, label: str) -> Locator:
    """The field labelled exactly `label` (Django adds «:» to a field's label)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _menu(page: Page, section: str) -> None:
    page.get_by_role("navigation", name="Разделы школы").get_by_role("link", name=section).click()


def _choose(select: Locator, text: str) -> None:
    """Pick the option whose text contains `text` (labels carry a class or a position after the name)."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def _message(page: Page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def _import(page: Page, who: str, path, shown: str) -> None:
    page.get_by_label("Кого загружаем").select_option(label=who)
    page.get_by_label("Файл XLSX или CSV").set_input_files(path)
    page.get_by_role("button", name="Проверить и загрузить").click()
    expect(page.get_by_test_id("import-result")).to_contain_text(shown)


def _consent(page: Page, name: str, *, parent: str = "", representative: str = "") -> None:
    _menu(page, "Участники")
    page.get_by_test_id("participants").get_by_role("link", name=name).click()
    page.get_by_role("link", name="Записать согласие").click()
    if parent:
        _choose(_field(page, "Законный представитель"), parent)
    if representative:
        page.get_by_label("ФИО представителя (если его нет в базе)").fill(representative)
    page.get_by_role("button", name="Сохранить").click()
    _message(page, "Согласие записано.")
    expect(page.get_by_text("Данные можно использовать")).to_be_visible()


def _download(page: Page, link: Locator) -> bytes:
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    with open(download.path(), "rb") as file:
        return file.read()


def _meeting(page: Page, kind: str | None, topic: str, *, first: bool = False) -> None:
    page.get_by_role("link", name="Внести встречу").click()
    note = page.get_by_text("Это первая встреча пары: встреча-знакомство.")
    expect(note).to_have_count(1 if first else 0)
    if kind:
        page.get_by_label("Вид встречи").select_option(label=kind)
    page.get_by_label("Тема").fill(topic)
    page.get_by_role("button", name="Сохранить").click()
    _message(page, "Встреча внесена.")


def test_curator_takes_a_new_school_through_the_seven_stages(page: Page, site, fresh_school, tmp_path):
    today = timezone.localdate()
    iso, shown_today = today.isoformat(), today.strftime("%d.%m.%Y")
    files = {}
    for kind, text in (("students", STUDENTS_CSV), ("teachers", TEACHERS_CSV), ("parents", PARENTS_CSV)):
        files[kind] = tmp_path / f"{kind}.csv"
        files[kind].write_text(text, encoding="utf-8")

    _log_in(page, site, fresh_school.curator)
    expect(page).to_have_url(re.compile(rf"/s/{fresh_school.slug}/$"))
    expect(page.get_by_text("Программа наставничества ещё не создана.")).to_be_visible()

    # Stage 1: the programme; its road map of seven stages is made from the standard one.
    page.get_by_role("link", name="Перейти к программе").click()
    page.get_by_role("link", name="Создать программу").click()
    page.get_by_label("Название").fill("Программа наставничества: сквозная проверка")
    page.get_by_label("Начало").fill((today - datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Окончание").fill((today + datetime.timedelta(days=180)).isoformat())
    page.get_by_label("ученик – ученик", exact=True).check()
    page.get_by_label("учитель – ученик", exact=True).check()
    page.get_by_role("button", name="Сохранить").click()
    _message(page, "Программа создана, дорожная карта составлена по типовой.")
    roadmap = page.locator("#roadmap")
    expect(roadmap).to_contain_text("1. Подготовка условий для запуска программы")
    expect(roadmap).to_contain_text("7. Завершение наставничества")

    # Participants from the register's files: students, teachers, then parents linked to children.
    _menu(page, "Участники")
    page.get_by_role("link", name="Загрузить из файла").click()
    _import(page, "обучающиеся", files["students"], "новых: 3")
    _import(page, "педагоги", files["teachers"], "новых: 2")
    _import(page, "родители", files["parents"], "связей родитель–ребёнок: 1")
    _menu(page, "Участники")
    expect(page.get_by_test_id("participants").locator("tbody tr")).to_have_count(6)

    # Consents: the minor mentee's from her mother, the mentor's from a representative, the teacher's own.
    _consent(page, MENTEE, parent=PARENT)
    expect(page.get_by_test_id("consents")).to_contain_text(f"законный представитель: {PARENT}")
    _consent(page, MENTOR, representative="Орлова Наталья Петровна")
    _consent(page, JUNIOR, representative="Зуева Ольга Ивановна")
    _consent(page, TEACHER)

    # Stage 2: the mentee base with the request map.
    _menu(page, "Базы наставников и наставляемых")
    for person, topic, topics, subject, priority in (
        (MENTEE, "Подтянуть алгебру к контрольной", "алгебра, уравнения", "математика", "высокий"),
        (JUNIOR, "Полюбить чтение", "чтение", "литература", "средний"),
    ):
        page.get_by_role("link", name="Добавить запрос наставляемого").click()
        _choose(_field(page, "Наставляемый"), person)
        page.get_by_label("Форма наставничества").select_option(label="ученик – ученик")
        _field(page, "Запрос").fill(topic)
        page.get_by_label("Темы / дефицитные компетенции").fill(topics)
        _field(page, "Предмет").fill(subject)
        page.get_by_label("Приоритет").select_option(label=priority)
        page.get_by_role("button", name="Сохранить").click()
        _message(page, "Запрос внесён в базу наставляемых.")
        expect(page.get_by_test_id("mentee-base")).to_contain_text(topic)

    # Stages 3–4: the mentor base; interview, training and selection of the mentor.
    page.get_by_role("link", name="Добавить наставника").click()
    _choose(_field(page, "Наставник"), MENTOR)
    page.get_by_label("ученик – ученик", exact=True).check()
    page.get_by_label("С чем может помочь (темы)").fill("алгебра, уравнения")
    _field(page, "Предметы").fill("математика")
    page.get_by_label("Сколько наставляемых может вести").fill("1")
    page.get_by_role("button", name="Сохранить").click()
    _message(page, "Кандидат внесён в базу наставников.")
    expect(page.get_by_test_id("selection")).to_have_text("кандидат")
    page.get_by_label("Дата собеседования").fill(iso)
    _field(page, "Итог").select_option(label="пройдено")
    page.get_by_role("button", name="Сохранить итоги").click()
    _message(page, "Итоги собеседования сохранены.")
    page.get_by_label("Обучение пройдено").fill(iso)
    page.get_by_label("Программа обучения наставников").fill("Школа наставника (ЦНППМ, 16 ч)")
    page.get_by_role("button", name="Отметить обучение").click()
    _message(page, "Обучение отмечено.")
    page.get_by_role("button", name="Отобрать в наставники").click()
    _message(page, "Орлов К.А. отобран в наставники.")
    expect(page.get_by_test_id("selection")).to_have_text("отобран")

    # A teacher mentor under the Labour Code, art. 351.8: written consent, addendum, payment.
    page.get_by_role("link", name="← к базам").click()
    page.get_by_role("link", name="Добавить наставника").click()
    _choose(_field(page, "Наставник"), TEACHER)
    page.get_by_label("учитель – ученик", exact=True).check()
    page.get_by_label("С чем может помочь (темы)").fill("олимпиада")
    page.get_by_role("button", name="Сохранить").click()
    no_consent = page.get_by_text("нет письменного согласия — в пары не подбирается")
    expect(no_consent).to_be_visible()
    labour = page.locator("form", has_text="ст. 351.8 Трудового кодекса")
    labour.get_by_label("Письменное согласие педагога").fill(iso)
    labour.get_by_label("Доп. соглашение, №").fill("ДС-7")
    labour.get_by_label("Доп. соглашение, дата").fill(iso)
    labour.get_by_label("Условия оплаты (доплата)").fill("доплата 15% к ставке")
    labour.get_by_role("button", name="Сохранить").click()
    _message(page, "Условия по ст. 351.8 ТК РФ сохранены.")
    expect(no_consent).to_have_count(0)

    # Stage 5: matching over the whole base of the form; the suggestion shows its score and why.
    _menu(page, "Подбор пар")
    page.get_by_role("button", name="Подобрать пары").click()
    _message(page, "Подобрано пар: 1; без пары: 1.")
    suggestion = page.get_by_test_id("suggestions").locator("tbody tr", has_text=MENTEE)
    expect(suggestion).to_contain_text(MENTOR)
    expect(suggestion).to_contain_text("совпадают темы: алгебра, уравнения")
    expect(suggestion).to_contain_text("предмет: математика")
    assert float(suggestion.locator("td.score").inner_text().replace(",", ".")) > 0
    expect(page.get_by_test_id("unmatched")).to_contain_text(JUNIOR)
    suggestion.get_by_role("button", name="Принять: пара").click()
    expect(page.locator("tr", has_text=MENTEE).locator(".badge")).to_have_text("принято")

    _menu(page, "Пары и группы")
    pair = page.locator("#groups tbody tr", has_text="Орлов К.А.")
    expect(pair).to_contain_text("Белкина А.С.")
    expect(pair).to_contain_text("ИПР не составлен")

    # Stage 5: the order fixing the pair, drafted for the director, printed as DOCX.
    _menu(page, "Приказы")
    page.get_by_role("link", name="О закреплении наставнических пар / групп").click()
    expect(page.get_by_label(re.compile(r"Орлов К\.А\. → Белкина А\.С\."))).to_be_checked()
    page.get_by_role("button", name="Подготовить проект").click()
    _message(page, "Проект приказа подготовлен.")
    expect(page.get_by_text("проект, на подписи у директора")).to_be_visible()
    expect(page.get_by_test_id("order-text")).to_contain_text("Орлов К.А.")
    expect(page.get_by_role("button", name="Подписать приказ")).to_have_count(0)
    assert _download(page, page.get_by_role("link", name="Скачать DOCX"))[:2] == b"PK"

    # Stage 6: the individual development plan from the form's template, printed and signed.
    _menu(page, "Пары и группы")
    page.locator("#groups").get_by_role("link", name="Орлов К.А.").click()
    page.locator("#mentees").get_by_role("link", name="Составить").click()
    page.get_by_role("button", name="Составить").click()
    _message(page, "ИПР для Белкина А.С. составлен.")
    expect(page.locator("#plan-tasks")).to_contain_text("1. Анализ трудностей и способы их преодоления")
    assert _download(page, page.get_by_role("link", name="ИПР для печати (DOCX)"))[:2] == b"PK"
    sign = page.locator("form#sign")
    for side in ("наставник", "наставляемый"):
        sign.get_by_label("Кто подписал").select_option(label=side)
        sign.get_by_role("button", name="Отметить").click()
        _message(page, "Подпись отмечена.")
    expect(page.get_by_text(f"наставник: {shown_today}; наставляемый: {shown_today}")).to_be_visible()
    page.get_by_role("button", name="Перевести в работу").click()
    _message(page, "ИПР: выполняется.")

    # Stage 6: meetings, the acquaintance first.
    page.get_by_role("link", name="← Пара / группа").click()
    _meeting(page, None, "Знакомство и правила работы", first=True)
    _meeting(page, None, "Разбор контрольной")
    _meeting(page, "итоговая встреча", "Итоги работы")
    meetings = page.locator("#meetings tbody")
    for kind in ("встреча-знакомство", "рабочая встреча", "итоговая встреча"):
        expect(meetings).to_contain_text(kind)

    # Stage 7: the pair completes with its results.
    complete = page.locator("#complete-form")
    complete.get_by_label("Итоги работы пары / группы").fill("Контрольная по алгебре написана на «4».")
    complete.get_by_role("button", name="Завершить").click()
    _message(page, "Работа пары / группы завершена, запросы наставляемых закрыты.")
    expect(page.locator("h1 + p .badge")).to_have_text("завершена")
    expect(page.get_by_text("Контрольная по алгебре написана на «4».")).to_be_visible()
    expect(page.locator("#mentees")).to_contain_text("ИПР: выполнен")

    # The director signs the order: it gets its number in the register.
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    _log_in(page, site, fresh_school.director)
    to_sign = page.get_by_test_id("orders-to-sign")
    to_sign.get_by_role("link", name="О закреплении наставнических пар / групп").click()
    page.get_by_label("Номер приказа").fill("17-о")
    page.get_by_role("button", name="Подписать приказ").click()
    _message(page, "Приказ № 17-о подписан и внесён в реестр.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Приказ № 17-о от {shown_today}")
    expect(page.get_by_text(f"подписан {shown_today}")).to_be_visible()


def test_mentor_sees_only_own_pairs_and_school_b_sees_nothing(page: Page, site, django_db_blocker):
    with committed(django_db_blocker):
        school, mentor = School.objects.get(slug=SCHOOL_A), User.objects.get(username="mentor")
        with schema_context(school.schema_name):
            own = MentoringGroup.objects.filter(mentor__participant__user_id=mentor.pk)
            other_group = MentoringGroup.objects.exclude(pk__in=own).values_list("pk", flat=True).first()
            own_count = own.count()
    assert own_count == 2

    _log_in(page, site, "mentor")
    _menu(page, "Мои пары")
    expect(page.get_by_role("heading", name="Мои пары")).to_be_visible()
    rows = page.locator("#groups tbody tr[data-group]")
    expect(rows).to_have_count(2)
    for row in rows.all():
        expect(row.locator("td").first).to_have_text("Соколов И.В.")
    assert page.goto(f"{site}/s/{SCHOOL_A}/groups/{other_group}/").status == 404

    page.context.clear_cookies()
    _log_in(page, site, "curator.b")
    expect(page).to_have_url(re.compile(r"/s/volzhsk-sosh-6/$"))
    for url in ("", "programme/", "participants/", "groups/", f"groups/{other_group}/", "orders/"):
        assert page.goto(f"{site}/s/{SCHOOL_A}/{url}").status == 404, url
