"""Plain statements of a hot path, prepared once per database connection on PostgreSQL.

Django's PostgreSQL backend binds parameters on the client and never prepares a
statement, so the server parses and plans every statement of every request anew. For the
few statements a registration rush runs thousands of times (events.services,
events.selectors), planning cost more server time than running them: the decision's
nine counts took 2.2 ms to plan and 0.2 ms to run once the indexes were right
(docs/events-locking.md, Performance). `cursor()` runs them with server-side binding and
`prepare=True` instead: psycopg prepares each statement the first time a connection sees
it and afterwards sends only its name and the parameters. The connection and the
transaction are Django's own (the statements take part in `transaction.atomic`), and
database errors are turned into Django's (IntegrityError and so on) as for any cursor.

SQLite needs none of this (it parses in-process, and Python's sqlite3 keeps a statement
cache per connection); there `cursor()` is Django's cursor."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connection


class PreparedCursor:
    """The part of a DB-API cursor the hot paths use; every statement prepared."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        # None: prepared statements are off for this database (`?prepare=off`, env.py).
        self._prepare = raw.connection.prepare_threshold is not None

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> None:
        with connection.wrap_database_errors:
            self._raw.execute(sql, params, prepare=self._prepare)

    def fetchone(self) -> tuple | None:
        with connection.wrap_database_errors:
            return self._raw.fetchone()


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for the statements of a hot path: prepared on PostgreSQL, Django's own on
    other databases. Use it like `connection.cursor()`."""
    if connection.vendor != "postgresql":
        with connection.cursor() as django_cursor:
            yield django_cursor
        return
    import psycopg

    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    with psycopg.Cursor(connection.connection) as raw:
        yield PreparedCursor(raw)


def pipeline() -> Any:
    """On PostgreSQL, psycopg's pipeline mode: the statements run inside it are sent
    together and answered in one round trip when the first result is fetched (each still
    a statement of its own, with its own snapshot under READ COMMITTED, in order). A
    no-op elsewhere."""
    if connection.vendor != "postgresql":
        return nullcontext()
    connection.ensure_connection()
    return connection.connection.pipeline()
