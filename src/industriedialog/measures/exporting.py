"""Export of an initiative's catalogue as CSV, XLSX and JSON, and of its partner matrix
(measures × organisations) as CSV and XLSX.

CSV is German Excel style: `;`-separated, UTF-8 with BOM, decimal comma. Choices are
written with their German labels, booleans as „ja“/„nein“, dates as ISO dates; the import
(`importing`) reads all of this back (round trip). JSON carries the stable codes. Columns
marked `importable=False` are for reading only; the import ignores them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from industriedialog.core.permissions import is_staff_member

from .models import ActionField, Measure, MeasurePartner


@dataclass(frozen=True)
class Column:
    name: str
    label: str | Promise
    importable: bool = True
    staff_only: bool = False


COLUMNS = (
    Column("external_id", _("Externe ID")),
    Column("field", _("Handlungsfeld")),
    Column("field_title", _("Titel des Handlungsfelds"), importable=False),
    Column("number", _("Nummer")),
    Column("title", _("Titel")),
    Column("description", _("Beschreibung")),
    Column("phase", _("Phase")),
    Column("phase_inferred", _("Phase erschlossen")),
    Column("phase_note", _("Hinweis zur Phase")),
    Column("is_flagship", _("Leuchtturmprojekt")),
    Column("kind", _("Art")),
    Column("cost", _("Kosten")),
    Column("progress", _("Fortschritt (%)")),
    Column("priority", _("Priorität")),
    Column("effort_person_days", _("Personaltage je Quartal")),
    Column("duration_quarters", _("Dauer (Quartale)")),
    Column("earliest_start", _("Frühester Beginn")),
    Column("planned_start", _("Geplanter Beginn")),
    Column("planned_end", _("Geplantes Ende")),
    Column("is_pinned", _("Termin fest")),
    Column("actual_start", _("Tatsächlicher Beginn")),
    Column("actual_end", _("Tatsächliches Ende")),
    Column("responsible_body", _("Verantwortliches Gremium (Kürzel)")),
    Column("partners", _("Partner"), importable=False),
    Column("depends_on", _("Hängt ab von"), importable=False),
    Column("source", _("Quelle")),
    Column("is_public", _("Öffentlich"), staff_only=True),
    Column("is_example_data", _("Beispieldaten")),
    Column("updated_at", _("Zuletzt geändert"), importable=False),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
CHOICE_COLUMNS = ("phase", "kind", "cost")
MATRIX_COLUMNS = (_("Externe ID"), _("Nummer"), _("Titel"), _("Phase"))
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def columns(*, staff: bool) -> tuple[Column, ...]:
    return tuple(column for column in COLUMNS if staff or not column.staff_only)


# --------------------------------------------------------------------------- visibility


def visible_partners(user: Any, measure: Measure) -> list[MeasurePartner]:
    """The partners of a measure the user may see: staff all, others the public
    organisations and their own (the register's rule). Uses the prefetched partners."""
    partners = list(measure.partners.all())
    if is_staff_member(user):
        return partners
    own = (
        getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    )
    return [p for p in partners if p.organisation.is_public or p.organisation_id == own]


def visible_body(user: Any, measure: Measure):
    body = measure.responsible_body
    if body is None or is_staff_member(user) or body.is_public:
        return body
    return None


# --------------------------------------------------------------------------- values


def value(measure: Measure, name: str, user: Any) -> Any:
    """The value of one column as a spreadsheet shows it (labels, „ja“/„nein“)."""
    if name == "field":
        return measure.field.number
    if name == "field_title":
        return measure.field.title
    if name in CHOICE_COLUMNS:
        return str(getattr(measure, f"get_{name}_display")())
    if name == "responsible_body":
        body = visible_body(user, measure)
        return body.slug if body else ""
    if name == "partners":
        return "; ".join(
            f"{p.organisation.name} ({p.get_role_display()})"
            for p in visible_partners(user, measure)
        )
    if name == "depends_on":
        return ", ".join(
            other.external_id
            for other in measure.depends_on.all()
            if is_staff_member(user) or other.is_public
        )
    if name == "updated_at":
        return timezone.localtime(measure.updated_at).strftime("%Y-%m-%d %H:%M")
    raw = getattr(measure, name)
    if isinstance(raw, bool):
        return "ja" if raw else "nein"
    return raw


def decimal_text(number: Decimal) -> str:
    """„6,5“ and „6“: German Excel reads a decimal comma."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def text_value(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, Decimal):
        return decimal_text(raw)
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def rows(measures: Iterable[Measure], *, user: Any) -> Iterable[list[Any]]:
    names = [column.name for column in columns(staff=is_staff_member(user))]
    for measure in measures:
        yield [value(measure, name, user) for name in names]


def _header(*, user: Any) -> list[str]:
    return [str(column.label) for column in columns(staff=is_staff_member(user))]


def to_csv(measures: Iterable[Measure], *, user: Any) -> bytes:
    return _csv(
        [_header(user=user)]
        + [[text_value(cell) for cell in row] for row in rows(measures, user=user)]
    )


def to_xlsx(measures: Iterable[Measure], *, user: Any) -> bytes:
    def cell(raw: Any) -> Any:
        if isinstance(raw, Decimal):
            return float(raw)
        return "" if raw is None else raw

    return _xlsx(
        str(_("Maßnahmen")),
        [_header(user=user)] + [[cell(raw) for raw in row] for row in rows(measures, user=user)],
    )


def to_json(
    initiative, fields: Sequence[ActionField], measures: Iterable[Measure], *, user: Any
) -> bytes:
    """The catalogue with the stable codes (phase, kind, cost, role) and ISO dates."""
    staff = is_staff_member(user)
    records = []
    for measure in measures:
        body = visible_body(user, measure)
        record: dict[str, Any] = {
            "external_id": measure.external_id,
            "field": measure.field.number,
            "number": measure.number,
            "title": measure.title,
            "description": measure.description,
            "phase": measure.phase,
            "phase_inferred": measure.phase_inferred,
            "phase_note": measure.phase_note,
            "is_flagship": measure.is_flagship,
            "kind": measure.kind,
            "cost": measure.cost,
            "progress": measure.progress,
            "priority": measure.priority,
            "effort_person_days": str(measure.effort_person_days),
            "duration_quarters": measure.duration_quarters,
            "earliest_start": measure.earliest_start,
            "planned_start": measure.planned_start,
            "planned_end": measure.planned_end,
            "is_pinned": measure.is_pinned,
            "actual_start": measure.actual_start,
            "actual_end": measure.actual_end,
            "responsible_body": body.slug if body else None,
            "partners": [
                {"organisation": p.organisation.slug, "name": p.organisation.name, "role": p.role}
                for p in visible_partners(user, measure)
            ],
            "depends_on": [
                other.external_id for other in measure.depends_on.all() if staff or other.is_public
            ],
            "source": measure.source,
            "is_example_data": measure.is_example_data,
            "updated_at": measure.updated_at,
        }
        if staff:
            record["is_public"] = measure.is_public
        records.append(record)
    document = {
        "initiative": {"slug": initiative.slug, "name": initiative.name},
        "exported_at": timezone.now(),
        "fields": [
            {
                "number": f.number,
                "title": f.title,
                "description": f.description,
                "parent": f.parent.number if f.parent is not None else None,
            }
            for f in fields
        ],
        "measures": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default).encode("utf-8")


def _json_default(raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        return timezone.localtime(raw).isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    raise TypeError(f"{type(raw).__name__} is not JSON serialisable")


# --------------------------------------------------------------------------- matrix


def matrix(measures: Sequence[Measure], *, user: Any) -> list[list[str]]:
    """Measures × organisations: one row per measure, one column per organisation that is a
    (visible) partner of any of them, the role as text in the cell."""
    partners = {measure.pk: visible_partners(user, measure) for measure in measures}
    organisations = {
        p.organisation_id: p.organisation for found in partners.values() for p in found
    }
    ordered = sorted(organisations.values(), key=lambda o: (o.sort_key, o.pk))
    table = [[str(label) for label in MATRIX_COLUMNS] + [o.name for o in ordered]]
    for measure in measures:
        roles = {p.organisation_id: str(p.get_role_display()) for p in partners[measure.pk]}
        table.append(
            [measure.external_id, measure.number, measure.title, str(measure.get_phase_display())]
            + [roles.get(o.pk, "") for o in ordered]
        )
    return table


def matrix_to_csv(measures: Sequence[Measure], *, user: Any) -> bytes:
    return _csv(matrix(measures, user=user))


def matrix_to_xlsx(measures: Sequence[Measure], *, user: Any) -> bytes:
    return _xlsx(str(_("Partnermatrix")), matrix(measures, user=user))


# --------------------------------------------------------------------------- writers


def _csv(table: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(table)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(title: str, table: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in table:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
