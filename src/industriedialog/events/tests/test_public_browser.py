"""The public event pages in a real browser (Debian chromium via Playwright): the calendar
as a list and as a month, the event page with its sessions, and a registration on a
phone-sized screen (390×844) from the calendar to the ticket page. axe-core checks WCAG 2.1
AA (no serious or critical violations); the console must stay free of errors and nothing
may stick out sideways. Screenshots go to /tmp/screens/events-public-*.png for review."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from industriedialog.measures.tests.test_browser import browser  # noqa: F401 (fixture)
from industriedialog.web.tests.browser import (
    SCREEN_DIR,
    SKIP_REASON,
    axe_violations,
    chromium_available,
    format_axe_failures,
    new_page,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason=SKIP_REASON),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def scenario(transactional_db):
    """An open-house night with three tours (one full, with people waiting) and a
    symposium, committed so that the live server's thread sees them."""
    from django.utils import timezone

    from industriedialog.actors.tests.factories import OrganisationFactory
    from industriedialog.core.tests.factories import InitiativeFactory
    from industriedialog.events.models import EventKind

    from .factories import EventFactory, RegistrationFactory, SessionFactory, WaitlistEntryFactory

    initiative = InitiativeFactory(
        slug="industrie-aachen", name="Industrie in Aachen", short_name="Industrie Aachen"
    )
    day = timezone.localdate() + dt.timedelta(days=9)
    start = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 17))
    night = EventFactory(
        initiative=initiative,
        title="Lange Nacht der Industrie",
        slug="lange-nacht-der-industrie",
        description="Unternehmen der Region öffnen ihre Werkstore für Besucherinnen und Besucher.",
        venue="Aachen und Städteregion",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        target_groups=["pupils", "students", "citizens"],
        questions=[{"key": "anreise", "label": "Wie reisen Sie an?", "required": False}],
        is_example_data=True,
    )
    hosts = [
        OrganisationFactory(name="Papierfabrik am Wasser GmbH & Co. KG"),
        OrganisationFactory(name="Aachener Nadelwerk"),
        OrganisationFactory(name="Glas- und Spiegelwerke Stolberg"),
    ]
    night.hosts.set(hosts)
    tours = [
        SessionFactory(
            event=night,
            host=hosts[0],
            title="Vom Altpapier zur Wellpappe",
            starts_at=start + dt.timedelta(hours=1),
            ends_at=start + dt.timedelta(hours=2, minutes=30),
            place="Tor 3, Pförtnerhaus",
            capacity=20,
            accessibility_notes="Rollstuhlgerecht; festes Schuhwerk nötig",
        ),
        SessionFactory(
            event=night,
            host=hosts[1],
            title="Nadeln für die Welt",
            starts_at=start + dt.timedelta(hours=2),
            ends_at=start + dt.timedelta(hours=3),
            capacity=2,
            language="Deutsch und Englisch",
        ),
        SessionFactory(
            event=night,
            host=hosts[2],
            title="Schülerführung Glasschmelze",
            starts_at=start + dt.timedelta(hours=3),
            ends_at=start + dt.timedelta(hours=4),
            capacity=15,
            target_groups=["pupils"],
        ),
    ]
    RegistrationFactory.create_batch(8, session=tours[0])
    RegistrationFactory.create_batch(2, session=tours[1])
    WaitlistEntryFactory.create_batch(3, session=tours[1])
    EventFactory(
        initiative=initiative,
        kind=EventKind.SYMPOSIUM,
        title="Symposium Strukturwandel im Rheinischen Revier",
        starts_at=start - dt.timedelta(days=3),
        ends_at=start - dt.timedelta(days=2),
    )
    return night


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"events-public-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def test_calendar_event_page_and_registration_on_desktop_and_phone(
    live_server,
    scenario,
    browser,  # noqa: F811
):
    from django.core import mail

    from industriedialog.events.models import Registration

    failures: dict[str, str] = {}
    month = f"{scenario.starts_at:%Y-%m}"
    context, page, problems = new_page(browser)
    try:
        page.goto(live_server.url + "/veranstaltungen/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungskalender")
        items = page.locator(".events-list__title a")
        expect(items).to_have_text(
            ["Symposium Strukturwandel im Rheinischen Revier", "Lange Nacht der Industrie"]
        )
        page.get_by_label("Art").select_option(label="Symposium")
        page.get_by_role("button", name="Anzeigen").click()
        expect(items).to_have_text(["Symposium Strukturwandel im Rheinischen Revier"])
        _check(page, "Kalender (Liste)", failures)
        _shoot(page, "list-1280")

        page.goto(live_server.url + f"/veranstaltungen/?ansicht=monat&monat={month}")
        grid = page.get_by_role("table")
        expect(grid.locator("td a", has_text="Lange Nacht der Industrie")).to_have_count(1)
        expect(grid.get_by_role("columnheader")).to_have_count(7)
        _check(page, "Kalender (Monat)", failures)
        _shoot(page, "month-1280")

        page.goto(live_server.url + scenario.get_absolute_url())
        cards = page.locator(".events-session")
        expect(cards).to_have_count(3)
        expect(cards.nth(0)).to_contain_text("12 von 20 Plätzen frei")
        expect(cards.nth(1)).to_contain_text("ausgebucht – Warteliste (3 wartend)")
        expect(page.locator(".badge-example")).to_have_text("Beispieldaten")
        _check(page, "Veranstaltung", failures)
        _shoot(page, "event-1280")
    finally:
        context.close()

    context, page, problems_phone = new_page(browser, **PHONE, is_mobile=True, has_touch=True)
    try:
        page.goto(live_server.url + "/veranstaltungen/")
        _check(page, "Kalender (Telefon)", failures)
        _shoot(page, "list-390")
        page.goto(live_server.url + f"/veranstaltungen/?ansicht=monat&monat={month}")
        expect(
            page.get_by_role("cell").filter(has_text="Lange Nacht der Industrie")
        ).to_be_visible()
        _check(page, "Monat (Telefon)", failures)
        _shoot(page, "month-390")

        page.goto(live_server.url + "/veranstaltungen/")
        page.get_by_role("link", name="Lange Nacht der Industrie").click()
        _check(page, "Veranstaltung (Telefon)", failures)
        _shoot(page, "event-390")
        page.locator(".events-session").first.get_by_role("link", name="Anmelden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Anmelden: Vom Altpapier zur Wellpappe"
        )
        # First without a name: the error summary and the message next to the field.
        page.get_by_label("Ihre E-Mail-Adresse").fill("grace@example.org")
        page.get_by_label("Sie kommen als").select_option(label="Studierende")
        page.get_by_role("button", name="Verbindlich anmelden").click()
        expect(page.locator(".kern-alert--danger")).to_contain_text(
            "Bitte prüfen Sie Ihre Eingaben."
        )
        expect(page.locator("#id_name-error")).to_have_text("Bitte geben Sie Ihren Namen an.")
        _check(page, "Anmeldung mit Fehlern (Telefon)", failures)
        _shoot(page, "register-errors-390")

        page.get_by_label("Ihr Name").fill("Grace Hopper")
        page.get_by_label("Wie reisen Sie an?").fill("Mit dem Bus")
        page.get_by_role("button", name="Verbindlich anmelden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Ticket")
        registration = Registration.objects.get(email="grace@example.org")
        expect(page.locator(".ticket__code")).to_contain_text(registration.code)
        assert registration.answers == {"anreise": "Mit dem Bus"}
        assert [message.to for message in mail.outbox] == [["grace@example.org"]]  # the ticket
        _check(page, "Ticket (Telefon)", failures)
        _shoot(page, "ticket-390")

        # The full tour: the waiting list with the place in line.
        page.goto(live_server.url + scenario.get_absolute_url())
        page.locator(".events-session").nth(1).get_by_role(
            "link", name="Auf die Warteliste"
        ).click()
        page.get_by_label("Ihr Name").fill("Alan Turing")
        page.get_by_label("Ihre E-Mail-Adresse").fill("alan@example.org")
        page.get_by_label("Sie kommen als").select_option(label="Bürger*innen")
        page.get_by_role("button", name="Auf die Warteliste setzen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Platz auf der Warteliste")
        expect(page.locator("main")).to_contain_text("Sie stehen auf Platz 4 der Warteliste.")
        _check(page, "Warteliste (Telefon)", failures)
        _shoot(page, "waitlist-390")
    finally:
        context.close()

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)
    assert not problems_phone, str(problems_phone)
