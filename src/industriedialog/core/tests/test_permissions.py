"""The permission matrix of the foundation: every page and endpoint against every role.
What a role may not see answers 404; a denied write changes nothing."""

from __future__ import annotations

import pytest

from industriedialog.actors.models import Organisation
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory

ALL = {"anonymous", "public", "company", "partner", "staff"}
STAFF_ONLY = {"staff"}


@pytest.fixture
def world(db, organisation_factory, own_company):
    """A public and a private organisation, the company's own (private) one, and a public
    and an internal initiative."""
    public = organisation_factory(name="Öffentliche Gießerei GmbH", is_public=True)
    private = organisation_factory(name="Verdeckte Werkzeugbau GmbH", is_public=False)
    own_company.is_public = False
    own_company.save()
    return {
        "public": public,
        "private": private,
        "own": own_company,
        "initiative": InitiativeFactory(slug="offen", is_public=True),
        "internal_initiative": InitiativeFactory(slug="intern", is_public=False),
    }


def page_matrix(world):
    return [
        ("/", ALL),
        ("/initiativen/offen/", ALL),
        ("/initiativen/intern/", STAFF_ONLY),
        ("/initiative-wechseln/?initiative=intern", STAFF_ONLY),
        ("/organisationen/", ALL),
        ("/organisationen/?q=Gießerei&kind=company", ALL),
        (world["public"].get_absolute_url(), ALL),
        (world["private"].get_absolute_url(), STAFF_ONLY),
        (world["own"].get_absolute_url(), {"company", "staff"}),
        ("/organisationen/neu/", STAFF_ONLY),
        (f"/organisationen/{world['public'].slug}/bearbeiten/", STAFF_ONLY),
        ("/organisationen/import/", STAFF_ONLY),
        ("/organisationen/export/?format=csv", ALL),
        ("/organisationen/export/?format=xlsx", ALL),
        ("/impressum/", ALL),
        ("/datenschutz/", ALL),
        ("/barrierefreiheit/", ALL),
        ("/leichte-sprache/", ALL),
        ("/barrierefreiheit/feedback/", ALL),
        ("/verwaltung/", STAFF_ONLY),
        ("/verwaltung/rueckmeldungen/", STAFF_ONLY),
        ("/verwaltung/protokoll/", STAFF_ONLY),
        ("/api/v1/initiatives", ALL),
        ("/api/v1/organisations", ALL),
        (f"/api/v1/organisations/{world['public'].pk}", ALL),
        (f"/api/v1/organisations/{world['private'].pk}", STAFF_ONLY),
        (f"/api/v1/organisations/{world['own'].pk}", {"company", "staff"}),
        ("/api/v1/openapi.json", ALL),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_page_matrix(role, world, client_for):
    client = client_for(role)
    for url, allowed in page_matrix(world):
        response = client.get(url)
        expected = {200, 302} if role in allowed else {404}
        if url.startswith("/initiative-wechseln/") and role in allowed:
            expected = {302}
        assert response.status_code in expected, (role, url, response.status_code)


@pytest.mark.parametrize("role", sorted(ALL))
def test_api_matrix_with_tokens(role, world, api_token_for, client):
    headers = api_token_for(role)
    for url, allowed in page_matrix(world):
        if not url.startswith("/api/"):
            continue
        response = client.get(url, headers=headers)
        assert response.status_code == (200 if role in allowed else 404), (role, url)


@pytest.mark.parametrize("role", sorted(ALL - STAFF_ONLY))
def test_denied_writes_change_nothing(role, world, client_for):
    client = client_for(role)
    organisations_before = list(Organisation.objects.order_by("pk").values())
    events_before = AuditEvent.objects.count()

    created = client.post("/organisationen/neu/", {"kind": "company", "name": "Eindringling AG"})
    edited = client.post(
        f"/organisationen/{world['public'].slug}/bearbeiten/",
        {"kind": "company", "name": "Umbenannt GmbH"},
    )
    resolved = client.post("/verwaltung/rueckmeldungen/", {"feedback": "1"})

    assert (created.status_code, edited.status_code, resolved.status_code) == (404, 404, 404)
    assert list(Organisation.objects.order_by("pk").values()) == organisations_before
    assert AuditEvent.objects.count() == events_before


def test_private_fields_only_for_staff_and_own_members(world, client_for):
    world["public"].email = "info@giesserei.example"
    world["public"].internal_notes = "Nachfolge ungeklärt"
    world["public"].save()
    url = f"/api/v1/organisations/{world['public'].pk}"

    staff_view = client_for("staff").get(url).json()
    partner_view = client_for("partner").get(url).json()
    page_for_public = client_for("public").get(world["public"].get_absolute_url())
    page_for_staff = client_for("staff").get(world["public"].get_absolute_url())

    assert staff_view["internal_notes"] == "Nachfolge ungeklärt"
    assert staff_view["email"] == "info@giesserei.example"
    assert "internal_notes" not in partner_view and "email" not in partner_view
    assert "Nachfolge ungeklärt" not in page_for_public.content.decode()
    assert "Nachfolge ungeklärt" in page_for_staff.content.decode()
