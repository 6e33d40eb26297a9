"""Registration rush benchmark (not a test): the moment registration opens for the Lange
Nacht der Industrie.

    .venv/bin/python bench/registration_rush.py [--backend sqlite|postgres|both]
        [--clients 200] [--registrations 5000] [--tours 50] [--seats 20] [--workers 2]
        [--threads 1|4] [--client raw|httpx] [--no-write]

For each backend: a fresh database (SQLite: var/bench/rush.sqlite3; PostgreSQL: the
database `industriedialog_rush`, dropped and recreated), migrated, with one event of
`--tours` sessions of `--seats` seats; then the real server — gunicorn with `--workers`
workers (sync, or threaded with keep-alive when `--threads` > 1), DEBUG off, on loopback —
and an asyncio client with `--clients` concurrent connections (by default a small
HTTP/1.1 keep-alive client on asyncio's Protocol, so that the client takes little of the
machine from the server; `--client httpx` for the client of the first measurements) that
first measures the ceiling (GET /api/v1/health, no database, the same number of
requests) and then sends `--registrations` POSTs to
/api/v1/sessions/{id}/registrations spread over the tours, with about 4 % repeated
e-mails (which must be refused with 409). Afterwards the database is checked: no tour
overbooked, every 201 is a row, confirmed = tours × seats.

It prints and writes to the "## Registration rush" section of docs/benchmarks.md:
confirmed, waitlisted, rejected duplicates, errors, registrations per minute, p50/p99
latency (each request, connecting included), the ceiling, the share of the ceiling, and
where the CPU went per request (gunicorn workers, client, whole machine). Targets
(issue #6): confirmed exactly tours × seats, errors 0, ≥ 20,000 registrations per minute
on each backend and ≥ 50 % of the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from _benchdoc import write_section

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SQLITE_PATH = ROOT / "var" / "bench" / "rush.sqlite3"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/industriedialog_rush"
SECTION = "## Registration rush"
TARGET_PER_MINUTE = 20_000
TARGET_SHARE = 0.5
DUPLICATE_SHARE = 0.04
SEED = 20270507
GROUPS = ("pupils", "students", "job_seekers", "citizens")


# --- the server ----------------------------------------------------------------------------


# Threads per gunicorn worker when --threads is not given, the faster setting of each
# database measured back to back on 2026-12-04 (2 workers, load average 1–2.3): SQLite
# 14,742 and 14,287 per minute with sync workers against 13,249 and 10,849 with 4 threads
# (one writer at a time: more threads only wait for the lock); PostgreSQL 10,493 with 4
# threads against 8,244 with sync workers (threads overlap the round trips to the server).
# On 2026-12-06, after the prepared statements, PostgreSQL back to back (machine CPU per
# registration, the steadier figure on this machine): 2 threads 4.47 / 4.86 / 4.94 ms,
# 23,731 and 23,765 (3 workers) per minute; 4 threads 4.81 / 5.55 ms, 20,635 per minute;
# 4 sync workers 6.59 ms, 18,006 per minute. With the database's work cheaper, fewer
# threads wait on it, and more only contend for the interpreter lock.
SERVER_THREADS = {"sqlite": 1, "postgres": 2}


def server_env(database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "DEMO_", "DEBUG"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "DEMO_MODE": "false",
            "SECRET_KEY": "bench-registration-rush-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


PREPARE = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from industriedialog.core.models import Initiative
from industriedialog.events.models import Event, Session

call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
tours, seats = int(sys.argv[1]), int(sys.argv[2])
initiative = Initiative.objects.create(name="Rush", slug="rush", start_date=dt.date(2026, 1, 1))
start = timezone.now() + dt.timedelta(days=30)
event = Event.objects.create(
    initiative=initiative, kind="open_house", title="Lange Nacht (Benchmark)",
    slug="lange-nacht-benchmark", starts_at=start, ends_at=start + dt.timedelta(hours=6),
    registration_opens_at=timezone.now() - dt.timedelta(minutes=1),
)
sessions = Session.objects.bulk_create([
    Session(event=event, title=f"Rundgang {n + 1}", capacity=seats,
            starts_at=start + dt.timedelta(minutes=5 * n),
            ends_at=start + dt.timedelta(minutes=5 * n + 60))
    for n in range(tours)
])
print(json.dumps([s.pk for s in sessions]))
"""

VERIFY = r"""
import json
import django
django.setup()
from django.db.models import Count, Q
from industriedialog.events.models import Registration, Session, WaitlistEntry
rows = Session.objects.annotate(
    confirmed=Count("registrations", filter=Q(registrations__status="confirmed"), distinct=True),
    waiting=Count("waitlist_entries", filter=Q(waitlist_entries__status="waiting"), distinct=True),
).values("pk", "capacity", "confirmed", "waiting")
print(json.dumps({
    "sessions": list(rows),
    "registrations": Registration.objects.count(),
    "waitlist_entries": WaitlistEntry.objects.count(),
}))
"""


# The work of a registration below the web stack, in a child process on the bench's
# database after the rush (a fresh event of its own): `service` calls
# events.services.registration_create directly, as the API does after parsing the
# request; `driver` runs only the statements of one registration through the database
# driver (the locks, the decision, the three inserts, the commit), with nothing of the
# application around them. CPU per registration of this process and, on PostgreSQL, of
# its server process (/proc of pg_backend_pid()).
FLOOR = r"""
import datetime as dt, json, os, sys, time, uuid
import django
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from industriedialog.core import prepared
from industriedialog.core.audit import INSERT_SQL as AUDIT_SQL
from industriedialog.core.models import Initiative
from industriedialog.events import locking, services
from industriedialog.events.models import Event, Session
from industriedialog.events.selectors import session_for_registration

count, seats = int(sys.argv[1]), int(sys.argv[2])
initiative = Initiative.objects.create(name="Floor", slug="floor", start_date=dt.date(2026, 1, 1))
start = timezone.now() + dt.timedelta(days=40)
event = Event.objects.create(
    initiative=initiative, kind="open_house", title="Floor", slug="floor",
    starts_at=start, ends_at=start + dt.timedelta(hours=6),
    registration_opens_at=timezone.now() - dt.timedelta(minutes=1),
)
sessions = Session.objects.bulk_create([
    Session(event=event, title=f"F {n}", capacity=seats,
            starts_at=start + dt.timedelta(minutes=5 * n),
            ends_at=start + dt.timedelta(minutes=5 * n + 60))
    for n in range(100)
])
ids = [s.pk for s in sessions]
postgres = connection.vendor == "postgresql"
connection.ensure_connection()
pid = None
if postgres:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

def server_cpu():
    if pid is None:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def measure(run, emails):
    for email, session_id in emails[:200]:
        run(email, session_id)
    client, server = time.process_time(), server_cpu()
    for email, session_id in emails[200:]:
        run(email, session_id)
    n = len(emails) - 200
    return {"client": 1000 * (time.process_time() - client) / n,
            "server": 1000 * (server_cpu() - server) / n}

def by_service(email, session_id):
    session = session_for_registration(None, pk=session_id)
    services.registration_create(session=session, name="Gast", email=email,
                                 target_group="students")

first = ids[:50]
service = measure(by_service, [(f"s{n}@example.org", first[n % 50]) for n in range(count)])

REGISTRATION_SQL = (
    "INSERT INTO events_registration (session_id, event_id, name, email, target_group, "
    "answers, status, code, cancel_token, from_waitlist, created_at) "
    "VALUES (%s, %s, 'Gast', %s, 'students', %s, 'confirmed', %s, %s, %s, %s) RETURNING id"
)
TASK_SQL = (
    "INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, args_kwargs, "
    "priority, task_path, worker_ids, queue_name, backend_name, run_after, "
    "exception_class_path, traceback) VALUES (%s, 'READY', %s, %s, 0, "
    "'industriedialog.events.tasks.mail_registration', %s, 'default', 'default', %s, '', '')"
)
adapt_json = connection.ops.adapt_json_value
adapt_time = connection.ops.adapt_datetimefield_value
session_rows = {s.pk: s for s in sessions}

def by_driver(email, session_id):
    session = session_rows[session_id]
    now = adapt_time(timezone.now())
    with transaction.atomic(), prepared.cursor() as cursor:
        with prepared.pipeline():
            if postgres:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)",
                               [locking.person_key(event.pk, email)])
                cursor.execute("SELECT id FROM events_session WHERE id = %s FOR UPDATE",
                               [session_id])
            cursor.execute(services.DECISION_SQL, {
                "session": session_id, "event": event.pk, "email": email,
                "starts": adapt_time(session.starts_at), "ends": adapt_time(session.ends_at)})
            cursor.fetchone()
        cursor.execute(REGISTRATION_SQL, [session_id, event.pk, email, adapt_json({}, None),
                                          uuid.uuid4().hex[:10], uuid.uuid4().hex, False, now])
        pk = cursor.fetchone()[0]
        cursor.execute(AUDIT_SQL, [None, "events.registration.create", "events.registration",
                                   str(pk), "Gast", adapt_json({"session": session_id}, None),
                                   now])
        cursor.fetchone()
        cursor.execute(TASK_SQL, [uuid.uuid4() if postgres else uuid.uuid4().hex, now,
                                  adapt_json({"args": [pk], "kwargs": {}}, None),
                                  adapt_json([], None), now])

second = ids[50:]
driver = measure(by_driver, [(f"d{n}@example.org", second[n % 50]) for n in range(count)])
print(json.dumps({"service": service, "driver": driver}))
"""


def reset_database(backend: str, postgres_url: str) -> str:
    if backend == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    import psycopg

    parsed = urlparse(postgres_url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_url


def run_django(code: str, env: dict[str, str], *args: str) -> str:
    env = {**env, "DJANGO_SETTINGS_MODULE": "industriedialog.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"Vorbereitung fehlgeschlagen:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    # With --threads > 1 gunicorn runs its threaded worker, which keeps connections alive;
    # the sync worker answers one request per connection.
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "industriedialog.wsgi:application",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "industriedialog.settings"},
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn hat nicht gestartet.") from None
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn antwortet nicht.")


def stop_server(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


# --- the client ----------------------------------------------------------------------------


def payloads(session_ids: list[int], count: int) -> list[tuple[int, dict]]:
    """`count` registrations spread evenly over the tours, ~4 % repeating an e-mail that
    was already sent to the same tour (they must get 409)."""
    rng = random.Random(SEED)
    sent: dict[int, list[str]] = {pk: [] for pk in session_ids}
    result = []
    for n in range(count):
        session_id = session_ids[n % len(session_ids)]
        if sent[session_id] and rng.random() < DUPLICATE_SHARE:
            email = rng.choice(sent[session_id])
        else:
            email = f"gast{n}@example.org"
            sent[session_id].append(email)
        body = {"name": f"Gast {n}", "email": email, "target_group": rng.choice(GROUPS)}
        result.append((session_id, body))
    rng.shuffle(result)
    return result


class _HttpConnection(asyncio.Protocol):
    """One HTTP/1.1 connection: writes a prepared request and parses the answer
    (Content-Length or chunked). Much cheaper per request than a general client, so that
    the client takes as little of the machine's CPU from the server as possible."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionResetError("connection closed before answer"))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is None or self.waiter.done():
            return
        answer = _parse_answer(self.buffer)
        if answer is not None:
            self.buffer.clear()
            self.waiter.set_result(answer)

    def request(self, raw: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(raw)
        return self.waiter


def _parse_answer(buffer: bytearray) -> tuple[int, bytes, bool] | None:
    """(status, body, keep-alive) once the whole answer is in `buffer`, else None."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buffer[:head_end]).decode("latin-1").split("\r\n")
    version, status = head[0].split(" ", 2)[:2]
    headers = {}
    for line in head[1:]:
        name, _colon, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get("connection") != "close" and version == "HTTP/1.1"
    body_start = head_end + 4
    if "content-length" in headers:
        body_end = body_start + int(headers["content-length"])
        if len(buffer) < body_end:
            return None
        return int(status), bytes(buffer[body_start:body_end]), keep_alive
    if headers.get("transfer-encoding") == "chunked":
        body, position = bytearray(), body_start
        while True:
            line_end = buffer.find(b"\r\n", position)
            if line_end < 0:
                return None
            size = int(bytes(buffer[position:line_end]).split(b";")[0], 16)
            if len(buffer) < line_end + 2 + size + 2:
                return None
            if size == 0:
                return int(status), bytes(body), keep_alive
            body += buffer[line_end + 2 : line_end + 2 + size]
            position = line_end + 2 + size + 2
    return None  # no length: read until the server closes (not used by gunicorn here)


def _raw_request(host: str, method: str, path: str, body: dict | None) -> bytes:
    content = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(content)}\r\n"
    return (head + "\r\n").encode() + content


async def fire_raw(base: str, requests: list[tuple[str, str, dict | None]], clients: int) -> dict:
    """Send `requests` over `clients` concurrent keep-alive connections (a new one when the
    server closes); the latency of each request includes connecting when it had to."""
    parsed = urlparse(base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    loop = asyncio.get_running_loop()
    prepared = [
        (method, _raw_request(f"{host}:{port}", method, path, body))
        for method, path, body in requests
    ]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    bodies: list[bytes] = []
    errors: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in prepared:
        queue.put_nowait(item)

    async def worker() -> None:
        connection: _HttpConnection | None = None
        while True:
            try:
                method, raw = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            started = time.perf_counter()
            try:
                if connection is None or connection.closed:
                    _transport, connection = await loop.create_connection(
                        _HttpConnection, host, port
                    )
                status, body, keep_alive = await asyncio.wait_for(connection.request(raw), 120)
            except (OSError, TimeoutError, ValueError) as error:
                errors.append(type(error).__name__)
                connection = None
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if method == "POST" and status == 201:
                bodies.append(body)
            if not keep_alive:
                assert connection.transport is not None
                connection.transport.close()
                connection = None
        if connection is not None and connection.transport is not None:
            connection.transport.close()

    started, cpu_started = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _index in range(clients)))
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_started
    return _result(
        requests, elapsed, client_cpu, latencies, statuses, [json.loads(b) for b in bodies], errors
    )


async def fire_httpx(base: str, requests: list[tuple[str, str, dict | None]], clients: int) -> dict:
    """The same load sent with httpx (`--client httpx`, the client of the first
    measurements), for comparison."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    bodies: list[dict] = []
    errors: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            while True:
                try:
                    method, path, body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.request(method, path, json=body)
                except httpx.HTTPError as error:
                    errors.append(type(error).__name__)
                    continue
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if method == "POST" and response.status_code == 201:
                    bodies.append(response.json())

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _index in range(clients)))
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - cpu_started
    return _result(requests, elapsed, client_cpu, latencies, statuses, bodies, errors)


def _result(requests, elapsed, client_cpu, latencies, statuses, bodies, errors) -> dict:
    latencies.sort()
    return {
        "elapsed": elapsed,
        "statuses": statuses,
        "bodies": bodies,
        "transport_errors": errors,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
        "per_minute": 60 * len(requests) / elapsed,
        "client_cpu_share": client_cpu / elapsed,
    }


# --- one backend ---------------------------------------------------------------------------


def load_average() -> float:
    return os.getloadavg()[0]


def _worker_cpu(server: subprocess.Popen) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers."""
    total = 0
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[float, float]:
    """CPU seconds of the whole machine so far: (busy, stolen by the hypervisor)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def measured(server: subprocess.Popen, send) -> dict:
    """Run one phase and add where the CPU went, per request in ms: the gunicorn workers,
    the client, and the whole machine (workers, client, database, kernel, anyone else)."""
    workers_before, (busy_before, steal_before) = _worker_cpu(server), _machine_cpu()
    result = asyncio.run(send())
    busy, steal = _machine_cpu()
    requests = sum(result["statuses"].values()) + len(result["transport_errors"])
    result["cpu_ms"] = {
        "workers": 1000 * (_worker_cpu(server) - workers_before) / requests,
        "client": 1000 * result["client_cpu_share"] * result["elapsed"] / requests,
        "machine": 1000 * (busy - busy_before) / requests,
        "stolen": 1000 * (steal - steal_before) / requests,
    }
    return result


def run_backend(backend: str, args: argparse.Namespace) -> dict:
    url = reset_database(backend, args.postgres_url)
    env = server_env(url)
    session_ids = json.loads(run_django(PREPARE, env, str(args.tours), str(args.seats)))
    port = free_port()
    threads = args.threads or SERVER_THREADS[backend]
    server = start_server(env, port, args.workers, threads)
    base = f"http://127.0.0.1:{port}"
    fire = fire_httpx if args.client == "httpx" else fire_raw
    try:
        asyncio.run(fire(base, [("GET", "/api/v1/health", None)] * 200, args.clients))  # warm
        load_before = load_average()
        ceiling = measured(
            server,
            lambda: fire(
                base, [("GET", "/api/v1/health", None)] * args.registrations, args.clients
            ),
        )
        rush_requests = [
            ("POST", f"/api/v1/sessions/{session_id}/registrations", body)
            for session_id, body in payloads(session_ids, args.registrations)
        ]
        rush = measured(server, lambda: fire(base, rush_requests, args.clients))
        load_after = load_average()
    finally:
        stop_server(server)
    check = json.loads(run_django(VERIFY, env))
    floor = json.loads(run_django(FLOOR, env, str(args.floor_registrations), str(args.seats)))
    statuses = rush["statuses"]
    confirmed = sum(1 for body in rush["bodies"] if body["status"] == "confirmed")
    waitlisted = sum(1 for body in rush["bodies"] if body["status"] == "waitlisted")
    overbooked = [s for s in check["sessions"] if s["confirmed"] > s["capacity"]]
    errors = sum(n for code, n in statuses.items() if code >= 500) + len(rush["transport_errors"])
    errors += sum(n for code, n in statuses.items() if code not in (201, 409) and code < 500)
    return {
        "backend": backend,
        "workers": args.workers,
        "threads": threads,
        "client": args.client,
        "clients": args.clients,
        "requests": args.registrations,
        "tours": args.tours,
        "seats": args.seats,
        "confirmed": confirmed,
        "confirmed_in_database": sum(s["confirmed"] for s in check["sessions"]),
        "waitlisted": waitlisted,
        "duplicates": statuses.get(409, 0),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "rows_match": check["registrations"] + check["waitlist_entries"] == statuses.get(201, 0),
        "overbooked_tours": len(overbooked),
        "per_minute": rush["per_minute"],
        "p50_ms": rush["p50_ms"],
        "p99_ms": rush["p99_ms"],
        "ceiling_per_minute": ceiling["per_minute"],
        "ceiling_p50_ms": ceiling["p50_ms"],
        "client_cpu_share": (ceiling["client_cpu_share"], rush["client_cpu_share"]),
        "cpu_ms": (ceiling["cpu_ms"], rush["cpu_ms"]),
        "share": rush["per_minute"] / ceiling["per_minute"],
        "floor": floor,
        "load_average": (load_before, load_after),
    }


# --- report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import httpx

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "httpx": httpx.__version__,
    }


def cpu_text(run: dict) -> str:
    ceiling, rush = run["cpu_ms"]
    return ", ".join(
        f"{name} {ceiling[name]:.2f} / {rush[name]:.2f}"
        for name in ("workers", "client", "machine", "stolen")
    )


def correct(run: dict) -> bool:
    return (
        run["confirmed"] == run["tours"] * run["seats"]
        and run["confirmed_in_database"] == run["tours"] * run["seats"]
        and run["errors"] == 0
        and run["overbooked_tours"] == 0
        and run["rows_match"]
    )


def target_met(run: dict) -> str:
    ok = correct(run) and run["per_minute"] >= TARGET_PER_MINUTE and run["share"] >= TARGET_SHARE
    return "yes" if ok else "no"


def share_bound(ceiling_ms: float, own_ms: float) -> float:
    """The highest share of the ceiling a registration can reach when its request costs
    the machine at least what the ceiling's request costs plus `own_ms` of its own."""
    return ceiling_ms / (ceiling_ms + own_ms)


def floor_text(run: dict) -> str:
    ceiling = run["cpu_ms"][0]["machine"]
    parts = []
    for name, label in (("service", "the service"), ("driver", "the statements alone")):
        figures = run["floor"][name]
        own = figures["client"] + figures["server"]
        parts.append(
            f"{label} {own:.2f} ms ({figures['client']:.2f} in the process, "
            f"{figures['server']:.2f} in the database server), which bounds the share at "
            f"{100 * share_bound(ceiling, own):.0f} %"
        )
    return "; ".join(parts)


def section(runs: list[dict], info: dict[str, str], command: str) -> str:
    lines = [
        SECTION,
        "",
        f"Measured on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `{command}`.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} CPUs, {info['memory']} RAM; Python "
        f"{info['python']}, SQLite {info['sqlite']}, httpx {info['httpx']}. Server and client "
        "share the machine (and with it whatever else runs there): gunicorn workers serve, "
        "one asyncio process sends.",
        "",
        "What is measured: the real server (gunicorn, DEBUG off, the production settings "
        "with the database backend for tasks, so every confirmation mail is queued as a "
        "task row) on loopback. The ceiling is GET /api/v1/health (no database) with the "
        "same client, clients and number of requests. The rush sends the registrations "
        "spread evenly over the tours in random order; about 4 % repeat an e-mail already "
        "sent to the same tour and must be refused with 409. Afterwards the database is "
        "checked. Client `raw`: the bench's own HTTP/1.1 keep-alive client on asyncio's "
        "Protocol; `httpx`: httpx.AsyncClient. Threads 1: gunicorn's sync worker (a new "
        "connection per request); more: its threaded worker with keep-alive. Targets: "
        "confirmed exactly tours × seats, errors 0, ≥ 20,000 registrations per minute, "
        "≥ 50 % of the ceiling.",
        "",
        "| Backend | workers | threads | client | clients | requests | confirmed | waitlisted "
        "| duplicates (409) | errors | overbooked tours | registrations/min | p50 ms | p99 ms "
        "| ceiling/min | share of ceiling | correct | ≥ 20,000/min | ≥ 50 % | load average |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
        "|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {'SQLite' if run['backend'] == 'sqlite' else 'PostgreSQL'} | {run['workers']} "
            f"| {run['threads']} | {run['client']} "
            f"| {run['clients']} | {run['requests']:,} | {run['confirmed']:,} "
            f"| {run['waitlisted']:,} | {run['duplicates']:,} | {run['errors']} "
            f"| {run['overbooked_tours']} | {run['per_minute']:,.0f} | {run['p50_ms']:.0f} "
            f"| {run['p99_ms']:.0f} | {run['ceiling_per_minute']:,.0f} "
            f"| {100 * run['share']:.0f} % "
            f"| {'yes' if correct(run) else 'no'} "
            f"| {'yes' if run['per_minute'] >= TARGET_PER_MINUTE else 'no'} "
            f"| {'yes' if run['share'] >= TARGET_SHARE else 'no'} "
            f"| {run['load_average'][0]:.1f} → {run['load_average'][1]:.1f} |"
        )
    lines.append("")
    for run in runs:
        lines.append(
            f"- {run['backend']}: HTTP statuses {run['statuses']}; rows in the database match "
            f"the 201 answers: {'yes' if run['rows_match'] else 'no'}; confirmed seats in the "
            f"database {run['confirmed_in_database']:,}; the client process used "
            f"{100 * run['client_cpu_share'][0]:.0f} % of a CPU during the ceiling and "
            f"{100 * run['client_cpu_share'][1]:.0f} % during the rush; CPU ms per request "
            f"(ceiling / rush): {cpu_text(run)}. A registration's own work below the web "
            f"stack, CPU per registration: {floor_text(run)}."
        )
    lines += [
        "",
        "Reading the CPU figures: `workers` is what the gunicorn workers spent per request, "
        "`client` the load client, `machine` every CPU of the machine together (workers, "
        "client, PostgreSQL, the kernel's loopback, and anything else running at the time), "
        "`stolen` what the hypervisor took. With two CPUs, 20,000 registrations per minute "
        "leave 6 ms of machine CPU per registration. The share of the ceiling is bounded by "
        "what a registration must do besides what `/health` does: a registration request "
        "costs at least the ceiling's request plus its own work, so the share is at most "
        "ceiling / (ceiling + own work). The bench measures that own work after the rush "
        "on a fresh event of its own (`FLOOR`): *the service* is "
        "`events.services.registration_create` called directly (validation, locks, "
        "decision, registration or waiting place, audit entry, outbox row, commit), *the "
        "statements alone* the same statements through the database driver with nothing "
        "of the application around them. Where the time goes and what is left: "
        "docs/events-locking.md, Performance.",
    ]
    lines.append("")
    return "\n".join(lines) + "\n"


def postgres_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--tours", type=int, default=50)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument(
        "--floor-registrations",
        type=int,
        default=2200,
        help="registrations of the own-work measurement (the first 200 warm up)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per worker; default: 1 on SQLite (sync workers), 4 on PostgreSQL "
        "(see SERVER_THREADS)",
    )
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not postgres_reachable(args.postgres_url):
        print("PostgreSQL nicht erreichbar: nur SQLite.", file=sys.stderr)
        backends.remove("postgres")
    runs = []
    for backend in backends:
        run = run_backend(backend, args)
        runs.append(run)
        print(
            f"{backend}: confirmed {run['confirmed']} (database {run['confirmed_in_database']}), "
            f"waitlisted {run['waitlisted']}, duplicates {run['duplicates']}, errors "
            f"{run['errors']}, overbooked tours {run['overbooked_tours']}, "
            f"{run['per_minute']:,.0f} registrations/min, p50 {run['p50_ms']:.0f} ms, "
            f"p99 {run['p99_ms']:.0f} ms; ceiling {run['ceiling_per_minute']:,.0f}/min "
            f"({100 * run['share']:.0f} %); target met: {target_met(run)}; client CPU "
            f"{100 * run['client_cpu_share'][0]:.0f} % / {100 * run['client_cpu_share'][1]:.0f} %; "
            f"CPU ms per request (ceiling / rush): {cpu_text(run)}; own work: {floor_text(run)}"
        )
    if not args.no_write and runs:
        command = "python bench/registration_rush.py " + " ".join(sys.argv[1:])
        write_section("Registration rush", section(runs, machine(), command.strip()))


if __name__ == "__main__":
    main()
