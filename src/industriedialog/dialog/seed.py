"""Loads the bodies of the data set with their members, meetings, decisions and action
items, idempotently: bodies are matched by slug, members by (body, person), meetings by
(body, start), agenda items by position, decisions by text and action items by title. A
row that already holds the shipped values is not written again (no history, no audit).

The file (`data/<data set>/bodies.json`, written by scripts/generate_dialog_data.py) is a
list of bodies. A person is either the slug of a person of the register (people.json) or
an object `{slug, first_name, last_name, title?, is_public?, is_example_data}` for an
invented one; an action item may name its meeting by the meeting's `starts_at`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from industriedialog.actors.models import Organisation, Person
from industriedialog.core import search
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.seeding import SeedReport, load_data_file, upsert

from .models import ActionItem, AgendaItem, Body, Decision, Meeting, Membership

BODY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "topic",
    "description",
    "status",
    "min_company_members",
    "composition_rule",
    "cadence_months",
    "order",
    "is_public",
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _aware(value: str) -> dt.datetime:
    """An ISO time of the file, read as local time (Europe/Berlin) unless it has an offset."""
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"Ungültiger Zeitpunkt: {value}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _body_default(name: str) -> Any:
    field = Body._meta.get_field(name)
    return field.get_default() if isinstance(field, models.Field) else None


def _by_slug(model: type[models.Model], slug: str, what: str) -> Any:
    try:
        return model._default_manager.get(slug=slug)
    except ObjectDoesNotExist:
        raise ValueError(f"bodies.json: {what} „{slug}“ gibt es nicht.") from None


def _person(entry: Any, report: SeedReport, seen: dict[str, Person]) -> Person:
    """The person of a member or assignee; an invented one is upserted (and counted) on
    its first appearance in the file only."""
    if isinstance(entry, str):
        return _by_slug(Person, entry, "Person")
    if entry["slug"] in seen:
        return seen[entry["slug"]]
    values = {
        "first_name": entry["first_name"],
        "last_name": entry["last_name"],
        "title": entry.get("title", ""),
        "is_public": bool(entry.get("is_public")),
        "is_example_data": bool(entry.get("is_example_data")),
    }
    person, outcome = upsert(Person, lookup={"slug": entry["slug"]}, values=values)
    if outcome != "unchanged":
        # The register's search finds people; keep their entries in step.
        search.index_object(person)
    report.add("Personen (Gremien)", outcome)
    seen[entry["slug"]] = person
    return person


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    records = load_data_file("industriedialog.dialog", "bodies.json", data_set=data_set)
    bodies: dict[str, Body] = {}
    people: dict[str, Person] = {}
    for record in records:
        values = {
            name: record[name] if name in record else _body_default(name) for name in BODY_FIELDS
        }
        values["initiative"] = _by_slug(Initiative, record["initiative"], "Initiative")
        values["founded_on"] = _date(record.get("founded_on"))
        body, outcome = upsert(Body, lookup={"slug": record["slug"]}, values=values)
        bodies[record["slug"]] = body
        report.add("Gremien", outcome)
    for record in records:
        body = bodies[record["slug"]]
        parent = bodies.get(record.get("parent") or "")
        if body.parent_id != (parent.pk if parent else None):
            body.parent = parent
            body.save(update_fields=["parent", "updated_at"])
        for member in record.get("members", []):
            person = _person(member["person"], report, people)
            _, outcome = upsert(
                Membership,
                lookup={"body": body, "person": person},
                values={
                    "organisation": _by_slug(Organisation, member["organisation"], "Organisation"),
                    "role": member.get("role", "member"),
                    "start_date": _date(member.get("start_date")) or dt.date(2015, 3, 24),
                    "end_date": _date(member.get("end_date")),
                    "is_listed": bool(member.get("is_listed")),
                    "is_example_data": bool(member.get("is_example_data")),
                },
            )
            report.add("Mitgliedschaften", outcome)
        meetings: dict[dt.datetime, Meeting] = {}
        for item in record.get("meetings", []):
            meeting, outcome = upsert(
                Meeting,
                lookup={"body": body, "starts_at": _aware(item["starts_at"])},
                values={
                    "title": item["title"],
                    "ends_at": _aware(item["ends_at"]),
                    "location": item.get("location", ""),
                    "status": item.get("status", "held"),
                    "minutes": item.get("minutes", ""),
                    "is_example_data": bool(item.get("is_example_data")),
                },
            )
            meetings[meeting.starts_at] = meeting
            report.add("Sitzungen", outcome)
            for position, title in enumerate(item.get("agenda", []), start=1):
                _, outcome = upsert(
                    AgendaItem,
                    lookup={"meeting": meeting, "position": position},
                    values={"title": title},
                )
                report.add("Tagesordnungspunkte", outcome)
            for text in item.get("decisions", []):
                if not Decision.objects.filter(meeting=meeting, text=text).exists():
                    Decision.objects.create(meeting=meeting, text=text)
                    report.add("Beschlüsse", "created")
                else:
                    report.add("Beschlüsse", "unchanged")
        for item in record.get("action_items", []):
            linked_meeting: Meeting | None = None
            if item.get("meeting"):
                linked_meeting = meetings.get(_aware(item["meeting"]))
                if linked_meeting is None:
                    raise ValueError(
                        f"bodies.json: Aufgabe „{item['title']}“ nennt eine "
                        f"Sitzung, die {body.slug} nicht hat."
                    )
            _, outcome = upsert(
                ActionItem,
                lookup={"body": body, "title": item["title"]},
                values={
                    "assignee": _person(item["assignee"], report, people),
                    "meeting": linked_meeting,
                    "due_date": _date(item.get("due_date")),
                    "status": item.get("status", "open"),
                    "description": item.get("description", ""),
                },
            )
            report.add("Aufgaben", outcome)
    if report.changed:
        audit_log(actor=None, action="dialog.seed.load", data={"counts": report.counts})
    return report
