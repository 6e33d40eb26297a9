"""The Bestandspflege pages in a real browser (Debian chromium via Playwright) against the
live server, on a campaign of twelve industrial firms built with the factories:

* staff read the campaign dashboard: funnel table and chart, needs by field, coverage by
  measures, partner response times and the campaign's early-warning rows;
* on a phone-sized screen staff fill the visit report of a firm with a planned visit (a
  need from the grouped topic list, a follow-up to a partner, a signal) and save it;
* a half-filled follow-up row is refused with the German error summary, nothing is written;
* a member of a partner institution reads its follow-ups and answers one.

axe-core checks WCAG 2.1 A/AA on every page (no serious or critical violation); the
console must stay free of errors and no request may fail. Screenshots go to
/tmp/screens/outreach-*.png for review."""

from __future__ import annotations

import datetime as dt
import os
import re

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

# The module-scoped Chromium of the catalogue tests (one browser per module).
browser = measures_browser.browser

PHONE = {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}

# (name, status, interest, knew the dialogue, employee band)
FIRMS = [
    ("Aachener Präzisionsdreherei GmbH", "visited", "high", True, "50-249"),
    ("Eilendorfer Gießerei KG", "visited", "basic", False, "10-49"),
    ("Rothe Erde Stahlbau GmbH", "visited", "basic", True, "250-999"),
    ("Brander Kunststofftechnik GmbH", "visit_planned", "basic", None, "10-49"),
    ("Haarener Verpackungsmaschinen AG", "visit_planned", "high", True, "50-249"),
    ("Forster Elektromotoren GmbH", "declined", "none", False, "10-49"),
    ("Burtscheider Textilveredlung GmbH", "declined", "none", None, "50-249"),
    ("Laurensberger Feinmechanik e.K.", "contacted", "", None, "1-9"),
    ("Richtericher Lebensmitteltechnik GmbH", "contacted", "", True, "10-49"),
    ("Kornelimünster Metallbau GmbH", "not_contacted", "", None, "10-49"),
    ("Walheimer Schleiftechnik GmbH", "not_contacted", "", None, "1-9"),
    ("Verlautenheider Anlagenbau GmbH", "not_contacted", "", None, "50-249"),
]


@pytest.fixture
def scenario(transactional_db):
    """The campaign, committed so that the live server's thread sees it (the transactional
    test flushes it again afterwards)."""
    from django.utils import timezone

    from industriedialog.actors.tests.factories import OrganisationFactory
    from industriedialog.core.tests.factories import InitiativeFactory
    from industriedialog.measures.tests.factories import MeasureFactory

    from .factories import (
        CampaignFactory,
        CampaignTargetFactory,
        FollowUpFactory,
        NeedFactory,
        RiskFlagFactory,
        VisitFactory,
    )

    today = timezone.localdate()
    now = timezone.now()

    def days_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    initiative = InitiativeFactory(name="Industrie-Dialog Aachen", slug="industrie-dialog-aachen")
    campaign = CampaignFactory(
        initiative=initiative,
        name="Bestandspflege 2026: Industriebetriebe im Stadtgebiet",
        slug="bestandspflege-2026",
        starts_on=days_ago(120),
    )
    chamber = OrganisationFactory(name="Industrie- und Handelskammer Aachen", kind="chamber")
    agency = OrganisationFactory(name="Agentur für Arbeit Aachen-Düren", kind="public_body")
    targets = {}
    for name, status, interest, knew, band in FIRMS:
        targets[name] = CampaignTargetFactory(
            campaign=campaign,
            organisation=OrganisationFactory(name=name, wz_code="25.62", employee_band=band),
            status=status,
            interest=interest,
            knew_dialogue=knew,
            visit_planned_on=today + dt.timedelta(days=7) if status == "visit_planned" else None,
        )

    networking = MeasureFactory(
        field__initiative=initiative, initiative=initiative, title="Lange Nacht der Industrie"
    )
    needs = {
        "Aachener Präzisionsdreherei GmbH": ["networking_companies", "training", "energy_costs"],
        "Eilendorfer Gießerei KG": ["networking_companies", "energy_costs", "training"],
        "Rothe Erde Stahlbau GmbH": ["networking_companies", "university_cooperation"],
    }
    for name, topics in needs.items():
        target = targets[name]
        visit = VisitFactory(target=target, visited_on=days_ago(30))
        for topic in topics:
            need = NeedFactory(
                organisation=target.organisation,
                target=target,
                visit=visit,
                topic=topic,
                description=f"Bedarf {topic}",
                recorded_on=days_ago(30),
            )
            if topic == "networking_companies":
                need.measures.add(networking)

    precision = targets["Aachener Präzisionsdreherei GmbH"]
    FollowUpFactory(
        organisation=precision.organisation,
        target=precision,
        partner=chamber,
        title="Ausbildungsberatung für die Präzisionsdreherei",
        request="Die Firma sucht zwei Auszubildende zur Zerspanungsmechanikerin.",
        due_on=today + dt.timedelta(days=10),
        routed_at=now - dt.timedelta(days=5),
    )
    foundry = targets["Eilendorfer Gießerei KG"]
    FollowUpFactory(
        organisation=foundry.organisation,
        target=foundry,
        partner=chamber,
        title="Energieberatung für die Gießerei",
        request="Bitte zur Energieeffizienz beraten.",
        due_on=days_ago(6),
        routed_at=now - dt.timedelta(days=20),
        status="answered",
        answer="Termin mit dem Energieberater vereinbart.",
        answered_at=now - dt.timedelta(days=14),
    )
    FollowUpFactory(
        organisation=foundry.organisation,
        target=foundry,
        partner=agency,
        title="Qualifizierung der Belegschaft der Gießerei",
        request="Weiterbildung an der neuen Formanlage.",
        due_on=days_ago(3),
        routed_at=now - dt.timedelta(days=25),
    )

    RiskFlagFactory(
        organisation=foundry.organisation,
        kind="short_time_work",
        severity=3,
        observed_on=days_ago(10),
        note="Kurzarbeit für die Hälfte der Belegschaft angemeldet",
    )
    RiskFlagFactory(
        organisation=targets["Rothe Erde Stahlbau GmbH"].organisation,
        kind="succession",
        severity=1,
        observed_on=days_ago(40),
    )
    RiskFlagFactory(
        organisation=targets["Haarener Verpackungsmaschinen AG"].organisation,
        kind="investment",
        severity=2,
        observed_on=today,
    )
    # A firm outside the campaign: its signal belongs to the full list, not the dashboard.
    RiskFlagFactory(
        organisation=OrganisationFactory(name="Fremde Werke GmbH", employee_band="50-249"),
        kind="insolvency",
        severity=3,
        observed_on=days_ago(5),
    )
    return {
        "campaign": campaign,
        "targets": targets,
        "chamber": chamber,
        "agency": agency,
        "networking": networking,
        "today": today,
    }


def _staff(username: str):
    user, secret = make_user(
        username=username,
        role="staff",
        is_staff=True,
        totp=True,
        first_name="Bea",
        last_name="Bestandspflege",
    )
    return user, secret


def _check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report


def _shoot(page, name: str) -> None:
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREEN_DIR / f"outreach-{name}.png"), full_page=True)


def _no_sideways_scrolling(page, name: str) -> None:
    # Wide tables scroll inside their own region; the page itself must not.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name}: horizontaler Überlauf"
    )


def _rows(table) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody > tr").all()
    ]


def test_staff_read_the_campaign_dashboard(live_server, scenario, browser):
    user, secret = _staff("browser-dashboard")
    campaign = scenario["campaign"]
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)
        page.goto(live_server.url + "/bestandspflege/")
        page.get_by_role("link", name=campaign.name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(campaign.name)

        funnel = page.get_by_role("table", name="Trichter der Kampagne")
        assert _rows(funnel) == [
            ["Zielunternehmen", "12", "100 %"],
            ["kontaktiert", "9", "75 %"],
            ["kein Interesse", "2", "17 %"],
            ["Besuch geplant oder erfolgt", "5", "42 %"],
            ["davon besucht", "3", "25 %"],
            ["hohes Interesse", "2", "17 %"],
        ]
        expect(page.locator("#trichter").locator("..")).to_contain_text(
            "Bereits über den Industrie-Dialog informiert: 4 von 6 befragten Unternehmen (67 %)."
        )

        # The two charts: one image each for assistive technology, named by their title,
        # drawn with the same figures as the tables.
        funnel_chart = page.get_by_role("img", name=re.compile("^Trichter der Kampagne"))
        needs_chart = page.get_by_role("img", name=re.compile("^Bedarfe nach Handlungsfeld"))
        for chart in (funnel_chart, needs_chart):
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert box is not None and 320 <= box["width"] <= 720, box
        expect(funnel_chart.locator(":scope > title")).to_have_text("Trichter der Kampagne")
        expect(funnel_chart.locator("text", has_text="Besuch geplant oder erfolgt")).to_have_count(
            1
        )
        expect(needs_chart.locator(":scope > title")).to_have_text("Bedarfe nach Handlungsfeld")
        by_field = page.get_by_role("table", name="Zahl der Bedarfe je Handlungsfeld")
        assert _rows(by_field) == [
            ["Vernetzung", "3", "38 %"],
            ["Rahmenbedingungen", "2", "25 %"],
            ["Fachkräfte", "2", "25 %"],
            ["Innovation und Technologietransfer", "1", "12 %"],
        ]

        coverage = page.get_by_role(
            "table", name="Bedarfe je Thema und die Maßnahmen, die sie aufgreifen"
        )
        coverage_rows = {
            re.sub(r"\s*keine Maßnahme$", "", row[0]): row[1:] for row in _rows(coverage)
        }
        assert coverage_rows["Vernetzung mit Unternehmen"] == [
            "3",
            "0",
            "Lange Nacht der Industrie",
        ]
        assert coverage_rows["Energiekosten"] == ["2", "2", "–"]
        expect(coverage.get_by_role("row", name=re.compile("^Energiekosten"))).to_contain_text(
            "keine Maßnahme"
        )

        responses = page.get_by_role("table", name="Wiedervorlagen und Antwortzeiten je Partner")
        response_rows = {row[0]: row[1:] for row in _rows(responses)}
        # routed, open, overdue, answered, median and longest days to the answer
        assert response_rows["Industrie- und Handelskammer Aachen"] == [
            "2",
            "1",
            "0",
            "1",
            "6,0",
            "6,0",
        ]
        assert response_rows["Agentur für Arbeit Aachen-Düren"] == [
            "1",
            "1",
            "1",
            "0",
            "–",
            "–",
        ]

        warnings = page.get_by_role(
            "table", name="Die zehn Unternehmen der Kampagne mit dem höchsten Risikowert"
        )
        expect(warnings.locator("tbody > tr th[scope=row] a")).to_have_text(
            [
                "Eilendorfer Gießerei KG",
                "Rothe Erde Stahlbau GmbH",
                "Haarener Verpackungsmaschinen AG",
            ]
        )
        expect(warnings).not_to_contain_text("Fremde Werke GmbH")
        expect(warnings.locator("tbody > tr").first).to_contain_text("Kurzarbeit")

        _check(page, "Dashboard", failures)
        _shoot(page, "dashboard-1280")
        _no_sideways_scrolling(page, "Dashboard")

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        _check(page, "Dashboard (Telefon)", failures)
        _shoot(page, "dashboard-390")
        _no_sideways_scrolling(page, "Dashboard (Telefon)")

        # The pages behind the dashboard's two buttons.
        page.get_by_role("link", name="Zielunternehmen bearbeiten").click()
        expect(page.get_by_role("status")).to_have_text("12 Unternehmen")
        _check(page, "Zielunternehmen (Telefon)", failures)
        _no_sideways_scrolling(page, "Zielunternehmen (Telefon)")
        page.go_back()
        page.get_by_role("link", name="Bedarfe und Maßnahmen").click()
        expect(page.get_by_role("heading", name=re.compile("^Energiekosten: "))).to_have_count(2)
        _check(page, "Bedarfe und Maßnahmen (Telefon)", failures)
        _shoot(page, "needs-390")
        _no_sideways_scrolling(page, "Bedarfe und Maßnahmen (Telefon)")
    finally:
        context.close()

    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)


def test_staff_fill_the_visit_report_on_a_phone(live_server, scenario, browser):
    from industriedialog.outreach.models import FollowUp, RiskFlag, TargetStatus, Visit

    user, secret = _staff("browser-besuch")
    target = scenario["targets"]["Brander Kunststofftechnik GmbH"]
    today = scenario["today"]
    visited_on = today - dt.timedelta(days=1)
    due_on = today + dt.timedelta(days=21)
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser, **PHONE)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)
        page.goto(live_server.url + target.get_absolute_url())
        _check(page, "Zielunternehmen (Telefon)", failures)
        _no_sideways_scrolling(page, "Zielunternehmen")
        page.get_by_role("link", name="Besuchsbericht erfassen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Besuchsbericht")
        _check(page, "Besuchsbericht (Telefon)", failures)
        _shoot(page, "visit-form-390")
        _no_sideways_scrolling(page, "Besuchsbericht")

        page.get_by_label("Besuch am").fill(visited_on.isoformat())
        page.locator(f"input[name=staff_participants][value='{user.pk}']").check()
        page.get_by_label("Teilnehmende des Unternehmens").fill(
            "Jana Brand, Geschäftsführerin\nTim Kaya, Ausbildungsleiter"
        )
        page.get_by_label("Kannte den Industrie-Dialog bereits").select_option(label="ja")
        page.get_by_label("Interesse").select_option(label="hohes Interesse")
        page.get_by_label("Notizen").fill("Sucht Auszubildende, plant eine zweite Halle.")

        need = page.get_by_role("group", name="Bedarf 1")
        topic = need.get_by_label("Thema")
        # The topics come grouped by field of action.
        expect(topic.locator("optgroup")).to_have_count(5)
        expect(topic.locator("optgroup[label='Fachkräfte'] > option")).to_have_text(
            ["Ausbildung", "Mitarbeiterförderung", "Qualifizierungsberatung"]
        )
        topic.select_option(label="Ausbildung")
        need.get_by_label("Beschreibung").fill("Zwei Ausbildungsplätze ab August unbesetzt")

        follow_up = page.get_by_role("group", name="Wiedervorlage 1")
        follow_up.get_by_label("Weiterleiten an").select_option(
            label="Industrie- und Handelskammer Aachen"
        )
        follow_up.get_by_label("Betreff").fill("Ausbildungsberatung Brander Kunststofftechnik")
        follow_up.get_by_label("Anliegen für die Partnerinstitution").fill(
            "Bitte melden Sie sich bei Frau Brand zur Ausbildungsberatung."
        )
        follow_up.get_by_label("fällig am").fill(due_on.isoformat())
        follow_up.get_by_label("zu Bedarf").select_option("1")

        signal = page.get_by_role("group", name="Signal 1")
        signal.get_by_label("Signal").select_option(label="Erweiterung geplant")
        signal.get_by_label("Stärke").select_option(label="hoch")
        signal.get_by_label("Hinweis").fill("Zweite Produktionshalle geplant")

        page.get_by_role("button", name="Besuchsbericht speichern").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Besuch am {visited_on:%d.%m.%Y}"
        )
        expect(page.get_by_text("Der Besuchsbericht ist gespeichert.")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Ausbildung: Zwei Ausbildungsplätze")
        expect(page.get_by_role("link", name="Ausbildungsberatung Brander")).to_be_visible()
        _check(page, "Besuch (Telefon)", failures)
        _no_sideways_scrolling(page, "Besuch")
    finally:
        context.close()

    target.refresh_from_db()
    assert target.status == TargetStatus.VISITED
    assert target.interest == "high" and target.knew_dialogue is True
    visit = Visit.objects.get(target=target)
    assert visit.visited_on == visited_on
    assert list(visit.staff_participants.all()) == [user]
    assert list(visit.needs.values_list("topic", "description")) == [
        ("training", "Zwei Ausbildungsplätze ab August unbesetzt")
    ]
    routed = FollowUp.objects.get(visit=visit)
    assert (routed.partner, routed.due_on, routed.need.topic) == (
        scenario["chamber"],
        due_on,
        "training",
    )
    flag = RiskFlag.objects.get(visit=visit)
    assert (flag.kind, flag.severity) == ("expansion", 3)
    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)


def test_a_half_filled_follow_up_shows_the_error_summary_and_writes_nothing(
    live_server, scenario, browser
):
    from industriedialog.outreach.models import FollowUp, Need, RiskFlag, TargetStatus, Visit

    user, secret = _staff("browser-fehler")
    target = scenario["targets"]["Haarener Verpackungsmaschinen AG"]
    before = [model.objects.count() for model in (Visit, Need, FollowUp, RiskFlag)]
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser, **PHONE)
    try:
        log_in(page, live_server.url, user.email)
        enter_totp_code(page, secret)
        page.goto(live_server.url + f"/bestandspflege/ziel/{target.pk}/besuch/")
        page.get_by_label("Notizen").fill("Gespräch mit dem Werkleiter.")
        page.get_by_role("group", name="Bedarf 1").get_by_label("Thema").select_option(
            label="Energiekosten"
        )
        follow_up = page.get_by_role("group", name="Wiedervorlage 1")
        follow_up.get_by_label("Betreff").fill("Nur ein Betreff")
        page.get_by_role("button", name="Besuchsbericht speichern").tap()

        summary = page.get_by_role("alert").filter(has_text="Es wurde nichts gespeichert")
        expect(summary).to_contain_text(
            "Es wurde nichts gespeichert. Bitte prüfen Sie Ihre Eingaben."
        )
        message = "Bitte ausfüllen (oder die ganze Zeile leer lassen)."
        expect(summary.get_by_role("listitem")).to_have_text(
            [
                f"Wiedervorlage 1 – Weiterleiten an: {message}",
                f"Wiedervorlage 1 – Anliegen für die Partnerinstitution: {message}",
                f"Wiedervorlage 1 – fällig am: {message}",
            ]
        )
        # Each entry leads to its field, which is marked invalid; the input is kept.
        link = summary.get_by_role("link", name="Wiedervorlage 1 – Weiterleiten an")
        expect(link).to_have_attribute("href", "#id_wiedervorlage-0-partner")
        expect(follow_up.get_by_label("Weiterleiten an")).to_have_attribute("aria-invalid", "true")
        expect(follow_up.get_by_label("Betreff")).to_have_value("Nur ein Betreff")
        expect(page.get_by_label("Notizen")).to_have_value("Gespräch mit dem Werkleiter.")
        expect(page.get_by_role("group", name="Bedarf 1").get_by_label("Thema")).to_have_value(
            "energy_costs"
        )
        _check(page, "Besuchsbericht mit Fehlern (Telefon)", failures)
        _shoot(page, "visit-form-errors-390")
        _no_sideways_scrolling(page, "Besuchsbericht mit Fehlern")
    finally:
        context.close()

    assert [model.objects.count() for model in (Visit, Need, FollowUp, RiskFlag)] == before
    target.refresh_from_db()
    assert target.status == TargetStatus.VISIT_PLANNED
    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    # The refused form answers 400; that is the only failed request allowed.
    assert not problems.console_errors, str(problems)
    assert [line.split(" ", 1)[0] for line in problems.failed_requests] == ["400"]


def test_a_partner_reads_its_follow_ups_and_answers_one(live_server, scenario, browser):
    from industriedialog.outreach.models import FollowUp

    chamber = scenario["chamber"]
    member, _secret = make_user(
        username="browser-kammer",
        role="partner",
        organisation_slug=chamber.slug,
        first_name="Karl",
        last_name="Kammer",
    )
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser, **PHONE)
    try:
        log_in(page, live_server.url, member.email)
        page.get_by_role("navigation").get_by_role("link", name="Wiedervorlagen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wiedervorlagen")
        table = page.get_by_role("table", name="2 Wiedervorlagen")
        expect(table.locator("tbody th a")).to_have_text(
            ["Energieberatung für die Gießerei", "Ausbildungsberatung für die Präzisionsdreherei"]
        )
        # Another partner's follow-up and the visit notes stay hidden.
        expect(page.locator("main")).not_to_contain_text("Qualifizierung der Belegschaft")
        _check(page, "Wiedervorlagen (Partner)", failures)
        _shoot(page, "partner-follow-ups-390")
        _no_sideways_scrolling(page, "Wiedervorlagen (Partner)")

        table.get_by_role("link", name="Ausbildungsberatung für die Präzisionsdreherei").click()
        expect(page.locator("main")).to_contain_text("zwei Auszubildende zur Zerspanung")
        expect(page.locator("main")).not_to_contain_text("Vertrauliche Notiz")
        page.get_by_role("textbox", name="Antwort").fill(
            "Beratungstermin am Dienstag, 10 Uhr, vereinbart."
        )
        _check(page, "Wiedervorlage (Partner)", failures)
        page.get_by_role("button", name="Antwort speichern").tap()
        expect(page.get_by_text("Ihre Antwort ist gespeichert.")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Beratungstermin am Dienstag")
        _shoot(page, "partner-follow-up-answered-390")
        _no_sideways_scrolling(page, "Wiedervorlage (Partner)")
    finally:
        context.close()

    answered = FollowUp.objects.get(title="Ausbildungsberatung für die Präzisionsdreherei")
    assert answered.status == FollowUp.Status.ANSWERED
    assert answered.answer == "Beratungstermin am Dienstag, 10 Uhr, vereinbart."
    assert answered.answered_at is not None
    assert not failures, "axe meldet ernste Verstöße:\n" + format_axe_failures(failures)
    assert not problems, str(problems)
