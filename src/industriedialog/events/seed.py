"""Loads the events of the data set: `data/<data set>/events.json`, written by
scripts/generate_events_data.py (for Aachen the events of seeds 002, 003 and 004 and an
upcoming Lange Nacht der Industrie as example data).

Create-only: an event whose slug exists is left as it is with its sessions and
registrations, because staff change events and people register and cancel; a second run
changes nothing. A new event is checked completely (hosts exist, sessions inside the
event, no more registrations than seats) and written in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from industriedialog.actors.models import Organisation
from industriedialog.core.models import Initiative
from industriedialog.core.seeding import SeedReport, load_data_file

from .models import Event, Registration, Session, TargetGroup, WaitlistEntry

PACKAGE = "industriedialog.events"
EVENT_KEYS = (
    "kind",
    "title",
    "description",
    "venue",
    "target_groups",
    "max_sessions_per_person",
    "waitlist_mode",
    "questions",
    "participants_expected",
    "is_example_data",
)


def _moment(value: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(value))


def _optional_moment(value: str | None) -> dt.datetime | None:
    return _moment(value) if value else None


def _organisations(slugs: set[str]) -> dict[str, Organisation]:
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    missing = sorted(slugs - set(found))
    if missing:
        raise ValidationError(f"Unbekannte Organisationen in events.json: {', '.join(missing)}")
    return found


def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    records = load_data_file(PACKAGE, "events.json", data_set=data_set)
    existing = set(
        Event.objects.filter(slug__in=[r["slug"] for r in records]).values_list("slug", flat=True)
    )
    new = [r for r in records if r["slug"] not in existing]
    for _record in records:
        report.add("Veranstaltungen", "unchanged" if _record["slug"] in existing else "created")
    if not new:
        return report
    organisations = _organisations(
        {slug for r in new for slug in r.get("hosts", [])}
        | {s["host"] for r in new for s in r["sessions"] if s.get("host")}
    )
    initiatives = {i.slug: i for i in Initiative.objects.all()}
    with transaction.atomic():
        for record in new:
            _load_event(record, initiatives, organisations, report)
    return report


def _load_event(
    record: dict[str, Any],
    initiatives: dict[str, Initiative],
    organisations: dict[str, Organisation],
    report: SeedReport,
) -> None:
    if record["initiative"] not in initiatives:
        raise ValidationError(f"Unbekannte Initiative: {record['initiative']}")
    event = Event(
        initiative=initiatives[record["initiative"]],
        slug=record["slug"],
        starts_at=_moment(record["starts_at"]),
        ends_at=_moment(record["ends_at"]),
        registration_opens_at=_optional_moment(record.get("registration_opens_at")),
        registration_closes_at=_optional_moment(record.get("registration_closes_at")),
        **{key: record[key] for key in EVENT_KEYS if key in record},
    )
    event.full_clean()
    event.save()
    event.hosts.set([organisations[slug] for slug in record.get("hosts", [])])
    registrations: list[Registration] = []
    entries: list[WaitlistEntry] = []
    for item in record["sessions"]:
        session = Session(
            event=event,
            host=organisations.get(item.get("host", "")),
            title=item["title"],
            description=item.get("description", ""),
            starts_at=_moment(item["starts_at"]),
            ends_at=_moment(item["ends_at"]),
            place=item.get("place", ""),
            capacity=item["capacity"],
            target_groups=item.get("target_groups", []),
            accessibility_notes=item.get("accessibility_notes", ""),
            language=item.get("language", "Deutsch"),
        )
        session.full_clean()
        if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
            raise ValidationError(
                f"{event.slug}: „{session.title}“ liegt außerhalb der Veranstaltung."
            )
        people = item.get("registrations", [])
        waiting = item.get("waiting", [])
        if len(people) > session.capacity or (waiting and len(people) < session.capacity):
            raise ValidationError(
                f"{event.slug}: „{session.title}“ hat {len(people)} Anmeldungen für "
                f"{session.capacity} Plätze und {len(waiting)} Wartende."
            )
        session.save()
        report.add("Führungen", "created")
        # Before the event, and never in the future of the day the seed runs.
        created = min(
            event.starts_at - dt.timedelta(days=30), timezone.now() - dt.timedelta(days=2)
        )
        for index, person in enumerate(people):
            if person["target_group"] not in TargetGroup.values:
                raise ValidationError(f"Unbekannte Zielgruppe: {person['target_group']}")
            registrations.append(
                Registration(
                    session=session,
                    event=event,
                    created_at=created + dt.timedelta(minutes=index),
                    **person,
                )
            )
        for index, person in enumerate(waiting):
            entries.append(
                WaitlistEntry(
                    session=session,
                    event=event,
                    created_at=created + dt.timedelta(days=1, minutes=index),
                    **person,
                )
            )
    Registration.objects.bulk_create(registrations)
    WaitlistEntry.objects.bulk_create(entries)
    for _index in range(len(registrations)):
        report.add("Anmeldungen", "created")
    for _index in range(len(entries)):
        report.add("Wartelisteneinträge", "created")
