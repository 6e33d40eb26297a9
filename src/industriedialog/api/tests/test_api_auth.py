"""Token authentication, the token command, error format and the OpenAPI schema."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from industriedialog.api.models import ApiToken, hash_token
from industriedialog.core.models import User


def create_token(*args) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_command_creates_a_staff_user_and_prints_a_working_token(client, organisation_factory):
    hidden = organisation_factory(name="Interne Firma GmbH", is_public=False)

    raw = create_token("api-robot", "--create-staff")

    user = User.objects.get(username="api-robot")
    assert user.role == "staff" and not user.has_usable_password()
    assert raw.startswith("idt_") and len(raw) > 40
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    response = client.get(
        f"/api/v1/organisations/{hidden.pk}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    assert response.json()["is_public"] is False


@pytest.mark.django_db
def test_command_refuses_unknown_users_without_create_staff():
    with pytest.raises(CommandError, match="Kein Benutzerkonto „niemand“"):
        create_token("niemand")
    assert not User.objects.filter(username="niemand").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer idt_falsch", "Token abc", "Bearer"])
def test_bad_tokens_get_401_in_german(client, header):
    response = client.get("/api/v1/organisations", headers={"Authorization": header})

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Token" in response.json()["detail"] or "Bearer" in response.json()["detail"]


@pytest.mark.django_db
def test_revoked_tokens_and_inactive_users_are_refused(client, users, api_token_for):
    headers = api_token_for("staff")
    users["staff"].is_active = False
    users["staff"].save()

    response = client.get("/api/v1/initiatives", headers=headers)

    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "Industrie-Dialog API"
    assert {
        "/api/v1/initiatives",
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}",
    } <= set(schema["paths"])
    assert "BearerAuth" in str(schema["components"]) or "TokenAuth" in str(schema["components"])


@pytest.mark.django_db
def test_initiatives_endpoint_matches_the_start_page(client, aachen_data):
    api = client.get("/api/v1/initiatives").json()
    page = client.get("/").content.decode()

    assert [item["slug"] for item in api] == [
        "fachkraeftestrategie-aachen",
        "aachener-industrie-dialog",
        "industrie-dialog-region-aachen",
    ]
    for item in api:
        assert item["name"] in page
    assert api[1]["lead_organisation"]["slug"] == "stadt-aachen-fb-02"


def test_health_answers_without_a_token(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_a_browser_session_write_needs_the_csrf_token(db, users, partner_organisation):
    """A page of another site must not be able to act with a signed-in user's cookie."""
    from django.test import Client

    from industriedialog.outreach.models import FollowUp
    from industriedialog.outreach.tests.factories import FollowUpFactory

    follow_up = FollowUpFactory(partner=partner_organisation)
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["partner"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"/api/v1/outreach/follow-ups/{follow_up.pk}/answer"
    refused = client.post(url, {"answer": "Fremd"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    follow_up.refresh_from_db()
    assert follow_up.answer == ""
    client.get("/api/v1/outreach/follow-ups")  # a safe read needs no token
    token = client.get("/").cookies["csrftoken"].value
    accepted = client.post(
        url, {"answer": "Erledigt"}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert FollowUp.objects.get(pk=follow_up.pk).answer == "Erledigt"
