"""CSV and XLSX export of the register. CSV is German Excel style: `;`-separated,
UTF-8 with BOM, so umlauts open correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from .models import Organisation

PUBLIC_COLUMNS = (
    ("slug", "Kürzel"),
    ("kind", "Art"),
    ("name", "Name"),
    ("short_name", "Kurzname"),
    ("wz_code", "WZ-Code"),
    ("wz_version", "WZ-Klassifikation"),
    ("employee_band", "Beschäftigte"),
    ("street", "Straße"),
    ("postal_code", "PLZ"),
    ("city", "Ort"),
    ("municipality_key", "AGS"),
    ("is_training_company", "Ausbildungsbetrieb"),
    ("has_production_site", "Produktionsstandort"),
    ("website", "Website"),
    ("description", "Beschreibung"),
    ("tags", "Schlagworte"),
    ("is_example_data", "Beispieldaten"),
)
PRIVATE_COLUMNS = (
    ("employee_count", "Beschäftigte (Anzahl)"),
    ("email", "E-Mail"),
    ("phone", "Telefon"),
    ("internal_notes", "Interne Notizen"),
    ("is_public", "Öffentlich"),
)


def columns(*, private: bool) -> tuple[tuple[str, str], ...]:
    return PUBLIC_COLUMNS + (PRIVATE_COLUMNS if private else ())


def cell_value(organisation: Organisation, field: str) -> str:
    value = getattr(organisation, field)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def rows(organisations: Iterable[Organisation], *, private: bool) -> Iterable[list[str]]:
    fields = [field for field, _label in columns(private=private)]
    for organisation in organisations:
        yield [cell_value(organisation, field) for field in fields]


def to_csv(organisations: Iterable[Organisation], *, private: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _field, label in columns(private=private)])
    writer.writerows(rows(organisations, private=private))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(organisations: Iterable[Organisation], *, private: bool) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Organisationen")
    sheet.append([label for _field, label in columns(private=private)])
    for row in rows(organisations, private=private):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
