"""The economic structure page in a real browser (Debian chromium via Playwright): a staff
member with a second factor opens it, reads the key figures, the two charts and their
table, switches to industry only and fetches the CSV of its link; then the page on a phone-sized
screen. axe-core checks WCAG 2.1 AA; the console must stay free of errors (an inline style
in the SVG would violate the Content-Security-Policy). Screenshots go to
/tmp/screens/structure-*.png for review."""

from __future__ import annotations

import os
from urllib.parse import urljoin

import pytest

from industriedialog.measures.tests.test_browser import browser  # noqa: F401 (fixture)
from industriedialog.web.tests.browser import (
    SCREEN_DIR,
    SKIP_REASON,
    axe_violations,
    chromium_available,
    enter_totp_code,
    format_axe_failures,
    log_in,
    make_user,
    new_page,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason=SKIP_REASON),
    pytest.mark.django_db(transaction=True),
]

PAGE_URL = "/bestandspflege/wirtschaftsstruktur/"


@pytest.fixture
def scenario(transactional_db):
    """The small register of test_structure.py, committed so the live server sees it."""
    from industriedialog.outreach.tests.test_structure import build_register

    return build_register()


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"structure-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_staff_reads_the_structure_charts_and_table(live_server, scenario, browser):  # noqa: F811
    user, secret = make_user(
        username="browser-struktur",
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Stella",
        last_name="Struktur",
    )
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)

        page.goto(live_server.url + PAGE_URL)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Wirtschaftsstruktur: Aachen (05334002)"
        )
        figures = page.locator(".key-figures dd")
        expect(figures).to_have_text(
            ["8", "1.000", "3 (37,5 %)", "95,0 %", "2.496 mäßig konzentriert"]
        )
        employees = page.get_by_role("img", name="Beschäftigte nach WZ-Abschnitt")
        firms = page.get_by_role("img", name="Betriebe nach WZ-Abschnitt")
        expect(employees).to_be_visible()
        expect(firms).to_be_visible()
        expect(employees).to_have_accessible_description(
            "Balkendiagramm mit 5 WZ-Abschnitten. Den größten Wert hat C – Verarbeitendes "
            "Gewerbe mit 750 Beschäftigten. Alle Werte stehen in der Tabelle unter den "
            "Diagrammen."
        )
        table = page.get_by_role("table", name="Die Zahlen der Diagramme")
        expect(table.locator("tbody th[scope=row]")).to_have_text(
            [
                "Verarbeitendes Gewerbe",
                "Energieversorgung",
                "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
                "Freiberufliche, wissenschaftliche und technische Dienstleistungen",
                "ohne WZ-Angabe",
                "Insgesamt",
            ]
        )
        expect(table.locator("tbody tr").last.locator("td").nth(2)).to_have_text("1.000")
        top = page.get_by_role("table", name="Die fünf größten Arbeitgeber")
        expect(top.locator("tbody tr").nth(2)).to_contain_text("geschätzt aus der Größenklasse")
        _check(page, "Wirtschaftsstruktur", failures)
        _shoot(page, "1280")

        page.get_by_label("Nur Industrie (WZ-Abschnitte B–E)").check()
        page.get_by_role("button", name="Anzeigen").click()
        expect(page).to_have_url(f"{live_server.url}{PAGE_URL}?gemeinde=05334002&nur_industrie=on")
        expect(page.get_by_role("heading", name="Industrie im Überblick")).to_be_visible()
        expect(table.locator("tbody th[scope=row]")).to_have_text(
            ["Verarbeitendes Gewerbe", "Energieversorgung", "Insgesamt"]
        )
        expect(figures.nth(4)).to_have_text("3.516 hoch konzentriert")
        # The link's file, fetched with the page's session (a download started by a click
        # is reported as an aborted request).
        href = page.get_by_role("link", name="CSV (für Excel)").get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        disposition = response.headers["content-disposition"]
        assert 'filename="wirtschaftsstruktur-05334002-industrie-' in disposition
        content = response.body().decode("utf-8-sig").splitlines()
        assert content[-1] == ";Insgesamt;5;800;100,0;1;1;3;60,0;1"
        _check(page, "Wirtschaftsstruktur Industrie", failures)

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + PAGE_URL)
        expect(employees).to_be_visible()
        _check(page, "Wirtschaftsstruktur (Telefon)", failures)
        _shoot(page, "390")
    finally:
        context.close()

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)
