"""The catalogue API: /api/v1/measures (filters, pagination), /api/v1/measures/{id} (partners,
timeline) and /api/v1/initiatives/{slug}/catalogue (the field tree). Public measures for
everyone, the rest only for staff (404 otherwise), bad filters 422 in German, and a
constant number of queries however many measures there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.dialog.tests.factories import BodyFactory
from industriedialog.measures.models import Measure, MeasurePartner, MeasureUpdate, Phase
from industriedialog.measures.services import measure_update
from industriedialog.measures.tests.factories import (
    ActionFieldFactory,
    MeasureFactory,
    MeasurePartnerFactory,
)

PHASE_CODES = {"idea", "concept", "implementation", "completed", "deferred"}


@pytest.fixture
def world(db):
    """Two fields with a sub-field, four measures (one not public), partners of which one
    organisation is not public, and a non-public initiative with one measure."""
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
    hidden_company = OrganisationFactory(
        name="Verdeckte Gießerei GmbH", slug="verdeckte-giesserei", is_public=False
    )
    circle = MeasureFactory(
        field=migration,
        number="2.1.1",
        external_id="fk-arbeitskreis",
        title="Regionaler Arbeitskreis Zuwanderung",
        phase=Phase.CONCEPT,
        is_flagship=True,
        priority=1,
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
        title="SWITCH: vom Studienabbruch in die Ausbildung",
        phase=Phase.IMPLEMENTATION,
        progress=30,
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
    MeasurePartnerFactory(measure=switch, organisation=chamber)
    return {
        "initiative": initiative,
        "internal": internal,
        "circle": circle,
        "videos": videos,
        "switch": switch,
        "hidden": hidden,
        "foreign": foreign,
        "chamber": chamber,
        "hidden_company": hidden_company,
        "body": body,
    }


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["external_id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_anonymous_callers_get_the_public_measures_with_codes_and_visible_partners(client, world):
    response = client.get("/api/v1/measures")

    assert ids(response) == ["fk-arbeitskreis", "fk-kurzvideos", "fk-switch"]
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (3, 1, 1)
    circle = body["results"][0]
    assert circle["phase"] == "concept"
    assert circle["phase_label"] == "Orientierungs- und Konzeptionierungsphase"
    assert circle["is_flagship"] is True
    assert circle["phase_inferred"] is True
    assert circle["phase_note"] == "„Etablierung eines regionalen Arbeitskreises“"
    assert circle["initiative"] == {"slug": "fachkraefte", "name": "Fachkräftesicherung"}
    assert circle["field"] == {"number": "2.1", "title": "Qualifizierte Zuwanderung"}
    assert circle["responsible_body"] == {
        "slug": "ak-zuwanderung",
        "name": "Arbeitskreis Zuwanderung",
    }
    assert [(p["slug"], p["role"], p["role_label"]) for p in circle["partners"]] == [
        ("ihk-testregion", "lead", "Federführung")
    ]
    assert circle["url"] == "/massnahme/fk-arbeitskreis/"
    assert "is_public" not in circle
    assert {row["phase"] for row in body["results"]} <= PHASE_CODES
    assert all(isinstance(row["is_flagship"], bool) for row in body["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["public", "company", "partner"])
def test_signed_in_non_staff_see_what_the_public_sees(client, world, api_token_for, role):
    response = client.get("/api/v1/measures", headers=api_token_for(role))

    assert ids(response) == ["fk-arbeitskreis", "fk-kurzvideos", "fk-switch"]


@pytest.mark.django_db
def test_staff_see_every_measure_and_partner_and_whether_it_is_public(client, world, api_token_for):
    response = client.get("/api/v1/measures", headers=api_token_for("staff"))

    assert ids(response) == [
        "fk-arbeitskreis",
        "fk-kurzvideos",
        "fk-switch",
        "fk-intern",
        "intern-massnahme",
    ]
    results = {row["external_id"]: row for row in response.json()["results"]}
    assert ids(
        client.get("/api/v1/measures?partner=verdeckte-giesserei", headers=api_token_for("staff"))
    ) == ["fk-arbeitskreis"]
    assert results["fk-intern"]["is_public"] is False
    assert results["fk-switch"]["is_public"] is True
    assert {p["slug"] for p in results["fk-arbeitskreis"]["partners"]} == {
        "ihk-testregion",
        "verdeckte-giesserei",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("initiative=fachkraefte", ["fk-arbeitskreis", "fk-kurzvideos", "fk-switch"]),
        ("initiative=fachkraefte&phase=implementation", ["fk-switch"]),
        ("phase=concept", ["fk-arbeitskreis"]),
        ("field=2", ["fk-arbeitskreis", "fk-kurzvideos"]),
        ("field=2.1", ["fk-arbeitskreis", "fk-kurzvideos"]),
        ("field=3", ["fk-switch"]),
        ("flagship=true", ["fk-arbeitskreis"]),
        ("flagship=nein", ["fk-kurzvideos", "fk-switch"]),
        ("partner=ihk-testregion", ["fk-arbeitskreis", "fk-switch"]),
        ("q=Kurzvideos", ["fk-kurzvideos"]),
        ("q=Studienabbruch&phase=implementation", ["fk-switch"]),
        ("initiative=fachkraefte&phase=deferred", []),
    ],
)
def test_the_filters(client, world, query, expected):
    assert ids(client.get(f"/api/v1/measures?{query}")) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "phase=umsetzung",
            "phase",
            "Unbekannte Phase „umsetzung“. Erlaubt sind: idea, concept, "
            "implementation, completed, deferred.",
        ),
        (
            "field=zwei",
            "field",
            "„zwei“ ist keine Nummer eines Handlungsfelds (zum Beispiel 2 oder 2.1).",
        ),
        (
            "flagship=vielleicht",
            "flagship",
            "„vielleicht“ ist kein Ja/Nein-Wert. Erlaubt sind true, false, ja, nein, 1 und 0.",
        ),
        ("initiative=gibt-es-nicht", "initiative", "Unbekannte Initiative „gibt-es-nicht“."),
        ("initiative=intern", "initiative", "Unbekannte Initiative „intern“."),
        ("partner=%C3%BC%20x", "partner", "Unbekannte Organisation „ü x“."),
        (
            "partner=verdeckte-giesserei",
            "partner",
            "Unbekannte Organisation „verdeckte-giesserei“.",
        ),
        (
            "kind=gross",
            "kind",
            "Unbekannte Art „gross“. Erlaubt sind: quick_win, lead_project, regular.",
        ),
        ("page=0", "page", "Die Seite muss eine ganze Zahl von 1 bis 100.000 sein."),
        ("page=zwei", "page", "Die Seite muss eine ganze Zahl von 1 bis 100.000 sein."),
        (f"q={'x' * 201}", "q", "Der Suchtext ist zu lang (höchstens 200 Zeichen)."),
    ],
)
def test_bad_filters_are_refused_with_422_in_german(client, world, query, field, message):
    response = client.get(f"/api/v1/measures?{query}")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Die Eingabe ist ungültig.",
        "errors": [{"field": field, "message": message}],
    }


@pytest.mark.django_db
def test_every_bad_filter_is_reported_at_once(client, world):
    response = client.get("/api/v1/measures?phase=x&flagship=y")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["phase", "flagship"]


@pytest.mark.django_db
def test_a_measure_with_partners_dependencies_and_timeline(client, world, users, api_token_for):
    staff = users["staff"]
    circle = world["circle"]
    circle.depends_on.add(world["videos"], world["hidden"])
    measure_update(
        actor=staff,
        measure=circle,
        data={"phase": Phase.IMPLEMENTATION, "progress": 20},
        note="Konstituierende Sitzung.",
        date=dt.date(2024, 9, 12),
    )

    public = client.get(f"/api/v1/measures/{circle.pk}").json()
    internal = client.get(f"/api/v1/measures/{circle.pk}", headers=api_token_for("staff"))

    assert public["phase"] == "implementation" and public["progress"] == 20
    assert public["phase_inferred"] is False  # a change by hand is no inference any more
    assert [p["slug"] for p in public["partners"]] == ["ihk-testregion"]
    assert public["depends_on"] == [
        {
            "id": world["videos"].pk,
            "external_id": "fk-kurzvideos",
            "title": "Kurzvideos zur Migration",
        }
    ]
    assert public["timeline"] == [
        {
            "date": "2024-09-12",
            "phase_before": "concept",
            "phase_after": "implementation",
            "progress_before": 0,
            "progress_after": 20,
            "changed_fields": ["phase", "progress"],
            "note": "Konstituierende Sitzung.",
        }
    ]
    assert internal.status_code == 200
    staff_view = internal.json()
    assert {d["external_id"] for d in staff_view["depends_on"]} == {"fk-kurzvideos", "fk-intern"}
    assert staff_view["timeline"][0]["author"] == staff.get_full_name()
    assert staff_view["is_public"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_non_public_measures_answer_404_to_everyone_but_staff(client, world, api_token_for, role):
    headers = api_token_for(role)

    for measure in (world["hidden"], world["foreign"]):
        response = client.get(f"/api/v1/measures/{measure.pk}", headers=headers)
        assert response.status_code == 404
        assert response.json() == {"detail": "Nicht gefunden."}
    assert client.get("/api/v1/initiatives/intern/catalogue", headers=headers).status_code == 404
    assert (
        client.get(
            f"/api/v1/measures/{world['hidden'].pk}", headers=api_token_for("staff")
        ).status_code
        == 200
    )
    assert client.get("/api/v1/measures/999999", headers=api_token_for("staff")).status_code == 404


@pytest.mark.django_db
def test_the_catalogue_is_the_tree_of_fields_with_their_measures(client, world, api_token_for):
    response = client.get("/api/v1/initiatives/fachkraefte/catalogue")

    assert response.status_code == 200
    catalogue = response.json()
    assert catalogue["initiative"] == {"slug": "fachkraefte", "name": "Fachkräftesicherung"}
    assert catalogue["measure_count"] == 3

    def outline(nodes):
        return [
            (
                node["number"],
                node["measure_count"],
                [m["external_id"] for m in node["measures"]],
                outline(node["children"]),
            )
            for node in nodes
        ]

    assert outline(catalogue["fields"]) == [
        ("2", 2, [], [("2.1", 2, ["fk-arbeitskreis", "fk-kurzvideos"], [])]),
        ("3", 1, ["fk-switch"], []),
    ]
    assert catalogue["fields"][0]["children"][0]["measures"][0]["phase"] == "concept"
    staff = client.get(
        "/api/v1/initiatives/fachkraefte/catalogue", headers=api_token_for("staff")
    ).json()
    assert staff["measure_count"] == 4
    assert staff["fields"][1]["measures"][1]["is_public"] is False
    assert client.get("/api/v1/initiatives/gibt-es-nicht/catalogue").status_code == 404


@pytest.mark.django_db
def test_pages_of_fifty(client, world):
    field = world["circle"].field
    Measure.objects.bulk_create(
        [
            Measure(
                initiative=world["initiative"],
                field=field,
                external_id=f"massen-{n:03}",
                title=f"Massenmaßnahme {n:03}",
                number=f"2.1.{n + 10}",
                sort_key=f"0002.0001.{n + 10:04}",
            )
            for n in range(60)
        ]
    )

    first = client.get("/api/v1/measures?initiative=fachkraefte").json()
    second = client.get("/api/v1/measures?initiative=fachkraefte&page=2").json()
    beyond = client.get("/api/v1/measures?initiative=fachkraefte&page=3").json()

    assert (first["count"], first["pages"], len(first["results"])) == (63, 2, 50)
    assert (second["page"], len(second["results"])) == (2, 13)
    assert second["results"][-1]["external_id"] == "fk-switch"
    assert beyond["results"] == []


def _bulk_measures(initiative, field, organisations, start: int, count: int) -> None:
    measures = Measure.objects.bulk_create(
        [
            Measure(
                initiative=initiative,
                field=field,
                external_id=f"last-{n}",
                title=f"Maßnahme {n}",
                number=f"1.{n}",
                sort_key=f"0001.{n:04}",
                phase=Phase.values[n % 5],
                progress=100 if n % 5 == 3 else 0,
                is_flagship=n % 7 == 0,
            )
            for n in range(start, start + count)
        ]
    )
    MeasurePartner.objects.bulk_create(
        [
            MeasurePartner(
                measure=measure,
                organisation=organisation,
                role=MeasurePartner.Role.LEAD if i == 0 else MeasurePartner.Role.PARTNER,
            )
            for measure in measures
            for i, organisation in enumerate(organisations)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_the_list_needs_the_same_number_of_queries_for_10_and_1000_measures(
    client, api_token_for, role
):
    initiative = InitiativeFactory(slug="last")
    field = ActionFieldFactory(initiative=initiative, number="1", title="Lasttest")
    organisations = [OrganisationFactory(name=f"Partner {n} GmbH") for n in range(3)]
    headers = api_token_for(role)
    _bulk_measures(initiative, field, organisations, 0, 10)
    # The first use of a token records when it was used; measure the requests after it.
    client.get("/api/v1/measures?initiative=last", headers=headers)

    with CaptureQueriesContext(connection) as small:
        first = client.get("/api/v1/measures?initiative=last&field=1", headers=headers)
    _bulk_measures(initiative, field, organisations, 10, 990)
    with CaptureQueriesContext(connection) as large:
        second = client.get("/api/v1/measures?initiative=last&field=1", headers=headers)

    assert first.json()["count"] == 10 and second.json()["count"] == 1000
    assert len(second.json()["results"]) == 50
    assert len(second.json()["results"][0]["partners"]) == 3
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 8


@pytest.mark.django_db
def test_the_aachen_catalogue_through_the_api(client, aachen_data):
    flagships = client.get(
        "/api/v1/measures?initiative=fachkraeftestrategie-aachen&flagship=true"
    ).json()
    catalogue = client.get("/api/v1/initiatives/fachkraeftestrategie-aachen/catalogue").json()
    region = client.get("/api/v1/measures?initiative=industrie-dialog-region-aachen").json()

    assert {row["external_id"] for row in flagships["results"]} == {
        "fk-2-1-arbeitskreis-zuwanderung",
        "fk-2-2-marketingkampagne",
        "fk-3-switch",
        "fk-2-5-senioren-jobboerse",
    }
    assert catalogue["measure_count"] == 25
    assert [node["number"] for node in catalogue["fields"]] == ["1", "2", "3", "4"]
    assert [child["number"] for child in catalogue["fields"][1]["children"]] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
    ]
    assert region["count"] == 18
    assert {row["phase"] for row in region["results"]} == {
        "idea",
        "concept",
        "implementation",
        "completed",
    }
    wzl = client.get("/api/v1/measures?partner=wzl-rwth-aachen").json()["results"]
    assert [(row["title"], row["cost"]) for row in wzl] == [
        ("Performance Check Produktion", "paid")
    ]
    detail = client.get(f"/api/v1/measures/{wzl[0]['id']}").json()
    assert detail["timeline"][-1]["changed_fields"] == ["created"]
    assert MeasureUpdate.objects.count() == 57
