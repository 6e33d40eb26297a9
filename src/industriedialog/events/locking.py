"""The locks that keep a session from being overbooked (docs/events-locking.md).

Every write that can take a seat runs in one transaction that first takes the locks and
only then counts:

- PostgreSQL (READ COMMITTED): an advisory transaction lock on the person (event, e-mail)
  and a row lock (`SELECT … FOR UPDATE`) on the session, always in that order, so two
  transactions never wait for each other crosswise. The count after the lock sees every
  registration committed by earlier lock holders.
- SQLite: the project opens every transaction with BEGIN IMMEDIATE (settings), which takes
  the database's single write lock at the start; the count inside it is therefore already
  exclusive, and no further lock is needed.

Freeing a seat (a cancellation) takes the session lock too, because it hands the seat to
the next person on the waiting list in the same transaction.

`ENABLED` and `PAUSE_AFTER_COUNT` exist for the concurrency tests only: with the lock
switched off the services count *before* the transaction (check, then write), and the
tests show that this overbooks."""

from __future__ import annotations

import hashlib
import time

from django.db import connection

from industriedialog.core import prepared

ENABLED = True
PAUSE_AFTER_COUNT = 0.0  # seconds; widens the race window in the control tests

# Advisory lock keys are server-wide: this prefix keeps ours apart from other apps'.
_PERSON_KEY_SPACE = 0x1D


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def person_key(event_id: int, email: str) -> int:
    """A signed 64-bit key for (event, e-mail), stable across processes."""
    digest = hashlib.blake2b(f"{event_id}:{email}".encode(), digest_size=7).digest()
    return (_PERSON_KEY_SPACE << 56 | int.from_bytes(digest, "big")) - (1 << 63)


def lock_for_seat(*, session_id: int, event_id: int | None = None, email: str = "") -> None:
    """Take the locks for a write that may take a seat of `session_id` (and, with an
    e-mail, for that person's seats in the event). Must run inside transaction.atomic."""
    if not ENABLED or not _is_postgresql():
        return
    with prepared.cursor() as cursor:
        if email and event_id is not None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [person_key(event_id, email)])
        cursor.execute("SELECT id FROM events_session WHERE id = %s FOR UPDATE", [session_id])


def pause() -> None:
    if PAUSE_AFTER_COUNT:
        time.sleep(PAUSE_AFTER_COUNT)
