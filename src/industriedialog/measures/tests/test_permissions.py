"""The permission matrix of the catalogue pages: every page and POST against anonymous,
public, company, partner and staff. What a role may not see or do answers 404 (non-public
measures, a non-public initiative, the staff pages); a denied POST changes nothing."""

from __future__ import annotations

import pytest

from industriedialog.core.models import AuditEvent
from industriedialog.measures.models import Measure, MeasurePartner, MeasureUpdate
from industriedialog.measures.tests.factories import catalogue_scenario
from industriedialog.measures.tests.test_pages import bulk_data, form_data, table_order

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "public", "company", "partner", "staff")
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"staff"})
NOBODY: frozenset[str] = frozenset()


@pytest.fixture
def world(users):
    return catalogue_scenario()


PAGES = [
    # (url, roles that get 200; everyone else gets 404)
    ("/massnahmen/", EVERYONE),
    ("/massnahmen/fachkraefte/", EVERYONE),
    ("/massnahmen/fachkraefte/?q=Zuwanderung&phase=implementation&flagship=ja", EVERYONE),
    ("/massnahmen/intern/", STAFF),
    ("/massnahmen/gibt-es-nicht/", NOBODY),
    ("/massnahmen/fachkraefte/matrix/", EVERYONE),
    ("/massnahmen/fachkraefte/matrix/?organisation_kind=chamber", EVERYONE),
    ("/massnahmen/intern/matrix/", STAFF),
    ("/massnahme/fk-arbeitskreis/", EVERYONE),
    ("/massnahme/fk-kurzvideos/", EVERYONE),
    ("/massnahme/fk-intern/", STAFF),  # non-public measure
    ("/massnahme/intern-massnahme/", STAFF),  # measure of a non-public initiative
    ("/massnahme/gibt-es-nicht/", NOBODY),
    ("/massnahme/fk-arbeitskreis/bearbeiten/", STAFF),
    ("/massnahme/fk-intern/bearbeiten/", STAFF),
    ("/massnahme/intern-massnahme/bearbeiten/", STAFF),
    ("/massnahmen/fachkraefte/sachstand/", STAFF),
    ("/massnahmen/intern/sachstand/", STAFF),
    ("/verwaltung/sachstand/", STAFF),
    ("/massnahmen/fachkraefte/roadmap/", STAFF),
    ("/massnahmen/fachkraefte/roadmap/?beginn=2027-Q1&quartale=4", STAFF),
    ("/massnahmen/intern/roadmap/", STAFF),
    ("/massnahmen/gibt-es-nicht/roadmap/", NOBODY),
    ("/verwaltung/roadmap/", STAFF),
]


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(world, client_for, role):
    client = client_for(role)
    for url, allowed in PAGES:
        response = client.get(url)
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, (role, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_non_public_measures_stay_off_every_list(world, client_for, role):
    client = client_for(role)
    index, catalogue, matrix = (
        client.get(url).content.decode()
        for url in ("/massnahmen/", "/massnahmen/fachkraefte/", "/massnahmen/fachkraefte/matrix/")
    )

    assert ("Interne Vorbereitung" in catalogue) == (role == "staff")
    assert ("Interne Vorbereitung" in matrix) == (role == "staff")
    assert ("Interne Initiative" in index) == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_a_non_public_partner_is_shown_to_staff_and_its_own_people(world, users, client_for, role):
    # The company representative works for the non-public foundry.
    users["company"].organisation = world["hidden_company"]
    users["company"].save()

    html = client_for(role).get("/massnahme/fk-arbeitskreis/").content.decode()

    assert ("Verdeckte Gießerei GmbH" in html) == (role in {"staff", "company"})


@pytest.mark.parametrize("role", ROLES)
def test_timeline_author_only_for_staff(world, users, client_for, role):
    from industriedialog.measures import services

    users["staff"].last_name = "Sachbearbeiterin"
    users["staff"].save()
    services.measure_update(
        actor=users["staff"], measure=world["circle"], data={"progress": 45}, note="Zwischenstand."
    )

    html = client_for(role).get("/massnahme/fk-arbeitskreis/").content.decode()

    assert "Zwischenstand." in html
    assert ("Sachbearbeiterin" in html) == (role == "staff")


def state() -> tuple:
    return (
        Measure.objects.count(),
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
        MeasurePartner.objects.count(),
        sorted(Measure.objects.values_list("external_id", "title", "phase", "progress")),
    )


def posts(world) -> list[tuple[str, dict]]:
    """One valid write per staff page (a change of title, phase, partners and a note)."""
    circle, hidden, foreign = world["circle"], world["hidden"], world["foreign"]
    return [
        (
            "/massnahme/fk-arbeitskreis/bearbeiten/",
            form_data(circle, title="Geändert", note="Neu.", **{"partner-0-organisation": ""}),
        ),
        ("/massnahme/fk-intern/bearbeiten/", form_data(hidden, progress=90)),
        (
            "/massnahme/intern-massnahme/bearbeiten/",
            form_data(foreign, source="Ratsvorlage", note="Quelle ergänzt."),
        ),
        (
            "/massnahmen/fachkraefte/sachstand/",
            bulk_data(table_order(world), **{"1": {"progress": 80, "note": "Weiter."}}),
        ),
        ("/massnahmen/intern/sachstand/", bulk_data([foreign], **{"0": {"progress": 10}})),
    ]


@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_denied_posts_answer_404_and_change_nothing(world, client_for, role):
    client = client_for(role)
    before = state()

    for url, data in posts(world):
        response = client.post(url, data)
        assert response.status_code == 404, (role, url, response.status_code)

    assert state() == before


def test_staff_posts_are_written(world, client_for):
    client = client_for("staff")
    before = MeasureUpdate.objects.count()

    for url, data in posts(world):
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)

    assert MeasureUpdate.objects.count() == before + 5
    assert Measure.objects.get(external_id="fk-arbeitskreis").progress == 80
    assert Measure.objects.get(external_id="intern-massnahme").progress == 10
    assert not MeasurePartner.objects.filter(
        measure=world["circle"], organisation=world["chamber"]
    ).exists()


@pytest.mark.parametrize("role", ROLES)
def test_pages_that_only_read_ignore_posts(world, client_for, role):
    client = client_for(role)
    before = state()

    for url in (
        "/massnahmen/fachkraefte/",
        "/massnahmen/fachkraefte/matrix/",
        "/massnahme/fk-arbeitskreis/",
    ):
        client.post(url, {"title": "Geändert", "progress": 99})

    assert state() == before
