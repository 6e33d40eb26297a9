"""A session is never overbooked, no registration is lost, no request fails with a 5xx:
registrations, cancellations and promotions from the waiting list fired at a live server
in parallel, each request on its own database connection (docs/events-locking.md).

The module runs on the backend the suite runs on (DATABASE_URL): PostgreSQL (advisory
lock per person, row lock on the session) or SQLite (BEGIN IMMEDIATE). On SQLite it moves
to a file copy of the in-memory test database, as dialog/tests/test_concurrency.py does,
and the live server is started only after that move, so that its request threads open
connections of their own instead of sharing the in-memory one.

The control test switches the lock off (locking.ENABLED, test-only) and widen the race
window (locking.PAUSE_AFTER_COUNT): then the same bursts overbook, which shows that the
other tests can fail.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from pytest_django.live_server_helper import LiveServer

from industriedialog.core.tests.factories import UserFactory
from industriedialog.dialog.tests.test_concurrency import django_db_setup, in_parallel
from industriedialog.events import locking, services
from industriedialog.events.models import (
    CheckIn,
    Registration,
    Session,
    WaitlistEntry,
    WaitlistMode,
)
from industriedialog.events.selectors import sessions_with_availability, waitlist_position
from industriedialog.events.tests.factories import EventFactory, SessionFactory

__all__ = ["django_db_setup"]  # the fixture: this module runs on a shared database file

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60
CONTROL_BURSTS = 3  # bursts with and without the lock; the unlocked race overbooks in the first


class _RushServer(ThreadedWSGIServer):
    # A burst of 50 connections at once: a longer accept queue than runserver's 10, so
    # that no client waits for a SYN retransmission.
    request_queue_size = 128


@pytest.fixture(scope="module")
def live_server(django_db_setup) -> Iterator[LiveServer]:
    """pytest-django's threaded live server, started per module after the database
    moved to a shared file (the session-wide one would share one in-memory connection)."""
    server = LiveServer("127.0.0.1", start=False)
    server.thread.server_class = _RushServer
    server.start()
    # Every request thread opens its own connection to a database they all share.
    assert server.thread.connections_override == {}
    assert connection.vendor in ("sqlite", "postgresql")
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    yield server
    server.stop()


@pytest.fixture
def client(live_server) -> Iterator[httpx.Client]:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=0)
    with httpx.Client(base_url=f"{live_server.url}/api/v1", timeout=TIMEOUT, limits=limits) as c:
        yield c


@pytest.fixture
def control_switches() -> Iterator[None]:
    """The test-only switches of locking.py, restored whatever the test did with them."""
    enabled, pause = locking.ENABLED, locking.PAUSE_AFTER_COUNT
    try:
        yield
    finally:
        locking.ENABLED, locking.PAUSE_AFTER_COUNT = enabled, pause


# --- helpers -------------------------------------------------------------------------------


def burst(client: httpx.Client, calls: list[tuple[str, dict[str, Any] | None]]) -> list[Any]:
    """Send the requests (path, JSON body or None for a GET) from threads that start
    together; the answers in the order of `calls`."""
    barrier = threading.Barrier(len(calls))

    def send(call: tuple[str, dict[str, Any] | None]) -> httpx.Response:
        path, body = call
        barrier.wait(timeout=TIMEOUT)
        if body is None:
            return client.get(path)
        return client.post(path, json=body)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(send, calls))


def register(session: Session, email: str, name: str = "Gast") -> tuple[str, dict[str, Any]]:
    path = f"/sessions/{session.pk}/registrations"
    return path, {"name": name, "email": email, "target_group": "citizens"}


def cancel(token: str) -> tuple[str, dict[str, Any]]:
    return "/registrations/cancel", {"token": token}


def availability(session: Session) -> tuple[str, None]:
    return f"/events/{session.event_id}", None


def no_server_error(answers: list[Any]) -> None:
    failed = [(a.status_code, a.text[:200]) for a in answers if a.status_code >= 500]
    assert failed == []


def confirmed(session: Session) -> int:
    return Registration.objects.filter(session=session, status="confirmed").count()


def waiting_emails(session: Session) -> list[str]:
    return list(
        WaitlistEntry.objects.filter(session=session, status="waiting")
        .order_by("created_at", "id")
        .values_list("email", flat=True)
    )


def fill(session: Session, *, seats: int, waiting: int) -> tuple[list[str], list[str]]:
    """Registrations one after the other through the service: the cancel tokens of the
    seats, then the e-mails of the waiting list in its order."""
    tokens, queue = [], []
    for i in range(seats + waiting):
        outcome = services.registration_create(
            session=session,
            name=f"Gast {i}",
            email=f"vorab{i}@example.org",
            target_group="citizens",
        )
        if outcome.registration is not None:
            tokens.append(outcome.registration.cancel_token)
        else:
            queue.append(f"vorab{i}@example.org")
    assert (len(tokens), len(queue)) == (seats, waiting)
    return tokens, queue


def assert_one_place_per_person(session: Session) -> None:
    holders = list(
        Registration.objects.filter(session=session, status="confirmed").values_list(
            "email", flat=True
        )
    )
    queued = list(
        WaitlistEntry.objects.filter(
            session=session, status__in=["waiting", "offered"]
        ).values_list("email", flat=True)
    )
    assert [e for e, n in Counter(holders + queued).items() if n > 1] == []


@contextmanager
def seats_watched(session: Session) -> Iterator[list[int]]:
    """While the block runs, sample `capacity − confirmed − offered` of the session from a
    connection of its own, each sample one statement (one consistent snapshot)."""
    samples: list[int] = []
    done = threading.Event()
    rows = sessions_with_availability(Session.objects.filter(pk=session.pk))

    def watch() -> None:
        try:
            while not done.is_set():
                row = rows.values("capacity", "confirmed", "offered").get()
                samples.append(row["capacity"] - row["confirmed"] - row["offered"])
        finally:
            connections.close_all()

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        yield samples
    finally:
        done.set()
        thread.join(timeout=TIMEOUT)


def public_availability(answers: list[Any], session: Session) -> list[int]:
    """`available` of the session in the answers to the GETs of a burst."""
    seen = []
    for answer in answers:
        if answer.request.method == "GET":
            assert answer.status_code == 200
            (data,) = [s for s in answer.json()["sessions"] if s["id"] == session.pk]
            seen.append(data["available"])
    return seen


# --- registrations -------------------------------------------------------------------------


def test_fifty_at_once_take_twenty_seats_and_queue_the_rest_in_order(client):
    session = SessionFactory(capacity=20)
    emails = [f"ansturm{i}@example.org" for i in range(50)]

    answers = burst(client, [register(session, email) for email in emails])

    no_server_error(answers)
    assert [a.status_code for a in answers] == [201] * 50
    results = [a.json() for a in answers]
    assert Counter(r["status"] for r in results) == {"confirmed": 20, "waitlisted": 30}
    positions = {
        email: r["position"] for email, r in zip(emails, results, strict=True) if r["position"]
    }
    assert sorted(positions.values()) == list(range(1, 31))
    # No registration lost: one row per 201, and the queue in the order of the positions.
    assert confirmed(session) == 20
    assert Registration.objects.filter(session=session).count() == 20
    assert WaitlistEntry.objects.filter(session=session).count() == 30
    assert set(Registration.objects.filter(session=session).values_list("email", flat=True)) == {
        email for email, r in zip(emails, results, strict=True) if r["status"] == "confirmed"
    }
    assert waiting_emails(session) == sorted(positions, key=positions.__getitem__)
    detail = client.get(f"/events/{session.event_id}").json()["sessions"][0]
    assert (detail["available"], detail["waitlist_length"]) == (0, 30)


def test_the_same_email_twelve_times_at_once_gets_one_place(client):
    """Twelve requests of one person in three spellings, at a session with free seats and
    at a full one: one place each (a seat, a waiting-list place), eleven 409s."""
    free = SessionFactory(capacity=3)
    full = SessionFactory(capacity=3)
    fill(full, seats=3, waiting=0)
    spellings = ["doppelt@example.org", "doppelt@EXAMPLE.org", " doppelt@Example.Org "]

    answers = burst(
        client,
        [register(session, spellings[i % 3]) for session in (free, full) for i in range(12)],
    )

    no_server_error(answers)
    for session, answered, status in (
        (free, answers[:12], "confirmed"),
        (full, answers[12:], "waitlisted"),
    ):
        assert sorted(a.status_code for a in answered) == [201] + [409] * 11
        assert [a.json()["status"] for a in answered if a.status_code == 201] == [status]
        assert {a.json()["detail"] for a in answered if a.status_code == 409} == {
            "Mit dieser E-Mail-Adresse besteht für diese Führung schon eine Anmeldung "
            "oder ein Platz auf der Warteliste."
        }
        mine = Registration.objects.filter(session=session, email="doppelt@example.org").count()
        mine += WaitlistEntry.objects.filter(session=session, email="doppelt@example.org").count()
        assert mine == 1
    assert (confirmed(free), confirmed(full)) == (1, 3)


# --- cancellations racing with registrations -----------------------------------------------


def test_cancellations_racing_with_registrations_promote_the_first_waiting_in_order(client):
    session = SessionFactory(capacity=10)
    tokens, queue = fill(session, seats=10, waiting=8)
    newcomers = [f"neu{i}@example.org" for i in range(12)]
    calls = [cancel(token) for token in tokens[:5]]
    calls += [register(session, email) for email in newcomers]
    calls += [availability(session)] * 4
    calls += [cancel(tokens[0])] * 3  # the same link clicked again: one seat, freed once

    with seats_watched(session) as free_seats:
        answers = burst(client, calls)

    no_server_error(answers)
    # Never more seats taken than there are, at any moment; never a seat shown as free
    # while people wait.
    assert free_seats and min(free_seats) >= 0, free_seats
    assert public_availability(answers, session) == [0] * 4
    cancels, registrations = answers[:5] + answers[21:], answers[5:17]
    assert sorted(a.status_code for a in cancels) == [200] * 5 + [422] * 3
    assert sum(a.json()["promoted"] for a in cancels if a.status_code == 200) == 5
    # The waiting list was never empty, so every newcomer queued behind it.
    assert [a.status_code for a in registrations] == [201] * 12
    assert {a.json()["status"] for a in registrations} == {"waitlisted"}
    assert confirmed(session) == 10
    promoted = Registration.objects.filter(session=session, from_waitlist=True)
    assert (
        list(promoted.order_by("created_at", "id").values_list("email", flat=True)) == (queue[:5])
    )
    assert set(
        WaitlistEntry.objects.filter(session=session, status="promoted").values_list(
            "email", flat=True
        )
    ) == set(queue[:5])
    rest = waiting_emails(session)
    assert rest[:3] == queue[5:]
    assert sorted(rest[3:]) == sorted(newcomers)
    entries = WaitlistEntry.objects.filter(session=session, status="waiting")
    assert sorted(waitlist_position(e) for e in entries) == list(range(1, 16))
    assert_one_place_per_person(session)
    detail = client.get(f"/events/{session.event_id}").json()["sessions"][0]
    assert (detail["available"], detail["waitlist_length"]) == (0, 15)


def test_in_offer_mode_the_offers_hold_the_freed_seats(client):
    session = SessionFactory(capacity=10, event=EventFactory(waitlist_mode=WaitlistMode.OFFER))
    tokens, queue = fill(session, seats=10, waiting=8)
    newcomers = [f"neu{i}@example.org" for i in range(12)]
    calls = [cancel(token) for token in tokens[:5]]
    calls += [register(session, email) for email in newcomers]
    calls += [availability(session)] * 4

    with seats_watched(session) as free_seats:
        answers = burst(client, calls)

    no_server_error(answers)
    assert free_seats and min(free_seats) >= 0, free_seats
    assert public_availability(answers, session) == [0] * 4
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert sum(a.json()["promoted"] for a in answers[:5]) == 5
    assert {a.json()["status"] for a in answers[5:17]} == {"waitlisted"}
    offered = WaitlistEntry.objects.filter(session=session, status="offered")
    assert set(offered.values_list("email", flat=True)) == set(queue[:5])
    assert confirmed(session) + offered.count() == 10
    assert waiting_emails(session)[:3] == queue[5:]
    assert_one_place_per_person(session)

    # The offers are taken while more seats are cancelled and more people register.
    offer_tokens = list(offered.values_list("cancel_token", flat=True))
    later = [f"spaet{i}@example.org" for i in range(6)]
    with seats_watched(session) as free_seats:
        outcomes = in_parallel(
            [(lambda t=t: services.waitlist_offer_accept(token=t)) for t in offer_tokens]
            + [(lambda t=t: services.registration_cancel(token=t)) for t in tokens[5:8]]
            + [
                (
                    lambda e=e: services.registration_create(
                        session=session, name="Gast", email=e, target_group="citizens"
                    )
                )
                for e in later
            ]
        )

    assert [kind for kind, _ in outcomes] == ["ok"] * len(outcomes)
    assert free_seats and min(free_seats) >= 0, free_seats
    # 5 seats kept + 5 offers accepted - 3 cancelled; the 3 freed seats are offered.
    assert confirmed(session) == 7
    offered = WaitlistEntry.objects.filter(session=session, status="offered")
    assert set(offered.values_list("email", flat=True)) == set(queue[5:])
    assert confirmed(session) + offered.count() == 10
    assert_one_place_per_person(session)


# --- check-in at the door ----------------------------------------------------------------


def test_one_ticket_scanned_at_once_checks_in_once_and_a_retried_nonce_records_once(
    client, api_token_for
):
    """Two scanners read the same ticket six times each: one sends the same nonce six
    times (retries after a dropped connection), the other a fresh nonce each time."""
    session = SessionFactory(capacity=5)
    services.registration_create(
        session=session, name="Ada", email="ada@example.org", target_group="citizens"
    )
    ada = Registration.objects.get(session=session)
    headers = api_token_for("staff")
    nonces = ["wiederholt-0001"] * 6 + [f"frisch-{i:04d}" for i in range(6)]
    barrier = threading.Barrier(len(nonces))

    def scan(nonce: str) -> httpx.Response:
        barrier.wait(timeout=TIMEOUT)
        body = {"code": ada.code, "nonce": nonce, "session_id": session.pk}
        return client.post("/checkins", json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=len(nonces)) as pool:
        answers = list(pool.map(scan, nonces))

    no_server_error(answers)
    assert [a.status_code for a in answers] == [200] * 12
    results = [a.json() for a in answers]
    retried = results[:6]
    assert len({r["result"] for r in retried}) == 1
    # One scan checked the ticket in: a fresh nonce, or the retried one (six answers).
    assert [r["result"] for r in results].count("ok") == (6 if retried[0]["ok"] else 1)
    assert [r["replayed"] for r in retried].count(False) == 1
    assert not any(r["replayed"] for r in results[6:])
    assert CheckIn.objects.filter(session=session).count() == 7
    assert CheckIn.objects.filter(session=session, result="ok").count() == 1
    assert CheckIn.objects.filter(session=session, result="already_checked_in").count() == 6
    ada.refresh_from_db()
    assert ada.checked_in_at is not None


# --- a capacity change between reading the session and taking its lock ------------------
# A request reads the session before it locks it; a staff member may change the capacity
# in between. The interleaving written out one step after the other, on one connection.


@pytest.fixture
def staff(db):
    return UserFactory(username="wirtschaftsfoerderung", role="staff", is_staff=True)


@pytest.mark.django_db
def test_a_registration_counts_against_the_capacity_at_its_lock_not_at_its_read(staff):
    session = SessionFactory(capacity=4)
    fill(session, seats=2, waiting=0)
    read_before = Session.objects.select_related("event").get(pk=session.pk)
    services.session_change_capacity(actor=staff, session=session, capacity=2)

    outcome = services.registration_create(
        session=read_before, name="Gast", email="unterwegs@example.org", target_group="citizens"
    )

    assert (outcome.status, outcome.position) == ("waitlisted", 1)
    assert confirmed(session) == 2


@pytest.mark.django_db
def test_a_cancellation_fills_the_seats_of_the_capacity_at_its_lock(staff, monkeypatch):
    session = SessionFactory(capacity=2)
    tokens, queue = fill(session, seats=2, waiting=3)
    lock = locking.lock_for_seat
    raised = []

    def capacity_raised_before_the_lock(**kwargs):
        if not raised:  # the cancellation read the session with capacity 2 already
            raised.append(True)
            fresh = Session.objects.select_related("event").get(pk=session.pk)
            services.session_change_capacity(actor=staff, session=fresh, capacity=3)
        lock(**kwargs)

    monkeypatch.setattr(locking, "lock_for_seat", capacity_raised_before_the_lock)
    result = services.registration_cancel(token=tokens[0])

    assert raised and len(result.promoted) == 1
    assert confirmed(session) == 3
    assert waiting_emails(session) == queue[2:]


@pytest.mark.django_db
def test_an_edit_of_a_session_does_not_write_back_the_capacity_it_read(staff):
    session = SessionFactory(capacity=2)
    fill(session, seats=2, waiting=2)
    read_for_editing = Session.objects.select_related("event").get(pk=session.pk)
    services.session_change_capacity(actor=staff, session=session, capacity=4)

    services.session_update(actor=staff, session=read_for_editing, data={"place": "Halle 2"})

    session.refresh_from_db()
    assert (session.capacity, session.place) == (4, "Halle 2")
    assert confirmed(session) == 4


# --- the control: without the lock the same bursts overbook --------------------------------


def rush_confirmed(client: httpx.Client, round_: int) -> int:
    session = SessionFactory(capacity=5)
    emails = [f"kontrolle{round_}-{i}@example.org" for i in range(12)]
    answers = burst(client, [register(session, email) for email in emails])
    no_server_error(answers)
    assert [a.status_code for a in answers] == [201] * 12
    return confirmed(session)


def test_control_the_same_bursts_overbook_without_the_lock_and_never_with_it(
    client, control_switches
):
    """12 registrations at once for 5 seats, with a 0.05 s pause after the count. With
    the lock the pause is taken inside it (a missing lock would overbook here too);
    without it the count runs before the transaction and the bursts overbook."""
    locking.PAUSE_AFTER_COUNT = 0.05
    locked = [rush_confirmed(client, round_) for round_ in range(CONTROL_BURSTS)]
    locking.ENABLED = False
    unlocked: list[int] = []
    for round_ in range(CONTROL_BURSTS, 2 * CONTROL_BURSTS):
        unlocked.append(rush_confirmed(client, round_))
        if unlocked[-1] > 5:
            break
    print(f"\ncontrol ({connection.vendor}): confirmed {locked} with the lock, {unlocked} without")
    assert locked == [5] * CONTROL_BURSTS
    assert max(unlocked) > 5, f"no overbooking in {len(unlocked)} bursts: {unlocked}"
