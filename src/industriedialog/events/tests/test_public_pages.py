"""The public event pages: calendar (list, month, filters), iCal feeds, the event page with
its sessions and free seats, and the registration (confirmed, waiting list, duplicate, bad
input, honeypot, rate limit, visibility)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.events.models import EventKind, Registration, WaitlistEntry

from .factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    WaitlistEntryFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

CALENDAR = "/veranstaltungen/"


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page as text without tags and with single spaces, for phrases across markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


def register_url(session) -> str:
    return reverse("events:register", args=[session.event.slug, session.pk])


def form_data(**overrides):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "target_group": "citizens"}
    data.update(overrides)
    return data


# --- calendar ------------------------------------------------------------------------------


def test_the_calendar_lists_upcoming_events_first_and_past_ones_on_request(client):
    soon = EventFactory(title="Transfer-Café Mai", starts_at=in_days(3), ends_at=in_days(3, 20))
    later = EventFactory(title="Lange Nacht 2027")
    past = EventFactory(title="Auftakt 2013", starts_at=in_days(-40), ends_at=in_days(-40, 21))
    EventFactory(title="Entwurf", status="draft")

    upcoming = html(client.get(CALENDAR))
    assert upcoming.index(soon.title) < upcoming.index(later.title)
    assert past.title not in upcoming and "Entwurf" not in upcoming
    assert "2 Veranstaltungen" in upcoming

    older = html(client.get(CALENDAR, {"zeitraum": "vergangen"}))
    assert past.title in older and soon.title not in older
    assert "Vergangene Veranstaltungen" in older


def test_the_calendar_filters_by_initiative_kind_and_target_group(client):
    aachen = InitiativeFactory(slug="industrie-aachen", name="Industrie in Aachen")
    other = InitiativeFactory(slug="andere")
    workshop = EventFactory(
        initiative=aachen, title="Werkstatt Wasserstoff", kind=EventKind.WORKSHOP
    )
    pupils = EventFactory(initiative=aachen, title="Schülertag", target_groups=["pupils"])
    elsewhere = EventFactory(initiative=other, title="Andernorts")

    by_initiative = html(client.get(CALENDAR, {"initiative": "industrie-aachen"}))
    assert workshop.title in by_initiative and pupils.title in by_initiative
    assert elsewhere.title not in by_initiative
    assert reverse("events:initiative_feed", args=["industrie-aachen"]) in by_initiative

    by_kind = html(client.get(CALENDAR, {"art": "workshop"}))
    assert workshop.title in by_kind and pupils.title not in by_kind

    by_group = html(client.get(CALENDAR, {"zielgruppe": "students"}))
    # An event without target groups is open to everybody.
    assert workshop.title in by_group and pupils.title not in by_group

    bad = client.get(CALENDAR, {"art": "zirkus", "monat": "Mai"})
    assert bad.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben." in html(bad)


def test_the_month_view_is_a_table_of_days_with_their_events_and_month_links(client):
    event = EventFactory(
        title="Symposium Strukturwandel",
        starts_at=timezone.make_aware(dt.datetime(2027, 5, 12, 9)),
        ends_at=timezone.make_aware(dt.datetime(2027, 5, 13, 17)),
    )
    EventFactory(
        title="Juni-Termin",
        starts_at=timezone.make_aware(dt.datetime(2027, 6, 2, 9)),
        ends_at=timezone.make_aware(dt.datetime(2027, 6, 2, 12)),
    )

    response = client.get(CALENDAR, {"ansicht": "monat", "monat": "2027-05", "art": "open_house"})
    page = html(response)

    assert response.status_code == 200
    assert "Mai 2027" in page and 'role="table"' in page
    assert page.count('<th scope="col"') == 7
    # Both days of the two-day event list it; June's event is not in May.
    cells = re.findall(r'<td role="cell".*?</td>', page, flags=re.S)
    assert len(cells) == 42 or len(cells) == 35
    busy = [cell for cell in cells if event.title in cell]
    assert len(busy) == 2 and "12." in busy[0] and "13." in busy[1]
    assert "Juni-Termin" not in page
    assert "?ansicht=monat&amp;monat=2027-04&amp;art=open_house" in page
    assert "?ansicht=monat&amp;monat=2027-06&amp;art=open_house" in page
    assert "1 Veranstaltung in diesem Monat" in page


# --- feeds ---------------------------------------------------------------------------------


def test_the_feeds_parse_and_contain_the_events_and_their_sessions(client):
    initiative = InitiativeFactory(slug="aachen")
    event = EventFactory(initiative=initiative, title="Lange Nacht")
    SessionFactory(event=event, title="Führung Papierfabrik")
    EventFactory(initiative=initiative, title="Member only", is_public=False)
    EventFactory(title="Anderswo")

    response = client.get(reverse("events:initiative_feed", args=["aachen"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    summaries = [
        str(item["summary"]) for item in Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert summaries == ["Lange Nacht", "Lange Nacht: Führung Papierfabrik"]

    single = client.get(reverse("events:event_feed", args=[event.slug]))
    assert single["Content-Type"] == "text/calendar; charset=utf-8"
    items = Calendar.from_ical(single.content).walk("VEVENT")
    assert [str(item["summary"]) for item in items] == summaries
    assert str(items[1]["location"]) == "Werkstor 1"

    everything = Calendar.from_ical(client.get(reverse("events:feed")).content)
    assert {str(item["summary"]) for item in everything.walk("VEVENT")} == {
        *summaries,
        "Anderswo",
    }
    assert client.get(reverse("events:initiative_feed", args=["gibt-es-nicht"])).status_code == 404


# --- event page ----------------------------------------------------------------------------


def test_the_event_page_shows_sessions_with_the_api_availability(client):
    host = OrganisationFactory(name="Papierfabrik Zanders")
    event = EventFactory(
        title="Lange Nacht der Industrie",
        description="Werke öffnen ihre Tore.",
        target_groups=["pupils", "citizens"],
        is_example_data=True,
    )
    event.hosts.set([host])
    open_seats = SessionFactory(
        event=event,
        host=host,
        title="Papier aus Altpapier",
        capacity=20,
        language="Deutsch und Englisch",
        accessibility_notes="Rollstuhlgerecht, Aufzug vorhanden",
        target_groups=["pupils"],
    )
    RegistrationFactory.create_batch(8, session=open_seats)
    full = SessionFactory(event=event, title="Nachtschicht", capacity=2)
    RegistrationFactory.create_batch(2, session=full)
    WaitlistEntryFactory.create_batch(3, session=full)

    page = text(client.get(event.get_absolute_url()))
    api = client.get(f"/api/v1/events/{event.pk}").json()
    available = {item["title"]: item["available"] for item in api["sessions"]}

    assert available == {"Papier aus Altpapier": 12, "Nachtschicht": 0}
    assert f"{available['Papier aus Altpapier']} von 20 Plätzen frei" in page
    assert "ausgebucht – Warteliste (3 wartend)" in page
    assert "Beispieldaten" in page and "Werke öffnen ihre Tore." in page
    assert "Papierfabrik Zanders" in page
    assert "Rollstuhlgerecht, Aufzug vorhanden" in page and "Deutsch und Englisch" in page
    assert "Für Schüler*innen" in page  # the session's own group, not the event's
    assert "Anmeldung geöffnet" in page
    assert "Auf die Warteliste" in page
    assert register_url(open_seats) in html(client.get(event.get_absolute_url()))


def test_the_event_page_shows_when_registration_opens_or_that_it_is_closed(client):
    opens = timezone.now() + dt.timedelta(days=5)
    later = EventFactory(registration_opens_at=opens)
    SessionFactory(event=later)
    closed = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    SessionFactory(event=closed)

    later_page = text(client.get(later.get_absolute_url()))
    assert f"Anmeldung ab {timezone.localtime(opens):%d.%m.%Y, %H:%M} Uhr" in later_page
    assert register_url(later.sessions.get()) not in html(client.get(later.get_absolute_url()))
    assert "Anmeldung geschlossen" in text(client.get(closed.get_absolute_url()))
    # The registration page says so as well and offers no form.
    session = closed.sessions.get()
    closed_form = client.get(register_url(session))
    assert "Anmeldung geschlossen" in text(
        closed_form
    ) and '<form method="post" class="form-stack' not in html(closed_form)


@pytest.mark.parametrize("sessions", [3, 30])
def test_the_event_page_runs_a_constant_number_of_queries(
    client, sessions, django_assert_num_queries
):
    event = EventFactory()
    hosts = OrganisationFactory.create_batch(3)
    event.hosts.set(hosts)
    for index in range(sessions):
        session = SessionFactory(event=event, host=hosts[index % 3])
        RegistrationFactory(session=session)
    client.get(event.get_absolute_url())  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert html(response).count("events-session__title") == sessions
    # event, hosts, sessions with availability and host, plus the page frame's
    # initiative switcher
    assert len(queries) == 4, [q["sql"] for q in queries]


def test_members_only_events_are_hidden_from_anonymous_visitors(client, client_for):
    event = EventFactory(title="Mitgliederabend", is_public=False)
    session = SessionFactory(event=event)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(register_url(session)).status_code == 404
    assert client.post(register_url(session), form_data()).status_code == 404
    assert client.get(reverse("events:event_feed", args=[event.slug])).status_code == 404
    assert "Mitgliederabend" not in html(client.get(CALENDAR))
    assert Registration.objects.count() == 0

    member = client_for("public")
    assert member.get(event.get_absolute_url()).status_code == 200
    assert "Mitgliederabend" in html(member.get(CALENDAR))


def test_a_session_of_another_event_is_not_found(client):
    session = SessionFactory()
    other = EventFactory()
    url = reverse("events:register", args=[other.slug, session.pk])
    assert client.get(url).status_code == 404


# --- registration --------------------------------------------------------------------------


def test_a_registration_confirms_the_seat_shows_the_ticket_and_sends_the_mail(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(
        title="Lange Nacht", questions=[{"key": "schule", "label": "Ihre Schule", "required": True}]
    )
    session = SessionFactory(event=event, title="Führung Glaswerk", capacity=5)

    form = html(client.get(register_url(session)))
    assert 'name="frage_schule"' in form and "Ihre Schule" in form
    assert reverse("web:datenschutz") in form
    assert 'aria-hidden="true"' in form and 'tabindex="-1"' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(session), form_data(frage_schule="Couven-Gymnasium"), follow=True
        )

    registration = Registration.objects.get()
    assert response.redirect_chain == [
        (reverse("events:ticket", args=[registration.cancel_token]), 302)
    ]
    page = text(response)
    assert "Ihr Ticket" in page and registration.code in page and "<svg" in html(response)
    assert registration.answers == {"schule": "Couven-Gymnasium"}
    assert (registration.name, registration.email) == ("Ada Lovelace", "ada@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert reverse("events:cancel", args=[registration.cancel_token]) in message.body
    assert sorted(mimetype for _name, _content, mimetype in message.attachments) == [
        "image/png",
        "text/calendar",
    ]
    assert AuditEvent.objects.filter(action="events.registration.create").count() == 1


def test_a_full_session_puts_the_person_on_the_waiting_list_with_the_position(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    WaitlistEntryFactory(session=session)

    form = text(client.get(register_url(session)))
    assert "ausgebucht – Warteliste (1 wartend)" in form and "Auf die Warteliste setzen" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(session), form_data(), follow=True)

    entry = WaitlistEntry.objects.get(email="ada@example.org")
    assert response.redirect_chain[-1][0] == reverse("events:ticket", args=[entry.cancel_token])
    assert "Sie stehen auf Platz 2 der Warteliste." in text(response)
    assert Registration.objects.count() == 1
    assert mail.outbox[0].to == ["ada@example.org"]


def test_a_duplicate_registration_answers_409_with_a_message_and_writes_nothing(client):
    session = SessionFactory()
    RegistrationFactory(session=session, email="ada@example.org")

    response = client.post(register_url(session), form_data(email="ada@EXAMPLE.org"))

    assert response.status_code == 409
    assert "Sie sind schon angemeldet." in text(response)
    assert "schon eine Anmeldung oder ein Platz auf der Warteliste" in text(response)
    assert Registration.objects.count() == 1 and WaitlistEntry.objects.count() == 0
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Bitte geben Sie Ihren Namen an."),
        ({"email": "ada-at-example"}, "email", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({"target_group": "companies"}, "target_group", "für die gewählte Gruppe nicht offen"),
        ({"frage_schule": ""}, "frage_schule", "Bitte beantworten Sie diese Frage."),
    ],
)
def test_bad_input_shows_german_errors_next_to_the_fields_and_writes_nothing(
    client, data, field, message
):
    event = EventFactory(
        target_groups=["pupils", "citizens"],
        questions=[{"key": "schule", "label": "Ihre Schule", "required": True}],
    )
    session = SessionFactory(event=event)

    response = client.post(
        register_url(session), form_data(**{"frage_schule": "Couven-Gymnasium", **data})
    )

    page = html(response)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben." in page  # the summary
    assert f'id="id_{field}-error"' in page and message in page  # next to the field
    assert f'href="#id_{field}"' in page
    assert Registration.objects.count() == 0 and WaitlistEntry.objects.count() == 0
    assert len(mail.outbox) == 0


def test_a_service_rule_is_shown_as_a_form_error(client):
    event = EventFactory(max_sessions_per_person=1)
    first, second = SessionFactory.create_batch(2, event=event, capacity=5)
    # The two sessions overlap: the factory puts both an hour after the event's start.
    RegistrationFactory(session=first, email="ada@example.org")

    response = client.post(register_url(second), form_data())

    assert response.status_code == 200
    assert "zur selben Zeit schon für eine andere Führung angemeldet" in html(response)
    assert Registration.objects.count() == 1


def test_a_filled_in_honeypot_is_refused_and_nothing_is_written(client):
    session = SessionFactory()

    response = client.post(register_url(session), form_data(website="https://spam.example"))

    assert response.status_code == 400
    assert "Die Anmeldung konnte nicht angenommen werden." in html(response)
    assert Registration.objects.count() == 0 and WaitlistEntry.objects.count() == 0
    assert len(mail.outbox) == 0


def test_registrations_are_rate_limited_per_address_with_the_german_page(client, settings):
    settings.EVENTS_REGISTRATION_RATE = "2/m"
    session = SessionFactory(capacity=10)
    for n in range(2):
        assert (
            client.post(register_url(session), form_data(email=f"p{n}@example.org")).status_code
            == 302
        )

    response = client.post(register_url(session), form_data(email="p3@example.org"))

    assert response.status_code == 429
    assert "Zu viele Anfragen" in html(response)
    assert Registration.objects.count() == 2
    # Reading the page is not limited.
    assert client.get(register_url(session)).status_code == 200


def test_the_calendar_is_in_the_main_navigation(client):
    page = html(client.get("/"))
    assert f'href="{CALENDAR}"' in page and "Veranstaltungen" in page


def test_a_past_event_shows_no_free_seats(client):
    event = EventFactory(starts_at=in_days(-400, 16), ends_at=in_days(-400, 20))
    SessionFactory(event=event, capacity=60)

    page = text(client.get(event.get_absolute_url()))

    assert "Anmeldung geschlossen – Die Veranstaltung ist vorbei." in page
    assert "Plätzen frei" not in page and "Anmelden" not in page.split("Führung / Zeitfenster")[1]


@pytest.mark.parametrize("events", [2, 15])
def test_the_calendar_runs_a_constant_number_of_queries(client, events):
    initiative = InitiativeFactory()
    for index in range(events):
        event = EventFactory(initiative=initiative, starts_at=in_days(index + 1, 10))
        event.hosts.set(OrganisationFactory.create_batch(2))
    month = f"{in_days(1):%Y-%m}"
    counts = []
    for query in ({}, {"ansicht": "monat", "monat": month}, {"zielgruppe": "pupils"}):
        client.get(CALENDAR, query)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CALENDAR, query)
        assert response.status_code == 200
        counts.append(len(queries))
    assert html(client.get(CALENDAR)).count("events-list__title") == events
    # initiatives of the filter, the switcher, then the list: count and page with hosts
    # (month: events with hosts; target group: first all events with hosts for the
    # group filter in Python, then count and page with hosts)
    assert counts == [5, 4, 7]


def test_sessions_that_start_together_are_grouped_under_their_start(client):
    night = EventFactory()
    for hours in (1, 1, 3, 3):
        start = night.starts_at + dt.timedelta(hours=hours)
        SessionFactory(event=night, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    single = EventFactory()
    for hours in (1, 3):
        start = single.starts_at + dt.timedelta(hours=hours)
        SessionFactory(event=single, starts_at=start, ends_at=start + dt.timedelta(hours=1))

    page = html(client.get(night.get_absolute_url()))
    first = timezone.localtime(night.starts_at + dt.timedelta(hours=1))
    assert page.count('class="kern-heading-small events-slot__title"') == 2
    heading = r"Beginn \w+, " + re.escape(f"{first:%d.%m.%Y, %H:%M}") + " Uhr"
    assert re.search(heading, text(client.get(night.get_absolute_url())))
    assert page.count("<h4 class") == 4 and 'href="#beginn-2"' in page
    other = html(client.get(single.get_absolute_url()))
    assert "events-slot__title" not in other and other.count("<h3 class") == 2
