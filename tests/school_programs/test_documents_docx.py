"""Printed documents: orders, the mentor–mentee agreement, the development plan — read back with python-docx;
PDF through LibreOffice where installed; who may download what."""

from __future__ import annotations

import datetime
import io
import shutil
from urllib.parse import quote

import pytest
from django_tenants.utils import schema_context
from docx import Document

from school_programs.documents import pdf as pdf_module
from school_programs.documents.response import DOCX
from school_programs.models import DevelopmentPlan, PlanSection
from school_programs.services.documents import agreement_docx, order_docx, plan_docx
from school_programs.services.orders import order_draft_fix_groups, order_sign
from tests.school_programs.test_orders_services import DAY, build_plan, build_programme
from tests.support import school as make

HAS_LIBREOFFICE = pdf_module.pdf_available()


def read(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Paragraph texts and tables (rows of cell texts) of a DOCX."""
    document = Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_an_order_prints_header_text_signature_and_the_table_of_pairs(in_school_a, world):
    setting = build_programme()
    setting.programme.curators.set([setting.curator])
    order = order_draft_fix_groups(
        programme=setting.programme, groups=[setting.group, setting.pair], date=DAY
    )

    paragraphs, tables = read(order_docx(order=order, school=world.school_a))
    assert paragraphs[0] == "ПРОЕКТ"
    assert "МБОУ «Школа А»" in paragraphs
    assert "Городской округ Тестовск" in paragraphs
    assert "ПРИКАЗ" in paragraphs
    assert "«05» октября 2026 г.\t№ ______" in paragraphs
    assert "О закреплении наставнических пар / групп" in paragraphs
    assert "ПРИКАЗЫВАЮ:" in paragraphs
    assert any(text.startswith("1. Закрепить наставников за наставляемыми") for text in paragraphs)
    director = world.users["director_a"].short_name
    assert f"Директор\t______________ /{director}/" in paragraphs
    signing = paragraphs[paragraphs.index("С приказом ознакомлены:") + 1 :]
    assert [line.split("\t")[0] for line in signing[:3]] == ["Кураторова А.П.", "Иванов И.И.", "Смирнов О."]
    [pairs] = tables
    assert pairs[0] == ["№", "Наставник", "Наставляемые", "Форма наставничества", "Ролевая модель", "Срок"]
    assert pairs[1][:4] == [
        "1",
        "Иванов Иван Иванович, учитель математики",
        "Петров Пётр, 7А класс\nСидоров Семён, 7А класс",
        "учитель – ученик",
    ]
    assert pairs[2][1:3] == ["Смирнов Олег, 10Б класс", "Козлова Мария, 6А класс"]

    order_sign(order=order, number="77", signed_on=datetime.date(2026, 10, 6))
    order.refresh_from_db()
    paragraphs, _ = read(order_docx(order=order, school=world.school_a))
    assert "ПРОЕКТ" not in paragraphs
    assert "«06» октября 2026 г.\t№ 77" in paragraphs
    assert "к приказу от 06.10.2026 № 77" in paragraphs


def test_the_agreement_names_both_sides_the_representative_of_a_minor_and_the_term(in_school_a, world):
    setting = build_programme()
    make.parent("Козлов", first_name="Андрей", middle_name="Сергеевич", of=[setting.kozlova.participant])

    paragraphs, tables = read(agreement_docx(group=setting.pair, school=world.school_a))
    text = "\n".join(paragraphs)
    assert "СОГЛАШЕНИЕ" in paragraphs
    assert "о сотрудничестве между наставником и наставляемым" in paragraphs
    assert "Наставник — Смирнов Олег, 10Б класс;" in paragraphs
    assert (
        "Наставляемый — Козлова Мария, 6А класс (законный представитель — Козлов Андрей Сергеевич);"
        in paragraphs
    )
    assert "Форма наставничества: «ученик – ученик»" in text
    assert "Запрос наставляемого (Козлова М.): Адаптация в новом классе." in text
    assert "2.1. Наставник имеет право:" in paragraphs and "2.2. Наставник обязан:" in paragraphs
    assert "3.1. Наставляемый имеет право:" in paragraphs and "3.2. Наставляемый обязан:" in paragraphs
    assert "4.1. Соглашение действует с «01» октября 2026 г. по «31» мая 2027 г." in text
    signatures = paragraphs[paragraphs.index("6. Подписи Сторон") + 1 :]
    assert signatures[:6] == [
        "Наставник:",
        "Смирнов Олег\t______________ /Смирнов О./",
        "Наставляемый:",
        "Козлова Мария\t______________ /Козлова М./",
        "Законный представитель наставляемого Козлова М.:",
        "Козлов Андрей Сергеевич\t______________ /Козлов А.С./",
    ]
    assert tables == []


def test_an_adult_mentee_signs_the_agreement_without_a_representative(in_school_a, world):
    programme = make.programme()
    mentor = make.mentor(
        programme, make.teacher("Орлова", position="учитель физики"), forms=("teacher_teacher",)
    )
    young = make.mentee(programme, make.teacher("Новикова", position="учитель химии"), form="teacher_teacher")
    group = make.group(programme, mentor, [young])
    paragraphs, _ = read(agreement_docx(group=group, school=world.school_a))
    assert "Наставляемый — Новикова Педагог, учитель химии;" in paragraphs
    assert not any("законный представитель" in text.lower() for text in paragraphs)


def test_the_plan_prints_its_header_a_table_per_section_and_both_signatures(in_school_a, world):
    setting = build_programme()
    plan = build_plan(setting)

    paragraphs, tables = read(plan_docx(plan=plan, school=world.school_a))
    assert "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ ПОД РУКОВОДСТВОМ НАСТАВНИКА" in paragraphs
    assert f"Форма наставничества: «ученик – ученик». Ролевая модель: «{setting.pair.role_model.name}»." in (
        paragraphs
    )
    assert "Ф.И.О., класс/группа наставляемого: Козлова Мария, 6А класс" in paragraphs
    assert "Ф.И.О. и должность наставника: Смирнов Олег, 10Б класс" in paragraphs
    assert "Срок осуществления плана: с «01» октября 2026 г. по «31» мая 2027 г." in paragraphs
    assert "Раздел 1. Анализ трудностей и способы их преодоления" in paragraphs
    assert "Раздел 2. Направления развития ученика" in paragraphs
    assert len(tables) == 2
    header = [
        "№",
        "Проект, задание",
        "Срок",
        "Планируемый результат",
        "Фактический результат",
        "Оценка наставника",
    ]
    assert tables[0][0] == tables[1][0] == header
    assert tables[0][1] == [
        "1.1.",
        "Провести диагностическую беседу с наставником",
        "15.10.2026",
        "Определён перечень дефицитных компетенций",
        "результат достигнут в полной мере\nБеседа проведена",
        "Работает охотно",
    ]
    assert tables[1][1][4] == "результат превышен: вышла в муниципальный этап"
    assert "Подпись наставника ______________ /Смирнов О./\t«02» октября 2026 г." in paragraphs
    assert "Подпись наставляемого ______________ /Козлова М./\t«___» ____________ 20___ г." in paragraphs


def test_documents_use_times_new_roman_on_a4(in_school_a, world):
    setting = build_programme()
    order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    document = Document(io.BytesIO(order_docx(order=order, school=world.school_a)))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30


# --- Downloads and access ------------------------------------------------------------------------


def _mentor_a_setting(world):
    with schema_context(world.school_a.schema_name):
        setting = build_programme(mentor_user=world.users["mentor_a"])
        other_plan = build_plan(setting)  # the student pair's plan: not mentor_a's group
        own_plan = make_plan_for_group(setting)
        return setting, own_plan, other_plan


def make_plan_for_group(setting):
    plan = DevelopmentPlan.objects.create(
        group=setting.group,
        mentee=setting.petrov,
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2027, 5, 31),
    )
    PlanSection.objects.create(plan=plan, order=1, title="Анализ трудностей")
    return plan


def test_a_mentor_downloads_the_agreement_and_plans_of_their_own_group_only(world, client_of):
    setting, own_plan, other_plan = _mentor_a_setting(world)
    mentor = client_of("mentor_a")

    response = mentor.get(f"/s/school-a/documents/groups/{setting.group.pk}/agreement/docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert (
        "filename*=UTF-8''" + quote("Соглашение Иванов И.И. — Петров П., Сидоров С.docx")
        in (response["Content-Disposition"])
    )
    assert 'filename="agreement-' in response["Content-Disposition"]
    paragraphs, _ = read(response.content)
    assert "Наставник — Иванов Иван Иванович, учитель математики;" in paragraphs

    assert mentor.get(f"/s/school-a/documents/groups/{setting.pair.pk}/agreement/docx/").status_code == 404
    assert mentor.get(f"/s/school-a/documents/plans/{own_plan.pk}/docx/").status_code == 200
    assert mentor.get(f"/s/school-a/documents/plans/{other_plan.pk}/docx/").status_code == 404
    api = mentor.get(f"/api/v1/schools/school-a/documents/groups/{setting.pair.pk}/agreement/docx/")
    assert api.status_code == 404
    api = mentor.get(f"/api/v1/schools/school-a/documents/plans/{own_plan.pk}/docx/")
    assert api.status_code == 200 and api["Content-Type"] == DOCX


def test_a_mentor_cannot_print_orders(world, client_of):
    with schema_context(world.school_a.schema_name):
        setting = build_programme()
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    mentor = client_of("mentor_a")
    assert mentor.get(f"/s/school-a/orders/{order.pk}/docx/").status_code == 403
    assert mentor.get(f"/api/v1/schools/school-a/orders/{order.pk}/docx/").status_code == 403


def test_school_b_gets_404_for_the_documents_of_school_a(world, client_of):
    setting, own_plan, _ = _mentor_a_setting(world)
    with schema_context(world.school_a.schema_name):
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    outsider = client_of("curator_b")
    for url in (
        f"/s/school-a/documents/groups/{setting.group.pk}/agreement/docx/",
        f"/s/school-a/documents/plans/{own_plan.pk}/docx/",
        f"/s/school-a/orders/{order.pk}/docx/",
        f"/api/v1/schools/school-a/documents/groups/{setting.group.pk}/agreement/docx/",
        f"/api/v1/schools/school-a/orders/{order.pk}/docx/",
    ):
        assert outsider.get(url).status_code == 404, url
    # The same ids inside school B lead to nothing of school A.
    assert outsider.get(f"/s/school-b/orders/{order.pk}/docx/").status_code == 404


def test_the_curator_downloads_an_order_with_a_russian_file_name(world, client_of):
    with schema_context(world.school_a.schema_name):
        setting = build_programme()
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    response = client_of("curator_a").get(f"/s/school-a/orders/{order.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"order-{order.pk}.docx\"; filename*=UTF-8''"
        + quote("Приказ (проект) от 05.10.2026.docx")
    )
    assert response["Cache-Control"] == "private, no-store"


def test_without_libreoffice_pdf_is_not_offered(world, client_of, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with schema_context(world.school_a.schema_name):
        setting = build_programme()
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    curator = client_of("curator_a")
    api = curator.get(f"/api/v1/schools/school-a/orders/{order.pk}/pdf/")
    assert api.status_code == 404
    assert api.json() == {"detail": "PDF недоступен на этом сервере: установите LibreOffice."}
    page = curator.get(f"/s/school-a/orders/{order.pk}/pdf/")
    assert page.status_code == 404
    assert "установите LibreOffice" in page.content.decode()
    detail = curator.get(f"/s/school-a/orders/{order.pk}/").content.decode()
    assert f"/s/school-a/orders/{order.pk}/docx/" in detail
    assert f"/s/school-a/orders/{order.pk}/pdf/" not in detail


@pytest.mark.skipif(
    not HAS_LIBREOFFICE, reason="LibreOffice (soffice) не установлен: PDF на этом сервере не делается"
)
def test_with_libreoffice_documents_come_as_pdf_too(world, client_of):
    setting, own_plan, _ = _mentor_a_setting(world)
    with schema_context(world.school_a.schema_name):
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    curator = client_of("curator_a")
    for url in (
        f"/s/school-a/orders/{order.pk}/pdf/",
        f"/api/v1/schools/school-a/documents/plans/{own_plan.pk}/pdf/",
    ):
        response = curator.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    detail = curator.get(f"/s/school-a/orders/{order.pk}/").content.decode()
    assert f"/s/school-a/orders/{order.pk}/pdf/" in detail


def test_a_failed_conversion_is_reported_not_served_as_a_broken_file(world, client_of, monkeypatch):
    failing = shutil.which("false")
    monkeypatch.setattr(pdf_module, "converter", lambda: failing)
    with schema_context(world.school_a.schema_name):
        setting = build_programme()
        order = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
    curator = client_of("curator_a")
    api = curator.get(f"/api/v1/schools/school-a/orders/{order.pk}/pdf/")
    assert api.status_code == 503
    assert api.json()["detail"].startswith("Не удалось преобразовать документ в PDF.")
    page = curator.get(f"/s/school-a/orders/{order.pk}/pdf/")
    assert page.status_code == 503 and "Скачайте DOCX" in page.content.decode()
