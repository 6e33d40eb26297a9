"""POST /api/v1/sessions/{id}/registrations: what a caller gets back (the answer is written
by hand on this hot path, so here it is held to the schema the OpenAPI document names),
and what the database holds afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from industriedialog.core.models import AuditEvent
from industriedialog.events.api import ConflictOut, RegistrationOut
from industriedialog.events.models import Registration, WaitlistEntry

from .factories import SessionFactory

pytestmark = pytest.mark.django_db

DUPLICATE = (
    "Mit dieser E-Mail-Adresse besteht für diese Führung schon eine Anmeldung oder ein Platz "
    "auf der Warteliste."
)


def post(client, session_id: int, body: dict):
    return client.post(
        f"/api/v1/sessions/{session_id}/registrations", body, content_type="application/json"
    )


def test_a_free_seat_is_confirmed_with_ticket_and_cancel_token(client):
    session = SessionFactory(capacity=1)
    answer = post(
        client,
        session.pk,
        {"name": "Ada A", "email": "ada@example.org", "target_group": "students"},
    )

    assert answer.status_code == 201
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    registration = Registration.objects.get(email="ada@example.org")
    body = answer.json()
    assert body == {
        "status": "confirmed",
        "position": None,
        "session_id": session.pk,
        "code": registration.code,
        "cancel_token": registration.cancel_token,
        "ticket_url": reverse("events:ticket", args=[registration.cancel_token]),
    }
    # Exactly the fields and types of the schema the API documents.
    assert RegistrationOut.model_validate(body).model_dump() == body
    assert AuditEvent.objects.filter(
        action="events.registration.create", object_id=str(registration.pk)
    ).exists()


def test_a_full_session_puts_the_person_on_the_waiting_list_with_its_position(client):
    session = SessionFactory(capacity=1)
    post(
        client,
        session.pk,
        {"name": "Ada A", "email": "ada@example.org", "target_group": "students"},
    )
    first = post(
        client, session.pk, {"name": "Bo B", "email": "bo@example.org", "target_group": "pupils"}
    )
    second = post(
        client,
        session.pk,
        {"name": "Cem C", "email": "cem@example.org", "target_group": "citizens"},
    )

    entries = {e.email: e for e in WaitlistEntry.objects.all()}
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == {
        "status": "waitlisted",
        "position": 1,
        "session_id": session.pk,
        "code": None,
        "cancel_token": entries["bo@example.org"].cancel_token,
        "ticket_url": None,
    }
    assert second.json()["position"] == 2
    assert RegistrationOut.model_validate(second.json()).model_dump() == second.json()
    assert Registration.objects.filter(session=session).count() == 1


def test_the_same_email_twice_is_refused_with_409_and_nothing_is_written(client):
    session = SessionFactory(capacity=1)
    body = {"name": "Ada A", "email": "ada@example.org", "target_group": "students"}
    post(client, session.pk, body)
    full = {"name": "Bo B", "email": "bo@example.org", "target_group": "students"}
    post(client, session.pk, full)
    before = (
        Registration.objects.count(),
        WaitlistEntry.objects.count(),
        AuditEvent.objects.count(),
    )

    for again in (body, full, {**body, "email": "ADA@Example.org"}):
        answer = post(client, session.pk, again)
        # The domain is compared without case; the local part as written.
        if again["email"] == "ADA@Example.org":
            assert answer.status_code == 201
            continue
        assert answer.status_code == 409
        assert answer.json() == {"detail": DUPLICATE}
        assert ConflictOut.model_validate(answer.json()).model_dump() == answer.json()
    assert (
        Registration.objects.count(),
        WaitlistEntry.objects.count(),
        AuditEvent.objects.count(),
    ) == (before[0], before[1] + 1, before[2] + 1)


def test_bad_input_gets_422_in_german_and_unknown_sessions_404(client):
    session = SessionFactory(capacity=5)
    bad = post(
        client, session.pk, {"name": " ", "email": "keine Adresse", "target_group": "aliens"}
    )
    missing = post(
        client,
        session.pk + 999,
        {"name": "Ada A", "email": "ada@example.org", "target_group": "students"},
    )

    assert bad.status_code == 422
    messages = {error["field"]: error["message"] for error in bad.json()["errors"]}
    assert messages == {
        "name": "Bitte Ihren Namen angeben.",
        "email": "Bitte eine gültige E-Mail-Adresse angeben.",
        "target_group": "Bitte eine Zielgruppe wählen.",
    }
    assert missing.status_code == 404
    assert Registration.objects.count() == WaitlistEntry.objects.count() == 0
