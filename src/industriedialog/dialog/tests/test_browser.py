"""The dialog pages in a real browser (Debian chromium via Playwright) against the live
server with the Aachen data: structure, body page, meeting page, vote page (ballot and
results) and "Meine Aufgaben", each checked with axe-core (WCAG 2.1 A/AA: no serious or
critical violations) and photographed to /tmp/screens/dialog-*.png for review."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from industriedialog.web.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREEN_DIR,
    SKIP_REASON,
    axe_violations,
    chromium_available,
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def dialog_world(transactional_db):
    """The Aachen data, a forum member who can log in, an action item for them, an open
    vote and a closed secret vote with results."""
    from industriedialog.dialog import services
    from industriedialog.dialog.models import Body, Vote
    from industriedialog.dialog.selectors import current_memberships

    with open(os.devnull, "w") as devnull:
        call_command("seed", stdout=devnull)
    staff, _secret = make_user(username="browser-staff", role="staff", is_staff=True)
    forum = Body.objects.get(kind="forum", initiative__slug="aachener-industrie-dialog")
    seats = list(current_memberships(forum).filter(organisation__kind="company")[:3])
    member, _ = make_user(
        username="browser-member",
        role="company",
        organisation_slug=seats[0].organisation.slug,
        first_name=seats[0].person.first_name,
        last_name=seats[0].person.last_name,
    )
    member.person = seats[0].person
    member.save()
    voters = []
    for index, seat in enumerate(seats[1:], start=1):
        voter, _ = make_user(
            username=f"browser-voter-{index}",
            role="company",
            organisation_slug=seat.organisation.slug,
        )
        voter.person = seat.person
        voter.save()
        voters.append(voter)
    services.action_item_create(
        actor=staff,
        body=forum,
        title="Ausstellerliste abstimmen",
        assignee=member.person,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    open_vote = services.vote_create(
        actor=staff,
        body=forum,
        title="Thematische Ausrichtung 2027",
        options=["Fachkräfte", "Energie", "Digitalisierung"],
        method=Vote.Method.RANKED,
    )
    services.vote_open(actor=staff, vote=open_vote)
    closed_vote = services.vote_create(
        actor=staff,
        body=forum,
        title="Ort des Jahrestreffens",
        options=["Philips GmbH", "VUV"],
        secrecy=Vote.Secrecy.SECRET,
    )
    services.vote_open(actor=staff, vote=closed_vote)
    options = list(closed_vote.options.values_list("pk", flat=True))
    for voter, choice in zip(voters, options, strict=False):
        services.ballot_cast(actor=voter, vote=closed_vote, approvals=[choice])
    services.vote_close(actor=staff, vote=closed_vote)
    meeting = forum.meetings.order_by("starts_at").first()
    return {
        "forum": forum,
        "member": member,
        "open_vote": open_vote,
        "closed_vote": closed_vote,
        "meeting": meeting,
    }


def check(page, label: str, failures: dict[str, str]) -> None:
    blocking, report = axe_violations(page)
    if blocking:
        failures[label] = report
    SCREEN_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREEN_DIR / f"dialog-{label}.png"), full_page=True)


def test_dialog_pages_work_and_have_no_serious_axe_violations(browser, live_server, dialog_world):
    failures: dict[str, str] = {}
    context, page, problems = new_page(browser)
    base = live_server.url

    page.goto(base + "/gremien/?initiative=aachener-industrie-dialog")
    expect(page.locator("main")).to_contain_text("Industrie-Forum")
    check(page, "struktur", failures)

    page.goto(base + dialog_world["forum"].get_absolute_url())
    expect(page.locator("main")).to_contain_text("Unternehmensvertretungen")
    check(page, "gremium", failures)

    page.goto(base + dialog_world["meeting"].get_absolute_url())
    expect(page.locator("main")).to_contain_text(dialog_world["meeting"].title)
    check(page, "sitzung", failures)

    page.goto(base + dialog_world["closed_vote"].get_absolute_url())
    expect(page.locator("main")).to_contain_text("Wahlbeteiligung")
    check(page, "abstimmung-ergebnis", failures)

    log_in(page, base, dialog_world["member"].email)
    page.goto(base + "/meine-aufgaben/")
    expect(page.locator("main")).to_contain_text("Ausstellerliste abstimmen")
    check(page, "meine-aufgaben", failures)

    page.goto(base + dialog_world["open_vote"].get_absolute_url())
    ballot = page.locator("main form").filter(has=page.locator("select"))
    expect(ballot.first).to_be_visible()
    check(page, "abstimmung-stimmzettel", failures)
    context.close()

    assert not failures, format_axe_failures(failures)
    assert not problems.console_errors, problems.console_errors
    assert not problems.failed_requests, problems.failed_requests
