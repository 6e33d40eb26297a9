"""Export of an event's registrations and waiting list as CSV or XLSX (staff only).

One row per registration (confirmed or cancelled) and per waiting-list entry that still
waits or holds an offer, ordered by session: session, list, name, e-mail, target group,
status, checked in, the answers to the event's questions. German Excel style through
core/tabular.py (`;`, UTF-8 with BOM); choices as their German labels, times as local
"JJJJ-MM-TT HH:MM". People typed their names themselves, so a cell that a spreadsheet
would read as a formula is written as text (leading apostrophe)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.core.tabular import csv_bytes, xlsx_bytes

from .models import Event, Registration, Session, TargetGroup, WaitlistEntry

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def header(event: Event) -> list[str]:
    return [
        _("Führung"),
        _("Beginn"),
        _("Liste"),
        _("Name"),
        _("E-Mail"),
        _("Zielgruppe"),
        _("Status"),
        _("Eingecheckt"),
        _("Angemeldet am"),
    ] + [str(question.get("label", question.get("key", ""))) for question in event.questions or []]


def rows(event: Event) -> Iterator[list[Any]]:
    """Three queries: the sessions, the registrations and the open waiting-list entries."""
    sessions = {session.pk: session for session in Session.objects.filter(event=event)}
    keys = [str(question.get("key", "")) for question in event.questions or []]
    groups = dict(TargetGroup.choices)
    registrations = Registration.objects.filter(event=event).order_by(
        "session__starts_at", "session__title", "session_id", "name", "id"
    )
    entries = WaitlistEntry.objects.filter(
        event=event,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).order_by("session__starts_at", "session__title", "session_id", "created_at", "id")
    records: list[tuple[Any, int, list[Any]]] = []
    for registration in registrations:
        records.append(
            (
                registration.session_id,
                0,
                [
                    _("Anmeldung"),
                    _text(registration.name),
                    _text(registration.email),
                    str(groups.get(registration.target_group, registration.target_group)),
                    str(registration.get_status_display()),
                    _moment(registration.checked_in_at) or _("nein"),
                    _moment(registration.created_at),
                ]
                + [_text(str(registration.answers.get(key, ""))) for key in keys],
            )
        )
    for entry in entries:
        records.append(
            (
                entry.session_id,
                1,
                [
                    _("Warteliste"),
                    _text(entry.name),
                    _text(entry.email),
                    str(groups.get(entry.target_group, entry.target_group)),
                    str(entry.get_status_display()),
                    "",
                    _moment(entry.created_at),
                ]
                + [_text(str(entry.answers.get(key, ""))) for key in keys],
            )
        )
    order = {
        pk: index
        for index, pk in enumerate(
            sorted(sessions, key=lambda pk: (sessions[pk].starts_at, sessions[pk].title, pk))
        )
    }
    # Stable sort: within a session and list the query's order is kept.
    records.sort(key=lambda record: (order[record[0]], record[1]))
    for session_id, _list, cells in records:
        session = sessions[session_id]
        yield [_text(session.title), _moment(session.starts_at), *cells]


def export(event: Event, file_format: str) -> bytes:
    if file_format == "csv":
        return csv_bytes(header(event), rows(event))
    return xlsx_bytes([(str(_("Anmeldungen")), header(event), rows(event))])


def file_name(event: Event, file_format: str) -> str:
    return f"anmeldungen-{event.slug}-{timezone.localdate().isoformat()}.{file_format}"
