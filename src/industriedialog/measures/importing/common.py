"""Shared types, constants and header labels of the catalogue import."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from industriedialog.core.tabular import ALLOWED_EXTENSIONS  # noqa: F401 (re-exported)

from .. import exporting
from ..models import Measure

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 5_000
# Each write costs the services a row, a history row, a timeline entry, a search entry and
# an audit event; the confirmation must finish well within the worker timeout.
MAX_WRITES_PER_IMPORT = 1_000
SIGNING_SALT = "measures.import"
# A preview older than this must be uploaded again: the catalogue may have moved on.
SIGNATURE_MAX_AGE_SECONDS = 2 * 60 * 60
KEY_COLUMN = "external_id"


class ImportFileError(Exception):
    """The file as a whole cannot be imported (type, encoding, header, no rows, signature).
    `message` is German and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportAborted(Exception):
    """The real import failed on a row; the transaction was rolled back."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class RowData:
    """One data row: `number` as the spreadsheet shows it (header = 1), `values` the cell
    text per column name for every column of the file."""

    number: int
    values: dict[str, str]
    stray_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # "" when the error concerns the row as a whole
    label: str
    message: str

    def __str__(self) -> str:
        if self.label:
            return _("Zeile %(row)s, %(field)s: %(message)s") % {
                "row": self.row,
                "field": self.label,
                "message": self.message,
            }
        return _("Zeile %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("neu")
    UPDATE = "update", gettext_lazy("geändert")
    UNCHANGED = "unchanged", gettext_lazy("unverändert")
    ERROR = "error", gettext_lazy("Fehler")


@dataclass
class PlannedRow:
    """What the import does with one row. `data` is what the service receives: all given
    fields for a create, only the fields that change for an update."""

    number: int
    action: str
    external_id: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    measure: Measure | None = None
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    ignored_columns: list[str] = field(default_factory=list)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created_count(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated_count(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged_count(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def error_row_count(self) -> int:
        return self._count(Action.ERROR)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def has_work(self) -> bool:
        return self.created_count + self.updated_count > 0

    @property
    def is_too_large(self) -> bool:
        return self.created_count + self.updated_count > MAX_WRITES_PER_IMPORT

    @property
    def listed_rows(self) -> list[PlannedRow]:
        """The rows worth showing: new, changed and faulty ones."""
        return [row for row in self.rows if row.action != Action.UNCHANGED]

    @property
    def digest(self) -> str:
        """A fingerprint of what the import would write, to notice that the catalogue
        changed between preview and confirmation."""
        summary = [
            [
                row.number,
                row.action,
                row.external_id,
                {name: _digest_value(value) for name, value in row.data.items()},
            ]
            for row in self.rows
        ]
        encoded = json.dumps(summary, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _digest_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    return value


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class SignedUpload:
    name: str
    content: bytes
    initiative: str
    plan_digest: str


# --------------------------------------------------------------------------- labels


def field_label(name: str) -> str:
    """The column's header as the export writes it („Fortschritt (%)“), "" for the row."""
    column = exporting.COLUMNS_BY_NAME.get(name)
    if column is not None:
        return str(column.label)
    if not name or name == "__all__":
        return ""
    return _model_label(name) or name


def _model_label(name: str) -> str:
    """The verbose name of a model field of `Measure`, "" for anything else (a column of
    the export only, a reverse relation such as `partners`)."""
    try:
        model_field = Measure._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    return str(model_field.verbose_name) if isinstance(model_field, models.Field) else ""


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def header_aliases() -> dict[str, str]:
    """Accepted header text (folded) → column: the export's header (German and the active
    language), the field name and the model's field label."""
    aliases: dict[str, str] = {}
    for column in exporting.COLUMNS:
        aliases[fold(column.name)] = column.name
        aliases[fold(str(column.label))] = column.name
        with override("de"):
            aliases[fold(str(column.label))] = column.name
        label = _model_label(column.name)
        if label:
            aliases.setdefault(fold(label), column.name)
    return aliases
