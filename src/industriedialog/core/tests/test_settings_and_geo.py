"""Configuration from the environment, and the postal-code geo helper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from industriedialog.core import geo
from industriedialog.env import parse_database_url


def test_sqlite_url_uses_wal_and_immediate_transactions(tmp_path):
    config = parse_database_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)

    assert config["NAME"] == str(tmp_path / "var/db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]
    assert config["CONN_MAX_AGE"] == 60  # no new connection and checkpoint per request


def test_postgres_url_is_parsed():
    config = parse_database_url(
        "postgres://postgres:geh%40im@127.0.0.1:5432/industriedialog", base_dir=Path(".")
    )

    assert (
        config["ENGINE"],
        config["NAME"],
        config["USER"],
        config["PASSWORD"],
        config["HOST"],
        config["PORT"],
    ) == (
        "django.db.backends.postgresql",
        "industriedialog",
        "postgres",
        "geh@im",
        "127.0.0.1",
        "5432",
    )


def _import_settings(**environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "DEMO_MODE", "ALLOWED_HOSTS")
    }
    env.update(environment)
    env["INDUSTRIEDIALOG_HOME"] = str(Path(__file__).parent)  # no .env there
    return subprocess.run(
        [sys.executable, "-c", "import industriedialog.settings"],
        env=env,
        capture_output=True,
        text=True,
    )


def test_secret_key_is_required_outside_debug():
    result = _import_settings(DEBUG="false", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_mode_needs_debug():
    result = _import_settings(
        DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", DEMO_MODE="true"
    )

    assert result.returncode != 0
    assert "DEMO_MODE=true is only allowed together with DEBUG=true" in result.stderr


def test_production_settings_import_cleanly():
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")

    assert result.returncode == 0, result.stderr


def test_distance_between_postal_codes():
    assert round(geo.distance_km("10115", "80331")) == 505
    assert geo.distance_km("52062", "52062") == 0
    assert 3 < geo.distance_km("52062", "52080") < 8


@pytest.mark.parametrize("code", ["", "5206", "ABCDE", "00000"])
def test_unknown_postal_codes_raise_a_german_error(code):
    with pytest.raises(geo.UnknownPostalCode, match="Unbekannte Postleitzahl"):
        geo.centroid(code)
