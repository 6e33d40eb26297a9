"""The roadmap page in a real browser (Debian chromium via Playwright): a staff member with
a second factor sets a capacity, computes the plan, reads the Gantt chart and its tables,
and accepts the plan. axe-core checks WCAG 2.1 AA; the console must stay free of errors
(a Content-Security-Policy violation by an inline style would show there). Screenshots go
to /tmp/screens/roadmap*.png for review."""

from __future__ import annotations

import os
import re

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

PLAN_URL = "/massnahmen/fachkraefte/roadmap/?beginn=2027-Q1&quartale=4"


@pytest.fixture
def scenario(transactional_db):
    from industriedialog.measures.tests.test_roadmap_pages import build_world

    return build_world()


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_staff_plans_reads_and_accepts_the_roadmap(live_server, scenario, browser):  # noqa: F811
    user, secret = make_user(
        username="browser-roadmap",
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Rita",
        last_name="Roadmap",
    )
    context, page, problems = new_page(browser)
    failures: dict[str, str] = {}
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)

        # The options and the capacity table.
        page.goto(live_server.url + PLAN_URL)
        expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap planen")
        capacity = page.get_by_role("region", name="Kapazität von 2027-Q1 bis 2027-Q4")
        field = capacity.get_by_label("Kapazität 2027-Q4 (Personaltage)")
        expect(field).to_have_value("10")
        field.fill("10,5")
        page.get_by_role("button", name="Kapazität speichern").click()
        expect(page.get_by_role("alert").first).to_contain_text("Die Kapazität wurde gespeichert.")
        expect(capacity.get_by_label("Kapazität 2027-Q4 (Personaltage)")).to_have_value("10,5")

        # Compute the plan with the form (a GET form: the URL keeps the options).
        page.goto(live_server.url + "/massnahmen/fachkraefte/roadmap/")
        expect(page.locator("#ergebnis").locator("xpath=..")).to_contain_text(
            "Wählen Sie Zeitraum und Optionen und berechnen Sie den Plan."
        )
        page.get_by_label("Erstes Quartal").select_option("2027-Q1")
        page.get_by_label("Anzahl der Quartale").fill("4")
        page.get_by_role("button", name="Plan berechnen").click()
        expect(page).to_have_url(re.compile(r"beginn=2027-Q1&quartale=4"))
        expect(page.get_by_role("status")).to_contain_text(
            "Bester Plan gefunden und nachgewiesen: 4 Maßnahmen eingeplant"
        )
        chart = page.get_by_role("img", name=re.compile("Roadmap Fachkräftesicherung"))
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 450 and box["height"] > 150, box
        table = page.get_by_role("table", name="Zeitplan der Maßnahmen")
        expect(table.get_by_role("row")).to_have_count(5)
        expect(table.get_by_role("row").nth(2)).to_contain_text("Fachkräftebörse")
        expect(table.get_by_role("row").nth(2)).to_contain_text("2027-Q2")
        expect(table.get_by_role("row").nth(2)).to_contain_text("2027-Q3")
        expect(page.locator(".roadmap-unscheduled")).to_contain_text("Mentoring")
        # The chart's colours come from the stylesheet (no inline styles under the CSP).
        flagship_fill = page.locator(".gantt__bar--flagship").evaluate(
            "element => getComputedStyle(element).fill"
        )
        assert flagship_fill == "rgb(138, 28, 43)", flagship_fill
        _check(page, "Roadmap mit Plan", failures)
        _shoot(page, "roadmap")

        # Accept the plan.
        page.get_by_label("Notiz für die Zeitleiste").fill("Im Lenkungskreis abgestimmt.")
        page.get_by_role("button", name="Plan übernehmen").click()
        expect(page.get_by_role("alert").first).to_contain_text(
            "Der Plan wurde übernommen: 3 Maßnahmen haben neue geplante Termine."
        )
        expect(page.locator("#ergebnis").locator("xpath=..")).to_contain_text(
            "Die geplanten Termine aller Maßnahmen entsprechen bereits diesem Plan."
        )
        _check(page, "Roadmap nach dem Übernehmen", failures)

        # The measure's timeline shows the change with its author and the note.
        page.goto(live_server.url + "/massnahme/fk-boerse/")
        expect(page.locator("main")).to_contain_text(
            "Roadmap übernommen: geplant 2027-Q2 bis 2027-Q3 (vorher ohne Termin). "
            "Im Lenkungskreis abgestimmt."
        )
        expect(page.locator("main")).to_contain_text("Rita Roadmap")
        _check(page, "Maßnahme mit Zeitleiste", failures)

        page.goto(live_server.url + "/verwaltung/roadmap/")
        expect(page.get_by_role("link", name="Fachkräftesicherung")).to_be_visible()
        _check(page, "Roadmap-Übersicht", failures)

        # Infeasible: everything required.
        page.goto(live_server.url + PLAN_URL + "&alle=on")
        expect(page.get_by_role("alert").first).to_contain_text(
            "So lässt sich kein Plan aufstellen."
        )
        _check(page, "Roadmap unzulässig", failures)
        _shoot(page, "roadmap-unzulaessig")

        # On a phone the chart shrinks with the page instead of widening it.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + PLAN_URL)
        expect(page.get_by_role("img", name=re.compile("Roadmap"))).to_be_visible()
        _shoot(page, "roadmap-390")

        assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
        assert not problems, str(problems)
    finally:
        context.close()


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report
