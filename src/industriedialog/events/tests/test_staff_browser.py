"""The door and the staff pages in a real browser (Debian chromium via Playwright) against
the live server:

* a host's representative opens the check-in page on a phone (390×844), types a ticket
  code, sees "Eingecheckt: <Name>" in words and the live count go up; a wrong code is
  refused in words; the page has no sideways scrolling;
* staff (with their second factor) read the event page with its sessions, waiting list
  and attendance table, and the host list and print view.

axe-core checks WCAG 2.1 A/AA on every page (no serious or critical violation); the
console stays free of errors and no request fails. Screenshots go to
/tmp/screens/events-staff-*.png for review."""

from __future__ import annotations

import os

import pytest

from industriedialog.measures.tests import test_browser as measures_browser
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

browser = measures_browser.browser

PHONE = {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}


@pytest.fixture
def scenario(transactional_db):
    """An event with the host's session (three people, one waiting) and another host's
    session, committed so that the live server's thread sees it."""
    from industriedialog.actors.tests.factories import OrganisationFactory

    from .factories import EventFactory, RegistrationFactory, SessionFactory, WaitlistEntryFactory

    host = OrganisationFactory(name="Aachener Zahnradwerk GmbH", slug="aachener-zahnradwerk")
    neighbour = OrganisationFactory(name="Nachbar Gießerei KG")
    event = EventFactory(title="Lange Nacht der Industrie (Test)", slug="lange-nacht-browser")
    event.hosts.set([host, neighbour])
    session = SessionFactory(
        event=event,
        host=host,
        title="Rundgang Zahnradfertigung",
        capacity=3,
        place="Werkstor 2",
    )
    other = SessionFactory(event=event, host=neighbour, title="Rundgang Gießerei", capacity=10)
    people = [
        RegistrationFactory(session=session, name=name, target_group=group)
        for name, group in [
            ("Greta Gärtner", "pupils"),
            ("Hakan Yıldız", "students"),
            ("Ines Ivanova", "job_seekers"),
        ]
    ]
    WaitlistEntryFactory(session=session, name="Jonas Jung", target_group="citizens")
    RegistrationFactory(session=other, name="Karla Kern", target_group="citizens")
    return {"event": event, "session": session, "other": other, "people": people, "host": host}


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"events-staff-{name}.png"), full_page=True)


def test_a_host_checks_people_in_on_a_phone(live_server, scenario, browser):
    user, _secret = make_user(
        username="gastgeberin",
        role="company",
        organisation_slug=scenario["host"].slug,
        first_name="Gabi",
        last_name="Gastgeberin",
    )
    session, greta = scenario["session"], scenario["people"][0]
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser, **PHONE)
    context.clock.install()  # the live count polls; the test moves the clock on
    try:
        log_in(page, live_server.url, user.email)
        page.goto(live_server.url + "/gastgeber/fuehrungen/")
        expect(
            page.get_by_role("link", name="Rundgang Zahnradfertigung", exact=True)
        ).to_be_visible()
        expect(page.get_by_text("Rundgang Gießerei")).to_have_count(0)
        _check(page, "Gastgeber-Liste (Telefon)", failures)
        page.get_by_role("link", name="Einlass öffnen – Rundgang Zahnradfertigung").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Einlass: Rundgang Zahnradfertigung"
        )
        code_field = page.get_by_label("Ticketcode")
        expect(code_field).to_be_focused()
        expect(page.get_by_text("0 von 3 eingecheckt")).to_be_visible()
        _check(page, "Einlass leer (Telefon)", failures)
        _shoot(page, "checkin-empty")

        code_field.fill(greta.code.lower())
        page.get_by_role("button", name="Prüfen und einchecken").click()
        result = page.get_by_role("status").filter(has_text="Eingecheckt")
        expect(result).to_contain_text("Eingecheckt: Greta Gärtner")
        expect(page.get_by_text("1 von 3 eingecheckt")).to_be_visible()
        expect(page.get_by_label("Ticketcode")).to_have_value("")
        _check(page, "Einlass eingecheckt (Telefon)", failures)
        _shoot(page, "checkin-ok")

        page.get_by_label("Ticketcode").fill(greta.code)
        page.get_by_role("button", name="Prüfen und einchecken").click()
        expect(page.locator(".checkin-result__headline")).to_have_text("Bereits eingecheckt")

        page.get_by_label("Ticketcode").fill("FALSCH2345")
        page.get_by_role("button", name="Prüfen und einchecken").click()
        expect(page.locator(".checkin-result__headline")).to_have_text("Unbekannter Code")
        expect(page.get_by_text("2 abgewiesene Scans")).to_be_visible()
        expect(page.get_by_role("table", name="Letzte Scans").locator("tbody tr")).to_have_count(3)
        _check(page, "Einlass abgewiesen (Telefon)", failures)
        _shoot(page, "checkin-refused")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        # Another door checks Ines in: the count follows without a scan here.
        from industriedialog.core.models import User
        from industriedialog.events import services

        services.checkin_record(
            actor=User.objects.get(pk=user.pk),
            session=session,
            code=scenario["people"][2].code,
            nonce="andere-tuer-0001",
        )
        page.clock.fast_forward("00:11")
        expect(page.get_by_text("2 von 3 eingecheckt")).to_be_visible()

        # Another host's door does not exist for this host.
        response = page.goto(live_server.url + f"/einlass/{scenario['other'].pk}/")
        assert response is not None and response.status == 404
        problems.failed_requests.remove(f"404 {live_server.url}/einlass/{scenario['other'].pk}/")

        # The list of names, printable.
        page.goto(live_server.url + f"/gastgeber/fuehrungen/{session.pk}/")
        expect(page.get_by_role("table", name="3 Anmeldungen")).to_be_visible()
        _check(page, "Teilnehmerliste (Telefon)", failures)
        page.goto(live_server.url + f"/gastgeber/fuehrungen/{session.pk}/?druck=1")
        expect(page.get_by_role("button", name="Jetzt drucken")).to_be_visible()
        _check(page, "Druckansicht", failures)
    finally:
        context.close()
    from industriedialog.events.models import CheckIn, Registration

    assert CheckIn.objects.filter(session=session).count() == 4
    assert Registration.objects.get(pk=greta.pk).checked_in_at is not None
    assert not problems, str(problems)
    assert not failures, format_axe_failures(failures)


def test_staff_read_the_event_page(live_server, scenario, browser):
    user, secret = make_user(
        username="browser-veranstaltungen",
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Vera",
        last_name="Veranstaltung",
    )
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)
        page.goto(live_server.url + "/verwaltung/")
        page.get_by_role("link", name="Veranstaltungen: Führungen, Wartelisten, Einlass").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungen verwalten")
        _check(page, "Veranstaltungen verwalten", failures)
        page.get_by_role("link", name="Lange Nacht der Industrie (Test)").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Lange Nacht der Industrie (Test)"
        )
        sessions = page.get_by_role("table", name="Führungen und Zeitfenster")
        row = sessions.locator("tbody tr").filter(has_text="Rundgang Zahnradfertigung")
        expect(row.locator("td").nth(0)).to_have_text("3")
        expect(row.locator("td").nth(1)).to_have_text("3")
        expect(row.locator("td").nth(4)).to_have_text("1")
        expect(
            page.get_by_role("table", name="Warteliste: Rundgang Zahnradfertigung")
        ).to_contain_text("Jonas Jung")
        attendance = page.get_by_role(
            "table", name="Anwesenheit und Nichterscheinen nach Zielgruppe"
        )
        expect(attendance.locator("tbody tr")).to_have_count(5)
        page.get_by_text("Formular für eine neue Führung").click()
        expect(page.get_by_label("Titel")).to_be_visible()
        _check(page, "Veranstaltung verwalten", failures)
        _shoot(page, "event")

        # Seats below the taken ones: refused in German, shown as an alert.
        page.get_by_role("spinbutton", name="Plätze für Rundgang Zahnradfertigung").fill("2")
        page.get_by_role("button", name="Speichern (Plätze für Rundgang Zahnradfertigung)").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "3 Plätze sind vergeben; weniger Plätze sind nicht möglich."
        )
        _check(page, "Veranstaltung: Plätze abgelehnt", failures)

        page.goto(live_server.url + "/verwaltung/veranstaltungen/neu/")
        _check(page, "Neue Veranstaltung", failures)
        _shoot(page, "event-form")
    finally:
        context.close()
    assert not problems, str(problems)
    assert not failures, format_axe_failures(failures)


# A stand-in for a phone camera that sees one QR code: getUserMedia gives the stream of a
# canvas (headless Chromium has no camera), BarcodeDetector reports the code once the
# video plays. Everything else is the page's own script.
FAKE_CAMERA = """
(() => {
  const code = %s;
  window.__detectCalls = 0;
  class FakeBarcodeDetector {
    constructor(options) { window.__detectorFormats = options && options.formats; }
    static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
    detect(source) {
      window.__detectCalls += 1;
      const seen = window.__detectCalls > 2;
      return Promise.resolve(seen ? [{ rawValue: code, format: "qr_code" }] : []);
    }
  }
  window.BarcodeDetector = FakeBarcodeDetector;
  const media = navigator.mediaDevices || {};
  media.getUserMedia = () => {
    const canvas = document.createElement("canvas");
    canvas.width = 320; canvas.height = 240;
    const context = canvas.getContext("2d");
    setInterval(() => {
      context.fillStyle = "#" + Math.floor(Math.random() * 4095).toString(16).padStart(3, "0");
      context.fillRect(0, 0, 320, 240);
    }, 50);
    return Promise.resolve(canvas.captureStream(10));
  };
  if (!navigator.mediaDevices) {
    Object.defineProperty(navigator, "mediaDevices", { value: media });
  }
})();
"""


def test_the_camera_scan_fills_the_code_and_checks_in(live_server, scenario, browser):
    import json

    user, _secret = make_user(
        username="kamera-gastgeber",
        role="company",
        organisation_slug=scenario["host"].slug,
    )
    hakan = scenario["people"][1]
    context, page, problems = new_page(browser, **PHONE)
    try:
        context.add_init_script(FAKE_CAMERA % json.dumps(hakan.code))
        log_in(page, live_server.url, user.email)
        page.goto(live_server.url + f"/einlass/{scenario['session'].pk}/")
        expect(
            page.get_by_text("Dieser Browser kann QR-Codes nicht selbst erkennen")
        ).to_be_hidden()
        page.get_by_role("button", name="Kamera einschalten").click()
        expect(page.locator(".checkin-result__headline")).to_have_text("Eingecheckt: Hakan Yıldız")
        assert page.evaluate("window.__detectorFormats") == ["qr_code"]
        expect(page.get_by_text("1 von 3 eingecheckt")).to_be_visible()
        # After the scan the camera comes back on by itself for the next ticket ...
        expect(page.get_by_role("button", name="Kamera ausschalten")).to_be_visible()
        # ... and keeps seeing the same ticket, which it does not send again ...
        page.wait_for_function("() => window.__detectCalls > 8")
        expect(page.locator(".checkin-result__headline")).to_have_text("Eingecheckt: Hakan Yıldız")
        # ... until it is switched off.
        page.get_by_role("button", name="Kamera ausschalten").click()
        expect(page.get_by_role("button", name="Kamera einschalten")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Kamera ausgeschaltet.")).to_be_visible()
    finally:
        context.close()
    from industriedialog.events.models import CheckIn

    # The detector kept seeing the same ticket after the reload: it is not scanned again.
    assert list(CheckIn.objects.values_list("result", flat=True)) == ["ok"]
    assert not problems, str(problems)
