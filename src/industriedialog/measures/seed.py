"""Loads the catalogue of the data set idempotently: fields of action, measures with their
partners, dependencies and timeline, and the staff capacity per quarter.

The files (`data/<data set>/catalogue.json` and `capacities.json`, written by
scripts/generate_measures_data.py): the catalogue is a list of initiatives, each with its
fields (`number`, `title`, `parent` number) and measures (matched by `external_id`). Every
measure gets its creation entry on the timeline (`created_on`, `created_phase`,
`created_note`) and the dated `updates` of the file; timeline entries are matched by
measure, date and note, the creation entry by its „created“ marker. A row that already holds
the shipped values is not written again (no history, no audit event). A reference to an
unknown initiative, field, organisation, body or measure stops the load, and nothing is
written (one transaction).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from industriedialog.actors.models import Organisation
from industriedialog.core import search
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.seeding import SeedReport, load_data_file, upsert
from industriedialog.dialog.models import Body

from .models import (
    ActionField,
    Measure,
    MeasurePartner,
    MeasureUpdate,
    QuarterCapacity,
    number_sort_key,
)

PACKAGE = "industriedialog.measures"
MEASURE_FIELDS = (
    "number",
    "title",
    "description",
    "phase",
    "phase_inferred",
    "phase_note",
    "is_flagship",
    "kind",
    "cost",
    "duration_quarters",
    "is_pinned",
    "priority",
    "progress",
    "source",
    "is_public",
    "is_example_data",
)
DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end", "earliest_start")
CREATED = "created"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _moment(day: dt.date) -> dt.datetime:
    """A fixed time on `day` for `created_at`, so that a second run compares equal."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _get(model: Any, what: str, **lookup: Any) -> Any:
    try:
        return model._default_manager.get(**lookup)
    except model.DoesNotExist:
        shown = ", ".join(str(value) for value in lookup.values())
        raise ValueError(f"catalogue.json: {what} „{shown}“ gibt es nicht.") from None


def _load_fields(
    initiative: Initiative, records: list[dict[str, Any]], report: SeedReport
) -> dict[str, ActionField]:
    fields: dict[str, ActionField] = {}
    # Parents first: a number with fewer parts never depends on one with more.
    for record in sorted(records, key=lambda r: r["number"].count(".")):
        parent = None
        if record.get("parent"):
            parent = fields.get(record["parent"])
            if parent is None:
                raise ValueError(
                    f"catalogue.json: Handlungsfeld „{record['parent']}“ gibt es "
                    f"in {initiative.slug} nicht."
                )
        action_field, outcome = upsert(
            ActionField,
            lookup={"initiative": initiative, "number": record["number"]},
            values={
                "title": record["title"],
                "description": record.get("description", ""),
                "parent": parent,
                "sort_key": number_sort_key(record["number"]),
            },
        )
        fields[record["number"]] = action_field
        report.add("Handlungsfelder", outcome)
    return fields


def _measure_values(
    record: dict[str, Any], initiative: Initiative, fields: dict[str, ActionField]
) -> dict[str, Any]:
    if record["field"] not in fields:
        raise ValueError(
            f"catalogue.json: Handlungsfeld „{record['field']}“ gibt es in {initiative.slug} nicht."
        )
    values = {name: record[name] for name in MEASURE_FIELDS if name in record}
    values.update({name: _date(record.get(name)) for name in DATE_FIELDS})
    values["initiative"] = initiative
    values["field"] = fields[record["field"]]
    values["effort_person_days"] = Decimal(str(record.get("effort_person_days", "0")))
    values["responsible_body"] = (
        _get(Body, "Gremium", slug=record["responsible_body"], initiative=initiative)
        if record.get("responsible_body")
        else None
    )
    values["sort_key"] = number_sort_key(record.get("number") or "9999")
    values["created_at"] = _moment(dt.date.fromisoformat(record["created_on"]))
    return values


def _load_timeline(
    measure: Measure, record: dict[str, Any], existing: list[MeasureUpdate], report: SeedReport
) -> None:
    created_on = dt.date.fromisoformat(record["created_on"])
    entries = [
        (
            True,
            {
                "date": created_on,
                "phase_before": "",
                "phase_after": record.get("created_phase") or measure.phase,
                "progress_before": None,
                "progress_after": record.get("created_progress", measure.progress),
                "changed_fields": [CREATED],
                "note": record["created_note"],
            },
        )
    ]
    entries += [
        (
            False,
            {
                "date": dt.date.fromisoformat(item["date"]),
                "phase_before": item.get("phase_before", ""),
                "phase_after": item.get("phase_after", ""),
                "progress_before": item.get("progress_before"),
                "progress_after": item.get("progress_after"),
                "changed_fields": list(item.get("changed_fields", [])),
                "note": item["note"],
            },
        )
        for item in record.get("updates", [])
    ]
    for is_creation, values in entries:
        values["created_at"] = _moment(values["date"])
        if is_creation:
            match = next((u for u in existing if CREATED in (u.changed_fields or [])), None)
        else:
            match = next(
                (u for u in existing if u.date == values["date"] and u.note == values["note"]), None
            )
        if match is None:
            entry = MeasureUpdate(measure=measure, **values)
            entry.full_clean()
            entry.save()
            existing.append(entry)
            report.add("Sachstände", "created")
            continue
        changed = [name for name, value in values.items() if getattr(match, name) != value]
        if changed:
            for name in changed:
                setattr(match, name, values[name])
            match.full_clean()
            match.save(update_fields=changed)
        report.add("Sachstände", "updated" if changed else "unchanged")


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    catalogues = load_data_file(PACKAGE, "catalogue.json", data_set=data_set)
    organisations = {
        o.slug: o
        for o in Organisation.objects.filter(
            slug__in={
                item["organisation"]
                for catalogue in catalogues
                for record in catalogue["measures"]
                for item in record.get("partners", [])
            }
        )
    }
    measures: dict[str, Measure] = {}
    records: dict[str, dict[str, Any]] = {}
    touched: list[Measure] = []
    for catalogue in catalogues:
        initiative = _get(Initiative, "Initiative", slug=catalogue["initiative"])
        fields = _load_fields(initiative, catalogue["fields"], report)
        for record in catalogue["measures"]:
            measure, outcome = upsert(
                Measure,
                lookup={"external_id": record["external_id"]},
                values=_measure_values(record, initiative, fields),
            )
            measures[measure.external_id] = measure
            records[measure.external_id] = record
            report.add("Maßnahmen", outcome)
            if outcome != "unchanged":
                touched.append(measure)
            for item in record.get("partners", []):
                organisation = organisations.get(item["organisation"])
                if organisation is None:
                    raise ValueError(
                        f"catalogue.json: Organisation „{item['organisation']}“ gibt es nicht."
                    )
                _, partner_outcome = upsert(
                    MeasurePartner,
                    lookup={"measure": measure, "organisation": organisation},
                    values={"role": item.get("role", MeasurePartner.Role.PARTNER)},
                )
                report.add("Partner der Maßnahmen", partner_outcome)
    _load_dependencies(measures, records, report)
    timelines: dict[int, list[MeasureUpdate]] = {}
    for entry in MeasureUpdate.objects.filter(measure__in=list(measures.values())):
        timelines.setdefault(entry.measure_id, []).append(entry)
    for external_id, measure in measures.items():
        _load_timeline(measure, records[external_id], timelines.setdefault(measure.pk, []), report)
    for record in load_data_file(PACKAGE, "capacities.json", data_set=data_set):
        initiative = _get(Initiative, "Initiative", slug=record["initiative"])
        _, outcome = upsert(
            QuarterCapacity,
            lookup={"initiative": initiative, "year": record["year"], "quarter": record["quarter"]},
            values={"person_days": Decimal(str(record["person_days"]))},
        )
        report.add("Kapazitäten", outcome)
    for measure in touched:
        search.index_object(measure)
    if report.changed:
        audit_log(actor=None, action="measures.seed.load", data={"counts": report.counts})
    return report


def _load_dependencies(
    measures: dict[str, Measure], records: dict[str, dict[str, Any]], report: SeedReport
) -> None:
    """Adds the shipped dependencies that are missing; dependencies added by staff stay."""
    through = Measure.depends_on.through
    present = set(
        through.objects.filter(from_measure__in=list(measures.values())).values_list(
            "from_measure_id", "to_measure_id"
        )
    )
    for external_id, record in records.items():
        measure = measures[external_id]
        for target_id in record.get("depends_on", []):
            target = measures.get(target_id) or _get(Measure, "Maßnahme", external_id=target_id)
            if (measure.pk, target.pk) in present:
                report.add("Abhängigkeiten", "unchanged")
                continue
            measure.depends_on.add(target)
            present.add((measure.pk, target.pk))
            report.add("Abhängigkeiten", "created")
