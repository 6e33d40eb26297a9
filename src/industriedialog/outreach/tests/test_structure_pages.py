"""The economic structure page, its downloads and its charts: staff see the figures of
structure.py, everyone else a 404; the CSV and XLSX carry the same numbers."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from industriedialog.outreach.charts import bar_chart_svg, nice_ticks
from industriedialog.outreach.structure import economic_structure
from industriedialog.outreach.tests.test_structure import register  # noqa: F401 (fixture)

URL = "/bestandspflege/wirtschaftsstruktur/"


def cells(html: str, table_id: str) -> list[list[str]]:
    """The text of each row of the table captioned `table_id`."""
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in rows
    ]


@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_only_staff_see_the_page_and_its_files(register, client_for, role):  # noqa: F811
    client = client_for(role)

    for url in (URL, URL + "?format=csv", URL + "?format=xlsx&nur_industrie=on"):
        assert client.get(url).status_code == 404


def test_staff_see_the_figures_of_the_computation(register, users, client_for):  # noqa: F811
    response = client_for("staff").get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="kern-heading-x-large">Wirtschaftsstruktur: Aachen (05334002)</h1>' in html
    rows = cells(html, "tabelle-caption")
    assert rows[0][:4] == ["Abschnitt", "Wirtschaftszweig", "Betriebe", "Beschäftigte"]
    assert rows[1:] == [
        ["C", "Verarbeitendes Gewerbe", "4", "750", "75,0", "1", "1", "2", "50,0", "1"],
        ["D", "Energieversorgung", "1", "50", "5,0", "0", "0", "1", "100,0", "0"],
        [
            "G",
            "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
            "1",
            "150",
            "15,0",
            "0",
            "0",
            "0",
            "0,0",
            "0",
        ],
        [
            "M",
            "Freiberufliche, wissenschaftliche und technische Dienstleistungen",
            "1",
            "5",
            "0,5",
            "1",
            "0",
            "0",
            "0,0",
            "0",
        ],
        ["", "ohne WZ-Angabe", "2", "45", "4,5", "0", "1", "0", "0,0", "0"],
        ["", "Insgesamt", "9", "1.000", "100,0", "2", "2", "3", "33,3", "1"],
    ]
    assert cells(html, "konzentration-caption")[1:] == [
        ["Auswahl", "9", "1.000", "95,0 %", "2.496", "mäßig konzentriert"],
        ["Industrie (Abschnitte B–E)", "5", "800", "100,0 %", "3.516", "hoch konzentriert"],
    ]
    top = cells(html, "arbeitgeber-caption")[1:]
    assert [row[1] for row in top] == [
        "Anlagenbau AG",
        "Blechtechnik GmbH",
        "Confiserie KG",
        "Großhandel GmbH",
        "Energie Aachen GmbH",
    ]
    assert top[2][3] == "150 (geschätzt aus der Größenklasse)"
    assert "Bei 2 Betrieben ist die Beschäftigtenzahl nicht bekannt" in html
    structure = economic_structure(users["staff"])
    assert structure.total.employees == 1000 and round(structure.concentration.hhi) == 2496


def test_industry_only_and_another_municipality(register, client_for):  # noqa: F811
    staff = client_for("staff")

    industry = staff.get(URL + "?gemeinde=05334002&nur_industrie=on").content.decode()
    duren = staff.get(URL + "?gemeinde=05358008").content.decode()

    assert [row[:4] for row in cells(industry, "tabelle-caption")[1:]] == [
        ["C", "Verarbeitendes Gewerbe", "4", "750"],
        ["D", "Energieversorgung", "1", "50"],
        ["", "Insgesamt", "5", "800"],
    ]
    assert cells(industry, "konzentration-caption")[1:] == [
        ["Auswahl", "5", "800", "100,0 %", "3.516", "hoch konzentriert"],
    ]
    assert "Wirtschaftsstruktur: Düren (05358008)" in duren
    assert [row[:4] for row in cells(duren, "tabelle-caption")[1:]] == [
        ["C", "Verarbeitendes Gewerbe", "1", "1.200"],
        ["", "Insgesamt", "1", "1.200"],
    ]


def test_unknown_municipality_is_a_form_error_and_shows_the_default(register, client_for):  # noqa: F811
    response = client_for("staff").get(URL + "?gemeinde=99999999")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen. 99999999 ist keine gültige Auswahl." in html
    assert cells(html, "tabelle-caption")[-1][:4] == ["", "Insgesamt", "9", "1.000"]


def test_csv_has_the_numbers_of_the_page(register, client_for):  # noqa: F811
    response = client_for("staff").get(URL + "?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="wirtschaftsstruktur-05334002-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Abschnitt",
        "Wirtschaftszweig",
        "Betriebe",
        "Beschäftigte",
        "Anteil an den Beschäftigten (%)",
        "davon geschätzt aus der Größenklasse (Betriebe)",
        "ohne Größenangabe (Betriebe)",
        "Ausbildungsbetriebe",
        "Anteil Ausbildungsbetriebe (%)",
        "davon Beispieldaten (Betriebe)",
    ]
    assert [row[0] for row in rows[1:]] == ["C", "D", "G", "M", "", ""]
    assert rows[1] == [
        "C",
        "Verarbeitendes Gewerbe",
        "4",
        "750",
        "75,0",
        "1",
        "1",
        "2",
        "50,0",
        "1",
    ]
    assert rows[-1] == ["", "Insgesamt", "9", "1000", "100,0", "2", "2", "3", "33,3", "1"]


def test_xlsx_has_sections_concentration_and_employers(register, client_for):  # noqa: F811
    response = client_for("staff").get(URL + "?format=xlsx&nur_industrie=on")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Wirtschaftsstruktur", "Konzentration", "Größte Arbeitgeber"]
    sections = list(workbook["Wirtschaftsstruktur"].iter_rows(values_only=True))
    assert sections[1][:5] == ("C", "Verarbeitendes Gewerbe", 4, 750, 93.8)
    assert sections[-1][:5] == (None, "Insgesamt", 5, 800, 100)
    concentration = list(workbook["Konzentration"].iter_rows(values_only=True))
    assert concentration[1:] == [("Auswahl", 800, 100, 3516, "hoch konzentriert")]
    employers = list(workbook["Größte Arbeitgeber"].iter_rows(values_only=True))
    assert employers[1] == (1, "Anlagenbau AG", "C", 400, "nein", 50)
    assert employers[3] == (3, "Confiserie KG", "C", 150, "ja", 18.8)


def test_an_unknown_format_is_404(register, client_for):  # noqa: F811
    assert client_for("staff").get(URL + "?format=pdf").status_code == 404


def test_page_query_count_does_not_grow_with_firms(
    register,  # noqa: F811
    client_for,
    organisation_factory,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = client_for("staff")
    staff.get(URL)
    with CaptureQueriesContext(connection) as small:
        staff.get(URL)
    for number in range(30):
        organisation_factory(name=f"Zusatzbetrieb {number} GmbH", wz_code="62.01")
    with CaptureQueriesContext(connection) as large:
        staff.get(URL)

    assert len(small.captured_queries) == len(large.captured_queries)


def test_charts_are_accessible_svg_without_inline_styles(register, client_for):  # noqa: F811
    html = client_for("staff").get(URL).content.decode()

    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2
    for svg, chart_id, title in zip(
        svgs,
        ("chart-beschaeftigte", "chart-betriebe"),
        ("Beschäftigte nach WZ-Abschnitt", "Betriebe nach WZ-Abschnitt"),
        strict=True,
    ):
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-title"' in svg
        assert f'aria-describedby="{chart_id}-desc"' in svg
        assert f'<title id="{chart_id}-title">{title}</title>' in svg
        assert "style=" not in svg and "<style" not in svg
        ids = re.findall(r'\sid="([^"]+)"', svg)
        assert all(identifier.startswith(chart_id + "-") for identifier in ids)
    assert "C – Verarbeitendes Gewerbe mit 750 Beschäftigten" in svgs[0]
    assert ">750<" in svgs[0] and ">4<" in svgs[1]


def test_bar_chart_is_deterministic_and_german():
    first = bar_chart_svg(
        ["Erster Balken", "Zweiter Balken"],
        [12500, 3],
        chart_id="probe",
        title="Probe",
        description="Zwei Balken",
    )
    again = bar_chart_svg(
        ["Erster Balken", "Zweiter Balken"],
        [12500, 3],
        chart_id="probe",
        title="Probe",
        description="Zwei Balken",
    )

    assert first == again
    assert ">12.500<" in first and ">Erster Balken<" in first
    with pytest.raises(ValueError):
        bar_chart_svg(["a"], [1, 2], chart_id="x", title="x", description="x")


def test_bar_chart_escapes_texts_and_draws_one_bar_per_value():
    svg = bar_chart_svg(
        ["A & B <c>", "Zweiter"],
        [5, 0],
        chart_id="k",
        title="Titel & <Mehr>",
        description="d",
        value_label="Anzahl <x>",
    )

    assert '<title id="k-title">Titel &amp; &lt;Mehr&gt;</title>' in svg
    assert ">A &amp; B &lt;c&gt;<" in svg and ">Anzahl &lt;x&gt;<" in svg
    assert svg.count("<rect ") == 2
    assert 'width="0"' in svg  # the bar of the zero
    assert "style" not in svg


def test_a_long_label_takes_two_lines():
    label = "C – Verarbeitendes Gewerbe mit einem sehr langen Namen der Abteilung dahinter"
    svg = bar_chart_svg([label], [3], chart_id="w", title="t", description="d")

    assert svg.count("<tspan ") == 2
    assert ">C – Verarbeitendes Gewerbe" in svg


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (160, [0, 50, 100, 150, 200]),
        (12500, [0, 2500, 5000, 7500, 10000, 12500]),
    ],
)
def test_ticks_are_whole_round_numbers(largest, ticks):
    assert nice_ticks(largest) == ticks


def test_bar_chart_numbers_follow_the_language():
    from django.utils import translation

    arguments = {"chart_id": "cache", "title": "Cache", "description": "Ein Balken"}
    with translation.override("de"):
        german = bar_chart_svg(["Balken"], [12500], **arguments)
    with translation.override("en"):
        english = bar_chart_svg(["Balken"], [12500], **arguments)

    assert ">12.500<" in german and ">12,500<" in english
