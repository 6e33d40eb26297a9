"""End-to-end tests in a real browser (Debian chromium via Playwright) against the live
server: the public flows on the Aachen data, login with and without a second factor,
axe-core WCAG 2.1 AA checks, and full-page screenshots to /tmp/screens/ for review."""

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
    current_totp_code,
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

FECKEN_QUOTE = "Der Mangel an qualifizierten Arbeitskräften"


@pytest.fixture(scope="module")
def browser():
    """One chromium for the whole module; each test opens its own context."""
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
    """A page in a fresh German context (1280×900); `page.problems` collects console
    errors and failed requests."""
    context, new, problems = new_page(browser)
    new.problems = problems
    yield new
    context.close()


@pytest.fixture
def seeded(transactional_db):
    """The Aachen data set (as `aachen_data`), committed so that the live server's
    thread sees it; the transactional test flushes it again afterwards."""
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("seed", stdout=devnull)


def assert_no_static_problems(page):
    assert not page.problems, str(page.problems)


# --- public flows ---------------------------------------------------------------------------


def test_home_shows_initiatives_and_key_figures(live_server, seeded, page):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Start"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Industrie-Dialog und Fachkräftesicherung"
    )
    initiatives = page.get_by_role("region", name="Initiativen")
    expect(initiatives.get_by_role("link", name="Aachener Industrie-Dialog")).to_be_visible()
    figures = page.get_by_role("region", name="Auf einen Blick")
    expect(figures.locator(".key-figures__item").first).to_be_visible()
    assert figures.locator(".key-figures__item").count() >= 2
    # Every figure is a number (German thousands separator allowed) and not all are zero.
    values = [text.strip() for text in figures.locator("dd").all_inner_texts()]
    assert all(re.fullmatch(r"[\d.]+", value) for value in values), values
    assert any(value != "0" for value in values), values
    # The German web font really loaded from /static/vendor/kern/.
    assert page.evaluate("document.fonts.check('16px \"Fira Sans\"')")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        ('"Fira Sans"', "Fira Sans")
    )
    assert_no_static_problems(page)

    # Keyboard: the first Tab reaches the visible skip link, which moves focus to <main>.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, box
    page.keyboard.press("Enter")
    expect(page.locator("main#inhalt")).to_be_focused()

    page.get_by_role("link", name="Aachener Industrie-Dialog").click()
    expect(page).to_have_url(re.compile("/initiativen/aachener-industrie-dialog/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_register_filter_pagination_and_detail(live_server, seeded, page):
    page.goto(live_server.url + "/organisationen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register der Organisationen")
    results = page.locator("#ergebnisse")
    items = results.locator(".result-list__item")
    expect(items.first).to_be_visible()
    total = int(page.locator("#treffer").inner_text().split()[0])
    assert total > 25
    expect(page.get_by_role("navigation", name="Seitennavigation")).to_contain_text("Seite 1 von")

    # Filter form: search term and kind.
    search = page.get_by_role("search", name="Register durchsuchen und filtern")
    search.get_by_label("Suchbegriff").fill("Maschinenbau")
    search.get_by_label("Art").select_option(label="Unternehmen")
    search.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"\?.*q=Maschinenbau"))
    expect(page).to_have_url(re.compile(r"\?.*kind=company"))
    heading = page.locator("#treffer")
    expect(heading).to_have_text(re.compile(r"^\d+ Organisation(en)?$"))
    count = int(heading.inner_text().split()[0])
    assert 25 < count < total, count  # more than one page, fewer than the whole register
    assert items.count() == 25
    kinds = items.locator(".result-meta .kern-badge--info").all_inner_texts()
    assert {kind.strip() for kind in kinds} == {"Unternehmen"}, kinds
    names = items.locator("h3").all_inner_texts()
    assert "3win Maschinenbau GmbH" in names, names
    assert "Fecken-Kirfel GmbH & Co. KG" in names, names
    # The form keeps what was entered.
    expect(search.get_by_label("Suchbegriff")).to_have_value("Maschinenbau")
    expect(search.get_by_label("Art")).to_have_value("company")

    # Pagination keeps the filters.
    pagination = page.get_by_role("navigation", name="Seitennavigation")
    expect(pagination).to_contain_text("Seite 1 von 2")
    pagination.get_by_role("link", name="Nächste Seite").click()
    expect(page).to_have_url(re.compile(r"seite=2"))
    expect(page).to_have_url(re.compile(r"q=Maschinenbau"))
    expect(page.get_by_role("navigation", name="Seitennavigation")).to_contain_text("Seite 2 von 2")
    expect(heading).to_have_text(f"{count} Organisationen")
    assert items.count() == count - 25
    assert not set(items.locator("h3").all_inner_texts()) & set(names)
    kinds = items.locator(".result-meta .kern-badge--info").all_inner_texts()
    assert {kind.strip() for kind in kinds} == {"Unternehmen"}, kinds
    page.get_by_role("link", name="Vorherige Seite").click()
    expect(page.get_by_role("navigation", name="Seitennavigation")).to_contain_text("Seite 1 von 2")

    # Detail page with the person's quote.
    results.get_by_role("link", name="Fecken-Kirfel GmbH & Co. KG").click()
    expect(page).to_have_url(re.compile("/organisationen/fecken-kirfel/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fecken-Kirfel GmbH & Co. KG")
    people = page.get_by_role("region", name="Personen")
    expect(people).to_contain_text("Jochen Klein")
    expect(people.locator("blockquote")).to_contain_text(FECKEN_QUOTE)
    assert_no_static_problems(page)


# --- login ----------------------------------------------------------------------------------


def test_company_login_and_logout(live_server, seeded, page):
    user, _ = make_user(
        username="browser-firma",
        role="company",
        organisation_slug="3win-maschinenbau",
        first_name="Uwe",
        last_name="Unternehmer",
    )
    page.goto(live_server.url + "/konto/login/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung")
    expect(page.get_by_label("Passwort", exact=True)).to_be_visible()

    log_in(page, live_server.url, user.email)
    expect(page.locator(".site-header__account")).to_contain_text("Angemeldet als Uwe Unternehmer")
    assert page.url == live_server.url + "/"

    # The header's logout button posts to allauth, which logs out without a second page.
    page.locator(".site-header__account").get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".site-header__account")).not_to_contain_text("Angemeldet als")
    expect(
        page.locator(".site-header__account").get_by_role("link", name="Anmelden")
    ).to_be_visible()
    assert_no_static_problems(page)


def test_staff_login_asks_for_totp_code(live_server, seeded, page):
    user, secret = make_user(
        username="browser-staff",
        role="staff",
        is_staff=True,
        organisation_slug="stadt-aachen-fb-02",
        totp=True,
        first_name="Wiebke",
        last_name="Förderer",
    )
    log_in(page, live_server.url, user.email)
    # Password alone is not enough: the second step asks for the authenticator code.
    expect(page).to_have_url(re.compile("/konto/2fa/authenticate/"))
    expect(page.locator(".site-header__account")).not_to_contain_text("Angemeldet als")
    code_field = page.locator("input[name=code]")
    expect(code_field).to_be_visible()
    code_field.fill(current_totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".site-header__account")).to_contain_text("Angemeldet als Wiebke Förderer")

    page.goto(live_server.url + "/verwaltung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwaltung")
    expect(
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Verwaltung"
        )
    ).to_have_attribute("aria-current", "page")
    assert_no_static_problems(page)


# --- accessibility --------------------------------------------------------------------------


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def test_public_pages_have_no_serious_axe_violations(live_server, seeded, page):
    failures: dict[str, str] = {}
    for path in [
        "/",
        "/initiativen/aachener-industrie-dialog/",
        "/organisationen/",
        "/organisationen/?q=Maschinenbau",
        "/organisationen/fecken-kirfel/",
        "/konto/login/",
        "/barrierefreiheit/",
        "/barrierefreiheit/feedback/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.ok, (path, response.status)
        _check(page, path, failures)

    # Error state of the feedback form (submitted empty).
    page.goto(live_server.url + "/barrierefreiheit/feedback/")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    _check(page, "/barrierefreiheit/feedback/ (Fehlerzustand)", failures)

    # Error state of the login form (the browser itself stops an empty submit).
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_label("Passwort", exact=True).fill("falsch")
    page.locator("main form").get_by_role("button", name="Anmeldung").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _check(page, "/konto/login/ (Fehlerzustand)", failures)

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert_no_static_problems(page)


def test_staff_pages_have_no_serious_axe_violations(live_server, seeded, page):
    user, secret = make_user(
        username="browser-staff-axe",
        role="staff",
        is_staff=True,
        organisation_slug="stadt-aachen-fb-02",
        totp=True,
    )
    failures: dict[str, str] = {}
    log_in(page, live_server.url, user.email)
    expect(page.locator("input[name=code]")).to_be_visible()
    _check(page, "/konto/2fa/authenticate/", failures)
    page.locator("input[name=code]").fill(
        "000000" if current_totp_code(secret) != "000000" else "111111"
    )
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=code][aria-invalid=true]")).to_be_visible()
    _check(page, "/konto/2fa/authenticate/ (Fehlerzustand)", failures)
    enter_totp_code(page, secret)
    for path in ["/organisationen/neu/", "/verwaltung/", "/organisationen/fecken-kirfel/"]:
        response = page.goto(live_server.url + path)
        assert response.ok, (path, response.status)
        _check(page, path + " (Verwaltung)", failures)

    page.goto(live_server.url + "/organisationen/neu/")
    page.locator("main form").get_by_role("button", name="Speichern").click()
    expect(page.locator(".kern-alert--danger")).to_be_visible()
    _check(page, "/organisationen/neu/ (Fehlerzustand)", failures)

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert_no_static_problems(page)


# --- screenshots ----------------------------------------------------------------------------


def _shoot(page, name: str) -> None:
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"{name}.png"), full_page=True)
    # Nothing may stick out sideways (a horizontal scroll bar on a phone is a layout bug).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_screenshots_for_review(live_server, seeded, browser):
    """Full-page screenshots to /tmp/screens/ for a human look (not compared to a
    reference); checks only that nothing overflows sideways and nothing failed to load."""
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    user, secret = make_user(
        username="browser-staff-shots",
        role="staff",
        is_staff=True,
        organisation_slug="stadt-aachen-fb-02",
        totp=True,
    )
    context, page, problems = new_page(browser)
    try:
        for name, path in [
            ("start", "/"),
            ("register", "/organisationen/"),
            ("detail", "/organisationen/fecken-kirfel/"),
            ("login", "/konto/login/"),
            ("feedback", "/barrierefreiheit/feedback/"),
        ]:
            page.goto(live_server.url + path)
            _shoot(page, f"{name}-1280")
        page.get_by_role("button", name="Nachricht senden").click()
        _shoot(page, "feedback-fehler-1280")
        log_in(page, live_server.url, user.email)
        expect(page.locator("input[name=code]")).to_be_visible()
        _shoot(page, "zweiter-faktor-1280")
        enter_totp_code(page, secret)
        page.goto(live_server.url + "/organisationen/neu/")
        _shoot(page, "organisation-neu-1280")
        page.locator("main form").get_by_role("button", name="Speichern").click()
        _shoot(page, "organisation-neu-fehler-1280")
        page.goto(live_server.url + "/verwaltung/")
        _shoot(page, "verwaltung-1280")
        assert not problems, str(problems)
    finally:
        context.close()

    context, page, problems = new_page(browser, width=390, height=844)
    try:
        for name, path in [
            ("register", "/organisationen/"),
            ("start", "/"),
            ("detail", "/organisationen/fecken-kirfel/"),
        ]:
            page.goto(live_server.url + path)
            _shoot(page, f"{name}-390")
        assert not problems, str(problems)
    finally:
        context.close()
