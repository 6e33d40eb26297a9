"""Loads the bodies of the data set with their members, meetings, decisions and action
items, idempotently (matched by slugs and titles)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from industriedialog.actors.models import Organisation, Person
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.seeding import SeedReport, load_data_file, upsert

from .models import ActionItem, AgendaItem, Body, Decision, Meeting, Membership

BODY_FIELDS = ("kind", "name", "short_name", "topic", "description", "status",
               "min_company_members", "composition_rule", "cadence_months", "order",
               "is_public")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _aware(value: str):
    from django.utils import timezone

    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"Ungültiger Zeitpunkt: {value}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _person(entry: Any, report: SeedReport) -> Person:
    if isinstance(entry, str):
        return Person.objects.get(slug=entry)
    values = {"first_name": entry["first_name"], "last_name": entry["last_name"],
              "title": entry.get("title", ""), "is_public": bool(entry.get("is_public")),
              "is_example_data": bool(entry.get("is_example_data"))}
    person, outcome = upsert(Person, lookup={"slug": entry["slug"]}, values=values)
    report.add("Personen (Gremien)", outcome)
    return person


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    records = load_data_file("industriedialog.dialog", "bodies.json", data_set=data_set)
    bodies: dict[str, Body] = {}
    for record in records:
        values = {name: record.get(name, Body._meta.get_field(name).get_default())
                  for name in BODY_FIELDS}
        values["initiative"] = Initiative.objects.get(slug=record["initiative"])
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
            person = _person(member["person"], report)
            _, outcome = upsert(
                Membership, lookup={"body": body, "person": person},
                values={"organisation": Organisation.objects.get(slug=member["organisation"]),
                        "role": member.get("role", "member"),
                        "start_date": _date(member.get("start_date")) or dt.date(2015, 3, 24),
                        "end_date": _date(member.get("end_date")),
                        "is_listed": bool(member.get("is_listed")),
                        "is_example_data": bool(member.get("is_example_data"))})
            report.add("Mitgliedschaften", outcome)
        for item in record.get("meetings", []):
            meeting, outcome = upsert(
                Meeting, lookup={"body": body, "starts_at": _aware(item["starts_at"])},
                values={"title": item["title"], "ends_at": _aware(item["ends_at"]),
                        "location": item.get("location", ""), "status": item.get("status",
                                                                                   "held"),
                        "minutes": item.get("minutes", ""),
                        "is_example_data": bool(item.get("is_example_data"))})
            report.add("Sitzungen", outcome)
            for position, title in enumerate(item.get("agenda", []), start=1):
                _, outcome = upsert(AgendaItem, lookup={"meeting": meeting, "position": position},
                                    values={"title": title})
                report.add("Tagesordnungspunkte", outcome)
            for text in item.get("decisions", []):
                if not Decision.objects.filter(meeting=meeting, text=text).exists():
                    Decision.objects.create(meeting=meeting, text=text)
                    report.add("Beschlüsse", "created")
                else:
                    report.add("Beschlüsse", "unchanged")
        for item in record.get("action_items", []):
            _, outcome = upsert(
                ActionItem, lookup={"body": body, "title": item["title"]},
                values={"assignee": _person(item["assignee"], report),
                        "due_date": _date(item.get("due_date")),
                        "status": item.get("status", "open"),
                        "description": item.get("description", "")})
            report.add("Aufgaben", outcome)
    if report.changed:
        audit_log(actor=None, action="dialog.seed.load", data={"counts": report.counts})
    return report
