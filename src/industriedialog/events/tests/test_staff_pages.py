"""The staff pages (events with fill rates, creating events and sessions, seats, waiting
lists, attendance, exports) and the host pages (own sessions, names only, print view):
who sees what (a permission matrix over every page and every POST; invisible = 404),
denied requests change nothing, the figures equal the API's, the exports hold exactly
the rows, and the query counts do not grow with the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import UserFactory
from industriedialog.events.models import (
    CheckIn,
    Event,
    Registration,
    Session,
    WaitlistEntry,
)

from .factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    WaitlistEntryFactory,
    in_days,
)

ROLES = ("anonymous", "public", "company", "other_host", "partner", "staff")


@pytest.fixture
def scene(users, own_company):
    """One event with two sessions: A hosted by the company of the `company` user (full:
    three seats taken, one cancelled registration, one person waiting), B hosted by
    another firm (one person, checked in)."""
    other = OrganisationFactory(name="Fremde Werke GmbH", kind="company")
    users["other_host"] = UserFactory(username="fremd", role="company", organisation=other)
    event = EventFactory(
        title="Lange Nacht Teststadt",
        slug="lange-nacht-teststadt",
        questions=[{"key": "schule", "label": "Schule", "required": False}],
    )
    event.hosts.set([own_company, other])
    session_a = SessionFactory(
        event=event, host=own_company, title="Rundgang A", capacity=3, place="Tor A"
    )
    session_b = SessionFactory(
        event=event,
        host=other,
        title="Rundgang B",
        capacity=2,
        starts_at=session_a.starts_at + dt.timedelta(minutes=30),
    )
    anna = RegistrationFactory(
        session=session_a,
        name="Anna Abel",
        email="anna@example.org",
        target_group="pupils",
        answers={"schule": "Gymnasium Nord"},
    )
    RegistrationFactory(
        session=session_a, name="Bert Bauer", email="bert@example.org", target_group="students"
    )
    RegistrationFactory(
        session=session_a, name="Cem Celik", email="cem@example.org", target_group="citizens"
    )
    RegistrationFactory(
        session=session_a,
        name="Xaver Storno",
        email="xaver@example.org",
        target_group="citizens",
        status=Registration.Status.CANCELLED,
    )
    WaitlistEntryFactory(
        session=session_a, name="Dora Dahl", email="dora@example.org", target_group="pupils"
    )
    emil = RegistrationFactory(
        session=session_b, name="Emil Engel", email="emil@example.org", target_group="pupils"
    )
    Registration.objects.filter(pk=emil.pk).update(checked_in_at=session_b.starts_at)
    return {"event": event, "a": session_a, "b": session_b, "anna": anna, "other": other}


@pytest.fixture
def client_as(scene, users):
    from django.test import Client

    def make(role: str) -> Client:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


def _pages(scene) -> dict[str, str]:
    slug, a = scene["event"].slug, scene["a"].pk
    return {
        "staff_list": reverse("events:staff_event_list"),
        "staff_create": reverse("events:staff_event_create"),
        "staff_detail": reverse("events:staff_event_detail", args=[slug]),
        "export_csv": reverse("events:staff_event_export", args=[slug, "csv"]),
        "export_xlsx": reverse("events:staff_event_export", args=[slug, "xlsx"]),
        "host_list": reverse("events:host_session_list"),
        "host_a": reverse("events:host_session_detail", args=[a]),
        "host_a_print": reverse("events:host_session_detail", args=[a]) + "?druck=1",
        "checkin_a": reverse("events:checkin", args=[a]),
        "host_b": reverse("events:host_session_detail", args=[scene["b"].pk]),
        "checkin_b": reverse("events:checkin", args=[scene["b"].pk]),
    }


STAFF_ONLY = {"staff_list", "staff_create", "staff_detail", "export_csv", "export_xlsx"}
EXPECTED = {
    "anonymous": set(),
    "public": set(),
    "company": {"host_list", "host_a", "host_a_print", "checkin_a"},
    "other_host": {"host_list", "host_b", "checkin_b"},
    "partner": {"host_list"},
    "staff": STAFF_ONLY
    | {"host_list", "host_a", "host_a_print", "checkin_a", "host_b", "checkin_b"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_matrix_says(scene, client_as, role):
    client = client_as(role)
    statuses = {name: client.get(url).status_code for name, url in _pages(scene).items()}
    assert statuses == {name: 200 if name in EXPECTED[role] else 404 for name in statuses}


def test_a_host_lists_only_its_own_sessions_with_names_only(scene, client_as):
    listing = client_as("company").get(reverse("events:host_session_list")).content.decode()
    assert "Rundgang A" in listing and "Rundgang B" not in listing
    other = client_as("other_host").get(reverse("events:host_session_list")).content.decode()
    assert "Rundgang B" in other and "Rundgang A" not in other
    partner = client_as("partner").get(reverse("events:host_session_list")).content.decode()
    assert "Rundgang" not in partner and "Keine kommende Führung." in partner

    page = client_as("company").get(reverse("events:host_session_detail", args=[scene["a"].pk]))
    html = page.content.decode()
    names = re.findall(r'<th scope="row" class="kern-table__cell">([^<]+)</th>', html)
    assert names == ["Anna Abel", "Bert Bauer", "Cem Celik"]  # confirmed only, by name
    assert "3 Anmeldungen" in html and "3 von 3 belegt" in html
    for private in ("anna@example.org", "Gymnasium Nord", "Xaver", "Dora", "Emil"):
        assert private not in html
    assert 'href="?druck=1"' in html and "Liste drucken" in html

    printed = client_as("company").get(
        reverse("events:host_session_detail", args=[scene["a"].pk]), {"druck": "1"}
    )
    printed_html = printed.content.decode()
    assert "site-nav" not in printed_html and "anna@example.org" not in printed_html
    assert re.findall(r'<th scope="row" class="kern-table__cell">([^<]+)</th>', printed_html) == [
        "Anna Abel",
        "Bert Bauer",
        "Cem Celik",
    ]


def _event_post() -> dict[str, str]:
    return {
        "kind": "workshop",
        "title": "Workshop Fachkräfte",
        "description": "",
        "venue": "Rathaus",
        "starts_at": in_days(40, 9).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": in_days(40, 13).strftime("%Y-%m-%dT%H:%M"),
        "status": "published",
        "is_public": "on",
        "target_groups": ["companies", "students"],
        "waitlist_mode": "direct",
        "offer_hours": "24",
    }


def _session_post(event: Event, **overrides) -> dict[str, str]:
    data = {
        "aktion": "fuehrung",
        "fuehrung-title": "Rundgang C",
        "fuehrung-starts_at": event.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "fuehrung-ends_at": event.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "fuehrung-capacity": "12",
        "fuehrung-language": "Deutsch",
    }
    data.update(overrides)
    return data


def _writes() -> tuple[int, ...]:
    return (
        Event.objects.count(),
        Session.objects.count(),
        Registration.objects.count(),
        Registration.objects.filter(checked_in_at__isnull=False).count(),
        WaitlistEntry.objects.filter(status="waiting").count(),
        CheckIn.objects.count(),
        AuditEvent.objects.count(),
        sum(Session.objects.values_list("capacity", flat=True)),
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "staff"])
def test_denied_posts_change_nothing(scene, client_as, role):
    client = client_as(role)
    event, session_a, session_b = scene["event"], scene["a"], scene["b"]
    before = _writes()
    posts = [
        (reverse("events:staff_event_create"), {**_event_post(), "initiative": "1"}),
        (reverse("events:staff_event_detail", args=[event.slug]), _session_post(event)),
        (
            reverse("events:staff_event_detail", args=[event.slug]),
            {"aktion": "plaetze", "session": str(session_a.pk), "capacity": "9"},
        ),
    ]
    # The door of a session the role does not host (the company hosts A, the other B).
    foreign = session_b if role == "company" else session_a
    foreign_code = (
        Registration.objects.filter(session=foreign, status="confirmed").values_list(
            "code", flat=True
        )
    ).first()
    posts.append(
        (
            reverse("events:checkin", args=[foreign.pk]),
            {"code": foreign_code, "nonce": "einmalig-12345"},
        )
    )
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert _writes() == before
    assert mail.outbox == []


def test_staff_create_an_event_with_hosts_from_the_register(scene, client_as, users):
    client = client_as("staff")
    data = {
        **_event_post(),
        "initiative": str(scene["event"].initiative.pk),
        "hosts": [str(scene["other"].pk)],
    }
    response = client.post(reverse("events:staff_event_create"), data)
    event = Event.objects.get(title="Workshop Fachkräfte")
    assert response.status_code == 302
    assert response["Location"] == reverse("events:staff_event_detail", args=[event.slug])
    assert list(event.hosts.all()) == [scene["other"]]
    assert sorted(event.target_groups) == ["companies", "students"]
    assert (
        AuditEvent.objects.filter(action="events.event.create", actor=users["staff"]).count() == 1
    )


def test_event_form_errors_are_german_and_nothing_is_written(scene, client_as):
    data = {**_event_post(), "initiative": str(scene["event"].initiative.pk)}
    data["ends_at"] = in_days(39, 9).strftime("%Y-%m-%dT%H:%M")  # before the start
    data["registration_opens_at"] = in_days(10, 9).strftime("%Y-%m-%dT%H:%M")
    data["registration_closes_at"] = in_days(5, 9).strftime("%Y-%m-%dT%H:%M")
    before = Event.objects.count()
    response = client_as("staff").post(reverse("events:staff_event_create"), data)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben." in response.content.decode()
    assert Event.objects.count() == before


def test_staff_add_a_session_and_errors_stay_in_the_form(scene, client_as):
    client = client_as("staff")
    event = scene["event"]
    url = reverse("events:staff_event_detail", args=[event.slug])
    outside = _session_post(
        event, **{"fuehrung-ends_at": in_days(31, 2).strftime("%Y-%m-%dT%H:%M")}
    )
    refused = client.post(url, outside)
    assert refused.status_code == 200
    assert "Die Führung muss innerhalb der Veranstaltung liegen." in refused.content.decode()
    assert not Session.objects.filter(title="Rundgang C").exists()

    created = client.post(url, _session_post(event, **{"fuehrung-host": str(scene["other"].pk)}))
    assert created.status_code == 302
    session = Session.objects.get(title="Rundgang C")
    assert (session.capacity, session.host, session.event) == (12, scene["other"], event)
    assert "Die Führung „Rundgang C“ ist angelegt." in client.get(url).content.decode()


def test_capacity_below_the_taken_seats_is_refused_in_german(scene, client_as):
    client = client_as("staff")
    session = scene["a"]
    url = reverse("events:staff_event_detail", args=[scene["event"].slug])
    response = client.post(
        url, {"aktion": "plaetze", "session": str(session.pk), "capacity": "2"}, follow=True
    )
    assert "Rundgang A: 3 Plätze sind vergeben; weniger Plätze sind nicht möglich." in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.capacity == 3
    assert not AuditEvent.objects.filter(action="events.session.capacity").exists()


def test_more_seats_go_to_the_waiting_list_first(scene, client_as):
    session = scene["a"]
    response = client_as("staff").post(
        reverse("events:staff_event_detail", args=[scene["event"].slug]),
        {"aktion": "plaetze", "session": str(session.pk), "capacity": "4"},
        follow=True,
    )
    assert "Rundgang A hat jetzt 4 Plätze." in response.content.decode()
    dora = Registration.objects.get(email="dora@example.org")
    assert dora.status == "confirmed" and dora.from_waitlist
    assert WaitlistEntry.objects.get(email="dora@example.org").status == "promoted"


def test_a_session_of_another_event_is_not_changed_through_this_page(scene, client_as):
    stranger = SessionFactory(title="Fremde Führung", capacity=5)
    response = client_as("staff").post(
        reverse("events:staff_event_detail", args=[scene["event"].slug]),
        {"aktion": "plaetze", "session": str(stranger.pk), "capacity": "50"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.capacity == 5


def _session_row(html: str, session_id: int) -> list[int]:
    row = re.search(
        rf'<tr class="kern-table__row" id="fuehrung-{session_id}">(.*?)</tr>', html, re.S
    )
    assert row is not None
    cells = re.findall(
        r'<td class="kern-table__cell kern-table__cell--numeric">([^<]*)</td>', row.group(1)
    )
    return [int(cell.strip().rstrip(" %")) for cell in cells]


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found is not None
    return found.group(1).strip()


def test_staff_event_page_shows_the_apis_numbers(scene, client_as, api_token_for):
    event = scene["event"]
    html = client_as("staff").get(reverse("events:staff_event_detail", args=[event.slug]))
    html = html.content.decode()
    api = client_as("anonymous").get(f"/api/v1/events/{event.pk}", headers=api_token_for("staff"))
    sessions = {s["id"]: s for s in api.json()["sessions"]}
    for session in (scene["a"], scene["b"]):
        capacity, confirmed, offered, available, waiting, percent = _session_row(html, session.pk)
        from_api = sessions[session.pk]
        assert (capacity, available, waiting) == (
            from_api["capacity"],
            from_api["available"],
            from_api["waitlist_length"],
        )
        # the API has no confirmed count (its `available` is clamped at 0): the rows are it
        assert confirmed == Registration.objects.filter(session=session, status="confirmed").count()
    assert _session_row(html, scene["a"].pk) == [3, 3, 0, 0, 1, 100]
    assert _session_row(html, scene["b"].pk) == [2, 1, 0, 1, 0, 50]
    assert [_figure(html, n) for n in ("sessions", "capacity", "confirmed", "fill", "waiting")] == [
        "2",
        "5",
        "4",
        "80 %",
        "1",
    ]
    # the waiting list, with e-mail for staff
    assert "Warteliste: Rundgang A" in html and "dora@example.org" in html
    # attendance by target group: pupils 2 registered (Anna, Emil), 1 checked in (Emil)
    pupils = re.search(
        r"<th scope=\"row\" class=\"kern-table__cell\">Schüler\*innen</th>(.*?)</tr>", html, re.S
    )
    assert pupils is not None
    assert re.findall(r">([^<]+)</td>", pupils.group(1)) == ["2", "1", "1", "50,0 %", "50,0 %"]


def test_staff_event_list_shows_fill_rates(scene, client_as):
    html = client_as("staff").get(reverse("events:staff_event_list")).content.decode()
    row = re.search(r"Lange Nacht Teststadt</a>(.*?)</tr>", html, re.S)
    assert row is not None
    numbers = re.findall(
        r'<td class="kern-table__cell kern-table__cell--numeric">([^<]*)</td>', row.group(1)
    )
    assert numbers == ["2", "5", "4", "80 %", "1"]


EXPORT_HEADER = [
    "Führung",
    "Beginn",
    "Liste",
    "Name",
    "E-Mail",
    "Zielgruppe",
    "Status",
    "Eingecheckt",
    "Angemeldet am",
    "Schule",
]


def _expected_rows(scene) -> list[list[str]]:
    from django.utils import timezone

    def local(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")

    a, b = scene["a"], scene["b"]
    rows = []
    for r in Registration.objects.filter(session=a).order_by("name"):
        rows.append(
            [
                "Rundgang A",
                local(a.starts_at),
                "Anmeldung",
                r.name,
                r.email,
                r.get_target_group_display(),
                r.get_status_display(),
                "nein",
                local(r.created_at),
                r.answers.get("schule", ""),
            ]
        )
    dora = WaitlistEntry.objects.get(email="dora@example.org")
    rows.append(
        [
            "Rundgang A",
            local(a.starts_at),
            "Warteliste",
            "Dora Dahl",
            "dora@example.org",
            "Schüler*innen",
            "wartet",
            "",
            local(dora.created_at),
            "",
        ]
    )
    emil = Registration.objects.get(email="emil@example.org")
    rows.append(
        [
            "Rundgang B",
            local(b.starts_at),
            "Anmeldung",
            "Emil Engel",
            "emil@example.org",
            "Schüler*innen",
            "bestätigt",
            local(emil.checked_in_at),
            local(emil.created_at),
            "",
        ]
    )
    return rows


def test_csv_export_holds_exactly_the_rows(scene, client_as):
    response = client_as("staff").get(
        reverse("events:staff_event_export", args=[scene["event"].slug, "csv"])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="anmeldungen-lange-nacht-teststadt-'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == EXPORT_HEADER
    assert table[1:] == _expected_rows(scene)
    assert [row[6] for row in table[1:5]] == ["bestätigt", "bestätigt", "bestätigt", "storniert"]


def test_xlsx_export_holds_the_same_rows(scene, client_as):
    response = client_as("staff").get(
        reverse("events:staff_event_export", args=[scene["event"].slug, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook.worksheets[0]
    table = [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert sheet.title == "Anmeldungen"
    assert table == [EXPORT_HEADER, *_expected_rows(scene)]


def test_export_writes_formulas_as_text_and_other_formats_are_404(scene, client_as):
    RegistrationFactory(session=scene["b"], name='=HYPERLINK("http://x")', email="f@example.org")
    client = client_as("staff")
    body = client.get(
        reverse("events:staff_event_export", args=[scene["event"].slug, "csv"])
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert (
        client.get(
            f"/verwaltung/veranstaltungen/{scene['event'].slug}/anmeldungen.json"
        ).status_code
        == 404
    )


def _add_registrations(session, count: int) -> None:
    for index in range(count):
        RegistrationFactory(
            session=session, name=f"Viele {index}", email=f"viele{index}@example.org"
        )
        WaitlistEntryFactory(session=session, email=f"warte{index}@example.org")


def test_staff_event_page_query_count_does_not_grow(scene, client_as, django_assert_num_queries):
    client = client_as("staff")
    url = reverse("events:staff_event_detail", args=[scene["event"].slug])
    client.get(url)  # the session and the user are loaded once per request anyway
    with django_assert_num_queries(STAFF_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    for _index in range(8):
        _add_registrations(SessionFactory(event=scene["event"], host=scene["other"]), 6)
    with django_assert_num_queries(STAFF_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_staff_list_and_host_list_query_counts_do_not_grow(
    scene, client_as, django_assert_num_queries, own_company
):
    staff, host = client_as("staff"), client_as("company")
    list_url, host_url = reverse("events:staff_event_list"), reverse("events:host_session_list")
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        staff.get(list_url)
    with django_assert_num_queries(HOST_LIST_QUERIES):
        host.get(host_url)
    for _index in range(6):
        event = EventFactory()
        for _ in range(3):
            _add_registrations(SessionFactory(event=event, host=own_company), 3)
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        staff.get(list_url)
    with django_assert_num_queries(HOST_LIST_QUERIES):
        html = host.get(host_url).content.decode()
    assert html.count("Einlass öffnen") == 1 + 18


def test_host_attendee_list_query_count_does_not_grow(scene, client_as, django_assert_num_queries):
    client = client_as("company")
    url = reverse("events:host_session_detail", args=[scene["a"].pk])
    with django_assert_num_queries(HOST_DETAIL_QUERIES):
        client.get(url)
    _add_registrations(scene["a"], 30)
    with django_assert_num_queries(HOST_DETAIL_QUERIES):
        html = client.get(url).content.decode()
    assert "33 Anmeldungen" in html


# Pinned so that a new N+1 fails. Every page: the session, the user (staff: their second
# factor); then the page's own reads (staff event page: event, hosts, sessions with their
# counts, waiting lists, attendance, initiatives of the switcher, the host choices (count
# and rows); staff list: events, sessions, initiatives; host pages: sessions with counts,
# organisation or names, initiatives).
STAFF_PAGE_QUERIES = 11
STAFF_LIST_QUERIES = 6
HOST_LIST_QUERIES = 5
HOST_DETAIL_QUERIES = 5


def test_staff_area_links_to_the_event_pages(scene, client_as):
    back_office = client_as("staff").get(reverse("web:back_office")).content.decode()
    assert reverse("events:staff_event_list") in back_office
    company_home = client_as("company").get(reverse("web:home")).content.decode()
    assert reverse("events:host_session_list") in company_home
    public_home = client_as("public").get(reverse("web:home")).content.decode()
    assert reverse("events:host_session_list") not in public_home
    assert reverse("events:staff_event_list") not in company_home
