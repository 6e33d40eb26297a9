"""Fixtures shared by every app's tests: one user per role, API clients, loaded data."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ("anonymous", "public", "company", "partner", "staff")


@pytest.fixture
def organisation_factory(db):
    from industriedialog.actors.tests.factories import OrganisationFactory

    return OrganisationFactory


@pytest.fixture
def own_company(db):
    from industriedialog.actors.tests.factories import OrganisationFactory

    return OrganisationFactory(name="Eigene Maschinenbau GmbH", kind="company")


@pytest.fixture
def partner_organisation(db):
    from industriedialog.actors.tests.factories import OrganisationFactory

    return OrganisationFactory(name="Industrie- und Handelskammer Testregion", kind="chamber")


@pytest.fixture
def users(db, own_company, partner_organisation):
    """One active user per role, keyed by role code ("anonymous" maps to None)."""
    from industriedialog.core.tests.factories import UserFactory

    staff = UserFactory(username="mitarbeiterin", role="staff", is_staff=True)
    activate_totp(staff)
    return {
        "anonymous": None,
        "public": UserFactory(username="oeffentlich", role="public"),
        "company": UserFactory(username="unternehmen", role="company", organisation=own_company),
        "partner": UserFactory(
            username="partner", role="partner", organisation=partner_organisation
        ),
        "staff": staff,
    }


def activate_totp(user):
    """Give a staff user the second factor that is enforced outside demo mode."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def client_for(client, users):
    """`client_for(role)` returns a test client logged in as that role."""
    from django.test import Client

    def make(role: str) -> Client:
        new_client = Client()
        user = users[role]
        if user is not None:
            new_client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return new_client

    return make


@pytest.fixture
def api_token_for(users):
    """`api_token_for(role)` returns an Authorization header dict for that role."""
    from industriedialog.api.services import api_token_create

    def make(role: str) -> dict[str, str]:
        user = users[role]
        if user is None:
            return {}
        _token, raw = api_token_create(actor=None, user=user, name="test")
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def aachen_data(db):
    """The shipped Aachen data set, loaded through the seed command."""
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("seed", stdout=devnull)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached values must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
