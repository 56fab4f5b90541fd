"""The regional administrator onboards two schools by uploading an XLSX and finds them in the list —
on a desktop and on a phone 390 px wide, where no page scrolls sideways."""

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tenants.demo import DEMO_PASSWORD, MUNICIPALITIES
from tenants.models import School
from tenants.services.schemas import schema_drop
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Page) -> bool:
    # Measured once the page has loaded: right after a click the document may be laid out without its
    # style sheet yet, and the unstyled header sticks out by a few pixels.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def slugs(request, django_db_blocker):
    """Two new schools' codes; the schools (rows and schemas) are removed afterwards, because the
    demo site is shared by the whole session."""
    viewport = request.node.callspec.params["viewport"]
    codes = [f"upload-{viewport}-1", f"upload-{viewport}-2"]
    yield codes
    with committed(django_db_blocker):
        for school in School.objects.filter(slug__in=codes):
            schema_drop(school.schema_name)
            school.delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_administrator_onboards_two_schools_from_a_file(page: Page, site, tmp_path, slugs, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "код",
            "полное наименование",
            "краткое наименование",
            "муниципалитет",
            "тип",
            "ШНОР",
            "школа-партнёр",
        ]
    )
    sheet.append([slugs[0], "МБОУ «Загруженная школа № 1»", f"Загруженная № 1 ({viewport})",
                  MUNICIPALITIES[0][0], "школа", "да", "нет"])  # fmt: skip
    sheet.append([slugs[1], "МБОУ «Загруженный лицей № 2»", f"Загруженный лицей № 2 ({viewport})",
                  MUNICIPALITIES[1][0], "лицей", "нет", "нет"])  # fmt: skip
    path = tmp_path / "schools.xlsx"
    book.save(path)

    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("region.admin")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{site}/region/")

    page.goto(f"{site}/organisations/schools/")
    expect(page.locator("h1")).to_have_text("Школы региона")
    assert _fits(page), "the schools list scrolls sideways"
    page.get_by_role("link", name="Загрузить из файла").click()
    expect(page.locator("h1")).to_have_text("Подключение школ из файла")
    assert _fits(page), "the upload page scrolls sideways"
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(path))
    page.get_by_role("button", name="Проверить и подключить").click()

    result = page.get_by_test_id("onboarding-result")
    expect(result).to_contain_text("Подключено школ: 2.")
    expect(result.get_by_role("link", name=f"Загруженная № 1 ({viewport})")).to_be_visible()
    assert _fits(page)

    page.goto(f"{site}/organisations/schools/?q=upload-{viewport}")
    rows = page.get_by_test_id("schools").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"Загруженная № 1 ({viewport})")
    expect(rows.nth(0)).to_contain_text("ШНОР")
    expect(rows.nth(1)).to_contain_text("лицей")
    assert _fits(page), "the filtered list scrolls sideways"

    rows.nth(0).get_by_role("link").click()
    expect(page.get_by_test_id("flag-history")).to_contain_text("2026/27")
    assert _fits(page), "the school page scrolls sideways"


def test_a_wrong_row_is_named_and_nothing_is_created(page: Page, site, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "код;полное наименование;краткое наименование;муниципалитет\n"
        "never-1;МБОУ «Не будет»;Не будет;Атлантида\n",
        encoding="utf-8",
    )
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("region.admin")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{site}/organisations/schools/upload/")
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(path))
    page.get_by_role("button", name="Проверить и подключить").click()
    errors = page.get_by_test_id("onboarding-errors")
    expect(errors).to_contain_text("ни одна школа не создана")
    expect(errors).to_contain_text(
        "Строка 2, столбец «муниципалитет»: муниципалитет «Атлантида» не найден в регионе"
    )
    assert not School.objects.filter(slug="never-1").exists()
