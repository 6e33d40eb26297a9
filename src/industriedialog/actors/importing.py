"""Import of the register from CSV or XLSX: parse the file, plan the import (a dry run that
validates every row), then run the plan through the register's services.

The import reads what `exporting` writes (round trip): the same German column headers,
`;`-separated UTF-8 with BOM, booleans as „ja“/„nein“, tags comma separated. It also
accepts the field names (`slug`, `kind`, …) and the model's field labels as headers, `,` as
separator, Windows-1252 files and the labels of choices („Unternehmen“ for `company`).

Only the columns present in the file are applied: a row whose „Kürzel“ matches an existing
organisation updates the fields of those columns and leaves the others alone; every other
row creates an organisation.

The plan mirrors `services.organisation_create`/`organisation_update` step by step
(`prepare_organisation`, then `full_clean` with the same exclusions) without writing, and
hands the services exactly the values it validated, so the dry run shows what the real
import does. `run_import` still goes through the services, all rows in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import copy
import csv
import datetime
import hashlib
import io
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from industriedialog.core.audit import audit_log

from . import exporting
from .models import EmployeeBand, Organisation, OrganisationKind, WzVersion
from .services import organisation_create, organisation_update, prepare_organisation

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 10_000
# Each write costs the services a row, a history row, a search entry and an audit event
# (about 5–10 ms); the confirmation must finish well within the worker timeout (30 s).
MAX_WRITES_PER_IMPORT = 2_000
ALLOWED_EXTENSIONS = (".csv", ".xlsx")
SIGNING_SALT = "actors.import"
# A preview older than this must be uploaded again: the register may have moved on.
SIGNATURE_MAX_AGE_SECONDS = 2 * 60 * 60

CHOICES: dict[str, type[models.TextChoices]] = {
    "kind": OrganisationKind,
    "employee_band": EmployeeBand,
    "wz_version": WzVersion,
}
BOOLEAN_FIELDS = frozenset(model_field.name for model_field in Organisation._meta.fields
                           if isinstance(model_field, models.BooleanField))
TRUE_WORDS = frozenset({"ja", "true", "1"})
FALSE_WORDS = frozenset({"nein", "false", "0", ""})
# Excel turns "01067" into the number 1067; numeric cells of these fields get their zeros back.
ZERO_PADDED_WIDTHS = {"postal_code": 5, "municipality_key": 8}
CSV_DELIMITERS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"


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
                "row": self.row, "field": self.label, "message": self.message}
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


# --------------------------------------------------------------------------- parsing


def parse_upload(name: str, content: bytes) -> list[RowData]:
    """The data rows of an uploaded CSV or XLSX file. Raises `ImportFileError` with a
    German message when the file as a whole cannot be read."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportFileError(_("Bitte laden Sie eine CSV- oder Excel-Datei (.csv oder .xlsx) "
                                "hoch."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("Die Datei ist zu groß. Erlaubt sind höchstens 5 MB."))
    if not content.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if extension == ".csv":
        if content.startswith(XLSX_MAGIC):
            raise ImportFileError(_("Die Datei ist eine Excel-Datei. Bitte speichern Sie sie "
                                    "mit der Endung .xlsx oder als CSV."))
        table = _csv_table(content)
    else:
        table = _xlsx_table(content)
    return _rows_from_table(table)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's „Unicode-Text“
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("Die Datei ist nicht gültig UTF-16-kodiert.")) from None
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(_("Die Datei ist nicht gültig UTF-8-kodiert. Bitte "
                                    "speichern Sie sie erneut als „CSV UTF-8“.")) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_("Die Zeichenkodierung der Datei ist unbekannt. Bitte "
                                "speichern Sie sie als „CSV UTF-8“.")) from None


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of `;`, `,` and tab (`;` wins a
    tie, as German Excel writes it)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(CSV_DELIMITERS, key=lambda candidate: (header.count(candidate),
                                                      -CSV_DELIMITERS.index(candidate)))


def _csv_table(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        # Row numbers count records, as a spreadsheet shows them (a cell may span lines).
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportFileError(_("Die CSV-Datei ist fehlerhaft (Zeile %(row)s): %(reason)s")
                              % {"row": reader.line_num, "reason": error}) from None


def _xlsx_table(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    unreadable = _("Die Excel-Datei konnte nicht gelesen werden. Bitte prüfen Sie, ob sie "
                   "im Format .xlsx gespeichert ist.")
    if not content.startswith(XLSX_MAGIC):
        raise ImportFileError(unreadable)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # zipfile, openpyxl and defusedxml each raise their own types
        raise ImportFileError(unreadable) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Die Excel-Datei enthält kein Tabellenblatt."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; read what is really there.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _cell_text(value: Any, name: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        width = ZERO_PADDED_WIDTHS.get(name or "")
        return str(value).zfill(width) if width and value >= 0 else str(value)
    if isinstance(value, float):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    # NFC: "ü" typed on a Mac may arrive as "u" + combining diaeresis.
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_fields(cells: list[Any]) -> list[str | None]:
    aliases = _header_aliases()
    fields: list[str | None] = []
    unknown: list[str] = []
    duplicated: list[str] = []
    for cell in cells:
        header = _cell_text(cell, None)
        if not header:
            fields.append(None)
            continue
        name = aliases.get(_fold(header))
        if name is None:
            unknown.append(header)
        elif name in fields:
            duplicated.append(header)
        fields.append(name)
    if unknown:
        allowed = ", ".join(label for _name, label in exporting.columns(private=True))
        raise ImportFileError(
            _("Unbekannte Spalten: %(columns)s. Erlaubt sind die Spalten des Exports: "
              "%(allowed)s.") % {"columns": ", ".join(f"„{name}“" for name in unknown),
                                 "allowed": allowed})
    if duplicated:
        raise ImportFileError(_("Diese Spalten kommen mehrfach vor: %(columns)s.")
                              % {"columns": ", ".join(f"„{name}“" for name in duplicated)})
    return fields


def _rows_from_table(table: Iterable[tuple[int, list[Any]]]) -> list[RowData]:
    header: list[str | None] | None = None
    rows: list[RowData] = []
    for number, cells in table:
        if not any(_cell_text(cell, None) for cell in cells):
            continue  # blank lines count for the numbering but are no rows
        if header is None:
            header = _header_fields(cells)
            continue
        if len(rows) >= MAX_DATA_ROWS:
            raise ImportFileError(
                _("Die Datei enthält mehr als %(limit)s Datenzeilen. Bitte teilen Sie sie auf.")
                % {"limit": number_format(MAX_DATA_ROWS, force_grouping=True)})
        values = {name: "" for name in header if name}
        stray: list[int] = []
        for position, cell in enumerate(cells):
            name = header[position] if position < len(header) else None
            text = _cell_text(cell, name)
            if name:
                values[name] = text
            elif text:
                stray.append(position + 1)
        rows.append(RowData(number=number, values=values, stray_columns=tuple(stray)))
    if header is None:
        raise ImportFileError(_("Die Datei ist leer."))
    if not rows:
        raise ImportFileError(_("Die Datei enthält nur die Kopfzeile, aber keine Datenzeilen."))
    return rows


# --------------------------------------------------------------------------- planning


def _convert(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Cell text → model values, and the conversion errors per field."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        if name == "slug":
            continue
        text = raw.strip()
        if name in BOOLEAN_FIELDS:
            word = text.casefold()
            if word in TRUE_WORDS:
                data[name] = True
            elif word in FALSE_WORDS:
                data[name] = False
            else:
                errors[name] = _("„%(value)s“ ist kein Ja/Nein-Wert. Erlaubt sind „ja“, "
                                 "„nein“, „true“, „false“, „1“, „0“ oder ein leeres Feld."
                                 ) % {"value": text}
        elif name in CHOICES and text:
            code = _choice_code(name, text)
            if code is None:
                allowed = ", ".join(str(label) for _value, label in CHOICES[name].choices)
                errors[name] = _("„%(value)s“ ist keine zulässige Angabe. Erlaubt sind: "
                                 "%(allowed)s.") % {"value": text, "allowed": allowed}
            else:
                data[name] = code
        elif name == "tags":
            data[name] = [tag.strip() for tag in text.split(",") if tag.strip()]
        else:
            data[name] = text
    return data, errors


def _display(name: str, value: Any) -> str:
    if name in CHOICES and value:
        return str(dict(CHOICES[name].choices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def _row_errors(number: int, error: ValidationError, *, skip: Iterable[str] = ()) -> list[RowError]:
    skipped = set(skip)
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", "", message) for message in error.messages]
    return [
        RowError(number, name, field_label(name), message)
        for name, messages in error.message_dict.items() if name not in skipped
        for message in messages
    ]


def _validate(organisation: Organisation) -> ValidationError | None:
    """The check `services.organisation_create/update` make before saving."""
    try:
        organisation.full_clean(exclude=["slug", "sort_key"])
    except ValidationError as error:
        return error
    return None


class _SlugReservation:
    """Slugs for new rows without one, as `services.unique_slug` makes them, also unique
    against the other rows of the file."""

    def __init__(self, explicit: set[str]) -> None:
        self.taken = set(explicit)
        self._loaded = False

    def free(self, name: str) -> str:
        if not self._loaded:
            self.taken |= set(Organisation.objects.values_list("slug", flat=True))
            self._loaded = True
        root = (slugify(name.replace("ß", "ss")) or "eintrag")[:100]
        candidate, counter = root, 2
        while candidate in self.taken:
            candidate = f"{root}-{counter}"
            counter += 1
        self.taken.add(candidate)
        return candidate


def plan_import(rows: list[RowData]) -> ImportPlan:
    """The dry run: what the import would do with each row, and every error."""
    slugs = [row.values.get("slug", "").strip() for row in rows]
    existing = {organisation.slug: organisation
                for organisation in Organisation.objects.filter(slug__in=set(filter(None, slugs)))}
    first_row_of_slug: dict[str, int] = {}
    reservation = _SlugReservation({slug for slug in slugs if slug})
    planned: list[PlannedRow] = []
    for row, slug in zip(rows, slugs, strict=True):
        data, conversion_errors = _convert(row.values)
        errors = [RowError(row.number, name, field_label(name), message)
                  for name, message in conversion_errors.items()]
        errors += [RowError(row.number, "", "", _("Spalte %(column)s enthält einen Wert, hat "
                                                   "aber keine Überschrift.")
                            % {"column": column}) for column in row.stray_columns]
        if slug and slug in first_row_of_slug:
            errors.append(RowError(row.number, "slug", field_label("slug"),
                                   _("Das Kürzel „%(slug)s“ steht schon in Zeile %(row)s.")
                                   % {"slug": slug, "row": first_row_of_slug[slug]}))
        elif slug:
            first_row_of_slug[slug] = row.number
        if slug in existing and not any(error.field == "slug" for error in errors):
            entry = _plan_update(row.number, existing[slug], data, conversion_errors, errors)
        else:
            entry = _plan_create(row.number, slug, data, conversion_errors, errors, reservation)
        planned.append(entry)
    return ImportPlan(rows=planned)


def _plan_create(number: int, slug: str, data: dict[str, Any], conversion_errors: dict[str, str],
                 errors: list[RowError], reservation: _SlugReservation) -> PlannedRow:
    if slug:
        # The service stores a given slug as it is; check it as the slug field would.
        slug_field = Organisation._meta.get_field("slug")
        assert isinstance(slug_field, models.SlugField)
        try:
            slug_field.run_validators(slug)
        except ValidationError as error:
            errors += [RowError(number, "slug", field_label("slug"), message)
                       for message in error.messages]
    organisation = Organisation(**data)
    prepare_organisation(organisation)
    failure = _validate(organisation)
    if failure is not None:
        errors += _row_errors(number, failure, skip=conversion_errors)
    if errors:
        return PlannedRow(number, Action.ERROR, slug, organisation.name, errors=errors)
    slug = slug or reservation.free(organisation.name)
    return PlannedRow(number, Action.CREATE, slug, organisation.name,
                      data={**data, "slug": slug})


def _plan_update(number: int, existing: Organisation, data: dict[str, Any],
                 conversion_errors: dict[str, str], errors: list[RowError]) -> PlannedRow:
    # The same steps as services.organisation_update, on a copy that is never saved.
    organisation = copy.copy(existing)
    changed = {name: value for name, value in data.items()
               if getattr(organisation, name) != value}
    for name, value in changed.items():
        setattr(organisation, name, value)
    if "postal_code" in changed and "latitude" not in changed:
        organisation.latitude = organisation.longitude = None
    prepare_organisation(organisation)
    failure = _validate(organisation) if changed else None
    if failure is not None:
        errors += _row_errors(number, failure, skip=conversion_errors)
    if errors:
        return PlannedRow(number, Action.ERROR, existing.slug, organisation.name,
                          organisation=existing, errors=errors)
    # Hand the service only what really changes after its derivations (a WZ version the
    # service would fill in again is no change), so that it writes exactly this.
    final = {name: getattr(organisation, name) for name in data}
    service_data = {name: value for name, value in final.items()
                    if getattr(existing, name) != value}
    if not service_data:
        return PlannedRow(number, Action.UNCHANGED, existing.slug, existing.name,
                          organisation=existing)
    changes = [FieldChange(name, field_label(name), _display(name, getattr(existing, name)),
                           _display(name, value)) for name, value in service_data.items()]
    return PlannedRow(number, Action.UPDATE, existing.slug, organisation.name,
                      data=service_data, organisation=existing, changes=changes)


# --------------------------------------------------------------------------- running


def run_import(*, actor: Any, plan: ImportPlan, source_name: str = "") -> ImportResult:
    """Write the plan through the services, all rows or none. Raises `ImportAborted` when a
    service rejects a row (the register changed since planning); nothing is written then."""
    if plan.has_errors or plan.is_too_large:
        raise ValueError("A plan with errors or beyond MAX_WRITES_PER_IMPORT cannot be run.")
    with transaction.atomic():
        for row in plan.rows:
            try:
                if row.action == Action.CREATE:
                    organisation_create(actor=actor, data=row.data)
                elif row.action == Action.UPDATE:
                    assert row.organisation is not None
                    organisation_update(actor=actor, organisation=row.organisation,
                                        data=row.data)
            except ValidationError as error:
                raise ImportAborted(_row_errors(row.number, error)) from error
            except IntegrityError as error:
                raise ImportAborted([RowError(row.number, "", "", _(
                    "Die Datenbank hat die Zeile abgelehnt, vermutlich wurde das Kürzel "
                    "inzwischen vergeben."))]) from error
        result = ImportResult(created=plan.created_count, updated=plan.updated_count,
                              unchanged=plan.unchanged_count)
        audit_log(actor=actor, action="actors.organisation.import",
                  data={"file": source_name, "created": result.created,
                        "updated": result.updated, "unchanged": result.unchanged})
    return result


# --------------------------------------------------------------------------- signing


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def sign_upload(*, name: str, content: bytes, user_id: Any, plan_digest: str) -> str:
    """The uploaded file, compressed and signed, to send back with the confirmation: the
    import stays stateless (any worker can confirm) and the file cannot be swapped."""
    meta = json.dumps({"name": name, "user": user_id, "digest": plan_digest})
    value = f"{_b64encode(meta.encode('utf-8'))}.{_b64encode(zlib.compress(content, 9))}"
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(value)


def unsign_upload(token: str, *, user_id: Any,
                  max_age: int = SIGNATURE_MAX_AGE_SECONDS) -> SignedUpload:
    tampered = _("Die Importdaten wurden verändert oder sind unvollständig und werden nicht "
                 "übernommen. Bitte laden Sie die Datei erneut hoch.")
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ImportFileError(_("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei "
                                "erneut hoch.")) from None
    except signing.BadSignature:
        raise ImportFileError(tampered) from None
    try:
        meta_part, content_part = value.split(".", 1)
        meta = json.loads(base64.urlsafe_b64decode(meta_part))
        decompressor = zlib.decompressobj()
        content = decompressor.decompress(base64.urlsafe_b64decode(content_part),
                                          MAX_UPLOAD_BYTES + 1)
    except (ValueError, binascii.Error, zlib.error):
        raise ImportFileError(tampered) from None
    if meta.get("user") != user_id or len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(tampered)
    return SignedUpload(name=str(meta.get("name", "")), content=content,
                        plan_digest=str(meta.get("digest", "")))
