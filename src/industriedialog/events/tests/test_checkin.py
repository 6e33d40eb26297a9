"""The check-in page at the door and the check-in API: each result in words, a replayed
nonce answers with the first result and records one scan, the live count and the failed
scans by reason, who may check in (staff and the session's host; API 401/403/404), and
the attendance rates that follow from the scans."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import UserFactory
from industriedialog.events.models import CheckIn, Registration
from industriedialog.events.selectors import attendance_by_group

from .factories import EventFactory, RegistrationFactory, SessionFactory


@pytest.fixture
def door(users, own_company):
    """A session hosted by the `company` user's firm with four people, a cancelled
    registration, and another host's session of the same event."""
    event = EventFactory(title="Lange Nacht Einlass", slug="lange-nacht-einlass")
    session = SessionFactory(event=event, host=own_company, title="Werkstor", capacity=20)
    other = SessionFactory(
        event=event, host=OrganisationFactory(name="Nachbarwerk AG"), title="Nachbartor"
    )
    people = {
        name: RegistrationFactory(
            session=session,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            target_group=group,
        )
        for name, group in [
            ("Ada Acker", "pupils"),
            ("Ben Berg", "pupils"),
            ("Cora Claes", "students"),
            ("Dirk Dorn", "citizens"),
        ]
    }
    cancelled = RegistrationFactory(
        session=session, name="Eva Ende", status=Registration.Status.CANCELLED
    )
    elsewhere = RegistrationFactory(session=other, name="Fritz Fern")
    return {
        "event": event,
        "session": session,
        "other": other,
        "people": people,
        "cancelled": cancelled,
        "elsewhere": elsewhere,
    }


def _url(session) -> str:
    return reverse("events:checkin", args=[session.pk])


def _nonce(html: str) -> str:
    found = re.search(r'name="nonce" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _scan(client, session, code: str, nonce: str | None = None):
    """Open the page, post the code with the page's nonce, follow to the result."""
    if nonce is None:
        nonce = _nonce(client.get(_url(session)).content.decode())
    response = client.post(_url(session), {"code": code, "nonce": nonce})
    assert response.status_code == 302
    assert response["Location"].startswith(_url(session) + "?scan=")
    return client.get(response["Location"]).content.decode(), nonce


def _result(html: str) -> tuple[str, str]:
    found = re.search(
        r'data-checkin-result="([a-z_]+)".*?<p class="checkin-result__headline">([^<]+)</p>',
        html,
        re.S,
    )
    assert found is not None, "kein Ergebnis auf der Seite"
    return found.group(1), found.group(2)


def test_the_page_is_built_for_the_door(door, client_for):
    html = client_for("company").get(_url(door["session"])).content.decode()
    assert 'name="code"' in html and "autofocus" in html and 'autocomplete="off"' in html
    assert 'src="/static/events/checkin.js"' in html and "<script>" not in html
    assert "0 von 4 eingecheckt" in html
    assert len(_nonce(html)) >= 16
    # every render has a fresh nonce
    assert _nonce(client_for("company").get(_url(door["session"])).content.decode()) != _nonce(html)


@pytest.mark.parametrize("role", ["company", "staff"])
def test_each_result_is_shown_in_words(door, client_for, role):
    client = client_for(role)
    session, ada = door["session"], door["people"]["Ada Acker"]

    html, _nonce_used = _scan(client, session, ada.code.lower())  # typed in lower case
    assert _result(html) == ("ok", "Eingecheckt: Ada Acker")
    assert "1 von 4 eingecheckt" in html
    # the field that has the focus next is described by the result (screen readers)
    assert 'aria-describedby="checkin-result id_code-hint"' in html

    html, _nonce_used = _scan(client, session, ada.code)
    assert _result(html) == ("already_checked_in", "Bereits eingecheckt")
    assert "Ada Acker ist seit" in html

    html, _nonce_used = _scan(client, session, "ZZZZZZZZZZ")
    assert _result(html) == ("unknown", "Unbekannter Code")
    assert "Zu diesem Code gibt es keine Anmeldung." in html

    html, _nonce_used = _scan(client, session, door["cancelled"].code)
    assert _result(html) == ("cancelled", "Storniert")
    assert "Die Anmeldung von Eva Ende ist storniert." in html

    html, _nonce_used = _scan(client, session, door["elsewhere"].code)
    assert _result(html) == ("wrong_session", "Andere Führung")
    # a host does not learn who registered for another host's session
    assert ("Fritz Fern" in html) is False
    if role == "staff":
        assert "Dieses Ticket gilt für: Nachbartor" in html

    assert "1 von 4 eingecheckt" in html
    assert "4 abgewiesene Scans" in html
    for line in (
        "unbekannter Code: 1",
        "Anmeldung storniert: 1",
        "andere Führung: 1",
        "bereits eingecheckt: 1",
    ):
        assert f"<li>{line}</li>" in html
    recent = re.search(r'<caption class="kern-title" id="letzte-caption">Letzte Scans', html)
    assert recent is not None
    assert CheckIn.objects.filter(session=session).count() == 5
    assert list(
        CheckIn.objects.filter(session=session).values_list("result", flat=True).order_by("id")
    ) == ["ok", "already_checked_in", "unknown", "cancelled", "wrong_session"]


def test_a_replayed_nonce_answers_with_the_first_result_and_records_one_scan(door, client_for):
    client = client_for("company")
    session, ben = door["session"], door["people"]["Ben Berg"]
    html, nonce = _scan(client, session, ben.code)
    assert _result(html) == ("ok", "Eingecheckt: Ben Berg")
    first = CheckIn.objects.get()

    # The phone lost the answer and sends the same form again.
    again = client.post(_url(session), {"code": ben.code, "nonce": nonce})
    assert again["Location"] == f"{_url(session)}?scan={first.pk}&wiederholt=1"
    html = client.get(again["Location"]).content.decode()
    assert _result(html) == ("ok", "Eingecheckt: Ben Berg")
    assert "es gilt das erste Ergebnis" in html
    assert CheckIn.objects.count() == 1
    assert AuditEvent.objects.filter(action="events.registration.check_in").count() == 1
    # even with another code the nonce stands for the first scan
    other = client.post(_url(session), {"code": "ZZZZZZZZZZ", "nonce": nonce})
    assert other["Location"] == f"{_url(session)}?scan={first.pk}&wiederholt=1"
    assert CheckIn.objects.count() == 1


def test_an_empty_code_is_refused_in_german_and_keeps_the_nonce(door, client_for):
    client = client_for("company")
    response = client.post(_url(door["session"]), {"code": "  ", "nonce": "nonce-leer-0001"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte einen Ticketcode eingeben oder scannen." in html
    assert _nonce(html) == "nonce-leer-0001"
    assert CheckIn.objects.count() == 0


def test_a_scan_of_another_session_is_not_shown_here(door, client_for, users):
    staff = client_for("staff")
    _scan(staff, door["other"], door["elsewhere"].code)
    foreign = CheckIn.objects.get(session=door["other"])
    html = client_for("company").get(_url(door["session"]), {"scan": foreign.pk}).content.decode()
    assert "data-checkin-result" not in html


@pytest.mark.parametrize("role", ["anonymous", "public", "partner"])
def test_others_get_404_and_nothing_is_recorded(door, client_for, role):
    client = client_for(role)
    code = door["people"]["Ada Acker"].code
    assert client.get(_url(door["session"])).status_code == 404
    response = client.post(_url(door["session"]), {"code": code, "nonce": "fremder-0001"})
    assert response.status_code == 404
    assert CheckIn.objects.count() == 0
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert not AuditEvent.objects.exists()


def test_a_host_cannot_check_in_at_another_hosts_door(door, client_for):
    client = client_for("company")
    assert client.get(_url(door["other"])).status_code == 404
    response = client.post(
        _url(door["other"]), {"code": door["elsewhere"].code, "nonce": "fremde-tuer-01"}
    )
    assert response.status_code == 404
    assert CheckIn.objects.count() == 0


# --- the API -------------------------------------------------------------------------------


def _api(client, headers, session, code, nonce="api-nonce-0001"):
    return client.post(
        "/api/v1/checkins",
        {"code": code, "nonce": nonce, "session_id": session.pk},
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("public", 403), ("partner", 403), ("company", 200), ("staff", 200)],
)
def test_api_check_in_by_role(door, client, api_token_for, role, status):
    ada = door["people"]["Ada Acker"]
    response = _api(client, api_token_for(role), door["session"], ada.code)
    assert response.status_code == status, response.content
    if status == 200:
        body = response.json()
        assert body == {
            "result": "ok",
            "result_label": "eingecheckt",
            "ok": True,
            "name": "Ada Acker",
            "replayed": False,
            "checked_in": 1,
            "capacity": 20,
        }
        again = _api(client, api_token_for(role), door["session"], ada.code).json()
        assert again["replayed"] is True and again["result"] == "ok"
        assert CheckIn.objects.count() == 1
    else:
        assert response.json()["detail"]
        assert CheckIn.objects.count() == 0
        ada.refresh_from_db()
        assert ada.checked_in_at is None


def test_api_unknown_session_is_404(door, client, api_token_for):
    response = _api(client, api_token_for("staff"), door["session"], "X")
    assert response.status_code == 200  # the session exists: an unknown code is a result
    missing = client.post(
        "/api/v1/checkins",
        {"code": "X", "nonce": "api-nonce-0404", "session_id": 999999},
        content_type="application/json",
        headers=api_token_for("staff"),
    )
    assert missing.status_code == 404


def test_api_host_of_another_session_is_refused(door, client, api_token_for):
    response = _api(client, api_token_for("company"), door["other"], door["elsewhere"].code)
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_api_works_with_the_browser_session_of_a_host(door, client_for):
    response = _api(client_for("company"), {}, door["session"], door["people"]["Ben Berg"].code)
    assert response.status_code == 200
    assert response.json()["name"] == "Ben Berg"


def test_page_and_api_share_the_nonce(door, client_for, api_token_for, client):
    """A scan sent by the page and retried through the API (or the other way) counts once."""
    html, nonce = _scan(client_for("company"), door["session"], door["people"]["Cora Claes"].code)
    body = _api(
        client, api_token_for("company"), door["session"], door["people"]["Cora Claes"].code, nonce
    ).json()
    assert body["replayed"] is True and body["checked_in"] == 1
    assert CheckIn.objects.count() == 1


# --- attendance ----------------------------------------------------------------------------


def test_attendance_and_no_show_rates_by_target_group(door, client_for):
    client = client_for("staff")
    people = door["people"]
    for name in ("Ada Acker", "Cora Claes"):
        _scan(client, door["session"], people[name].code)
    _scan(client, door["session"], people["Ada Acker"].code)  # a second scan is not a person
    rows = {row.target_group: row for row in attendance_by_group(event=door["event"])}
    pupils, students, citizens = rows["pupils"], rows["students"], rows["citizens"]
    assert (pupils.registered, pupils.attended, pupils.no_shows) == (2, 1, 1)
    assert (pupils.attendance_rate, pupils.no_show_rate) == (0.5, 0.5)
    assert (students.registered, students.attended, students.attendance_rate) == (1, 1, 1.0)
    assert (citizens.registered, citizens.attended, citizens.no_show_rate) == (2, 0, 1.0)
    assert rows["companies"].attendance_rate is None
    # the staff page shows the same figures
    html = client.get(reverse("events:staff_event_detail", args=[door["event"].slug]))
    row = re.search(
        r'<th scope="row" class="kern-table__cell">Studierende</th>(.*?)</tr>',
        html.content.decode(),
        re.S,
    )
    assert row is not None
    assert re.findall(r">([^<]+)</td>", row.group(1)) == ["1", "1", "0", "100,0 %", "0,0 %"]


def test_a_cancelled_registration_does_not_count_as_a_no_show(door):
    rows = {row.target_group: row for row in attendance_by_group(session=door["session"])}
    # Eva Ende (cancelled, citizens) is not in the registered count; Fritz is elsewhere.
    assert rows["citizens"].registered == 1


def test_a_company_member_without_hosting_has_no_door(door, client_for, own_company):
    outsider = UserFactory(
        username="ohne-fuehrung",
        role="company",
        organisation=OrganisationFactory(name="Ohne Führung GmbH"),
    )
    from django.test import Client

    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(_url(door["session"])).status_code == 404


def test_out_of_range_ids_match_nothing(door, client_for):
    staff = client_for("staff")
    huge = "9" * 25
    page = staff.get(_url(door["session"]), {"scan": huge})
    assert page.status_code == 200 and "data-checkin-result" not in page.content.decode()
    assert staff.get(f"/einlass/{huge}/").status_code == 404
    assert staff.get(f"/gastgeber/fuehrungen/{huge}/").status_code == 404
    response = staff.post(
        reverse("events:staff_event_detail", args=[door["event"].slug]),
        {"aktion": "plaetze", "session": huge, "capacity": "5"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("public", 404), ("partner", 404), ("company", 200), ("staff", 200)],
)
def test_the_live_count_for_the_door(door, client_for, role, status):
    """Another door checked two people in and refused one: the count says so."""
    staff = client_for("staff")
    for code in (door["people"]["Ada Acker"].code, door["people"]["Ben Berg"].code, "ZZZZZZZZZZ"):
        _scan(staff, door["session"], code)
    response = client_for(role).get(reverse("events:checkin_count", args=[door["session"].pk]))
    assert response.status_code == status
    if status == 200:
        assert response.json() == {
            "checked_in": 2,
            "expected": 4,
            "failed": 1,
            "text": "2 von 4 eingecheckt",
        }
        assert response["Cache-Control"] == "no-store"


def test_a_host_reads_no_count_of_another_door(door, client_for):
    url = reverse("events:checkin_count", args=[door["other"].pk])
    assert client_for("company").get(url).status_code == 404
