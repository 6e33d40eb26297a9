"""Reading configuration from the environment (and a `.env` file in development).

Kept free of Django imports so that settings.py can use it before Django is set up.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "ja"}
FALSE_VALUES = {"0", "false", "no", "off", "nein", ""}


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from `path` into os.environ without overriding set variables."""
    if not path.is_file():
        return
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip().strip('"').strip("'")
        os.environ.setdefault(key, value)


def get_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from error


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# psycopg prepares a statement after this many executions on a cursor that binds on the
# server; Django's own cursors bind on the client and never prepare, so this number only
# matters to the hot-path statements of core.prepared, which ask for preparation at once.
NO_AUTOMATIC_PREPARE = 2**31 - 1


def _prepare_threshold(options: dict[str, str]) -> int | None:
    """`?prepare=off` in DATABASE_URL turns prepared statements off altogether (needed
    behind a connection pooler in transaction mode, e.g. PgBouncer before 1.21); by
    default the hot paths prepare theirs (core/prepared.py)."""
    if options.pop("prepare", "on").lower() in ("off", "false", "0", "no"):
        return None
    return NO_AUTOMATIC_PREPARE


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn `sqlite:///var/db.sqlite3` or `postgres://user:pw@host:5432/name` into a
    Django DATABASES entry. SQLite runs in WAL mode with immediate write transactions so
    that concurrent writers queue instead of failing (see docs/architecture.md). Both keep
    their connection for `conn_max_age` seconds (default 60): a new SQLite connection per
    request costs its PRAGMAs, and closing the last one checkpoints the WAL — about 9 ms
    of the 18 ms a registration took (docs/events-locking.md, Performance)."""
    parsed = urlparse(url)
    options = dict(parse_qsl(parsed.query))
    if parsed.scheme == "sqlite":
        raw_path = unquote(parsed.path)
        absolute = url.startswith("sqlite:////")
        name = raw_path if absolute else str(base_dir / raw_path.lstrip("/"))
        if raw_path in ("", "/:memory:", ":memory:"):
            name = ":memory:"
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "CONN_MAX_AGE": int(options.get("conn_max_age", 60)),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": int(options.get("timeout", 20)),
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Reads through a memory map instead of a read call per page: each
                    # request has a new connection with an empty page cache (docs/search.md).
                    "PRAGMA mmap_size=1073741824;"
                ),
            },
        }
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "OPTIONS": {"prepare_threshold": _prepare_threshold(options), **options},
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unsupported scheme {parsed.scheme!r} (use sqlite:// or postgres://)"
    )
