"""Feedback form, staff back office, second factor, language switch, navigation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from industriedialog.core.models import AuditEvent, Feedback
from industriedialog.core.tests.factories import UserFactory


@pytest.mark.django_db
def test_anyone_can_send_feedback_without_an_account(client):
    response = client.post(
        "/barrierefreiheit/feedback/",
        {
            "topic": "barrier",
            "message": "Der Kontrast im Kopf ist zu schwach.",
            "page_url": "/organisationen/",
            "email": "leser@example.org",
            "website": "",
        },
        follow=True,
    )

    feedback = Feedback.objects.get()
    assert feedback.topic == "barrier" and feedback.page_url == "/organisationen/"
    assert "Vielen Dank! Ihre Rückmeldung ist bei uns eingegangen." in response.content.decode()
    assert AuditEvent.objects.filter(action="core.feedback.create").count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(FEEDBACK_RECIPIENTS=["barrierefreiheit@stadt.example"])
def test_feedback_is_mailed_to_the_responsible_office(client):
    client.post("/barrierefreiheit/feedback/", {"topic": "content", "message": "Bitte als PDF."})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["barrierefreiheit@stadt.example"]
    assert "Bitte als PDF." in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topic": "general", "message": ""}, "Bitte schreiben Sie uns Ihre Nachricht."),
        (
            {"topic": "general", "message": "Hallo", "email": "kaputt"},
            "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        ),
        (
            {"topic": "general", "message": "Hallo", "website": "http://spam.example"},
            "Die Nachricht konnte nicht angenommen werden.",
        ),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_stored(client, data, message):
    response = client.post("/barrierefreiheit/feedback/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_feedback_form_is_rate_limited_with_a_german_message(client):
    for _ in range(10):
        client.post("/barrierefreiheit/feedback/", {"topic": "general", "message": "Test"})

    response = client.post("/barrierefreiheit/feedback/", {"topic": "general", "message": "Test"})

    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert Feedback.objects.count() == 10


@pytest.mark.django_db
def test_staff_lists_and_resolves_feedback(client_for, users):
    item = Feedback.objects.create(topic="barrier", message="Fokus unsichtbar")
    staff = client_for("staff")

    listing = staff.get("/verwaltung/rueckmeldungen/").content.decode()
    staff.post("/verwaltung/rueckmeldungen/", {"feedback": item.pk})

    item.refresh_from_db()
    assert "Fokus unsichtbar" in listing
    assert item.is_resolved
    assert AuditEvent.objects.get(action="core.feedback.resolve").actor == users["staff"]


@pytest.mark.django_db
def test_staff_without_second_factor_must_set_it_up(client):
    staff = UserFactory(username="neu-im-amt", role="staff", is_staff=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/verwaltung/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_mode_does_not_enforce_the_second_factor(client):
    staff = UserFactory(username="demo-im-amt", role="staff", is_staff=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get("/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_other_roles_need_no_second_factor(client_for):
    assert client_for("company").get("/").status_code == 200


@pytest.mark.django_db
def test_login_page_is_german(client):
    page = client.get("/konto/login/").content.decode()

    assert "Anmelden" in page
    assert 'lang="de"' in page


@pytest.mark.django_db
def test_navigation_comes_from_the_manifests(client_for):
    public_page = client_for("anonymous").get("/").content.decode()
    staff_page = client_for("staff").get("/").content.decode()

    assert 'href="/organisationen/"' in public_page
    assert 'href="/verwaltung/"' not in public_page
    assert 'href="/verwaltung/"' in staff_page


@pytest.mark.django_db
def test_footer_links_required_by_bitv_are_on_every_page(client):
    for url in ("/", "/organisationen/", "/impressum/"):
        page = client.get(url).content.decode()
        for link in (
            "/impressum/",
            "/datenschutz/",
            "/barrierefreiheit/",
            "/barrierefreiheit/feedback/",
        ):
            assert f'href="{link}' in page, (url, link)


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Accessibility statement" in page
