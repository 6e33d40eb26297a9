"""The dry run (plan) and the real import (run).

The plan converts every cell, then mirrors `services.measure_create`/`measure_update` step
by step on an unsaved copy (the service's own validation, `validate_measure`) and hands
the services exactly the values it validated, so the preview shows what the import does.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.dialog.models import Body

from .. import exporting
from ..models import ActionField, Cost, Measure, MeasureKind, Phase, number_sort_key
from ..services import measure_create, measure_update, validate_measure
from .common import (
    KEY_COLUMN,
    Action,
    FieldChange,
    ImportAborted,
    ImportPlan,
    ImportResult,
    PlannedRow,
    RowData,
    RowError,
    field_label,
)

IMPORT_NOTE = "Import"
TEXT_COLUMNS = ("number", "title", "description", "phase_note", "source")
BOOLEAN_COLUMNS = ("phase_inferred", "is_flagship", "is_pinned", "is_public", "is_example_data")
CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "phase": Phase,
    "kind": MeasureKind,
    "cost": Cost,
}
INTEGER_COLUMNS = {"progress": (0, 100), "priority": (1, 5), "duration_quarters": (1, 40)}
DATE_COLUMNS = ("earliest_start", "planned_start", "planned_end", "actual_start", "actual_end")
TRUE_WORDS = frozenset({"ja", "true", "1", "wahr", "x"})
FALSE_WORDS = frozenset({"nein", "false", "0", "falsch"})
# An empty cell of these columns gives no value: a new measure gets the model's default,
# an existing one keeps its value (an empty "Öffentlich" must not publish or hide anything).
KEEP_WHEN_EMPTY = frozenset(
    (
        *BOOLEAN_COLUMNS,
        "phase",
        "kind",
        "cost",
        "progress",
        "priority",
        "duration_quarters",
        "effort_person_days",
    )
)
NO_VALUE = object()
GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
FIELD_NUMBER = re.compile(r"^\d+(\.\d+)*$")


# --------------------------------------------------------------------------- converting


class _Context:
    """What the rows of one file are checked against: the initiative's fields and bodies."""

    def __init__(self, initiative: Initiative) -> None:
        self.initiative = initiative
        self.fields = {
            f.number: f
            for f in ActionField.objects.filter(initiative=initiative).order_by("sort_key")
        }
        bodies = list(Body.objects.filter(initiative=initiative))
        self.bodies = {body.slug: body for body in bodies}
        self.bodies_by_name = {body.name.casefold(): body for body in bodies}


def _choice_key(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("–", "-")).casefold()


def _choice_code(choices: type[models.TextChoices], text: str) -> str | None:
    keys: dict[str, str] = {}
    for code, label in choices.choices:
        keys[_choice_key(code)] = code
        keys[_choice_key(str(label))] = code
        with override("de"):
            keys[_choice_key(str(label))] = code
    return keys.get(_choice_key(text))


def _integer(text: str) -> int | None:
    cleaned = text.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if number != number.to_integral_value():
        return None
    return int(number)


def _date(text: str) -> dt.date | None:
    match = GERMAN_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _convert(name: str, text: str, context: _Context) -> tuple[Any, str | None]:
    """One cell → (model value, German error or None); `NO_VALUE` for an empty cell of a
    column in KEEP_WHEN_EMPTY."""
    if not text and name in KEEP_WHEN_EMPTY:
        return NO_VALUE, None
    if name in TEXT_COLUMNS:
        return text, None
    if name in BOOLEAN_COLUMNS:
        word = text.casefold()
        if word in TRUE_WORDS:
            return True, None
        if word in FALSE_WORDS:
            return False, None
        return None, _(
            "„%(value)s“ ist kein Ja/Nein-Wert. Erlaubt sind „ja“, „nein“, "
            "„true“, „false“, „1“ und „0“."
        ) % {"value": text}
    if name in CHOICE_COLUMNS:
        choices = CHOICE_COLUMNS[name]
        code = _choice_code(choices, text)
        if code is None:
            allowed = ", ".join(f"{label} ({code})" for code, label in choices.choices)
            what = {
                "phase": _("keine bekannte Phase"),
                "kind": _("keine bekannte Art"),
                "cost": _("keine bekannte Kostenangabe"),
            }[name]
            return None, _("„%(value)s“ ist %(what)s. Erlaubt sind: %(allowed)s.") % {
                "value": text,
                "what": what,
                "allowed": allowed,
            }
        return code, None
    if name in INTEGER_COLUMNS:
        low, high = INTEGER_COLUMNS[name]
        number = _integer(text)
        if number is None or not low <= number <= high:
            return None, _(
                "„%(value)s“ ist nicht zulässig: erlaubt sind ganze Zahlen von "
                "%(low)s bis %(high)s."
            ) % {"value": text, "low": low, "high": high}
        return number, None
    if name == "effort_person_days":
        try:
            amount = Decimal(text.replace(",", "."))
        except InvalidOperation:
            amount = Decimal("-1")
        if not amount.is_finite() or amount < 0:
            return None, _("„%(value)s“ ist keine Zahl ab 0 (zum Beispiel 6 oder 6,5).") % {
                "value": text
            }
        return amount, None
    if name in DATE_COLUMNS:
        if not text:
            return None, None
        day = _date(text)
        if day is None:
            return None, _(
                "„%(value)s“ ist kein Datum. Erlaubt sind TT.MM.JJJJ und JJJJ-MM-TT."
            ) % {"value": text}
        return day, None
    if name == "field":
        field_number = text.strip().rstrip(".")
        if not field_number:
            return None, _("Bitte geben Sie die Nummer des Handlungsfelds an.")
        if FIELD_NUMBER.match(field_number) and field_number in context.fields:
            return context.fields[field_number], None
        return None, _(
            "Unbekanntes Handlungsfeld „%(value)s“. Diese Initiative hat die "
            "Handlungsfelder %(numbers)s."
        ) % {"value": text, "numbers": ", ".join(context.fields) or "–"}
    if name == "responsible_body":
        if not text:
            return None, None
        body = context.bodies.get(text) or context.bodies_by_name.get(text.casefold())
        if body is None:
            return None, _(
                "Unbekanntes Gremium „%(value)s“. Angegeben wird das Kürzel eines "
                "Gremiums dieser Initiative."
            ) % {"value": text}
        return body, None
    raise ValueError(f"no conversion for column {name}")


def _convert_row(row: RowData, context: _Context) -> tuple[dict[str, Any], list[RowError]]:
    data: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, text in row.values.items():
        if name == KEY_COLUMN or not exporting.COLUMNS_BY_NAME[name].importable:
            continue
        value, message = _convert(name, text.strip(), context)
        if message is not None:
            errors.append(RowError(row.number, name, field_label(name), message))
        elif value is not NO_VALUE:
            data[name] = value
    errors += [
        RowError(
            row.number,
            "",
            "",
            _("Spalte %(column)s enthält einen Wert, hat aber keine Überschrift.")
            % {"column": column},
        )
        for column in row.stray_columns
    ]
    return data, errors


def _display(name: str, value: Any) -> str:
    if name in CHOICE_COLUMNS and value:
        return str(dict(CHOICE_COLUMNS[name].choices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, Decimal):
        return exporting.decimal_text(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, ActionField):
        return str(value)
    if isinstance(value, Body):
        return value.name
    return "" if value is None else str(value)


def _row_errors(number: int, error: ValidationError, *, skip: set[str]) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", "", message) for message in error.messages]
    return [
        RowError(number, "" if name == "__all__" else name, field_label(name), message)
        for name, messages in error.message_dict.items()
        if name not in skip
        for message in messages
    ]


# --------------------------------------------------------------------------- planning


def plan_import(initiative: Initiative, rows: list[RowData]) -> ImportPlan:
    """The dry run: what the import would do with each row, and every error."""
    context = _Context(initiative)
    keys = [row.values.get(KEY_COLUMN, "").strip() for row in rows]
    existing = {
        measure.external_id: measure
        for measure in Measure.objects.filter(
            external_id__in={key for key in keys if key}
        ).select_related("initiative", "field", "responsible_body")
    }
    first_row: dict[str, int] = {}
    planned: list[PlannedRow] = []
    for row, key in zip(rows, keys, strict=True):
        data, errors = _convert_row(row, context)
        if key and key in first_row:
            errors.append(
                RowError(
                    row.number,
                    KEY_COLUMN,
                    field_label(KEY_COLUMN),
                    _("Die externe ID „%(id)s“ steht schon in Zeile %(row)s.")
                    % {"id": key, "row": first_row[key]},
                )
            )
        elif key:
            first_row[key] = row.number
        measure = existing.get(key) if key else None
        if measure is not None and measure.initiative_id != initiative.pk:
            errors.append(
                RowError(
                    row.number,
                    KEY_COLUMN,
                    field_label(KEY_COLUMN),
                    _(
                        "Die externe ID „%(id)s“ gehört zu einer Maßnahme der Initiative "
                        "„%(initiative)s“. Bitte importieren Sie die Zeile dort."
                    )
                    % {"id": key, "initiative": measure.initiative.name},
                )
            )
            planned.append(PlannedRow(row.number, Action.ERROR, key, measure.title, errors=errors))
        elif measure is not None:
            planned.append(_plan_update(row.number, measure, data, errors))
        else:
            planned.append(_plan_create(row.number, key, initiative, data, errors))
    ignored = [
        field_label(name)
        for name in (rows[0].values if rows else {})
        if not exporting.COLUMNS_BY_NAME[name].importable
    ]
    return ImportPlan(rows=planned, ignored_columns=ignored)


def _plan_create(
    number: int, key: str, initiative: Initiative, data: dict[str, Any], errors: list[RowError]
) -> PlannedRow:
    skip = {error.field for error in errors}
    if "field" not in data and "field" not in skip:
        errors.append(
            RowError(
                number,
                "field",
                field_label("field"),
                _("Bitte geben Sie die Nummer des Handlungsfelds an."),
            )
        )
        skip.add("field")
    if key:
        key_field = Measure._meta.get_field(KEY_COLUMN)
        assert isinstance(key_field, models.SlugField)
        try:
            key_field.run_validators(key)
        except ValidationError as error:
            errors += [
                RowError(number, KEY_COLUMN, field_label(KEY_COLUMN), message)
                for message in error.messages
            ]
    measure = Measure(initiative=initiative, **data)
    measure.sort_key = number_sort_key(measure.number or "9999")
    if measure.phase == Phase.COMPLETED and "progress" not in data:
        measure.progress = 100
        data["progress"] = 100
    try:
        validate_measure(measure)
    except ValidationError as error:
        errors += _row_errors(number, error, skip=skip)
    if errors:
        return PlannedRow(number, Action.ERROR, key, measure.title, errors=errors)
    service_data = {**data, KEY_COLUMN: key} if key else dict(data)
    return PlannedRow(number, Action.CREATE, key, measure.title, data=service_data)


def _plan_update(
    number: int, existing: Measure, data: dict[str, Any], errors: list[RowError]
) -> PlannedRow:
    # The same steps as services.measure_update, on a copy that is never saved.
    measure = copy.copy(existing)
    changed = {name: value for name, value in data.items() if getattr(existing, name) != value}
    for name, value in changed.items():
        setattr(measure, name, value)
    if "phase" in changed and "phase_inferred" not in changed:
        measure.phase_inferred = False
    # The service completes the progress of a completed measure, unless the file states
    # one: a stated progress below 100 is refused below, as the service would refuse it.
    if measure.phase == Phase.COMPLETED and "progress" not in data:
        measure.progress = 100
    if "number" in changed:
        measure.sort_key = number_sort_key(measure.number or "9999")
    if changed:
        try:
            validate_measure(measure)
        except ValidationError as failure:
            errors += _row_errors(number, failure, skip={e.field for e in errors})
    if errors:
        return PlannedRow(
            number,
            Action.ERROR,
            existing.external_id,
            existing.title,
            measure=existing,
            errors=errors,
        )
    if not changed:
        return PlannedRow(
            number, Action.UNCHANGED, existing.external_id, existing.title, measure=existing
        )
    shown = list(changed) + [
        name
        for name in ("phase_inferred", "progress")
        if name not in changed and getattr(measure, name) != getattr(existing, name)
    ]
    changes = [
        FieldChange(
            name,
            field_label(name),
            _display(name, getattr(existing, name)),
            _display(name, getattr(measure, name)),
        )
        for name in shown
    ]
    return PlannedRow(
        number,
        Action.UPDATE,
        existing.external_id,
        measure.title,
        data=changed,
        measure=existing,
        changes=changes,
    )


# --------------------------------------------------------------------------- running


def run_import(
    *, actor: Any, initiative: Initiative, plan: ImportPlan, source_name: str = ""
) -> ImportResult:
    """Write the plan through the services, all rows or none; every change lands on the
    timeline with the note „Import“. Raises `ImportAborted` when a service rejects a row
    (the catalogue changed since planning); nothing is written then."""
    if plan.has_errors or plan.is_too_large:
        raise ValueError("A plan with errors or beyond MAX_WRITES_PER_IMPORT cannot be run.")
    with transaction.atomic():
        for row in plan.rows:
            try:
                if row.action == Action.CREATE:
                    measure_create(
                        actor=actor, initiative=initiative, data=row.data, note=IMPORT_NOTE
                    )
                elif row.action == Action.UPDATE:
                    assert row.measure is not None
                    measure_update(
                        actor=actor, measure=row.measure, data=row.data, note=IMPORT_NOTE
                    )
            except ValidationError as error:
                raise ImportAborted(_row_errors(row.number, error, skip=set())) from error
            except IntegrityError as error:
                raise ImportAborted(
                    [
                        RowError(
                            row.number,
                            "",
                            "",
                            _(
                                "Die Datenbank hat die Zeile abgelehnt, "
                                "vermutlich wurde die externe ID "
                                "inzwischen vergeben."
                            ),
                        )
                    ]
                ) from error
        result = ImportResult(
            created=plan.created_count, updated=plan.updated_count, unchanged=plan.unchanged_count
        )
        audit_log(
            actor=actor,
            action="measures.measure.import",
            obj=initiative,
            data={
                "file": source_name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result
