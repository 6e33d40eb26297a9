"""core.prepared: the hot-path statements, prepared on PostgreSQL, Django's cursor on
SQLite; and the `prepare` option of DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from industriedialog.core import prepared
from industriedialog.core.models import Initiative
from industriedialog.env import NO_AUTOMATIC_PREPARE, parse_database_url

pytestmark = pytest.mark.django_db

SQL = "SELECT slug FROM core_initiative WHERE id = %s"


@pytest.fixture
def initiative():
    return Initiative.objects.create(
        name="Vorbereitet", slug="vorbereitet", start_date="2026-01-01"
    )


def test_reads_and_writes_in_djangos_transaction(initiative):
    with prepared.cursor() as cursor:
        cursor.execute(SQL, [initiative.pk])
        assert cursor.fetchone() == ("vorbereitet",)
        cursor.execute(SQL, [initiative.pk + 1000])
        assert cursor.fetchone() is None

    with transaction.atomic():
        with prepared.cursor() as cursor:
            cursor.execute(
                "UPDATE core_initiative SET slug = %(slug)s WHERE id = %(id)s",
                {"slug": "geaendert", "id": initiative.pk},
            )
        transaction.set_rollback(True)
    initiative.refresh_from_db()
    assert initiative.slug == "vorbereitet"  # rolled back with Django's transaction


def test_database_errors_are_djangos(initiative):
    with pytest.raises(IntegrityError), transaction.atomic(), prepared.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_initiative (name, short_name, slug, start_date, description, "
            "is_public, created_at, updated_at) SELECT name, short_name, slug, start_date, "
            "description, is_public, created_at, updated_at FROM core_initiative "
            "WHERE id = %s",
            [initiative.pk],
        )
    assert Initiative.objects.filter(slug="vorbereitet").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_prepares_the_statement_once(initiative):
    def prepared_count() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["SELECT slug FROM core_initiative WHERE id = $1%"],
            )
            return cursor.fetchone()[0]

    assert connection.connection.prepare_threshold == NO_AUTOMATIC_PREPARE
    for _ in range(3):
        with prepared.cursor() as cursor:
            cursor.execute(SQL, [initiative.pk])
            assert cursor.fetchone() == ("vorbereitet",)
    assert prepared_count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_without_preparing_when_switched_off(initiative, monkeypatch):
    sql = "SELECT name FROM core_initiative WHERE id = %s"  # not prepared by other tests
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    with prepared.cursor() as cursor:
        cursor.execute(sql, [initiative.pk])
        assert cursor.fetchone() == ("Vorbereitet",)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["SELECT name FROM core_initiative WHERE id = $1%"],
        )
        assert cursor.fetchone()[0] == 0


def test_database_url_option_prepare():
    on = parse_database_url("postgres://postgres@127.0.0.1:5432/db", base_dir=Path("."))
    off = parse_database_url(
        "postgres://postgres@127.0.0.1:5432/db?prepare=off&sslmode=disable", base_dir=Path(".")
    )

    assert on["OPTIONS"] == {"prepare_threshold": NO_AUTOMATIC_PREPARE}
    # `prepare` is ours, not a libpq parameter: it must not reach psycopg.connect.
    assert off["OPTIONS"] == {"prepare_threshold": None, "sslmode": "disable"}
