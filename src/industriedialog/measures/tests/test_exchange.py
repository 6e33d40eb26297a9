"""Export of the catalogue (CSV, XLSX, JSON) and of the partner matrix, the staff page of
exports, and the staff import: round trip, dry-run diff, all-or-nothing, errors per row and
field in German, the signed confirmation, and permissions. A denied or failed import
writes nothing."""

from __future__ import annotations

import codecs
import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.dialog.tests.factories import BodyFactory
from industriedialog.measures import importing
from industriedialog.measures.models import Measure, MeasurePartner, MeasureUpdate, Phase
from industriedialog.measures.tests.factories import (
    ActionFieldFactory,
    MeasureFactory,
    MeasurePartnerFactory,
)

EXPORT = "/massnahmen/fachkraefte/export/"
MATRIX = "/massnahmen/fachkraefte/matrix/export/"
IMPORT = "/massnahmen/fachkraefte/import/"
INDEX = "/verwaltung/massnahmen-export/"
DENIED_ROLES = ("anonymous", "public", "company", "partner")


@pytest.fixture
def world(db, users):
    """Fields 2 > 2.1 and 3; three public measures (exported as rows 2–4) and one not
    public (row 5, staff only); a second, non-public initiative."""
    initiative = InitiativeFactory(slug="fachkraefte", name="Fachkräftesicherung")
    internal = InitiativeFactory(slug="intern", name="Interne Initiative", is_public=False)
    potentials = ActionFieldFactory(
        initiative=initiative, number="2", title="Fachkräfte-Potenziale erschließen"
    )
    migration = ActionFieldFactory(
        initiative=initiative, number="2.1", parent=potentials, title="Qualifizierte Zuwanderung"
    )
    training = ActionFieldFactory(
        initiative=initiative, number="3", title="Aus- und Weiterbildung stärken"
    )
    body = BodyFactory(
        initiative=initiative, name="Arbeitskreis Zuwanderung", slug="ak-zuwanderung"
    )
    chamber = OrganisationFactory(name="IHK Testregion", slug="ihk-testregion", kind="chamber")
    university = OrganisationFactory(
        name="Testhochschule", slug="testhochschule", kind="university"
    )
    hidden_company = OrganisationFactory(
        name="Verdeckte Gießerei GmbH", slug="verdeckte-giesserei", is_public=False
    )
    circle = MeasureFactory(
        field=migration,
        number="2.1.1",
        external_id="fk-arbeitskreis",
        title="Regionaler Arbeitskreis Zuwanderung",
        description="Ein interdisziplinäres Gremium.",
        phase=Phase.CONCEPT,
        is_flagship=True,
        priority=1,
        effort_person_days=Decimal("10.5"),
        duration_quarters=4,
        responsible_body=body,
        phase_inferred=True,
        phase_note="„Etablierung eines regionalen Arbeitskreises“",
    )
    videos = MeasureFactory(
        field=migration,
        number="2.1.2",
        external_id="fk-kurzvideos",
        title="Kurzvideos zur Migration",
        phase=Phase.IDEA,
    )
    switch = MeasureFactory(
        field=training,
        number="3.1",
        external_id="fk-switch",
        title="SWITCH weiterführen",
        phase=Phase.IMPLEMENTATION,
        progress=30,
        cost="paid",
    )
    hidden = MeasureFactory(
        field=training,
        number="3.2",
        external_id="fk-intern",
        title="Interne Vorbereitung",
        is_public=False,
    )
    foreign = MeasureFactory(
        field=ActionFieldFactory(initiative=internal, number="1"),
        external_id="intern-massnahme",
        title="Interne Maßnahme",
    )
    MeasurePartnerFactory(measure=circle, organisation=chamber, role=MeasurePartner.Role.LEAD)
    MeasurePartnerFactory(measure=circle, organisation=hidden_company)
    MeasurePartnerFactory(measure=switch, organisation=university, role=MeasurePartner.Role.FUNDER)
    MeasurePartnerFactory(measure=switch, organisation=chamber)
    circle.depends_on.add(videos)
    return {
        "initiative": initiative,
        "internal": internal,
        "circle": circle,
        "videos": videos,
        "switch": switch,
        "hidden": hidden,
        "foreign": foreign,
        "body": body,
        "fields": {"2": potentials, "2.1": migration, "3": training},
    }


@pytest.fixture
def staff(client_for):
    return client_for("staff")


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, name: str, content: bytes, url: str = IMPORT):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def confirm(client, payload: str, url: str = IMPORT):
    return client.post(url, {"payload": payload, "confirm": "1"})


def listed(response) -> list[tuple[int, str, str, list[tuple[str, str, str]]]]:
    return [
        (
            row.number,
            row.action,
            row.external_id,
            [(change.label, change.old, change.new) for change in row.changes],
        )
        for row in response.context["plan"].listed_rows
    ]


def summary(response) -> dict[str, int]:
    plan = response.context["plan"]
    return {
        "created": plan.created_count,
        "updated": plan.updated_count,
        "unchanged": plan.unchanged_count,
        "errors": plan.error_row_count,
    }


def counts() -> tuple[int, int, int, int]:
    return (
        Measure.objects.count(),
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
        Measure.history.model.objects.count(),
    )


def column(rows: list[list[object]], label: str) -> int:
    return rows[0].index(label)


# --------------------------------------------------------------------------- export


@pytest.mark.django_db
def test_the_csv_export_is_german_excel_with_the_public_measures(client, world):
    response = client.get(EXPORT + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="massnahmen-fachkraefte-'
    )
    rows = csv_rows(response.content)
    assert rows[0][:8] == [
        "Externe ID",
        "Handlungsfeld",
        "Titel des Handlungsfelds",
        "Nummer",
        "Titel",
        "Beschreibung",
        "Phase",
        "Phase erschlossen",
    ]
    assert "Öffentlich" not in rows[0]
    assert [row[0] for row in rows[1:]] == ["fk-arbeitskreis", "fk-kurzvideos", "fk-switch"]
    circle = dict(zip(rows[0], rows[1], strict=True))
    assert circle["Phase"] == "Orientierungs- und Konzeptionierungsphase"
    assert circle["Handlungsfeld"] == "2.1"
    assert circle["Leuchtturmprojekt"] == "ja"
    assert circle["Personaltage je Quartal"] == "10,5"
    assert circle["Verantwortliches Gremium (Kürzel)"] == "ak-zuwanderung"
    assert circle["Partner"] == "IHK Testregion (Federführung)"  # not the hidden company
    assert circle["Hängt ab von"] == "fk-kurzvideos"
    switch = dict(zip(rows[0], rows[3], strict=True))
    assert (switch["Kosten"], switch["Fortschritt (%)"]) == ("kostenpflichtig", "30")
    assert switch["Partner"] == "Testhochschule (Förderer); IHK Testregion (Partner)"


@pytest.mark.django_db
def test_staff_export_every_measure_as_xlsx_with_the_public_flag(staff, world):
    response = staff.get(EXPORT + "?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = xlsx_rows(response.content)
    assert [row[0] for row in rows[1:]] == [
        "fk-arbeitskreis",
        "fk-kurzvideos",
        "fk-switch",
        "fk-intern",
    ]
    public = column(rows, "Öffentlich")
    assert [row[public] for row in rows[1:]] == ["ja", "ja", "ja", "nein"]
    assert rows[1][column(rows, "Personaltage je Quartal")] == 10.5
    assert rows[1][column(rows, "Partner")] == (
        "IHK Testregion (Federführung); Verdeckte Gießerei GmbH (Partner)"
    )


@pytest.mark.django_db
def test_the_json_export_carries_the_stable_codes_and_the_field_tree(client, world):
    response = client.get(EXPORT + "?format=json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["initiative"] == {"slug": "fachkraefte", "name": "Fachkräftesicherung"}
    assert document["fields"] == [
        {
            "number": "2",
            "title": "Fachkräfte-Potenziale erschließen",
            "description": "",
            "parent": None,
        },
        {"number": "2.1", "title": "Qualifizierte Zuwanderung", "description": "", "parent": "2"},
        {
            "number": "3",
            "title": "Aus- und Weiterbildung stärken",
            "description": "",
            "parent": None,
        },
    ]
    circle = document["measures"][0]
    assert (circle["phase"], circle["is_flagship"], circle["effort_person_days"]) == (
        "concept",
        True,
        "10.5",
    )
    assert circle["partners"] == [
        {"organisation": "ihk-testregion", "name": "IHK Testregion", "role": "lead"}
    ]
    assert {m["phase"] for m in document["measures"]} == {"concept", "idea", "implementation"}
    assert "is_public" not in circle


@pytest.mark.django_db
@pytest.mark.parametrize("role", DENIED_ROLES)
def test_a_non_public_initiative_and_unknown_formats_are_not_found(client_for, world, role):
    user_client = client_for(role)

    assert user_client.get("/massnahmen/intern/export/?format=csv").status_code == 404
    assert user_client.get("/massnahmen/intern/matrix/export/?format=csv").status_code == 404
    assert user_client.get(EXPORT + "?format=pdf").status_code == 404
    assert user_client.get(MATRIX + "?format=json").status_code == 404


@pytest.mark.django_db
def test_the_partner_matrix_has_a_column_per_organisation_with_the_roles(client, staff, world):
    public = csv_rows(client.get(MATRIX + "?format=csv").content)
    internal = xlsx_rows(staff.get(MATRIX + "?format=xlsx").content)

    assert public == [
        ["Externe ID", "Nummer", "Titel", "Phase", "IHK Testregion", "Testhochschule"],
        [
            "fk-arbeitskreis",
            "2.1.1",
            "Regionaler Arbeitskreis Zuwanderung",
            "Orientierungs- und Konzeptionierungsphase",
            "Federführung",
            "",
        ],
        ["fk-kurzvideos", "2.1.2", "Kurzvideos zur Migration", "Ideenphase", "", ""],
        [
            "fk-switch",
            "3.1",
            "SWITCH weiterführen",
            "Umsetzungs- und Evaluierungsphase",
            "Partner",
            "Förderer",
        ],
    ]
    assert internal[0][4:] == ["IHK Testregion", "Testhochschule", "Verdeckte Gießerei GmbH"]
    assert internal[1][4:] == ["Federführung", None, "Partner"]
    assert [row[0] for row in internal[1:]] == [
        "fk-arbeitskreis",
        "fk-kurzvideos",
        "fk-switch",
        "fk-intern",
    ]


@pytest.mark.django_db
def test_the_staff_page_lists_the_exports_of_every_initiative(staff, client_for, world):
    response = staff.get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    for href in (
        EXPORT + "?format=xlsx",
        EXPORT + "?format=csv",
        EXPORT + "?format=json",
        MATRIX + "?format=csv",
        MATRIX + "?format=xlsx",
        IMPORT,
        "/massnahmen/intern/export/?format=csv",
    ):
        assert f'href="{href}"' in html, href
    assert "4 Maßnahmen, davon 3 öffentlich" in html
    for role in DENIED_ROLES:
        assert client_for(role).get(INDEX).status_code == 404


# --------------------------------------------------------------------------- import


@pytest.mark.django_db
@pytest.mark.parametrize("role", DENIED_ROLES)
def test_only_staff_may_import_everyone_else_gets_404_and_nothing_is_written(
    client_for, staff, world, role
):
    exported = staff.get(EXPORT + "?format=csv").content
    rows = csv_rows(exported)
    rows[1][column(rows, "Titel")] = "Übernommen?"
    content = csv_bytes(rows)
    preview = upload(staff, "katalog.csv", content)
    payload = preview.context["payload"]
    before = counts()
    user_client = client_for(role)

    assert user_client.get(IMPORT).status_code == 404
    assert upload(user_client, "katalog.csv", content).status_code == 404
    assert confirm(user_client, payload).status_code == 404
    assert counts() == before
    assert (
        Measure.objects.get(external_id="fk-arbeitskreis").title
        == "Regionaler Arbeitskreis Zuwanderung"
    )


@pytest.mark.django_db
def test_staff_cannot_import_into_an_unknown_initiative(staff, world):
    assert staff.get("/massnahmen/gibt-es-nicht/import/").status_code == 404


@pytest.mark.django_db
def test_round_trip_export_edit_import_as_xlsx(staff, world, users):
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    phase, progress = column(rows, "Phase"), column(rows, "Fortschritt (%)")
    title, field = column(rows, "Titel"), column(rows, "Handlungsfeld")
    rows[1][phase] = "Umsetzungs- und Evaluierungsphase"  # fk-arbeitskreis, row 2
    rows[1][progress] = 25
    rows[3][title] = "SWITCH: vom Studienabbruch in die Ausbildung"  # fk-switch, row 4
    new = [None] * len(rows[0])
    new[field], new[title], new[phase] = "3", "Maker-Space in der Innenstadt", "concept"
    rows.append(new)  # row 6
    before = counts()

    preview = upload(staff, "katalog.xlsx", xlsx_bytes(rows))

    assert preview.status_code == 200
    assert summary(preview) == {"created": 1, "updated": 2, "unchanged": 2, "errors": 0}
    assert listed(preview) == [
        (
            2,
            "update",
            "fk-arbeitskreis",
            [
                (
                    "Phase",
                    "Orientierungs- und Konzeptionierungsphase",
                    "Umsetzungs- und Evaluierungsphase",
                ),
                ("Fortschritt (%)", "0", "25"),
                ("Phase erschlossen", "ja", "nein"),
            ],
        ),
        (
            4,
            "update",
            "fk-switch",
            [("Titel", "SWITCH weiterführen", "SWITCH: vom Studienabbruch in die Ausbildung")],
        ),
        (6, "create", "", []),
    ]
    html = preview.content.decode()
    assert (
        "Phase: Orientierungs- und Konzeptionierungsphase → Umsetzungs- und "
        "Evaluierungsphase" in html
    )
    assert "Titel des Handlungsfelds, Partner, Hängt ab von, Zuletzt geändert" in html
    assert counts() == before  # the preview writes nothing

    response = confirm(staff, preview.context["payload"])

    assert response.status_code == 302
    assert response["Location"] == "/massnahmen/fachkraefte/"
    circle = Measure.objects.get(external_id="fk-arbeitskreis")
    assert (circle.phase, circle.progress, circle.phase_inferred) == ("implementation", 25, False)
    assert circle.partners.count() == 2  # partners are not touched by the import
    entry = circle.updates.first()
    assert (
        entry.note,
        entry.phase_before,
        entry.phase_after,
        entry.progress_after,
        entry.author,
    ) == ("Import", "concept", "implementation", 25, users["staff"])
    switch = Measure.objects.get(external_id="fk-switch")
    assert switch.title == "SWITCH: vom Studienabbruch in die Ausbildung"
    assert switch.updates.first().changed_fields == ["title"]
    created = Measure.objects.get(title="Maker-Space in der Innenstadt")
    assert (created.initiative, created.field.number, created.phase) == (
        world["initiative"],
        "3",
        "concept",
    )
    assert created.updates.get().note == "Import"
    assert Measure.objects.get(external_id="fk-kurzvideos").updates.count() == 0
    assert AuditEvent.objects.filter(action="measures.measure.import").get().data == {
        "file": "katalog.xlsx",
        "created": 1,
        "updated": 2,
        "unchanged": 2,
    }
    assert counts()[0] == before[0] + 1
    assert counts()[1] == before[1] + 3


@pytest.mark.django_db
def test_round_trip_as_csv_and_an_unchanged_file_changes_nothing(staff, world):
    exported = staff.get(EXPORT + "?format=csv").content
    before = counts()

    unchanged = upload(staff, "katalog.csv", exported)

    assert summary(unchanged) == {"created": 0, "updated": 0, "unchanged": 4, "errors": 0}
    assert unchanged.context["payload"] == ""
    assert "Die Datei enthält keine Änderungen am Maßnahmenkatalog." in unchanged.content.decode()

    rows = csv_rows(exported)
    rows[2][column(rows, "Personaltage je Quartal")] = "2,5"
    rows[2][column(rows, "Geplanter Beginn")] = "01.04.2027"
    rows[2][column(rows, "Verantwortliches Gremium (Kürzel)")] = "Arbeitskreis Zuwanderung"
    preview = upload(staff, "katalog.csv", csv_bytes(rows))
    assert listed(preview) == [
        (
            3,
            "update",
            "fk-kurzvideos",
            [
                ("Personaltage je Quartal", "0", "2,5"),
                ("Geplanter Beginn", "", "01.04.2027"),
                ("Verantwortliches Gremium (Kürzel)", "", "Arbeitskreis Zuwanderung"),
            ],
        )
    ]
    confirm(staff, preview.context["payload"])

    videos = Measure.objects.get(external_id="fk-kurzvideos")
    assert (
        videos.effort_person_days,
        videos.planned_start.isoformat(),
        videos.responsible_body,
    ) == (Decimal("2.5"), "2027-04-01", world["body"])
    # A change of planning values only is still on the timeline, noted as import.
    assert list(videos.updates.values_list("note", "changed_fields")) == [("Import", [])]
    assert counts()[1] == before[1] + 1


BAD_ROWS = [
    # (column, value, row label, expected message)
    (
        "Phase",
        "fertig",
        "Phase",
        "„fertig“ ist keine bekannte Phase. Erlaubt sind: Ideenphase (idea), Orientierungs- und "
        "Konzeptionierungsphase (concept), Umsetzungs- und Evaluierungsphase (implementation), "
        "abgeschlossen (completed), zurückgestellt (deferred).",
    ),
    (
        "Fortschritt (%)",
        "120",
        "Fortschritt (%)",
        "„120“ ist nicht zulässig: erlaubt sind ganze Zahlen von 0 bis 100.",
    ),
    (
        "Handlungsfeld",
        "9",
        "Handlungsfeld",
        "Unbekanntes Handlungsfeld „9“. Diese Initiative hat die Handlungsfelder 2, 2.1, 3.",
    ),
    (
        "Priorität",
        "0",
        "Priorität",
        "„0“ ist nicht zulässig: erlaubt sind ganze Zahlen von 1 bis 5.",
    ),
    (
        "Geplanter Beginn",
        "31.02.2027",
        "Geplanter Beginn",
        "„31.02.2027“ ist kein Datum. Erlaubt sind TT.MM.JJJJ und JJJJ-MM-TT.",
    ),
    (
        "Leuchtturmprojekt",
        "vielleicht",
        "Leuchtturmprojekt",
        "„vielleicht“ ist kein Ja/Nein-Wert. Erlaubt sind „ja“, „nein“, „true“, „false“, „1“ "
        "und „0“.",
    ),
    (
        "Verantwortliches Gremium (Kürzel)",
        "gibt-es-nicht",
        "Verantwortliches Gremium (Kürzel)",
        "Unbekanntes Gremium „gibt-es-nicht“. Angegeben wird das Kürzel eines Gremiums dieser "
        "Initiative.",
    ),
    ("Titel", "", "Titel", "Dieses Feld darf nicht leer sein."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "value", "label", "message"), BAD_ROWS)
def test_a_bad_cell_is_refused_with_row_field_and_reason_and_nothing_is_written(
    staff, world, header, value, label, message
):
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    rows[1][column(rows, "Titel")] = "Geänderter Titel"  # a valid change in row 2
    rows[3][column(rows, header)] = value  # the bad cell in row 4
    before = counts()

    preview = upload(staff, "katalog.xlsx", xlsx_bytes(rows))

    assert summary(preview)["errors"] == 1
    assert [(e.row, e.label, e.message) for e in preview.context["plan"].errors] == [
        (4, label, message)
    ]
    assert f"Zeile 4, {label}: {message}" in preview.content.decode()
    assert preview.context["payload"] == ""
    assert 'name="payload"' not in preview.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_completed_needs_100_percent_and_every_faulty_row_is_listed(staff, world):
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    phase, progress = column(rows, "Phase"), column(rows, "Fortschritt (%)")
    rows[1][phase], rows[1][progress] = "abgeschlossen", 80
    rows[2][phase] = "umsetzung"
    new = [None] * len(rows[0])
    new[column(rows, "Titel")], new[column(rows, "Phase")] = "Ohne Feld", "completed"
    new[column(rows, "Fortschritt (%)")] = 100
    rows.append(new)
    before = counts()

    preview = upload(staff, "katalog.xlsx", xlsx_bytes(rows))

    assert [(e.row, e.field, e.message) for e in preview.context["plan"].errors] == [
        (2, "progress", "Eine abgeschlossene Maßnahme hat 100 % Fortschritt."),
        (
            3,
            "phase",
            "„umsetzung“ ist keine bekannte Phase. Erlaubt sind: Ideenphase (idea), "
            "Orientierungs- und Konzeptionierungsphase (concept), Umsetzungs- und "
            "Evaluierungsphase (implementation), abgeschlossen (completed), "
            "zurückgestellt (deferred).",
        ),
        (6, "field", "Bitte geben Sie die Nummer des Handlungsfelds an."),
    ]
    assert counts() == before


@pytest.mark.django_db
def test_rows_that_belong_elsewhere_or_repeat_are_refused(staff, world):
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    rows[2][0] = "intern-massnahme"
    rows[3][0] = "fk-arbeitskreis"
    rows[4][0] = "Keine gültige ID!"

    preview = upload(staff, "katalog.xlsx", xlsx_bytes(rows))

    messages = [(e.row, e.message) for e in preview.context["plan"].errors]
    assert messages[:2] == [
        (
            3,
            "Die externe ID „intern-massnahme“ gehört zu einer Maßnahme der Initiative "
            "„Interne Initiative“. Bitte importieren Sie die Zeile dort.",
        ),
        (4, "Die externe ID „fk-arbeitskreis“ steht schon in Zeile 2."),
    ]
    assert messages[2][0] == 5 and "Kürzel" in messages[2][1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "katalog.csv",
            csv_bytes([["Titel", "Phase"], ["Neu", "idea"]]),
            "Die Datei braucht die Spalte „Externe ID“",
        ),
        (
            "katalog.csv",
            csv_bytes([["Externe ID", "Farbe"], ["x", "rot"]]),
            "Unbekannte Spalten: „Farbe“.",
        ),
        (
            "katalog.csv",
            csv_bytes([["Externe ID", "Titel"]]),
            "Die Datei enthält nur die Kopfzeile, aber keine Datenzeilen.",
        ),
        ("katalog.xlsx", b"keine Excel-Datei", "Die Excel-Datei konnte nicht gelesen werden."),
        ("katalog.pdf", b"%PDF", "Bitte laden Sie eine Excel- oder CSV-Datei"),
    ],
)
def test_unreadable_files_are_explained(staff, world, name, content, message):
    before = counts()

    response = upload(staff, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_a_tampered_or_foreign_confirmation_writes_nothing(staff, world, users):
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    rows[1][column(rows, "Titel")] = "Geänderter Titel"
    payload = upload(staff, "katalog.xlsx", xlsx_bytes(rows)).context["payload"]
    other_initiative = "/massnahmen/intern/import/"
    forged = importing.sign_upload(
        name="katalog.xlsx",
        content=xlsx_bytes(rows),
        user_id=users["staff"].pk + 1,
        initiative="fachkraefte",
        plan_digest="x",
    )
    before = counts()

    tampered = confirm(staff, payload[:-3] + "abc")
    elsewhere = confirm(staff, payload, url=other_initiative)
    someone_else = confirm(staff, forged)

    for response in (tampered, elsewhere, someone_else):
        assert response.status_code == 400
        assert "Die Importdaten wurden verändert" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_a_confirmation_of_a_faulty_file_writes_nothing(staff, world, users):
    """Even a validly signed file is planned again; its errors stop the import."""
    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    rows[1][column(rows, "Fortschritt (%)")] = "-5"
    payload = importing.sign_upload(
        name="katalog.xlsx",
        content=xlsx_bytes(rows),
        user_id=users["staff"].pk,
        initiative="fachkraefte",
        plan_digest="egal",
    )
    before = counts()

    response = confirm(staff, payload)

    assert response.status_code == 200
    assert summary(response)["errors"] == 1
    assert response.context["payload"] == ""
    assert counts() == before


@pytest.mark.django_db
def test_a_catalogue_changed_since_the_preview_needs_a_new_confirmation(staff, world, users):
    from industriedialog.measures.services import measure_update

    rows = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    rows[1][column(rows, "Titel")] = "Geänderter Titel"
    payload = upload(staff, "katalog.xlsx", xlsx_bytes(rows)).context["payload"]
    measure_update(actor=users["staff"], measure=world["videos"], data={"progress": 10})
    rows_after = xlsx_rows(staff.get(EXPORT + "?format=xlsx").content)
    assert rows_after[2][column(rows, "Fortschritt (%)")] == 10
    before = counts()

    response = confirm(staff, payload)

    assert response.status_code == 200
    assert "Der Maßnahmenkatalog hat sich seit der Vorschau geändert." in response.content.decode()
    assert counts() == before
    assert response.context["payload"] != ""
    assert confirm(staff, response.context["payload"]).status_code == 302
    assert Measure.objects.get(external_id="fk-kurzvideos").progress == 0  # the file's value


@pytest.mark.django_db
def test_an_expired_preview_must_be_uploaded_again(staff, world, users):
    token = importing.sign_upload(
        name="katalog.csv",
        content=b"x",
        user_id=users["staff"].pk,
        initiative="fachkraefte",
        plan_digest="x",
    )

    with pytest.raises(importing.ImportFileError, match="Die Vorschau ist abgelaufen"):
        importing.unsign_upload(
            token, user_id=users["staff"].pk, initiative="fachkraefte", max_age=-1
        )
    assert (
        importing.unsign_upload(token, user_id=users["staff"].pk, initiative="fachkraefte").content
        == b"x"
    )
