"""The register pages and services: list, filters, search, detail, create and edit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from industriedialog.actors import services
from industriedialog.actors.models import Organisation
from industriedialog.actors.tests.factories import PersonFactory
from industriedialog.core.models import AuditEvent, SearchEntry

VALID_FORM = {
    "kind": "company",
    "name": "Lousberg Präzisionsteile GmbH",
    "wz_code": "25.62",
    "wz_version": "WZ2008",
    "employee_band": "10-49",
    "street": "Neuenhofstraße 20",
    "postal_code": "52078",
    "city": "Aachen",
    "municipality_key": "05334002",
    "is_training_company": "on",
    "description": "Mechanische Bearbeitung für den Maschinenbau.",
    "tags": "Metallverarbeitung, Zulieferer",
    "is_public": "on",
}


@pytest.fixture
def register(db, organisation_factory):
    return {
        "giesserei": organisation_factory(
            name="Eifel Gießerei GmbH",
            wz_code="24.53",
            employee_band="50-249",
            is_training_company=True,
            description="Aluminiumguss für Fahrzeugbau",
        ),
        "backwaren": organisation_factory(
            name="Ponttor Backwaren KG",
            wz_code="10.71",
            employee_band="10-49",
            description="Brot und Backwaren aus Aachen",
        ),
        "ihk": organisation_factory(
            name="Industrie- und Handelskammer Aachen",
            kind="chamber",
            wz_code="",
            short_name="IHK Aachen",
            description="Kammer der gewerblichen Wirtschaft",
        ),
        "duren": organisation_factory(
            name="Rur Kunststofftechnik GmbH",
            wz_code="22.29",
            city="Düren",
            postal_code="52349",
            municipality_key="05358008",
            description="Spritzguss für die Automobilindustrie",
        ),
    }


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"].object_list]


def test_list_shows_every_public_organisation_sorted_by_name(register, client):
    response = client.get("/organisationen/")

    assert response.status_code == 200
    assert names(response) == [
        "Eifel Gießerei GmbH",
        "Industrie- und Handelskammer Aachen",
        "Ponttor Backwaren KG",
        "Rur Kunststofftechnik GmbH",
    ]
    assert "4 Organisationen" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=chamber", ["Industrie- und Handelskammer Aachen"]),
        ("sector=C", ["Eifel Gießerei GmbH", "Ponttor Backwaren KG", "Rur Kunststofftechnik GmbH"]),
        ("employee_band=50-249", ["Eifel Gießerei GmbH"]),
        ("municipality_key=05358008", ["Rur Kunststofftechnik GmbH"]),
        ("training=yes", ["Eifel Gießerei GmbH"]),
        ("training=no&sector=C", ["Ponttor Backwaren KG", "Rur Kunststofftechnik GmbH"]),
        ("q=Backwaren", ["Ponttor Backwaren KG"]),
        ("q=Gießereien", ["Eifel Gießerei GmbH"]),
        ("q=kunststoff", ["Rur Kunststofftechnik GmbH"]),
        ("q=Aachen&kind=company", ["Eifel Gießerei GmbH", "Ponttor Backwaren KG"]),
        ("q=Raumfahrt", []),
    ],
)
def test_filters_and_search(register, client, query, expected):
    response = client.get(f"/organisationen/?{query}")

    assert response.status_code == 200
    assert names(response) == expected


def test_invalid_filter_values_are_ignored_not_errors(register, client):
    response = client.get("/organisationen/?kind=raumschiff&sector=ZZ&seite=999")

    assert response.status_code == 200
    assert len(names(response)) == 4


def test_api_list_returns_what_the_page_shows(register, client):
    page = client.get("/organisationen/?q=Aachen&kind=company")
    api = client.get("/api/v1/organisations?q=Aachen&kind=company").json()

    assert api["count"] == 2
    assert [row["name"] for row in api["results"]] == names(page)
    assert api["results"][0]["kind_label"] == "Unternehmen"
    assert api["results"][0]["url"] == register["giesserei"].get_absolute_url()


def test_api_rejects_bad_filters_in_german(register, client):
    response = client.get("/api/v1/organisations?kind=raumschiff&page=0")

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Die Eingabe ist ungültig."
    assert {error["field"] for error in body["errors"]} == {"kind", "page"}


def test_api_unknown_organisation_is_404_json(db, client):
    response = client.get("/api/v1/organisations/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_detail_shows_public_people_only(register, client, client_for):
    organisation = register["giesserei"]
    listed = PersonFactory(
        first_name="Dagmar", last_name="Beispiel", is_public=True, email="d.beispiel@example.org"
    )
    unlisted = PersonFactory(first_name="Heimlich", last_name="Ungenannt", is_public=False)
    listed.affiliations.create(organisation=organisation, position="Geschäftsführerin")
    unlisted.affiliations.create(organisation=organisation, position="Einkauf")

    public_page = client.get(organisation.get_absolute_url()).content.decode()
    staff_page = client_for("staff").get(organisation.get_absolute_url()).content.decode()

    assert "Dagmar Beispiel" in public_page and "Geschäftsführerin" in public_page
    assert "Ungenannt" not in public_page
    assert "d.beispiel@example.org" not in public_page
    assert "Ungenannt" in staff_page and "d.beispiel@example.org" in staff_page


def test_example_data_is_marked(db, organisation_factory, client):
    example = organisation_factory(name="Oecher Feinguss GmbH", is_example_data=True)

    list_page = client.get("/organisationen/").content.decode()
    detail_page = client.get(example.get_absolute_url()).content.decode()

    assert "Beispieldaten" in list_page
    assert "Beispieldaten: Dieser Betrieb ist erfunden." in detail_page


def test_staff_creates_an_organisation(users, client_for):
    response = client_for("staff").post("/organisationen/neu/", VALID_FORM)

    organisation = Organisation.objects.get(name="Lousberg Präzisionsteile GmbH")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.slug == "lousberg-prazisionsteile-gmbh"
    assert organisation.wz_section == "C"
    assert organisation.tags == ["Metallverarbeitung", "Zulieferer"]
    assert organisation.latitude is not None
    assert SearchEntry.objects.filter(
        kind="actors.organisation", object_id=organisation.pk
    ).exists()
    event = AuditEvent.objects.get(action="actors.organisation.create")
    assert event.actor == users["staff"]
    assert event.object_id == str(organisation.pk)
    assert organisation.history.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "5206", "Die Postleitzahl muss aus fünf Ziffern bestehen."),
        (
            "municipality_key",
            "0533400",
            "Der Gemeindeschlüssel (AGS) muss aus acht Ziffern bestehen.",
        ),
        ("wz_code", "28-41", "Der WZ-Code muss ein Abschnitt"),
        ("name", "", "Bitte geben Sie den Namen ein."),
        ("website", "keine-url", "Bitte eine gültige Adresse eingeben."),
        (
            "employee_count",
            "75",
            "75 Beschäftigte passen nicht zur Größenklasse „10–49 Beschäftigte“. Bitte "
            "korrigieren Sie die Zahl oder wählen Sie die Größenklasse „50–249 Beschäftigte“.",
        ),
        ("employee_count", "-3", "Dieser Wert muss größer oder gleich 0 sein."),
    ],
)
def test_bad_input_is_refused_in_german_and_writes_nothing(
    users, client_for, field, value, message
):
    data = {**VALID_FORM, field: value}

    response = client_for("staff").post("/organisationen/neu/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name=VALID_FORM["name"]).exists()
    assert AuditEvent.objects.count() == 0


def test_employee_count_is_stored_and_shown_to_staff_only(users, client, client_for):
    response = client_for("staff").post(
        "/organisationen/neu/", {**VALID_FORM, "employee_count": "38"}
    )

    organisation = Organisation.objects.get(name=VALID_FORM["name"])
    assert response.status_code == 302
    assert (organisation.employee_band, organisation.employee_count) == ("10-49", 38)
    staff_page = client_for("staff").get(organisation.get_absolute_url()).content.decode()
    public_page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Beschäftigte (Anzahl)" in staff_page and ">38<" in staff_page
    assert "Beschäftigte (Anzahl)" not in public_page and ">38<" not in public_page
    staff_api = client_for("staff").get(f"/api/v1/organisations/{organisation.pk}")
    public_api = client.get(f"/api/v1/organisations/{organisation.pk}")
    assert staff_api.json()["employee_count"] == 38
    assert "employee_count" not in public_api.json()
    staff_csv = client_for("staff").get("/organisationen/export/?format=csv").content
    header, *rows = staff_csv.decode("utf-8-sig").splitlines()
    column = header.split(";").index("Beschäftigte (Anzahl)")
    row = next(line for line in rows if VALID_FORM["name"] in line)
    assert row.split(";")[column] == "38"
    assert "Beschäftigte (Anzahl)" not in client.get(
        "/organisationen/export/?format=csv"
    ).content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("band", "count", "valid"),
    [
        ("1-9", 1, True),
        ("1-9", 9, True),
        ("1-9", 10, False),
        ("10-49", 49, True),
        ("50-249", 49, False),
        ("250-999", 999, True),
        ("1000+", 999, False),
        ("1000+", 25_000, True),
        ("1-9", 0, False),
        ("", 0, True),
        ("", 4_000, True),
    ],
)
def test_service_checks_the_count_against_the_band(users, band, count, valid):
    data = {"kind": "company", "name": "Zählprobe GmbH", "employee_band": band}

    if valid:
        organisation = services.organisation_create(
            actor=users["staff"], data={**data, "employee_count": count}
        )
        assert organisation.employee_count == count
    else:
        with pytest.raises(ValidationError) as raised:
            services.organisation_create(
                actor=users["staff"], data={**data, "employee_count": count}
            )
        assert list(raised.value.message_dict) == ["employee_count"]
        assert not Organisation.objects.filter(name="Zählprobe GmbH").exists()


def test_update_of_the_band_alone_is_checked_against_the_stored_count(users, organisation_factory):
    organisation = organisation_factory(employee_band="50-249", employee_count=120)

    with pytest.raises(ValidationError) as raised:
        services.organisation_update(
            actor=users["staff"], organisation=organisation, data={"employee_band": "10-49"}
        )

    assert raised.value.message_dict["employee_count"] == [
        "120 Beschäftigte passen nicht zur Größenklasse „10–49 Beschäftigte“. Bitte korrigieren "
        "Sie die Zahl oder wählen Sie die Größenklasse „50–249 Beschäftigte“."
    ]
    organisation.refresh_from_db()
    assert organisation.employee_band == "50-249"
    assert AuditEvent.objects.filter(action="actors.organisation.update").count() == 0


def test_staff_edits_and_the_search_index_follows(register, users, client_for):
    organisation = register["backwaren"]
    data = {**VALID_FORM, "name": "Ponttor Konditorei KG", "description": "Torten und Gebäck"}

    response = client_for("staff").post(f"/organisationen/{organisation.slug}/bearbeiten/", data)

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert organisation.name == "Ponttor Konditorei KG"
    assert names(client_for("staff").get("/organisationen/?q=Torten")) == ["Ponttor Konditorei KG"]
    assert names(client_for("staff").get("/organisationen/?q=Backwaren")) == []
    event = AuditEvent.objects.get(action="actors.organisation.update")
    assert "name" in event.data["changed"]


def test_services_refuse_non_staff(users):
    for role in ("public", "company", "partner"):
        with pytest.raises(PermissionDenied):
            services.organisation_create(
                actor=users[role], data={"kind": "company", "name": "X GmbH"}
            )
    assert not Organisation.objects.filter(name="X GmbH").exists()


def test_service_rejects_unknown_fields(users):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=users["staff"], data={"kind": "company", "name": "Y", "colour": "blau"}
        )


def test_export_csv_is_german_excel_style(register, client, client_for):
    public_csv = client.get("/organisationen/export/?format=csv&kind=chamber").content
    staff_csv = client_for("staff").get("/organisationen/export/?format=csv").content

    assert public_csv.startswith(b"\xef\xbb\xbf")
    text = public_csv.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Kürzel;Art;Name;")
    assert "Interne Notizen" not in text[0]
    assert len(text) == 3
    assert "Industrie- und Handelskammer Aachen" in text[1]
    assert "Interne Notizen" in staff_csv.decode("utf-8-sig").splitlines()[0]


def test_export_xlsx_has_the_rows(register, client):
    import io

    from openpyxl import load_workbook

    response = client.get("/organisationen/export/?format=xlsx&sector=C")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kürzel", "Art", "Name")
    assert sorted(row[2] for row in rows[1:]) == [
        "Eifel Gießerei GmbH",
        "Ponttor Backwaren KG",
        "Rur Kunststofftechnik GmbH",
    ]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_list_page_query_count_does_not_grow_with_rows(
    db, organisation_factory, client_for, django_assert_num_queries, role
):
    client = client_for(role)
    for number in range(5):
        organisation_factory(name=f"Erster Betrieb {number} GmbH")
    client.get("/organisationen/")  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/organisationen/?q=Betrieb")
    for number in range(40):
        organisation_factory(name=f"Weiterer Betrieb {number} GmbH")
    with CaptureQueriesContext(connection) as large:
        client.get("/organisationen/?q=Betrieb")

    assert len(small.captured_queries) == len(large.captured_queries)
    # The search itself: vocabulary, bounded index count, page ids, page rows; on
    # PostgreSQL the planner's estimate instead of the count, and its settings, set and
    # restored (docs/search.md).
    extra = 2 if connection.vendor == "postgresql" else 0
    assert len(large.captured_queries) <= (6 if role == "anonymous" else 10) + extra
