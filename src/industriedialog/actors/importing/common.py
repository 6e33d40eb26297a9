"""Shared types, constants and labels of the register import."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from industriedialog.core.tabular import ALLOWED_EXTENSIONS  # noqa: F401 (re-exported)

from .. import exporting
from ..models import EmployeeBand, Organisation, OrganisationKind, WzVersion

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 10_000
# Each write costs the services a row, a history row, a search entry and an audit event
# (about 5–10 ms); the confirmation must finish well within the worker timeout (30 s).
MAX_WRITES_PER_IMPORT = 2_000
SIGNING_SALT = "actors.import"
# A preview older than this must be uploaded again: the register may have moved on.
SIGNATURE_MAX_AGE_SECONDS = 2 * 60 * 60

CHOICES: dict[str, type[models.TextChoices]] = {
    "kind": OrganisationKind,
    "employee_band": EmployeeBand,
    "wz_version": WzVersion,
}
BOOLEAN_FIELDS = frozenset(
    model_field.name
    for model_field in Organisation._meta.fields
    if isinstance(model_field, models.BooleanField)
)
# Whole numbers (the employee count): digits, optionally grouped by „.“ as in „1.250“.
INTEGER_FIELDS = frozenset(
    model_field.name
    for model_field in Organisation._meta.fields
    if isinstance(model_field, models.PositiveIntegerField)
)
INTEGER_PATTERN = re.compile(r"^(\d+|\d{1,3}(\.\d{3})+)$")
TRUE_WORDS = frozenset({"ja", "true", "1"})
FALSE_WORDS = frozenset({"nein", "false", "0", ""})
# Excel turns "01067" into the number 1067; numeric cells of these fields get their zeros back.
ZERO_PADDED_WIDTHS = {"postal_code": 5, "municipality_key": 8}


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


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class RowData:
    """One data row of the file: `number` as the spreadsheet shows it (header = 1),
    `values` the cell text per field for every column of the file."""

    number: int
    values: dict[str, str]
    # 1-based positions of cells that hold a value but have no column header.
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
    """What the import does with one row. `data` is what the service receives: all fields
    for a create (with the slug), only the fields that change for an update."""

    number: int
    action: str
    slug: str
    name: str
    data: dict[str, Any] = field(default_factory=dict)
    organisation: Organisation | None = None
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

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
        """A fingerprint of what the import would write, to notice that the register
        changed between preview and confirmation."""
        summary = [[row.number, row.action, row.slug, row.data] for row in self.rows]
        encoded = json.dumps(summary, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class SignedUpload:
    name: str
    content: bytes
    plan_digest: str


# --------------------------------------------------------------------------- labels


def field_label(name: str) -> str:
    """The field's label as the register pages show it („Postleitzahl“), "" for the row."""
    if not name or name == NON_FIELD_ERRORS:
        return ""
    try:
        model_field = Organisation._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(model_field, "verbose_name", name))


def _header_aliases() -> dict[str, str]:
    """Accepted header text (case-folded) → field: export label, field name, model label
    (German and current language)."""
    aliases: dict[str, str] = {}
    for name, label in exporting.columns(private=True):
        aliases[_fold(label)] = name
        aliases[_fold(name)] = name
        aliases[_fold(field_label(name))] = name
        with override("de"):
            aliases[_fold(field_label(name))] = name
    return aliases


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _choice_key(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("–", "-").replace("—", "-")).casefold()


@lru_cache(maxsize=32)
def _choice_keys(name: str, language: str | None) -> dict[str, str]:
    """Accepted text (folded) → code: the code, the German label and the label in the
    active `language` (the cache key)."""
    keys: dict[str, str] = {}
    for value, label in CHOICES[name].choices:
        keys[_choice_key(value)] = value
        keys[_choice_key(str(label))] = value
        with override("de"):
            keys[_choice_key(str(label))] = value
    return keys


def _choice_code(name: str, text: str) -> str | None:
    return _choice_keys(name, get_language()).get(_choice_key(text))
