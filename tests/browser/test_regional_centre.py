"""The regional administrator registers a partner and a cooperation agreement with its scan, and finds a
practice in the library — on a desktop and on a phone 390 px wide, where no page scrolls sideways."""

import pytest
from playwright.sync_api import Page, expect

from regional_center.models import Agreement, PartnerOrganisation
from tenants.demo import DEMO_PASSWORD
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _fits(page: Page) -> bool:
    # Measured once the page (its style sheet included) has loaded, not while it is being laid out.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def names(request, django_db_blocker):
    """The new partner's name and the agreement's number; removed afterwards (the demo site is shared
    by the whole session)."""
    viewport = request.node.callspec.params["viewport"]
    partner, number = f"Колледж культуры и искусств ({viewport})", f"B-{viewport}"
    yield partner, number
    with committed(django_db_blocker):
        for agreement in Agreement.objects.filter(number=number):
            agreement.document.delete(save=False)
            agreement.delete()
        PartnerOrganisation.objects.filter(name=partner).delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_administrator_registers_a_partner_and_an_agreement_and_finds_a_practice(
    page: Page, site, tmp_path, names, viewport
):
    partner_name, number = names
    page.set_viewport_size(VIEWPORTS[viewport])
    scan = tmp_path / "соглашение.pdf"
    scan.write_bytes(PDF)

    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("region.admin")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{site}/region/")
    todo = page.get_by_test_id("todo")
    expect(todo).to_contain_text("№ 7-С/2026")  # the demo agreement that expires soon
    assert _fits(page), "the centre's home scrolls sideways"

    page.goto(f"{site}/region/partners/new/")
    page.locator("#id_name").fill(partner_name)
    page.get_by_label("Вид организации").select_option(label="колледж (СПО)")
    page.get_by_label("математика").check()
    page.get_by_label("Что предлагает").fill("Площадка для стажировок учителей музыки и ИЗО.")
    assert _fits(page), "the partner form scrolls sideways"
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_have_text(partner_name)
    assert _fits(page), "the partner page scrolls sideways"

    page.goto(f"{site}/region/agreements/new/")
    page.get_by_label("Номер").fill(number)
    page.get_by_label("Дата заключения").fill("2026-11-20")
    page.get_by_label("Действует с").fill("2026-12-01")
    page.get_by_label("Действует по").fill("2027-11-30")
    page.get_by_label("Предмет соглашения").fill("Стажировки педагогов ШНОР на базе колледжа.")
    page.get_by_label("Статус").select_option(label="действует")
    # First without a party: refused, the field named, nothing written.
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".errorlist")).to_contain_text("хотя бы одну сторону соглашения")
    page.get_by_label(partner_name).check()
    page.get_by_label("Скан соглашения (PDF, DOCX, JPEG или PNG)").set_input_files(str(scan))
    assert _fits(page), "the agreement form scrolls sideways"
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_contain_text(f"№ {number}")
    expect(page.get_by_test_id("parties")).to_contain_text(partner_name)
    expect(page.get_by_test_id("document")).to_have_text("соглашение.pdf")
    assert _fits(page), "the agreement page scrolls sideways"

    page.goto(f"{site}/region/practices/")
    page.get_by_label("Поиск").fill("математике")
    page.get_by_label("Автор").select_option(label="партнёры")
    page.get_by_role("button", name="Найти").click()
    found = page.get_by_test_id("practices")
    expect(found).to_contain_text("Студенты-наставники в подготовке к ОГЭ по математике")
    assert _fits(page), "the library scrolls sideways"
    found.get_by_role("link", name="Студенты-наставники в подготовке к ОГЭ по математике").click()
    expect(page.locator("h1")).to_have_text("Студенты-наставники в подготовке к ОГЭ по математике")
    expect(page.locator("main")).to_contain_text("МарГУ")
    assert _fits(page), "the practice page scrolls sideways"
