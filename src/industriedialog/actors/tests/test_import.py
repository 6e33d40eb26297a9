"""The staff import of the register: CSV and XLSX, dry run, confirmation, errors, signature
and permissions. A denied or failed import writes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from industriedialog.actors import importing
from industriedialog.actors.importing import FieldChange
from industriedialog.actors.models import Organisation
from industriedialog.core.models import AuditEvent

URL = "/organisationen/import/"
DENIED_ROLES = ("anonymous", "public", "company", "partner")


@pytest.fixture
def register(db, organisation_factory, users):
    """Two companies next to the users' own company and chamber; exported in the order
    Eifel (row 2), Eigene (3), Industrie- und Handelskammer (4), Ponttor (5)."""
    return {
        "giesserei": organisation_factory(
            name="Eifel Gießerei GmbH",
            wz_code="24.53",
            employee_band="50-249",
            is_training_company=True,
            tags=["Aluminiumguss", "Fahrzeugbau"],
            email="info@eifel-giesserei.example",
            description="Aluminiumguss für Fahrzeugbau",
        ),
        "backwaren": organisation_factory(
            name="Ponttor Backwaren KG",
            wz_code="10.71",
            employee_band="10-49",
            description="Brot und Backwaren aus Aachen",
        ),
    }


@pytest.fixture
def staff(client_for):
    return client_for("staff")


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def confirm(client, payload: str):
    return client.post(URL, {"payload": payload, "confirm": "1"})


def listed(response) -> list[tuple[int, str, str, str, list[FieldChange]]]:
    return [
        (row.number, row.action, row.slug, row.name, row.changes)
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


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def snapshot() -> tuple[int, int, list[tuple]]:
    return (
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        list(
            Organisation.objects.order_by("pk").values_list(
                "slug", "name", "kind", "postal_code", "city", "updated_at"
            )
        ),
    )


# --------------------------------------------------------------------------- round trip


def test_export_changed_in_one_field_imports_exactly_that_change(register, staff, users):
    exported = staff.get("/organisationen/export/?format=csv").content
    assert exported.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert [row[2] for row in rows] == [
        "Name",
        "Eifel Gießerei GmbH",
        "Eigene Maschinenbau GmbH",
        "Industrie- und Handelskammer Testregion",
        "Ponttor Backwaren KG",
    ]
    city = rows[0].index("Ort")
    rows[1][city] = "Stolberg (Rhld.)"
    events_before = AuditEvent.objects.count()

    preview = upload(staff, "organisationen.csv", csv_bytes(rows))

    assert preview.status_code == 200
    assert summary(preview) == {"created": 0, "updated": 1, "unchanged": 3, "errors": 0}
    assert listed(preview) == [
        (
            2,
            "update",
            "eifel-giesserei-gmbh",
            "Eifel Gießerei GmbH",
            [FieldChange("city", "Ort", "Aachen", "Stolberg (Rhld.)")],
        )
    ]
    assert "Ort: Aachen → Stolberg (Rhld.)" in preview.content.decode()
    assert "Import ausführen" in preview.content.decode()
    assert AuditEvent.objects.count() == events_before

    response = confirm(staff, preview.context["payload"])

    assert response.status_code == 302
    assert response["Location"] == "/organisationen/"
    giesserei = Organisation.objects.get(pk=register["giesserei"].pk)
    assert giesserei.city == "Stolberg (Rhld.)"
    assert giesserei.tags == ["Aluminiumguss", "Fahrzeugbau"]
    assert giesserei.email == "info@eifel-giesserei.example"
    assert Organisation.objects.get(pk=register["backwaren"].pk).city == "Aachen"
    events = AuditEvent.objects.order_by("id")[events_before:]
    assert [(event.action, event.object_repr, event.data, event.actor) for event in events] == [
        (
            "actors.organisation.update",
            "Eifel Gießerei GmbH",
            {"changed": ["city"]},
            users["staff"],
        ),
        (
            "actors.organisation.import",
            "",
            {"file": "organisationen.csv", "created": 0, "updated": 1, "unchanged": 3},
            users["staff"],
        ),
    ]
    follow = staff.get(response["Location"])
    assert messages_of(follow) == [
        "1 Organisation importiert: 0 neu, 1 geändert. 3 Zeilen waren unverändert."
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_unchanged_export_plans_nothing_and_offers_no_confirmation(register, staff, file_format):
    exported = staff.get(f"/organisationen/export/?format={file_format}").content
    before = snapshot()

    preview = upload(staff, f"organisationen.{file_format}", exported)

    assert preview.status_code == 200
    assert summary(preview) == {"created": 0, "updated": 0, "unchanged": 4, "errors": 0}
    assert preview.context["payload"] == ""
    content = preview.content.decode()
    assert "Die Datei enthält keine Änderungen am Register." in content
    assert "Import ausführen" not in content
    assert snapshot() == before


# --------------------------------------------------------------------------- file formats


def test_german_csv_with_semicolon_bom_and_umlauts_creates_organisations(register, staff):
    content = csv_bytes(
        [
            [
                "Kürzel",
                "Art",
                "Name",
                "Straße",
                "PLZ",
                "Ort",
                "Ausbildungsbetrieb",
                "Schlagworte",
                "Beschäftigte",
            ],
            [
                "",
                "Unternehmen",
                "Würselener Müller Stahlbau GmbH",
                "Großstraße 1",
                "52146",
                "Würselen",
                "ja",
                "Stahlbau, Schweißen",
                "10–49 Beschäftigte",
            ],
            [
                "oecher-kaffeeroesterei",
                "company",
                "Öcher Kaffeerösterei",
                "",
                "52062",
                "Aachen",
                "nein",
                "",
                "1-9",
            ],
        ]
    )
    assert content.startswith(b"\xef\xbb\xbf")

    preview = upload(staff, "neue-betriebe.csv", content)

    assert summary(preview) == {"created": 2, "updated": 0, "unchanged": 0, "errors": 0}
    assert listed(preview) == [
        (2, "create", "wurselener-muller-stahlbau-gmbh", "Würselener Müller Stahlbau GmbH", []),
        (3, "create", "oecher-kaffeeroesterei", "Öcher Kaffeerösterei", []),
    ]

    response = confirm(staff, preview.context["payload"])

    assert response.status_code == 302
    stahlbau = Organisation.objects.get(slug="wurselener-muller-stahlbau-gmbh")
    assert (
        stahlbau.kind,
        stahlbau.name,
        stahlbau.street,
        stahlbau.postal_code,
        stahlbau.city,
        stahlbau.is_training_company,
        stahlbau.tags,
        stahlbau.employee_band,
    ) == (
        "company",
        "Würselener Müller Stahlbau GmbH",
        "Großstraße 1",
        "52146",
        "Würselen",
        True,
        ["Stahlbau", "Schweißen"],
        "10-49",
    )
    roesterei = Organisation.objects.get(slug="oecher-kaffeeroesterei")
    assert (
        roesterei.name,
        roesterei.is_training_company,
        roesterei.tags,
        roesterei.employee_band,
        roesterei.is_public,
    ) == ("Öcher Kaffeerösterei", False, [], "1-9", True)
    assert messages_of(staff.get(response["Location"])) == [
        "2 Organisationen importiert: 2 neu, 0 geändert."
    ]
    assert list(
        AuditEvent.objects.filter(action="actors.organisation.create")
        .order_by("id")
        .values_list("object_repr", flat=True)
    ) == ["Würselener Müller Stahlbau GmbH", "Öcher Kaffeerösterei"]


def test_cp1252_csv_with_commas_and_field_names_as_headers(register, staff):
    content = csv_bytes(
        [
            ["slug", "kind", "name", "city", "is_public"],
            ["baesweiler-kaesehandel", "Kammer", "Käsehandel Bäsweiler", "Baesweiler", "0"],
            ["ponttor-backwaren-kg", "company", "Ponttor Backwaren KG", "Aachen-Süd", "1"],
        ],
        delimiter=",",
        encoding="cp1252",
    )
    assert "ä".encode("cp1252") in content

    preview = upload(staff, "export-alt.csv", content)

    assert summary(preview) == {"created": 1, "updated": 1, "unchanged": 0, "errors": 0}
    assert listed(preview) == [
        (2, "create", "baesweiler-kaesehandel", "Käsehandel Bäsweiler", []),
        (
            3,
            "update",
            "ponttor-backwaren-kg",
            "Ponttor Backwaren KG",
            [FieldChange("city", "Ort", "Aachen", "Aachen-Süd")],
        ),
    ]

    confirm(staff, preview.context["payload"])

    created = Organisation.objects.get(slug="baesweiler-kaesehandel")
    assert (created.kind, created.name, created.city, created.is_public) == (
        "chamber",
        "Käsehandel Bäsweiler",
        "Baesweiler",
        False,
    )
    backwaren = Organisation.objects.get(pk=register["backwaren"].pk)
    assert (backwaren.city, backwaren.wz_code, backwaren.employee_band) == (
        "Aachen-Süd",
        "10.71",
        "10-49",
    )


def test_xlsx_built_with_openpyxl_creates_and_updates(register, staff):
    content = xlsx_bytes(
        [
            [
                "Kürzel",
                "Art",
                "Name",
                "PLZ",
                "Ort",
                "AGS",
                "Ausbildungsbetrieb",
                "WZ-Code",
                "Beschäftigte",
            ],
            [
                "elbtal-feinmechanik",
                "Unternehmen",
                "Elbtal Feinmechanik GmbH",
                1067,
                "Dresden",
                14612000,
                True,
                "28.41",
                "50-249",
            ],
            [None, None, None, None, None, None, None, None, None],
            [
                "ponttor-backwaren-kg",
                "company",
                "Ponttor Backwaren KG",
                52064,
                "Aachen",
                "05334002",
                False,
                "10.71",
                "250–999 Beschäftigte",
            ],
        ]
    )

    preview = upload(staff, "Register.XLSX", content)

    assert summary(preview) == {"created": 1, "updated": 1, "unchanged": 0, "errors": 0}
    assert listed(preview) == [
        (2, "create", "elbtal-feinmechanik", "Elbtal Feinmechanik GmbH", []),
        (
            4,
            "update",
            "ponttor-backwaren-kg",
            "Ponttor Backwaren KG",
            [
                FieldChange("postal_code", "Postleitzahl", "52062", "52064"),
                FieldChange(
                    "employee_band", "Beschäftigte", "10–49 Beschäftigte", "250–999 Beschäftigte"
                ),
            ],
        ),
    ]

    confirm(staff, preview.context["payload"])

    elbtal = Organisation.objects.get(slug="elbtal-feinmechanik")
    assert (
        elbtal.postal_code,
        elbtal.municipality_key,
        elbtal.is_training_company,
        elbtal.wz_code,
        elbtal.wz_version,
        elbtal.wz_section,
        elbtal.employee_band,
    ) == ("01067", "14612000", True, "28.41", "WZ2008", "C", "50-249")
    backwaren = Organisation.objects.get(pk=register["backwaren"].pk)
    assert (backwaren.postal_code, backwaren.employee_band) == ("52064", "250-999")


def test_utf16_text_from_excel_is_read():
    content = "Name\tArt\r\nGrüne Pumpen GmbH\tUnternehmen\r\n".encode("utf-16")

    rows = importing.parse_upload("unicode-text.csv", content)

    assert [(row.number, row.values) for row in rows] == [
        (2, {"name": "Grüne Pumpen GmbH", "kind": "Unternehmen"})
    ]


def test_row_numbers_count_records_and_blank_lines():
    content = csv_bytes(
        [
            ["Name", "Art", "Beschreibung"],
            ["Erster Betrieb", "company", "Zeile eins\r\nZeile zwei"],
            [],
            ["Zweiter Betrieb", "company", ""],
        ]
    )

    rows = importing.parse_upload("betriebe.csv", content)

    assert [(row.number, row.values) for row in rows] == [
        (
            2,
            {
                "name": "Erster Betrieb",
                "kind": "company",
                "description": "Zeile eins\r\nZeile zwei",
            },
        ),
        (4, {"name": "Zweiter Betrieb", "kind": "company", "description": ""}),
    ]


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "organisationen.txt",
            b"Name;Art\r\nA;company\r\n",
            "Bitte laden Sie eine CSV- oder Excel-Datei (.csv oder .xlsx) hoch.",
        ),
        ("organisationen.csv", b"", "Die Datei ist leer."),
        ("organisationen.csv", b"\xef\xbb\xbf\r\n\r\n", "Die Datei ist leer."),
        (
            "organisationen.csv",
            "Kürzel;Art;Name\r\n;;\r\n".encode(),
            "Die Datei enthält nur die Kopfzeile, aber keine Datenzeilen.",
        ),
        (
            "organisationen.csv",
            "Name;Art;Farbe;Größe\r\nA;company;rot;L\r\n".encode(),
            "Unbekannte Spalten: „Farbe“, „Größe“. Erlaubt sind die Spalten des Exports: Kürzel, "
            "Art, Name, Kurzname, WZ-Code, WZ-Klassifikation, Beschäftigte, Straße, PLZ, Ort, AGS, "
            "Ausbildungsbetrieb, Produktionsstandort, Website, Beschreibung, Schlagworte, "
            "Beispieldaten, Beschäftigte (Anzahl), E-Mail, Telefon, Interne Notizen, Öffentlich.",
        ),
        (
            "organisationen.csv",
            b"Name;name\r\nA;B\r\n",
            "Diese Spalten kommen mehrfach vor: „name“.",
        ),
        (
            "organisationen.xlsx",
            b"Name;Art\r\nA;company\r\n",
            "Die Excel-Datei konnte nicht gelesen werden. Bitte prüfen Sie, ob sie im Format .xlsx "
            "gespeichert ist.",
        ),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(register, staff, name, content, message):
    before = snapshot()

    response = upload(staff, name, content)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert response.context["plan"] is None
    assert snapshot() == before


def test_too_big_file_is_rejected(register, staff):
    content = b"Name;Art\r\n" + b"x" * importing.MAX_UPLOAD_BYTES

    response = upload(staff, "riesig.csv", content)

    assert response.context["form"].errors == {
        "file": ["Die Datei ist 5,0\xa0MB groß. Erlaubt sind höchstens 5 MB."]
    }


def test_more_writes_than_one_request_can_carry_are_not_offered(
    register, staff, users, monkeypatch
):
    monkeypatch.setattr(importing, "MAX_WRITES_PER_IMPORT", 2)
    monkeypatch.setattr(importing.common, "MAX_WRITES_PER_IMPORT", 2)
    content = csv_bytes(
        [
            ["Name", "Art"],
            ["Erste GmbH", "company"],
            ["Zweite GmbH", "company"],
            ["Dritte GmbH", "company"],
        ]
    )
    preview = upload(staff, "drei.csv", content)
    payload = importing.sign_upload(
        name="drei.csv",
        content=content,
        user_id=users["staff"].pk,
        plan_digest=preview.context["plan"].digest,
    )
    before = snapshot()

    response = confirm(staff, payload)

    assert preview.context["payload"] == ""
    assert preview.context["alert"] == (
        "Die Datei würde mehr als 2 Organisationen anlegen "
        "oder ändern. Bitte teilen Sie sie in kleinere Dateien "
        "auf."
    )
    assert response.status_code == 200
    assert response.context["payload"] == ""
    assert snapshot() == before


BAD_ROWS = [
    ["Kürzel", "Art", "Name", "PLZ", "Ort"],
    ["neue-werkstatt", "Unternehmen", "Neue Werkstatt GmbH", "52062", "Aachen"],
    ["", "company", "Kurze PLZ GmbH", "5206", "Aachen"],
    ["", "Fabrik", "Unbekannte Art AG", "52062", "Aachen"],
    ["", "company", "", "52062", "Aachen"],
    ["neue-werkstatt", "company", "Neue Werkstatt Zweigstelle", "52062", "Aachen"],
    ["ponttor-backwaren-kg", "company", "Ponttor Backwaren KG", "ABCDE", "Aachen"],
    ["neue werkstatt!", "company", "Leerzeichen im Kürzel GmbH", "52062", "Aachen"],
]
BAD_ROW_ERRORS = [
    "Zeile 3, Postleitzahl: Die Postleitzahl muss aus fünf Ziffern bestehen.",
    "Zeile 4, Art: „Fabrik“ ist keine zulässige Angabe. Erlaubt sind: Unternehmen, Kammer, "
    "Verband, Gewerkschaft, Öffentliche Stelle, Hochschule/Forschung, Schule, Sonstige.",
    "Zeile 5, Name: Dieses Feld darf nicht leer sein.",
    "Zeile 6, Kürzel: Das Kürzel „neue-werkstatt“ steht schon in Zeile 2.",
    "Zeile 7, Postleitzahl: Die Postleitzahl muss aus fünf Ziffern bestehen.",
    "Zeile 8, Kürzel: Bitte ein gültiges Kürzel, bestehend aus Buchstaben, Ziffern, "
    "Unterstrichen und Bindestrichen, eingeben.",
]


def test_bad_rows_are_listed_by_row_and_field_and_no_confirmation_is_offered(register, staff):
    before = snapshot()

    preview = upload(staff, "fehlerhaft.csv", csv_bytes(BAD_ROWS))

    assert preview.status_code == 200
    assert summary(preview) == {"created": 1, "updated": 0, "unchanged": 0, "errors": 6}
    assert [str(error) for error in preview.context["plan"].errors] == BAD_ROW_ERRORS
    content = preview.content.decode()
    for error in BAD_ROW_ERRORS:
        assert error in content
    assert preview.context["payload"] == ""
    assert "Import ausführen" not in content
    assert 'name="payload"' not in content
    assert snapshot() == before


def test_employee_counts_are_imported_and_checked_against_the_band(register, staff):
    rows = [
        ["Kürzel", "Name", "Art", "Beschäftigte", "Beschäftigte (Anzahl)"],
        [
            "eifel-giesserei-gmbh",
            "Eifel Gießerei GmbH",
            "Unternehmen",
            "50–249 Beschäftigte",
            "130",
        ],
        ["", "Tivoli Stahlbau AG", "Unternehmen", "1.000 und mehr Beschäftigte", "1.250"],
        ["", "Soers Formenbau GmbH", "Unternehmen", "250–999 Beschäftigte", "1.250"],
        ["", "Pau Feinmechanik GmbH", "Unternehmen", "10–49 Beschäftigte", "zwölf"],
        ["", "Wurm Drehteile GmbH", "Unternehmen", "10–49 Beschäftigte", "12,5"],
    ]

    preview = upload(staff, "anzahl.csv", csv_bytes(rows))

    assert [str(error) for error in preview.context["plan"].errors] == [
        "Zeile 4, Beschäftigte (Anzahl): 1.250 Beschäftigte passen nicht zur Größenklasse "
        "„250–999 Beschäftigte“. Bitte korrigieren Sie die Zahl oder wählen Sie die "
        "Größenklasse „1.000 und mehr Beschäftigte“.",
        "Zeile 5, Beschäftigte (Anzahl): „zwölf“ ist keine ganze Zahl. Bitte geben Sie die "
        "Zahl ohne Nachkommastellen an, z. B. „1250“ oder „1.250“, oder lassen Sie das Feld leer.",
        "Zeile 6, Beschäftigte (Anzahl): „12,5“ ist keine ganze Zahl. Bitte geben Sie die "
        "Zahl ohne Nachkommastellen an, z. B. „1250“ oder „1.250“, oder lassen Sie das Feld leer.",
    ]

    good = upload(staff, "anzahl.csv", csv_bytes(rows[:3]))
    assert summary(good) == {"created": 1, "updated": 1, "unchanged": 0, "errors": 0}
    assert [change for row in listed(good) for change in row[4]] == [
        FieldChange("employee_count", "Beschäftigte (Anzahl)", "", "130")
    ]
    confirm(staff, good.context["payload"])
    assert dict(
        Organisation.objects.filter(
            name__in=["Eifel Gießerei GmbH", "Tivoli Stahlbau AG"]
        ).values_list("name", "employee_count")
    ) == {"Eifel Gießerei GmbH": 130, "Tivoli Stahlbau AG": 1250}
    exported = staff.get("/organisationen/export/?format=csv").content.decode("utf-8-sig")
    assert summary(upload(staff, "zurueck.csv", exported.encode("utf-8-sig"))) == {
        "created": 0,
        "updated": 0,
        "unchanged": 5,
        "errors": 0,
    }


def test_forged_confirmation_of_a_file_with_bad_rows_writes_nothing(register, staff, users):
    content = csv_bytes(BAD_ROWS)
    payload = importing.sign_upload(
        name="fehlerhaft.csv", content=content, user_id=users["staff"].pk, plan_digest=""
    )
    before = snapshot()

    response = confirm(staff, payload)

    assert response.status_code == 200
    assert [str(error) for error in response.context["plan"].errors] == BAD_ROW_ERRORS
    assert "Import ausführen" not in response.content.decode()
    assert snapshot() == before


def test_change_of_the_register_after_the_preview_asks_for_a_new_confirmation(register, staff):
    content = csv_bytes([["Kürzel", "Ort"], ["ponttor-backwaren-kg", "Würselen"]])
    preview = upload(staff, "orte.csv", content)
    Organisation.objects.filter(pk=register["backwaren"].pk).update(city="Würselen")
    before = snapshot()

    response = confirm(staff, preview.context["payload"])

    assert response.status_code == 200
    assert summary(response) == {"created": 0, "updated": 0, "unchanged": 1, "errors": 0}
    assert "Import ausführen" not in response.content.decode()
    assert snapshot() == before


def test_import_is_all_or_nothing_when_a_service_rejects_a_row(register, users):
    rows = importing.parse_upload(
        "zwei.csv",
        csv_bytes(
            [
                ["Kürzel", "Art", "Name", "PLZ"],
                ["erste-neue-gmbh", "company", "Erste Neue GmbH", "52062"],
                ["ponttor-backwaren-kg", "company", "Ponttor Backwaren KG", "52064"],
            ]
        ),
    )
    plan = importing.plan_import(rows)
    # The register changes under the plan: the update now gets a value the service rejects.
    plan.rows[1].data["postal_code"] = "5206"
    before = snapshot()

    with pytest.raises(importing.ImportAborted) as aborted:
        importing.run_import(actor=users["staff"], plan=plan, source_name="zwei.csv")

    assert [str(error) for error in aborted.value.errors] == [
        "Zeile 3, Postleitzahl: Die Postleitzahl muss aus fünf Ziffern bestehen."
    ]
    assert snapshot() == before
    assert not Organisation.objects.filter(slug="erste-neue-gmbh").exists()


# --------------------------------------------------------------------------- signature


def tamper_content(payload: str) -> str:
    value, timestamp, signature = payload.rsplit(":", 2)
    meta, data = value.split(".", 1)
    changed = "A" if data[10] != "A" else "B"
    return f"{meta}.{data[:10]}{changed}{data[11:]}:{timestamp}:{signature}"


@pytest.mark.parametrize(
    "forge",
    [
        tamper_content,
        lambda payload: payload[:-1] + ("A" if payload[-1] != "A" else "B"),
        lambda payload: "kein signierter Inhalt",
        lambda payload: "",
    ],
)
def test_tampered_signature_is_rejected_and_writes_nothing(register, staff, forge):
    content = csv_bytes([["Name", "Art"], ["Manipulierte GmbH", "company"]])
    preview = upload(staff, "neu.csv", content)
    assert preview.context["payload"]
    before = snapshot()

    response = confirm(staff, forge(preview.context["payload"]))

    assert response.status_code == 400
    assert response.context["alert"] == (
        "Die Importdaten wurden verändert oder sind unvollständig und werden nicht "
        "übernommen. Bitte laden Sie die Datei erneut hoch."
    )
    assert "Die Importdaten wurden verändert" in response.content.decode()
    assert snapshot() == before


def test_payload_signed_for_another_user_is_rejected(register, staff, users):
    content = csv_bytes([["Name", "Art"], ["Fremde GmbH", "company"]])
    rows = importing.parse_upload("neu.csv", content)
    payload = importing.sign_upload(
        name="neu.csv",
        content=content,
        user_id=users["partner"].pk,
        plan_digest=importing.plan_import(rows).digest,
    )
    before = snapshot()

    response = confirm(staff, payload)

    assert response.status_code == 400
    assert snapshot() == before


def test_expired_preview_is_rejected(register, users):
    payload = importing.sign_upload(
        name="neu.csv", content=b"Name\r\nA\r\n", user_id=users["staff"].pk, plan_digest=""
    )

    with pytest.raises(importing.ImportFileError) as error:
        importing.unsign_upload(payload, user_id=users["staff"].pk, max_age=-1)

    assert error.value.message == (
        "Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."
    )


# --------------------------------------------------------------------------- permissions


def test_staff_sees_the_upload_form(register, staff):
    response = staff.get(URL)

    assert response.status_code == 200
    assert response.templates[0].name == "actors/organisation_import.html"
    assert 'type="file"' in response.content.decode()


@pytest.mark.parametrize("role", DENIED_ROLES)
def test_others_get_404_and_nothing_is_written(register, client_for, users, role):
    client = client_for(role)
    content = csv_bytes([["Name", "Art"], ["Unbefugte GmbH", "company"]])
    rows = importing.parse_upload("neu.csv", content)
    user = users[role]
    payload = importing.sign_upload(
        name="neu.csv",
        content=content,
        user_id=user.pk if user else None,
        plan_digest=importing.plan_import(rows).digest,
    )
    before = snapshot()

    assert client.get(URL).status_code == 404
    assert upload(client, "neu.csv", content).status_code == 404
    assert confirm(client, payload).status_code == 404
    assert snapshot() == before
