"""Reading CSV and XLSX uploads into rows."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .. import exporting
from .common import (
    ALLOWED_EXTENSIONS,
    CSV_DELIMITERS,
    KEY_COLUMN,
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    XLSX_MAGIC,
    ImportFileError,
    RowData,
    field_label,
    fold,
    header_aliases,
)


def parse_upload(name: str, content: bytes) -> list[RowData]:
    """The data rows of an uploaded CSV or XLSX file. Raises `ImportFileError` with a
    German message when the file as a whole cannot be read."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportFileError(
            _("Bitte laden Sie eine CSV- oder Excel-Datei (.csv oder .xlsx) hoch.")
        )
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("Die Datei ist zu groß. Erlaubt sind höchstens 5 MB."))
    if not content.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if extension == ".csv":
        if content.startswith(XLSX_MAGIC):
            raise ImportFileError(
                _(
                    "Die Datei ist eine Excel-Datei. Bitte speichern Sie sie "
                    "mit der Endung .xlsx oder als CSV."
                )
            )
        table = _csv_table(content)
    else:
        table = _xlsx_table(content)
    return _rows_from_table(table)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("Die Datei ist nicht gültig UTF-16-kodiert.")) from None
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "Die Datei ist nicht gültig UTF-8-kodiert. Bitte "
                    "speichern Sie sie erneut als „CSV UTF-8“."
                )
            ) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # German Excel's plain „CSV“ is Windows-1252.
        return content.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of `;`, `,` and tab (`;` wins a
    tie, as German Excel writes it)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(
        CSV_DELIMITERS,
        key=lambda candidate: (header.count(candidate), -CSV_DELIMITERS.index(candidate)),
    )


def _csv_table(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportFileError(
            _("Die CSV-Datei ist fehlerhaft (Zeile %(row)s): %(reason)s")
            % {"row": reader.line_num, "reason": error}
        ) from None


def _xlsx_table(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    unreadable = _(
        "Die Excel-Datei konnte nicht gelesen werden. Bitte prüfen Sie, ob sie "
        "im Format .xlsx gespeichert ist."
    )
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
        sheet.reset_dimensions()  # some programs write a wrong <dimension>
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.time(0, 0)
            else value.isoformat(sep=" ", timespec="minutes")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    # NFC: "ü" typed on a Mac may arrive as "u" + combining diaeresis.
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_fields(cells: list[Any]) -> list[str | None]:
    aliases = header_aliases()
    fields: list[str | None] = []
    unknown: list[str] = []
    duplicated: list[str] = []
    for cell in cells:
        header = cell_text(cell)
        if not header:
            fields.append(None)
            continue
        name = aliases.get(fold(header))
        if name is None:
            unknown.append(header)
        elif name in fields:
            duplicated.append(header)
        fields.append(name)
    if unknown:
        allowed = ", ".join(str(column.label) for column in exporting.COLUMNS)
        raise ImportFileError(
            _("Unbekannte Spalten: %(columns)s. Erlaubt sind die Spalten des Exports: %(allowed)s.")
            % {"columns": ", ".join(f"„{name}“" for name in unknown), "allowed": allowed}
        )
    if duplicated:
        raise ImportFileError(
            _("Diese Spalten kommen mehrfach vor: %(columns)s.")
            % {"columns": ", ".join(f"„{name}“" for name in duplicated)}
        )
    if KEY_COLUMN not in fields:
        raise ImportFileError(
            _(
                "Die Datei braucht die Spalte „%(column)s“: über sie werden die Zeilen den "
                "Maßnahmen zugeordnet. Für neue Maßnahmen darf die Zelle leer bleiben."
            )
            % {"column": field_label(KEY_COLUMN)}
        )
    return fields


def _rows_from_table(table: Iterable[tuple[int, list[Any]]]) -> list[RowData]:
    header: list[str | None] | None = None
    rows: list[RowData] = []
    for number, cells in table:
        if not any(cell_text(cell) for cell in cells):
            continue  # blank lines count for the numbering but are no rows
        if header is None:
            header = _header_fields(cells)
            continue
        if len(rows) >= MAX_DATA_ROWS:
            raise ImportFileError(
                _("Die Datei enthält mehr als %(limit)s Datenzeilen. Bitte teilen Sie sie auf.")
                % {"limit": number_format(MAX_DATA_ROWS, force_grouping=True)}
            )
        values = {name: "" for name in header if name}
        stray: list[int] = []
        for position, cell in enumerate(cells):
            name = header[position] if position < len(header) else None
            text = cell_text(cell)
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
