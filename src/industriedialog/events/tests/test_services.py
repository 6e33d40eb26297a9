"""The registration rules: seats, waiting list, promotion, offers, person rules, check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from industriedialog.core.models import AuditEvent
from industriedialog.events import services
from industriedialog.events.models import CheckIn, Registration, WaitlistEntry, WaitlistMode
from industriedialog.events.selectors import sessions_with_availability

from .factories import EventFactory, RegistrationFactory, SessionFactory


def register(session, n, **kwargs):
    return services.registration_create(
        session=session,
        name=kwargs.pop("name", f"Person {n}"),
        email=kwargs.pop("email", f"person{n}@example.org"),
        target_group=kwargs.pop("target_group", "students"),
        **kwargs,
    )


def availability(session):
    return sessions_with_availability().get(pk=session.pk)


def test_seats_then_waiting_list_in_order(db):
    session = SessionFactory(capacity=2)
    assert [register(session, n).status for n in range(2)] == ["confirmed", "confirmed"]
    third, fourth = register(session, 2), register(session, 3)
    assert (third.status, third.position) == ("waitlisted", 1)
    assert (fourth.status, fourth.position) == ("waitlisted", 2)
    row = availability(session)
    assert (row.confirmed, row.available, row.waitlist_length) == (2, 0, 2)


def test_a_cancellation_hands_the_seat_to_the_first_in_line(db, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    first = register(session, 0).registration
    register(session, 1)
    register(session, 2)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.registration_cancel(token=first.cancel_token)
    assert result.kind == "registration" and len(result.promoted) == 1
    promoted = Registration.objects.get(status="confirmed")
    assert promoted.email == "person1@example.org" and promoted.from_waitlist
    row = availability(session)
    assert (row.confirmed, row.available, row.waitlist_length) == (1, 0, 1)
    assert mail.outbox[-1].to == ["person1@example.org"]
    assert AuditEvent.objects.filter(action="events.waitlist.promote").count() == 1


def test_waiting_people_keep_a_freed_seat_off_the_public_count(db):
    session = SessionFactory(capacity=1, event=EventFactory(waitlist_mode=WaitlistMode.OFFER))
    first = register(session, 0).registration
    register(session, 1)
    services.registration_cancel(token=first.cancel_token)
    entry = WaitlistEntry.objects.get(email="person1@example.org")
    assert entry.status == "offered"
    assert availability(session).available == 0
    assert register(session, 2).status == "waitlisted"  # the offer holds the seat
    registration = services.waitlist_offer_accept(token=entry.cancel_token)
    assert registration.status == "confirmed"


def test_an_expired_offer_passes_on(db):
    session = SessionFactory(
        capacity=1, event=EventFactory(waitlist_mode=WaitlistMode.OFFER, offer_hours=2)
    )
    first = register(session, 0).registration
    register(session, 1)
    register(session, 2)
    services.registration_cancel(token=first.cancel_token)
    later = timezone.now() + dt.timedelta(hours=3)
    assert services.waitlist_offers_expire(now=later) == 1
    statuses = dict(WaitlistEntry.objects.values_list("email", "status"))
    assert statuses == {"person1@example.org": "expired", "person2@example.org": "offered"}
    with pytest.raises(ValidationError, match="kein Platzangebot"):
        services.waitlist_offer_accept(
            token=WaitlistEntry.objects.get(email="person1@example.org").cancel_token
        )


def test_one_seat_per_email_and_session(db):
    session = SessionFactory(capacity=1)
    register(session, 0, email="Anna@Example.org")
    with pytest.raises(services.AlreadyRegistered):
        register(session, 1, email="Anna@example.ORG")
    register(session, 2)  # waitlisted
    with pytest.raises(services.AlreadyRegistered):
        register(session, 3, email="person2@example.org")


def test_no_overlapping_sessions_and_the_cap(db):
    event = EventFactory(max_sessions_per_person=2)
    first = SessionFactory(event=event)
    overlapping = SessionFactory(event=event, starts_at=first.starts_at + dt.timedelta(minutes=30))
    later = SessionFactory(
        event=event, starts_at=first.ends_at, ends_at=first.ends_at + dt.timedelta(hours=1)
    )
    third = SessionFactory(
        event=event, starts_at=later.ends_at, ends_at=later.ends_at + dt.timedelta(hours=1)
    )
    register(first, 0)
    with pytest.raises(ValidationError, match="zur selben Zeit"):
        register(overlapping, 0)
    register(later, 0)
    with pytest.raises(ValidationError, match="höchstens 2 Führungen"):
        register(third, 0)


def test_bad_input_says_why_and_writes_nothing(db):
    session = SessionFactory(target_groups=["pupils"])
    with pytest.raises(ValidationError) as error:
        register(session, 0, name=" ", email="kein-at", target_group="students")
    assert error.value.message_dict == {
        "name": ["Bitte Ihren Namen angeben."],
        "email": ["Bitte eine gültige E-Mail-Adresse angeben."],
        "target_group": ["Diese Führung ist nicht für die Zielgruppe „Studierende“ offen."],
    }
    assert not Registration.objects.exists() and not WaitlistEntry.objects.exists()


def test_registration_window(db):
    session = SessionFactory(
        event=EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    )
    with pytest.raises(ValidationError, match="Die Anmeldung beginnt am"):
        register(session, 0)


def test_checkin_results_and_nonce(db, users):
    session = SessionFactory()
    other = SessionFactory(event=session.event)
    registration = RegistrationFactory(session=session)
    cancelled = RegistrationFactory(session=session, status="cancelled")
    staff = users["staff"]

    def scan(code, nonce, target=session):
        return services.checkin_record(actor=staff, session=target, code=code, nonce=nonce)

    assert scan(registration.code, "nonce-0001").checkin.result == CheckIn.Result.OK
    replay = scan(registration.code, "nonce-0001")
    assert replay.replayed and replay.checkin.result == CheckIn.Result.OK
    assert scan(registration.code, "nonce-0002").checkin.result == CheckIn.Result.ALREADY_CHECKED_IN
    assert scan("UNBEKANNT", "nonce-0003").checkin.result == CheckIn.Result.UNKNOWN
    assert scan(cancelled.code, "nonce-0004").checkin.result == CheckIn.Result.CANCELLED
    assert (
        scan(registration.code, "nonce-0005", other).checkin.result == CheckIn.Result.WRONG_SESSION
    )
    assert CheckIn.objects.count() == 5


def test_the_expiry_command_passes_offers_on(db):
    from io import StringIO

    from django.core.management import call_command

    session = SessionFactory(
        capacity=1, event=EventFactory(waitlist_mode=WaitlistMode.OFFER, offer_hours=1)
    )
    first = register(session, 0).registration
    register(session, 1)
    register(session, 2)
    services.registration_cancel(token=first.cancel_token)
    WaitlistEntry.objects.filter(status="offered").update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("events_expire_offers", stdout=out)
    assert out.getvalue().strip() == "Ein Platzangebot ist verfallen und weitergegeben."
    assert WaitlistEntry.objects.get(email="person2@example.org").status == "offered"


def test_cancelling_an_event_tells_everyone_holding_or_waiting(
    db, users, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    register(session, 0)
    register(session, 1)  # waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            actor=users["staff"], event=session.event, data={"status": "cancelled"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["person0@example.org", "person1@example.org"]
    assert all(m.subject.startswith("Abgesagt:") for m in mail.outbox)


def test_a_waiting_person_with_an_overlapping_seat_is_skipped(db):
    event = EventFactory()
    wanted = SessionFactory(event=event, capacity=1)
    overlapping = SessionFactory(event=event, starts_at=wanted.starts_at, ends_at=wanted.ends_at)
    first = register(wanted, 0).registration
    register(wanted, 1)  # waits for the tour …
    register(overlapping, 1)  # … and meanwhile takes one at the same time
    register(wanted, 2)
    services.registration_cancel(token=first.cancel_token)
    assert set(
        Registration.objects.filter(session=wanted, status="confirmed").values_list(
            "email", flat=True
        )
    ) == {"person2@example.org"}
    assert WaitlistEntry.objects.get(email="person1@example.org").status == "cancelled"
