"""The catalogue pages in a real browser (Debian chromium via Playwright) against the live
server, on a small catalogue built with the factories: filters, the measure page, the
partner matrix and the staff's bulk status table with its error state, each checked with
axe-core (WCAG 2.1 A/AA, no serious or critical violations) and photographed to
/tmp/screens/measures-*.png for review."""

from __future__ import annotations

import os
import re

import pytest

from industriedialog.web.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
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


@pytest.fixture(scope="module")
def browser():
    if not chromium_available():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context, new, problems = new_page(browser)
    new.problems = problems
    yield new
    context.close()


@pytest.fixture
def scenario(transactional_db):
    """The factories' small catalogue, committed so that the live server's thread sees it
    (the transactional test flushes it again afterwards)."""
    from industriedialog.measures.services import measure_update
    from industriedialog.measures.tests.factories import catalogue_scenario

    world = catalogue_scenario()
    editor, _secret = make_user(
        username="browser-redaktion",
        role="staff",
        is_staff=True,
        first_name="Rita",
        last_name="Redaktion",
    )
    world["circle"] = measure_update(
        actor=editor,
        measure=world["circle"],
        data={"progress": 55},
        note="Erstes Treffen mit Ausländeramt und Jobcenter.",
    )
    return world


@pytest.fixture
def staff_page(live_server, scenario, page):
    user, secret = make_user(
        username="browser-sachstand",
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Sina",
        last_name="Sachstand",
    )
    log_in(page, live_server.url, user.email)
    enter_totp_code(page, secret)
    return page


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"measures-{name}.png"), full_page=True)
    # Nothing may stick out sideways (a wide table scrolls inside its own box).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_catalogue_with_symbols_filters_and_no_axe_violations(live_server, scenario, page):
    failures: dict[str, str] = {}
    page.goto(live_server.url + "/massnahmen/")
    expect(page.get_by_role("link", name="Fachkräftesicherung", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 Maßnahmen")
    _check(page, "/massnahmen/", failures)
    page.get_by_role("link", name="Fachkräftesicherung", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahmenkatalog")
    expect(page.locator("#treffer")).to_have_text("3 Maßnahmen")
    expect(page.get_by_role("heading", name="2.1 Qualifizierte Zuwanderung")).to_be_visible()
    card = page.locator(".measure-card", has_text="Regionaler Arbeitskreis Zuwanderung")
    expect(card.locator(".phase__label")).to_have_text(
        ["Umsetzungs- und Evaluierungsphase", "Leuchtturmprojekt"]
    )
    expect(card.locator("svg[aria-hidden=true]")).to_have_count(2)
    expect(card.get_by_label("Fortschritt: 55 %")).to_have_attribute("value", "55")
    # Partners the visitor may see; the non-public company stays hidden.
    expect(card).to_contain_text("IHK Testregion (Federführung)")
    expect(card).not_to_contain_text("Verdeckte Gießerei")
    expect(page.locator(".measure-card", has_text="Kurzvideos")).to_contain_text(
        "Phase aus dem Wortlaut erschlossen"
    )
    expect(page.locator("main")).not_to_contain_text("Interne Vorbereitung")
    legend = page.get_by_role("region", name="Die Symbole")
    expect(legend.locator("dt")).to_have_text(
        [
            "Umsetzungs- und Evaluierungsphase",
            "Orientierungs- und Konzeptionierungsphase",
            "Ideenphase",
            "Leuchtturmprojekt",
            "abgeschlossen",
            "zurückgestellt",
        ]
    )
    _check(page, "Katalog", failures)
    _shoot(page, "katalog-1280")

    search = page.get_by_role("search", name="Maßnahmen durchsuchen und filtern")
    search.get_by_label("Suchbegriff").fill("Zuwanderung")
    search.get_by_label("Phase").select_option(label="Umsetzungs- und Evaluierungsphase")
    search.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"\?.*q=Zuwanderung.*phase=implementation"))
    expect(page.locator("#treffer")).to_have_text("1 Maßnahme passt zu Suche und Filtern")
    expect(page.locator(".measure-card h3, .measure-card h4")).to_have_text(
        ["2.1.1 Regionaler Arbeitskreis Zuwanderung"]
    )
    expect(search.get_by_label("Suchbegriff")).to_have_value("Zuwanderung")
    _check(page, "Katalog (gefiltert)", failures)

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not page.problems, str(page.problems)


def test_measure_page_and_matrix_have_no_axe_violations(live_server, scenario, page):
    failures: dict[str, str] = {}
    page.goto(live_server.url + "/massnahme/fk-arbeitskreis/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2.1.1 Regionaler Arbeitskreis Zuwanderung"
    )
    expect(page.get_by_role("link", name="Arbeitskreis Zuwanderung")).to_have_attribute(
        "href", "/gremien/ak-zuwanderung/"
    )
    timeline = page.get_by_role("region", name="Zeitleiste")
    entries = timeline.locator(".measure-timeline__item")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Fortschritt: 40 % → 55 %")
    expect(entries.first).to_contain_text("Erstes Treffen mit Ausländeramt und Jobcenter.")
    expect(timeline).not_to_contain_text("Redaktion")  # the author only for staff
    _check(page, "Maßnahme", failures)
    _shoot(page, "massnahme-1280")

    page.goto(live_server.url + "/massnahmen/fachkraefte/matrix/")
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("2 Maßnahmen und ihre Partner")
    expect(table.locator("thead th[scope=col]")).to_have_text(
        ["Maßnahme", "IHK Testregion", "Offene Maschinenbau GmbH", "Testhochschule"]
    )
    row = table.locator("tbody tr", has=page.locator("th[scope=row]", has_text="2.1.1"))
    expect(row.locator("td")).to_have_text(["Federführung", "Partner", ""])
    expect(page.get_by_role("link", name="Matrix als Datei herunterladen")).to_have_attribute(
        "href", "/massnahmen/fachkraefte/matrix/export/"
    )
    _check(page, "Matrix", failures)
    _shoot(page, "matrix-1280")

    page.get_by_label("Art der Organisation").select_option(label="Hochschule/Forschung")
    page.get_by_role("button", name="Filtern").click()
    expect(table.locator("thead th[scope=col]")).to_have_text(["Maßnahme", "Testhochschule"])
    expect(page.get_by_role("link", name="Matrix als Datei herunterladen")).to_have_attribute(
        "href", re.compile(r"/matrix/export/\?.*organisation_kind=university")
    )
    _check(page, "Matrix (gefiltert)", failures)

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not page.problems, str(page.problems)


def test_phone_width_has_no_sideways_overflow(live_server, scenario, browser):
    context, page, problems = new_page(browser, width=390, height=844)
    try:
        for name, path in [
            ("katalog", "/massnahmen/fachkraefte/"),
            ("massnahme", "/massnahme/fk-arbeitskreis/"),
            ("matrix", "/massnahmen/fachkraefte/matrix/"),
        ]:
            page.goto(live_server.url + path)
            _shoot(page, f"{name}-390")
        assert not problems, str(problems)
    finally:
        context.close()


def test_bulk_update_error_state_and_save_as_staff(live_server, scenario, staff_page):
    from industriedialog.measures.models import Measure, MeasureUpdate

    page = staff_page
    failures: dict[str, str] = {}
    page.goto(live_server.url + "/verwaltung/sachstand/")
    _check(page, "Sachstand (Auswahl)", failures)
    page.get_by_role("link", name="Fachkräftesicherung", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sachstand aktualisieren")
    table = page.get_by_role("table")
    expect(table.locator("tbody th[scope=row]")).to_have_count(4)
    _check(page, "Sachstand", failures)
    _shoot(page, "sachstand-1280")
    updates_before = MeasureUpdate.objects.count()

    # Keyboard: from the phase of a row, Tab goes to its progress, then to its note.
    page.get_by_label("Phase: Kurzvideos für Arbeitgeber").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Fortschritt in Prozent: Kurzvideos für Arbeitgeber")).to_be_focused()
    page.keyboard.type("30")  # appended to "0": 030
    page.keyboard.press("Tab")
    expect(page.get_by_label("Notiz: Kurzvideos für Arbeitgeber")).to_be_focused()
    page.keyboard.type("Drehbuch abgestimmt")
    page.get_by_label("Fortschritt in Prozent: SWITCH weiterführen").fill("150")
    page.get_by_label("Notiz: SWITCH weiterführen").press("Enter")

    alert = page.locator(".kern-alert--danger")
    expect(alert).to_contain_text("Es wurde nichts gespeichert")
    expect(alert).to_contain_text("Der Fortschritt liegt zwischen 0 und 100 %.")
    switch_progress = page.get_by_label("Fortschritt in Prozent: SWITCH weiterführen")
    expect(switch_progress).to_have_attribute("aria-invalid", "true")
    expect(switch_progress).to_have_value("150")
    expect(page.get_by_label("Notiz: Kurzvideos für Arbeitgeber")).to_have_value(
        "Drehbuch abgestimmt"
    )
    assert MeasureUpdate.objects.count() == updates_before
    assert Measure.objects.get(external_id="fk-kurzvideos").progress == 0
    _check(page, "Sachstand (Fehlerzustand)", failures)
    _shoot(page, "sachstand-fehler-1280")

    alert.get_by_role("link", name=re.compile("SWITCH")).click()
    expect(switch_progress).to_be_focused()
    switch_progress.fill("60")
    page.get_by_role("button", name="Alle Änderungen speichern").first.click()
    expect(page.get_by_role("alert")).to_have_text(
        "Der Sachstand von 2 Maßnahmen wurde gespeichert."
    )
    assert MeasureUpdate.objects.count() == updates_before + 2
    videos = Measure.objects.get(external_id="fk-kurzvideos")
    assert (videos.progress, Measure.objects.get(external_id="fk-switch").progress) == (30, 60)
    assert videos.updates.get().note == "Drehbuch abgestimmt"

    page.goto(live_server.url + "/massnahme/fk-kurzvideos/")
    expect(page.get_by_role("region", name="Zeitleiste")).to_contain_text("Sina Sachstand")
    _shoot(page, "massnahme-staff-1280")

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not page.problems, str(page.problems)


def test_edit_form_refuses_a_cycle_without_axe_violations(live_server, scenario, staff_page):
    from industriedialog.measures.models import Measure

    page = staff_page
    failures: dict[str, str] = {}
    circle = Measure.objects.get(external_id="fk-arbeitskreis")
    videos = Measure.objects.get(external_id="fk-kurzvideos")
    videos.depends_on.add(circle)

    page.goto(live_server.url + "/massnahme/fk-arbeitskreis/bearbeiten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("bearbeiten")
    _check(page, "Bearbeiten", failures)
    _shoot(page, "bearbeiten-1280")
    page.get_by_label("Titel", exact=True).fill("Arbeitskreis Zuwanderung und Integration")
    page.get_by_label("2.1.2 Kurzvideos für Arbeitgeber").check()
    page.get_by_role("button", name="Speichern").click()

    expect(page.locator(".kern-alert--danger")).to_contain_text(
        "Diese Abhängigkeit ergäbe einen Kreis."
    )
    circle.refresh_from_db()
    assert circle.title == "Regionaler Arbeitskreis Zuwanderung"
    _check(page, "Bearbeiten (Fehlerzustand)", failures)
    _shoot(page, "bearbeiten-fehler-1280")

    page.get_by_label("2.1.2 Kurzvideos für Arbeitgeber").uncheck()
    page.get_by_label("Notiz zum Sachstand").fill("Titel geschärft.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2.1.1 Arbeitskreis Zuwanderung und Integration"
    )
    expect(
        page.get_by_role("region", name="Zeitleiste").locator(".measure-timeline__item").first
    ).to_contain_text("Text geändert: Titel")

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not page.problems, str(page.problems)
