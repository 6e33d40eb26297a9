"""The economic structure as the page, the charts and the downloads show it: one column
list for the HTML table, the CSV and the XLSX file, so the three always agree.

CSV as German Excel reads it (`;`, UTF-8 with BOM, decimal comma, no thousands grouping);
XLSX keeps numbers as numbers, with a sheet each for the sections, the concentration and
the five largest employers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from industriedialog.core.tabular import csv_bytes, xlsx_bytes

from . import charts
from .structure import Concentration, EconomicStructure, SectionFigures

Value = int | float | str | None


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[SectionFigures], Value]
    decimals: int | None = None  # None: text; 0: whole numbers; 1: percentages


SECTION_COLUMNS = (
    Column(gettext_lazy("Abschnitt"), lambda row: row.letter),
    Column(gettext_lazy("Wirtschaftszweig"), lambda row: str(row.label)),
    Column(gettext_lazy("Betriebe"), lambda row: row.firms, 0),
    Column(gettext_lazy("Beschäftigte"), lambda row: row.employees, 0),
    Column(gettext_lazy("Anteil an den Beschäftigten (%)"), lambda row: row.employee_share, 1),
    Column(
        gettext_lazy("davon geschätzt aus der Größenklasse (Betriebe)"),
        lambda row: row.estimated_firms,
        0,
    ),
    Column(gettext_lazy("ohne Größenangabe (Betriebe)"), lambda row: row.unknown_firms, 0),
    Column(gettext_lazy("Ausbildungsbetriebe"), lambda row: row.training_firms, 0),
    Column(gettext_lazy("Anteil Ausbildungsbetriebe (%)"), lambda row: row.training_share, 1),
    Column(gettext_lazy("davon Beispieldaten (Betriebe)"), lambda row: row.example_firms, 0),
)


def text(value: Value, decimals: int | None, *, grouping: bool) -> str:
    """A cell as text: „24.767“ on the page (`grouping`), „24767“ in the CSV, „75,0“ in
    both; „–“ for a share without a base (no firms, no employees)."""
    if value is None:
        return "–"
    if decimals is None or isinstance(value, str):
        return str(value)
    return number_format(value, decimal_pos=decimals, force_grouping=grouping)


@dataclass(frozen=True)
class Cell:
    text: str
    is_numeric: bool


def header() -> list[str]:
    return [str(column.label) for column in SECTION_COLUMNS]


def all_rows(structure: EconomicStructure) -> list[SectionFigures]:
    return [*structure.rows, structure.total]


def html_rows(structure: EconomicStructure) -> list[tuple[SectionFigures, list[Cell]]]:
    """Each row (the total last) with its cells as the page shows them."""
    return [
        (
            row,
            [
                Cell(
                    text(column.value(row), column.decimals, grouping=True),
                    column.decimals is not None,
                )
                for column in SECTION_COLUMNS
            ],
        )
        for row in all_rows(structure)
    ]


def to_csv(structure: EconomicStructure) -> bytes:
    return csv_bytes(
        header(),
        (
            [text(column.value(row), column.decimals, grouping=False) for column in SECTION_COLUMNS]
            for row in all_rows(structure)
        ),
    )


def _rounded(value: Value, decimals: int | None) -> Value:
    if isinstance(value, float) and decimals is not None:
        return round(value, decimals)
    return value


def concentration_rows(structure: EconomicStructure) -> list[tuple[str, Concentration]]:
    """The concentration of the selection, and of industry when the selection is wider."""
    rows = [(_("Auswahl"), structure.concentration)]
    if not structure.is_industry_only:
        rows.append((_("Industrie (Abschnitte B–E)"), structure.industry_concentration))
    return rows


def to_xlsx(structure: EconomicStructure) -> bytes:
    sections = [
        [_rounded(column.value(row), column.decimals) for column in SECTION_COLUMNS]
        for row in all_rows(structure)
    ]
    concentration = [
        [
            name,
            item.employees,
            _rounded(item.cr5, 1),
            _rounded(item.hhi, 0),
            item.reading_label,
        ]
        for name, item in concentration_rows(structure)
    ]
    employers = [
        [
            rank,
            employer.name,
            employer.section,
            employer.employees,
            _("ja") if employer.is_estimated else _("nein"),
            round(employer.share, 1),
        ]
        for rank, employer in enumerate(structure.concentration.top, start=1)
    ]
    return xlsx_bytes(
        [
            (_("Wirtschaftsstruktur"), header(), sections),
            (
                _("Konzentration"),
                [_("Betrachtung"), _("Beschäftigte"), _("CR5 (%)"), _("HHI"), _("Einordnung")],
                concentration,
            ),
            (
                _("Größte Arbeitgeber"),
                [
                    _("Rang"),
                    _("Name"),
                    _("Abschnitt"),
                    _("Beschäftigte"),
                    _("geschätzt"),
                    _("Anteil an den Beschäftigten (%)"),
                ],
                employers,
            ),
        ]
    )


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    svg: SafeString


def _chart(
    structure: EconomicStructure,
    *,
    chart_id: str,
    title: str,
    value_label: str,
    values: Sequence[int],
    unit: Callable[[int], str],
) -> Chart:
    rows = structure.rows
    labels = [row.display_label for row in rows]
    largest = max(range(len(rows)), key=lambda index: values[index])
    description = _(
        "Balkendiagramm mit %(count)s WZ-Abschnitten. Den größten Wert hat %(label)s mit "
        "%(value)s. Alle Werte stehen in der Tabelle unter den Diagrammen."
    ) % {
        "count": len(rows),
        "label": labels[largest],
        "value": unit(values[largest]),
    }
    svg = charts.bar_chart_svg(
        labels,
        values,
        chart_id=chart_id,
        title=title,
        description=description,
        value_label=value_label,
    )
    return Chart(chart_id=chart_id, title=title, svg=svg)


def charts_for(structure: EconomicStructure) -> list[Chart]:
    """Employees and firms by section, in the order of the table (none without rows)."""
    if not structure.rows:
        return []

    def employees(value: int) -> str:
        return _("%(count)s Beschäftigten") % {"count": charts.german_number(value)}

    def firms(value: int) -> str:
        return _("%(count)s Betrieben") % {"count": charts.german_number(value)}

    return [
        _chart(
            structure,
            chart_id="chart-beschaeftigte",
            title=_("Beschäftigte nach WZ-Abschnitt"),
            value_label=_("Beschäftigte"),
            values=[row.employees for row in structure.rows],
            unit=employees,
        ),
        _chart(
            structure,
            chart_id="chart-betriebe",
            title=_("Betriebe nach WZ-Abschnitt"),
            value_label=_("Betriebe"),
            values=[row.firms for row in structure.rows],
            unit=firms,
        ),
    ]


def as_context(structure: EconomicStructure) -> dict[str, Any]:
    return {
        "structure": structure,
        "columns": SECTION_COLUMNS,
        "table_rows": html_rows(structure),
        "concentration_rows": concentration_rows(structure),
        "charts": charts_for(structure),
    }
