"""Reading uploaded spreadsheets (CSV or XLSX) into rows, for every import of the
platform, and writing tables as German Excel opens them (`csv_bytes`, `xlsx_bytes`).
CSV is read as German Excel writes it (`;`, UTF-8 with or without BOM, Windows-1252,
UTF-16 "Unicode-Text"); XLSX through openpyxl, which uses defusedxml for untrusted files.
Errors are `TableFileError` with a German message for the person who uploaded the file."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
CSV_DELIMITERS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"

Table = list[tuple[int, list[Any]]]


class TableFileError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


def read_table(name: str, content: bytes, *, max_bytes: int) -> Table:
    """All rows of the file with their row numbers as a spreadsheet shows them (1 = first)."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise TableFileError(
            _("Bitte laden Sie eine CSV- oder Excel-Datei (.csv oder .xlsx) hoch.")
        )
    if len(content) > max_bytes:
        raise TableFileError(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(megabytes)s MB.")
            % {"megabytes": max_bytes // (1024 * 1024)}
        )
    if not content.strip():
        raise TableFileError(_("Die Datei ist leer."))
    if extension == ".csv":
        if content.startswith(XLSX_MAGIC):
            raise TableFileError(
                _(
                    "Die Datei ist eine Excel-Datei. Bitte speichern Sie sie "
                    "mit der Endung .xlsx oder als CSV."
                )
            )
        return csv_table(content)
    return xlsx_table(content)


def decode_text(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's „Unicode-Text“
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise TableFileError(_("Die Datei ist nicht gültig UTF-16-kodiert.")) from None
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise TableFileError(
                _(
                    "Die Datei ist nicht gültig UTF-8-kodiert. Bitte "
                    "speichern Sie sie erneut als „CSV UTF-8“."
                )
            ) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")  # German Excel's plain „CSV“
    except UnicodeDecodeError:
        raise TableFileError(
            _(
                "Die Zeichenkodierung der Datei ist unbekannt. Bitte "
                "speichern Sie sie als „CSV UTF-8“."
            )
        ) from None


def delimiter_of(text: str) -> str:
    """The separator of the header line: the most frequent of `;`, `,` and tab (`;` wins a
    tie, as German Excel writes it)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(
        CSV_DELIMITERS,
        key=lambda candidate: (header.count(candidate), -CSV_DELIMITERS.index(candidate)),
    )


def csv_table(content: bytes) -> Table:
    text = decode_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        # Row numbers count records, as a spreadsheet shows them (a cell may span lines).
        return list(enumerate(reader, start=1))
    except csv.Error as error:
        raise TableFileError(
            _("Die CSV-Datei ist fehlerhaft (Zeile %(row)s): %(reason)s")
            % {"row": reader.line_num, "reason": error}
        ) from None


def xlsx_table(content: bytes) -> Table:
    from openpyxl import load_workbook

    unreadable = _(
        "Die Excel-Datei konnte nicht gelesen werden. Bitte prüfen Sie, ob sie "
        "im Format .xlsx gespeichert ist."
    )
    if not content.startswith(XLSX_MAGIC):
        raise TableFileError(unreadable)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # zipfile, openpyxl and defusedxml each raise their own types
        raise TableFileError(unreadable) from None
    try:
        if not workbook.worksheets:
            raise TableFileError(_("Die Excel-Datei enthält kein Tabellenblatt."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; read what is really there.
        sheet.reset_dimensions()
        return [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


# --------------------------------------------------------------------------- writing

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file as German Excel opens it: `;`-separated, UTF-8 with BOM, CRLF. Cells are
    written as given (format numbers with a decimal comma before)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(cell) for cell in header])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per (title, header, rows); numbers stay numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for sheet names
        sheet.append([str(cell) for cell in header])
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
