"""Reading CSV and XLSX uploads into rows."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from industriedialog.core.tabular import TableFileError, read_table

from .. import exporting
from .common import (
    KEY_COLUMN,
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    RowData,
    field_label,
    fold,
    header_aliases,
)


def parse_upload(name: str, content: bytes) -> list[RowData]:
    """The data rows of an uploaded CSV or XLSX file. Raises `ImportFileError` with a
    German message when the file as a whole cannot be read."""
    try:
        table = read_table(name, content, max_bytes=MAX_UPLOAD_BYTES)
    except TableFileError as error:
        raise ImportFileError(str(error)) from None
    return _rows_from_table(table)


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
