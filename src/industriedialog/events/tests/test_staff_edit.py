"""Staff edit events and sessions: the pages show the current values, a change is saved
and audited with the changed fields, bad input changes nothing and says why in German,
everybody else gets 404 and changes nothing, cancelling an event closes its registration
(page and API), and the check-in page and API agree on who may scan at which door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.events import services
from industriedialog.events.models import CheckIn, Event, Registration, Session
from industriedialog.events.selectors import session_for_checkin

from .factories import EventFactory, RegistrationFactory, SessionFactory, in_days

ISO = "%Y-%m-%dT%H:%M"


def _local(value: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime(ISO)


@pytest.fixture
def scene(users, own_company):
    other = OrganisationFactory(name="Nachbarwerk AG", kind="company")
    event = EventFactory(
        title="Lange Nacht Bearbeiten",
        slug="lange-nacht-bearbeiten",
        description="Alte Beschreibung",
        target_groups=["pupils", "students", "citizens"],
        questions=[{"key": "schule", "label": "Ihre Schule", "required": False}],
        # Whole minutes, as the form's fields have them.
        registration_opens_at=in_days(-1, 9),
    )
    event.hosts.set([own_company])
    session = SessionFactory(
        event=event,
        host=own_company,
        title="Rundgang Halle 1",
        capacity=10,
        target_groups=["pupils"],
    )
    ada = RegistrationFactory(
        session=session, name="Ada Acker", email="ada@example.org", target_group="pupils"
    )
    return {"event": event, "session": session, "other": other, "ada": ada}


def _event_post(event: Event, **overrides) -> dict:
    data = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "venue": event.venue,
        "starts_at": _local(event.starts_at),
        "ends_at": _local(event.ends_at),
        "status": event.status,
        "is_public": "on",
        "registration_opens_at": _local(event.registration_opens_at),
        "registration_closes_at": "",
        "target_groups": list(event.target_groups),
        "max_sessions_per_person": "",
        "waitlist_mode": event.waitlist_mode,
        "offer_hours": str(event.offer_hours),
        "participants_expected": "",
        "questions": "Ihre Schule",
        "hosts": [str(pk) for pk in event.hosts.values_list("pk", flat=True)],
    }
    data.update(overrides)
    return data


def _session_post(session: Session, **overrides) -> dict:
    data = {
        "fuehrung-title": session.title,
        "fuehrung-host": str(session.host_id or ""),
        "fuehrung-starts_at": _local(session.starts_at),
        "fuehrung-ends_at": _local(session.ends_at),
        "fuehrung-place": session.place,
        "fuehrung-target_groups": list(session.target_groups),
        "fuehrung-accessibility_notes": session.accessibility_notes,
        "fuehrung-language": session.language,
        "fuehrung-description": session.description,
    }
    data.update(overrides)
    return data


def _event_url(event: Event) -> str:
    return reverse("events:staff_event_update", args=[event.slug])


def _session_url(session: Session) -> str:
    return reverse("events:staff_session_update", args=[session.pk])


def _snapshot() -> tuple:
    """Every column the edit pages could touch, plus the audit log."""
    events = list(Event.objects.order_by("pk").values())
    sessions = list(Session.objects.order_by("pk").values())
    hosts = sorted(Event.hosts.through.objects.values_list("event_id", "organisation_id"))
    return events, sessions, hosts, AuditEvent.objects.count()


# --- the event -----------------------------------------------------------------------------


def test_the_staff_event_page_links_to_both_edit_pages(scene, client_for):
    html = client_for("staff").get(reverse("events:staff_event_detail", args=[scene["event"].slug]))
    page = html.content.decode()
    assert f'href="{_event_url(scene["event"])}"' in page
    assert f'href="{_session_url(scene["session"])}"' in page


def test_the_event_form_shows_the_current_values(scene, client_for):
    page = client_for("staff").get(_event_url(scene["event"])).content.decode()
    assert 'value="Lange Nacht Bearbeiten"' in page
    assert "Alte Beschreibung</textarea>" in page
    assert "Ihre Schule</textarea>" in page
    assert 'value="cancelled"' in page and "abgesagt" in page
    event = scene["event"]
    assert f'name="starts_at" id="id_starts_at" value="{_local(event.starts_at)}"' in page
    host = scene["session"].host_id
    assert f'name="hosts" value="{host}" id="id_hosts_0" checked>' in page
    assert 'value="published" selected' in page
    assert 'id="id_initiative"' not in page  # an event stays in its initiative
    assert "Änderungen speichern" in page


def test_staff_edit_an_event_and_the_change_is_audited(scene, client_for, users):
    event, other = scene["event"], scene["other"]
    data = _event_post(
        event,
        title="Lange Nacht 2027",
        venue="Tivoli",
        max_sessions_per_person="2",
        waitlist_mode="offer",
        offer_hours="48",
        questions="Ihre Schule *\nWie reisen Sie an?",
        hosts=[str(other.pk)],
        is_public="",
    )
    client = client_for("staff")
    response = client.post(_event_url(event), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:staff_event_detail", args=[event.slug])
    event.refresh_from_db()
    assert (event.title, event.venue, event.is_public) == ("Lange Nacht 2027", "Tivoli", False)
    assert (event.max_sessions_per_person, event.waitlist_mode, event.offer_hours) == (
        2,
        "offer",
        48,
    )
    # The question that kept its wording keeps its key (the answers are stored by key).
    assert event.questions == [
        {"key": "schule", "label": "Ihre Schule", "required": True},
        {"key": "wie-reisen-sie-an", "label": "Wie reisen Sie an?", "required": False},
    ]
    assert list(event.hosts.all()) == [other]
    entry = AuditEvent.objects.get(action="events.event.update")
    assert entry.actor == users["staff"] and entry.object_id == str(event.pk)
    assert sorted(entry.data["changed"]) == sorted(
        [
            "title",
            "venue",
            "is_public",
            "max_sessions_per_person",
            "waitlist_mode",
            "offer_hours",
            "questions",
            "hosts",
        ]
    )
    assert entry.data["hosts"] == {"from": [scene["session"].host_id], "to": [other.pk]}
    follow = client.get(response["Location"]).content.decode()
    assert "Die Veranstaltung „Lange Nacht 2027“ ist gespeichert." in follow


def test_an_unchanged_form_records_no_changed_field(scene, client_for):
    event = scene["event"]
    assert client_for("staff").post(_event_url(event), _event_post(event)).status_code == 302
    assert AuditEvent.objects.get(action="events.event.update").data["changed"] == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"ends_at": _local(in_days(29, 9))}, "Das Ende muss nach dem Beginn liegen."),
        (
            {
                "registration_opens_at": _local(in_days(10, 9)),
                "registration_closes_at": _local(in_days(5, 9)),
            },
            "Die Anmeldung muss nach ihrem Beginn enden.",
        ),
        (
            # The session (an hour after the start) would lie outside the event.
            {"starts_at": _local(in_days(30, 20))},
            "Die Führung „Rundgang Halle 1“ läge außerhalb der Veranstaltung.",
        ),
        (
            # The session admits pupils; the event would no longer.
            {"target_groups": ["students"]},
            "Die Führung „Rundgang Halle 1“ lässt Zielgruppen zu, die die Veranstaltung "
            "dann nicht mehr hätte.",
        ),
        ({"offer_hours": "0"}, "Bitte prüfen Sie Ihre Eingaben."),
        ({"status": "archiviert"}, "Bitte prüfen Sie Ihre Eingaben."),
    ],
)
def test_bad_event_input_changes_nothing_and_says_why_in_german(
    scene, client_for, overrides, message
):
    event = scene["event"]
    before = _snapshot()
    response = client_for("staff").post(
        _event_url(event), _event_post(event, hosts=[str(scene["other"].pk)], **overrides)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Lange Nacht Bearbeiten bearbeiten" in page  # the heading keeps the old title
    assert _snapshot() == before


def test_the_service_restores_the_event_object_on_a_refusal(scene, users):
    event = scene["event"]
    with pytest.raises(services.ValidationError):
        services.event_update(
            actor=users["staff"],
            event=event,
            data={"title": "Neu", "target_groups": ["unbekannt"]},
        )
    assert (event.title, event.target_groups) == (
        "Lange Nacht Bearbeiten",
        ["pupils", "students", "citizens"],
    )


def test_the_service_refuses_malformed_questions_in_german(scene, users):
    with pytest.raises(services.ValidationError) as error:
        services.event_update(
            actor=users["staff"],
            event=scene["event"],
            data={"questions": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]},
        )
    assert error.value.message_dict["questions"] == [
        "Die Zusatzfragen sind ungültig: der Schlüssel „a“ kommt doppelt vor"
    ]
    scene["event"].refresh_from_db()
    assert scene["event"].questions == [
        {"key": "schule", "label": "Ihre Schule", "required": False}
    ]


# --- cancelling ----------------------------------------------------------------------------


def test_cancelling_an_event_closes_the_registration_on_page_and_api(scene, client_for, client):
    event, session = scene["event"], scene["session"]
    response = client_for("staff").post(_event_url(event), _event_post(event, status="cancelled"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and not event.registration_is_open()
    entry = AuditEvent.objects.get(action="events.event.update")
    assert entry.data["status"] == {"from": "published", "to": "cancelled"}

    public = client.get(event.get_absolute_url()).content.decode()
    assert "Diese Veranstaltung fällt aus." in public and "abgesagt" in public
    staff_page = client_for("staff").get(response["Location"]).content.decode()
    assert "Diese Veranstaltung ist abgesagt. Die Anmeldung ist geschlossen." in staff_page

    refused = "Die Veranstaltung ist abgesagt. Eine Anmeldung ist nicht möglich."
    form = client.post(
        reverse("events:register", args=[event.slug, session.pk]),
        {"name": "Bea Bach", "email": "bea@example.org", "target_group": "pupils"},
    )
    # The page shows no form any more, only the state: „abgesagt – Die Veranstaltung fällt aus.“
    assert form.status_code == 200
    assert "abgesagt – Die Veranstaltung fällt aus." in form.content.decode()
    assert 'name="email"' not in form.content.decode()
    api = client.post(
        f"/api/v1/sessions/{session.pk}/registrations",
        {"name": "Bea Bach", "email": "bea@example.org", "target_group": "pupils"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["errors"] == [{"field": "session", "message": refused}]
    assert Registration.objects.filter(email="bea@example.org").count() == 0
    # The people already registered keep their seats (and can still be checked in).
    scene["ada"].refresh_from_db()
    assert scene["ada"].status == Registration.Status.CONFIRMED


# --- the session ---------------------------------------------------------------------------


def test_the_session_form_shows_the_current_values_without_the_seats(scene, client_for):
    page = client_for("staff").get(_session_url(scene["session"])).content.decode()
    assert 'value="Rundgang Halle 1"' in page
    assert 'name="fuehrung-capacity"' not in page
    assert f'<option value="{scene["session"].host_id}" selected>' in page
    assert 'value="pupils" id="id_fuehrung-target_groups_0" checked>' in page
    assert 'value="students" id="id_fuehrung-target_groups_1">' in page
    assert "Die Plätze ändern Sie in der Tabelle der Führungen." in page


def test_staff_edit_a_session_and_the_change_is_audited(scene, client_for, users):
    session, other = scene["session"], scene["other"]
    starts = session.starts_at + dt.timedelta(minutes=30)
    data = _session_post(
        session,
        **{
            "fuehrung-title": "Rundgang Halle 2",
            "fuehrung-host": str(other.pk),
            "fuehrung-starts_at": _local(starts),
            "fuehrung-place": "Tor 3",
            "fuehrung-target_groups": ["pupils", "students"],
            "fuehrung-accessibility_notes": "stufenlos",
            "fuehrung-language": "Englisch",
            "fuehrung-description": "Neu",
            "fuehrung-capacity": "99",  # not part of this form: ignored
        },
    )
    response = client_for("staff").post(_session_url(session), data)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("events:staff_event_detail", args=[scene["event"].slug]) + f"#fuehrung-{session.pk}"
    )
    session.refresh_from_db()
    assert (session.title, session.host, session.starts_at, session.place) == (
        "Rundgang Halle 2",
        other,
        starts,
        "Tor 3",
    )
    assert (session.target_groups, session.accessibility_notes, session.language) == (
        ["pupils", "students"],
        "stufenlos",
        "Englisch",
    )
    assert session.capacity == 10
    entry = AuditEvent.objects.get(action="events.session.update")
    assert entry.actor == users["staff"] and entry.object_id == str(session.pk)
    assert sorted(entry.data["changed"]) == [
        "accessibility_notes",
        "description",
        "host",
        "language",
        "place",
        "starts_at",
        "target_groups",
        "title",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fuehrung-title": ""}, "Dieses Feld ist zwingend erforderlich."),
        (
            {"fuehrung-ends_at": _local(in_days(31, 2))},
            "Die Führung muss innerhalb der Veranstaltung liegen.",
        ),
        ({"fuehrung-ends_at": _local(in_days(30, 17))}, "Das Ende muss nach dem Beginn liegen."),
        (
            # companies are not among the event's groups: not even a choice
            {"fuehrung-target_groups": ["companies"]},
            "Bitte prüfen Sie Ihre Eingaben.",
        ),
        ({"fuehrung-host": "999999"}, "Bitte prüfen Sie Ihre Eingaben."),
    ],
)
def test_bad_session_input_changes_nothing_and_says_why_in_german(
    scene, client_for, overrides, message
):
    session = scene["session"]
    before = _snapshot()
    response = client_for("staff").post(
        _session_url(session), _session_post(session, **{"fuehrung-place": "Tor 9", **overrides})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_the_session_service_validates_like_session_create(scene, users):
    session = scene["session"]
    with pytest.raises(services.ValidationError) as error:
        services.session_update(
            actor=users["staff"], session=session, data={"target_groups": ["companies"]}
        )
    assert error.value.message_dict["target_groups"] == [
        "Die Führung lässt Zielgruppen zu, die die Veranstaltung nicht hat."
    ]
    assert session.target_groups == ["pupils"]  # the object keeps its old value too
    with pytest.raises(services.ValidationError) as error:
        services.session_update(actor=users["staff"], session=session, data={"capacity": 3})
    assert error.value.message_dict["capacity"] == [
        "Die Plätze ändern Sie in der Tabelle der Führungen."
    ]
    with pytest.raises(services.PermissionDenied):
        services.session_update(actor=users["company"], session=session, data={"title": "X"})
    session.refresh_from_db()
    assert (session.title, session.capacity, session.target_groups) == (
        "Rundgang Halle 1",
        10,
        ["pupils"],
    )
    assert not AuditEvent.objects.filter(action="events.session.update").exists()


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_others_get_404_and_their_posts_change_nothing(scene, client_for, role):
    client = client_for(role)
    event, session = scene["event"], scene["session"]
    before = _snapshot()
    assert client.get(_event_url(event)).status_code == 404
    assert client.get(_session_url(session)).status_code == 404
    assert client.post(_event_url(event), _event_post(event, title="X")).status_code == 404
    posted = client.post(_session_url(session), _session_post(session, **{"fuehrung-title": "X"}))
    assert posted.status_code == 404
    assert _snapshot() == before


def test_unknown_event_or_session_is_404_for_staff(scene, client_for):
    client = client_for("staff")
    assert client.get(reverse("events:staff_event_update", args=["gibt-es-nicht"])).status_code == (
        404
    )
    assert client.get(reverse("events:staff_session_update", args=[999999])).status_code == 404


def test_staff_can_edit_a_draft_event_and_its_session(scene, client_for):
    event, session = scene["event"], scene["session"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    event.refresh_from_db()
    client = client_for("staff")
    assert client.get(_event_url(event)).status_code == 200
    response = client.post(_session_url(session), _session_post(session, **{"fuehrung-place": "B"}))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "B"


# --- check-in: the page and the API agree ------------------------------------------------


def _api_checkin(client, headers, session, code, nonce):
    return client.post(
        "/api/v1/checkins",
        {"code": code, "nonce": nonce, "session_id": session.pk},
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.CANCELLED])
@pytest.mark.parametrize("role", ["company", "staff"])
def test_the_host_and_staff_check_in_at_a_draft_or_cancelled_event(
    scene, client, client_for, api_token_for, role, status
):
    event, session, ada = scene["event"], scene["session"], scene["ada"]
    Event.objects.filter(pk=event.pk).update(status=status)
    assert client_for(role).get(reverse("events:checkin", args=[session.pk])).status_code == 200
    response = _api_checkin(client, api_token_for(role), session, ada.code, "entwurf-0001")
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "ok"
    ada.refresh_from_db()
    assert ada.checked_in_at is not None


@pytest.mark.parametrize("status", [Event.Status.PUBLISHED, Event.Status.DRAFT])
def test_others_are_refused_by_page_and_api_alike(scene, client, client_for, api_token_for, status):
    """Another firm's representative: 404 on the page; the API says 403 where the event is
    visible to them and 404 where it is not (a draft) — and never records a scan."""
    from industriedialog.core.tests.factories import UserFactory

    event, session, ada = scene["event"], scene["session"], scene["ada"]
    Event.objects.filter(pk=event.pk).update(status=status)
    stranger = UserFactory(username="nachbar", role="company", organisation=scene["other"])
    page_client = client.__class__()
    page_client.force_login(stranger, backend="django.contrib.auth.backends.ModelBackend")
    assert page_client.get(reverse("events:checkin", args=[session.pk])).status_code == 404

    from industriedialog.api.services import api_token_create

    _token, raw = api_token_create(actor=None, user=stranger, name="test")
    response = _api_checkin(
        client, {"Authorization": f"Bearer {raw}"}, session, ada.code, "fremd-00001"
    )
    assert response.status_code == (403 if status == Event.Status.PUBLISHED else 404)
    assert CheckIn.objects.count() == 0
    ada.refresh_from_db()
    assert ada.checked_in_at is None


def test_session_for_checkin_follows_may_check_in(scene, users):
    session = scene["session"]
    Event.objects.filter(pk=session.event_id).update(status=Event.Status.DRAFT)
    for role in ("company", "staff"):
        assert session_for_checkin(users[role], pk=session.pk) == session
    from django.http import Http404

    for role in ("public", "partner"):
        with pytest.raises(Http404):
            session_for_checkin(users[role], pk=session.pk)
