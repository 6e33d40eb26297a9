"""The early-warning list in a real browser (Debian chromium via Playwright): a staff member
with a second factor opens the list, reads the ranking and the reasons of the first firm,
filters to risk signals only, and looks at the page on a phone-sized screen. axe-core
checks WCAG 2.1 AA; the console must stay free of errors (an inline style would violate the
Content-Security-Policy). Screenshots go to /tmp/screens/early-warning-*.png for review."""

from __future__ import annotations

import os

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

PAGE_URL = "/bestandspflege/fruehwarnung/"


@pytest.fixture
def scenario(transactional_db):
    """The worked example of docs/early-warning.md, dated back from today and committed so
    that the live server's thread sees it."""
    from django.utils import timezone

    from industriedialog.outreach.tests.test_early_warning import build_example

    return build_example(timezone.localdate())


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"early-warning-{name}.png"), full_page=True)
    # Nothing may stick out sideways (the wide table scrolls inside its own region).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_staff_reads_the_ranked_list_and_its_reasons(live_server, scenario, browser):  # noqa: F811
    user, secret = make_user(
        username="browser-fruehwarnung",
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Frieda",
        last_name="Frühwarnung",
    )
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)

        page.goto(live_server.url + PAGE_URL)
        expect(page.get_by_role("heading", level=1)).to_have_text("Frühwarnung")
        table = page.get_by_role("table", name="Unternehmen nach Risikowert, mit den Gründen")
        rows = table.locator("tbody > tr")
        expect(rows.locator("th[scope=row] a")).to_have_text(
            [
                "Beispiel Maschinenbau GmbH",
                "Kleine Gießerei KG",
                "Zulieferer Eins GmbH",
                "Neubau Technik GmbH",
            ]
        )
        first = rows.first
        expect(first.locator(".early-warning__score")).to_contain_text("21,2")
        # Screen readers hear each cell once: the phone layout's labels are aria-hidden.
        expect(first.get_by_role("cell").nth(1)).to_have_accessible_name("21,2")
        # The level is text (with an icon whose shape differs), not colour alone.
        expect(first.locator(".early-warning__level")).to_have_text("akut")
        expect(rows.nth(1).locator(".early-warning__level")).to_have_text("beobachten")
        expect(page.get_by_role("status").first).to_contain_text(
            "4 Unternehmen mit offenen Signalen – 1 akut, 1 zu beobachten"
        )

        reasons = first.locator("details")
        formula = reasons.locator(".early-warning__formula").first
        expect(formula).to_be_hidden()
        reasons.locator("summary").click()
        expect(formula).to_have_text("Gewicht 5 × Stärke 2 × Aktualität 0,71 × Größe 2,0 = 14,2")
        expect(reasons).to_contain_text("Hinweis: Zahlungsziele bei Lieferanten überzogen")
        expect(reasons).to_contain_text("Chancen, Summe 7,6:")
        _check(page, "Frühwarnliste", failures)
        _shoot(page, "1280")

        # The rule explained on the page, reached by its link.
        page.get_by_role("link", name="So wird der Wert berechnet").click()
        weights = page.get_by_role("table", name="Gewicht je Signalart")
        expect(weights.locator("tbody tr").first).to_contain_text("Anzeichen einer Insolvenz")

        # Risks only: the firm with nothing but an investment drops out.
        page.get_by_label("Nur Risikosignale (Chancen ausblenden)").check()
        page.get_by_role("button", name="Anzeigen").click()
        expect(rows.locator("th[scope=row] a")).to_have_text(
            ["Beispiel Maschinenbau GmbH", "Kleine Gießerei KG", "Zulieferer Eins GmbH"]
        )
        expect(page.get_by_label("Nur Risikosignale (Chancen ausblenden)")).to_be_checked()
        _check(page, "Frühwarnliste (nur Risiken)", failures)

        # A phone-sized screen: the table scrolls inside its region, the page does not.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + PAGE_URL)
        page.get_by_role("table").first.locator("details").first.locator("summary").click()
        _check(page, "Frühwarnliste (Telefon)", failures)
        _shoot(page, "390")
    finally:
        context.close()

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)
