"""The outreach pages and API: what each role sees, the dashboard with real figures, the
visit form, follow-ups for partners; denied requests change nothing; query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures.tests.factories import MeasureFactory
from industriedialog.outreach.models import (
    Campaign,
    CampaignTarget,
    FollowUp,
    Interest,
    Need,
    RiskFlag,
    TargetStatus,
    Visit,
)

from .factories import (
    CampaignFactory,
    CampaignTargetFactory,
    FollowUpFactory,
    NeedFactory,
    RiskFlagFactory,
    VisitFactory,
)

NOT_STAFF = ("anonymous", "public", "company", "partner")
TODAY = timezone.localdate()


@pytest.fixture
def campaign(users, partner_organisation):
    """A campaign with one firm in each state, needs, a visit, follow-ups and a signal."""
    campaign = CampaignFactory(name="Bestandspflege Teststadt", slug="bestandspflege-test")
    states = [
        (TargetStatus.NOT_CONTACTED, "", None),
        (TargetStatus.CONTACTED, "", None),
        (TargetStatus.DECLINED, Interest.NONE, False),
        (TargetStatus.VISIT_PLANNED, Interest.BASIC, True),
        (TargetStatus.VISITED, Interest.HIGH, True),
    ]
    targets = [
        CampaignTargetFactory(
            campaign=campaign,
            organisation=OrganisationFactory(name=f"Firma {i} GmbH", wz_code="28.1"),
            status=status,
            interest=interest,
            knew_dialogue=knew,
        )
        for i, (status, interest, knew) in enumerate(states)
    ]
    visited = targets[-1]
    visit = VisitFactory(target=visited, notes="GEHEIME BESUCHSNOTIZ")
    measure = MeasureFactory(initiative=campaign.initiative, title="Lange Nacht der Industrie")
    need = NeedFactory(organisation=visited.organisation, target=visited, visit=visit)
    need.measures.add(measure)
    NeedFactory(organisation=visited.organisation, target=visited, topic="transport")
    FollowUpFactory(
        organisation=visited.organisation,
        target=visited,
        partner=partner_organisation,
        title="Ausbildungsberatung für Firma 4",
        request="Bitte zur Ausbildung beraten.",
        due_on=TODAY + dt.timedelta(days=7),
    )
    FollowUpFactory(
        organisation=visited.organisation,
        target=visited,
        title="Fremde Wiedervorlage",
        request="Für eine andere Kammer.",
    )
    RiskFlagFactory(organisation=visited.organisation, kind="insolvency", severity=3)
    return campaign


def _staff_pages(campaign):
    visited = campaign.targets.get(status=TargetStatus.VISITED)
    return [
        reverse("outreach:campaign_list"),
        reverse("outreach:campaign_create"),
        reverse("outreach:my_targets"),
        reverse("outreach:campaign_detail", args=[campaign.slug]),
        reverse("outreach:target_list", args=[campaign.slug]),
        reverse("outreach:need_list", args=[campaign.slug]),
        reverse("outreach:target_detail", args=[visited.pk]),
        reverse("outreach:visit_create", args=[visited.pk]),
        reverse("outreach:visit_detail", args=[visited.visits.get().pk]),
        reverse("outreach:early_warning"),
    ]


def test_staff_see_every_page(client_for, campaign):
    client = client_for("staff")
    for url in _staff_pages(campaign):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", NOT_STAFF)
def test_others_get_404_on_every_staff_page(client_for, campaign, role):
    client = client_for(role)
    for url in _staff_pages(campaign):
        assert client.get(url).status_code == 404, url


def test_the_dashboard_shows_the_figures(client_for, campaign):
    response = client_for("staff").get(reverse("outreach:campaign_detail", args=[campaign.slug]))
    html = response.content.decode()
    funnel = response.context["funnel"]
    assert (funnel.targets, funnel.contacted, funnel.declined) == (5, 4, 1)
    assert (funnel.visits_planned_or_done, funnel.high_interest) == (2, 1)
    assert "<svg" in html and 'role="img"' in html
    assert "Besuch geplant oder erfolgt" in html
    assert "Verkehrsinfrastruktur" in html and "keine Maßnahme" in html  # uncovered topic
    assert "Lange Nacht der Industrie" in html
    assert "Industrie- und Handelskammer Testregion" in html  # response times
    assert "Firma 4 GmbH" in html  # early warning
    assert "GEHEIME BESUCHSNOTIZ" not in html


def test_dashboard_queries_do_not_grow_with_the_campaign(
    client_for, campaign, django_assert_max_num_queries
):
    """Measured on the figures computed anew (the first view after a write): the cache,
    which keeps them per campaign, is emptied before each measured request."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("staff")
    url = reverse("outreach:campaign_detail", args=[campaign.slug])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _index in range(30):
        target = CampaignTargetFactory(
            campaign=campaign, status=TargetStatus.VISITED, interest=Interest.BASIC
        )
        NeedFactory(organisation=target.organisation, target=target, topic="funding")
        FollowUpFactory(organisation=target.organisation, target=target)
        RiskFlagFactory(organisation=target.organisation, kind="relocation")
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_reading_a_visit_is_audited(client_for, campaign, users):
    visit = Visit.objects.get()
    response = client_for("staff").get(reverse("outreach:visit_detail", args=[visit.pk]))
    assert "GEHEIME BESUCHSNOTIZ" in response.content.decode()
    event = AuditEvent.objects.get(action="outreach.visit.view")
    assert event.actor == users["staff"] and event.object_id == str(visit.pk)


def test_staff_open_a_campaign_from_a_filter(client_for, users):
    initiative = InitiativeFactory()
    for name in ("Walzwerk GmbH", "Stahlbau GmbH"):
        OrganisationFactory(name=name, wz_code="24.1", wz_version="WZ2008")
    OrganisationFactory(name="Reisebüro GmbH", wz_code="79.1", wz_version="WZ2008")
    response = client_for("staff").post(
        reverse("outreach:campaign_create"),
        {
            "initiative": initiative.pk,
            "name": "Industrie 2027",
            "starts_on": "2027-01-01",
            "note_retention_months": 24,
            "kinds": ["company"],
            "wz_sections": ["B", "C", "D", "E"],
            "municipality_key": "05334002",
        },
    )
    campaign = Campaign.objects.get(name="Industrie 2027")
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert sorted(t.organisation.name for t in campaign.targets.all()) == [
        "Stahlbau GmbH",
        "Walzwerk GmbH",
    ]


def test_a_bad_campaign_form_says_why_and_writes_nothing(client_for):
    response = client_for("staff").post(
        reverse("outreach:campaign_create"),
        {
            "initiative": InitiativeFactory().pk,
            "name": "",
            "starts_on": "2027-02-01",
            "ends_on": "2027-01-01",
            "note_retention_months": 0,
            "kinds": ["company"],
            "municipality_key": "123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in html
    assert "Der Gemeindeschlüssel (AGS) muss aus acht Ziffern bestehen." in html
    assert not Campaign.objects.exists()


def test_the_visit_form_records_a_report(client_for, campaign, partner_organisation):
    target = campaign.targets.get(status=TargetStatus.VISIT_PLANNED)
    data = {
        "visited_on": TODAY.isoformat(),
        "company_participants": "Eva Beispiel, Personalleiterin",
        "knew_dialogue": "yes",
        "interest": "high",
        "notes": "Sucht Auszubildende.",
        "bedarf-TOTAL_FORMS": 3,
        "bedarf-INITIAL_FORMS": 0,
        "bedarf-0-topic": "training",
        "bedarf-0-description": "Auszubildende gesucht",
        "bedarf-1-topic": "",
        "bedarf-2-topic": "energy_costs",
        "wiedervorlage-TOTAL_FORMS": 2,
        "wiedervorlage-INITIAL_FORMS": 0,
        "wiedervorlage-0-partner": partner_organisation.pk,
        "wiedervorlage-0-title": "Ausbildungsberatung",
        "wiedervorlage-0-request": "Bitte melden Sie sich beim Unternehmen.",
        "wiedervorlage-0-due_on": (TODAY + dt.timedelta(days=14)).isoformat(),
        "wiedervorlage-0-need_number": "1",
        "signal-TOTAL_FORMS": 2,
        "signal-INITIAL_FORMS": 0,
        "signal-0-kind": "skilled_worker_shortage",
        "signal-0-severity": "2",
        "signal-1-kind": "",
        "signal-1-severity": "2",
    }
    response = client_for("staff").post(reverse("outreach:visit_create", args=[target.pk]), data)
    visit = Visit.objects.get(target=target)
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    target.refresh_from_db()
    assert target.status == TargetStatus.VISITED and target.interest == Interest.HIGH
    assert sorted(visit.needs.values_list("topic", flat=True)) == ["energy_costs", "training"]
    follow_up = FollowUp.objects.get(visit=visit)
    assert follow_up.need.topic == "training"
    assert RiskFlag.objects.filter(visit=visit, kind="skilled_worker_shortage").exists()


def test_a_half_filled_follow_up_row_is_refused_and_nothing_is_written(client_for, campaign):
    target = campaign.targets.get(status=TargetStatus.VISIT_PLANNED)
    before = (Visit.objects.count(), Need.objects.count(), FollowUp.objects.count())
    response = client_for("staff").post(
        reverse("outreach:visit_create", args=[target.pk]),
        {
            "visited_on": TODAY.isoformat(),
            "bedarf-TOTAL_FORMS": 3,
            "bedarf-INITIAL_FORMS": 0,
            "bedarf-0-topic": "other",
            "wiedervorlage-TOTAL_FORMS": 2,
            "wiedervorlage-INITIAL_FORMS": 0,
            "wiedervorlage-0-title": "Nur ein Betreff",
            "signal-TOTAL_FORMS": 2,
            "signal-INITIAL_FORMS": 0,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Es wurde nichts gespeichert" in html
    assert "Bei „Sonstiges“ bitte den Bedarf beschreiben." in html
    assert "Bitte ausfüllen (oder die ganze Zeile leer lassen)." in html
    assert (Visit.objects.count(), Need.objects.count(), FollowUp.objects.count()) == before
    target.refresh_from_db()
    assert target.status == TargetStatus.VISIT_PLANNED


def test_an_illegal_status_change_on_the_page_says_why(client_for, campaign):
    target = campaign.targets.get(status=TargetStatus.NOT_CONTACTED)
    response = client_for("staff").post(
        reverse("outreach:target_detail", args=[target.pk]),
        {"action": "transition", "status": "visited"},
        follow=True,
    )
    assert "kann nicht zu „besucht“ gewechselt werden" in response.content.decode()
    target.refresh_from_db()
    assert target.status == TargetStatus.NOT_CONTACTED


def test_a_partner_sees_only_its_follow_ups_and_never_visit_notes(client_for, campaign):
    client = client_for("partner")
    response = client.get(reverse("outreach:follow_up_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ausbildungsberatung für Firma 4" in html
    assert "Fremde Wiedervorlage" not in html
    assert "GEHEIME BESUCHSNOTIZ" not in html
    own = FollowUp.objects.get(title="Ausbildungsberatung für Firma 4")
    other = FollowUp.objects.get(title="Fremde Wiedervorlage")
    detail = client.get(reverse("outreach:follow_up_detail", args=[own.pk])).content.decode()
    assert "Bitte zur Ausbildung beraten." in detail and "GEHEIME" not in detail
    assert client.get(reverse("outreach:follow_up_detail", args=[other.pk])).status_code == 404


def test_a_partner_answers_on_the_page(client_for, campaign):
    own = FollowUp.objects.get(title="Ausbildungsberatung für Firma 4")
    response = client_for("partner").post(
        reverse("outreach:follow_up_detail", args=[own.pk]),
        {"answer": "Beratungstermin am Montag.", "close": "on"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == FollowUp.Status.CLOSED and own.answer == "Beratungstermin am Montag."


def test_a_denied_answer_changes_nothing(client_for, campaign):
    other = FollowUp.objects.get(title="Fremde Wiedervorlage")
    response = client_for("partner").post(
        reverse("outreach:follow_up_detail", args=[other.pk]), {"answer": "Übernommen"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == FollowUp.Status.OPEN and other.answer == ""
    assert not AuditEvent.objects.filter(action__startswith="outreach.follow_up.").exists()


@pytest.mark.parametrize("role", ["anonymous", "public", "company"])
def test_others_see_no_follow_ups(client_for, campaign, role):
    assert client_for(role).get(reverse("outreach:follow_up_list")).status_code == 404
    own = FollowUp.objects.get(title="Ausbildungsberatung für Firma 4")
    url = reverse("outreach:follow_up_detail", args=[own.pk])
    assert client_for(role).get(url).status_code == 404


@pytest.mark.parametrize("role", NOT_STAFF)
def test_denied_writes_change_nothing(client_for, campaign, role):
    target = campaign.targets.get(status=TargetStatus.CONTACTED)
    before = AuditEvent.objects.count()
    client = client_for(role)
    posts = [
        (reverse("outreach:campaign_create"), {"name": "X"}),
        (
            reverse("outreach:target_detail", args=[target.pk]),
            {"action": "transition", "status": "declined"},
        ),
        (reverse("outreach:visit_create", args=[target.pk]), {"visited_on": TODAY.isoformat()}),
        (reverse("outreach:target_list", args=[campaign.slug]), {"targets": [target.pk]}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    target.refresh_from_db()
    assert target.status == TargetStatus.CONTACTED
    assert AuditEvent.objects.count() == before
    assert not Visit.objects.filter(target=target).exists()


def test_linking_measures_to_a_need(client_for, campaign):
    need = Need.objects.get(topic="transport")
    measure = MeasureFactory(initiative=campaign.initiative, title="Mobilitätskonzept")
    response = client_for("staff").post(
        reverse("outreach:need_list", args=[campaign.slug]),
        {"need": need.pk, "measures": [measure.pk]},
    )
    assert response.status_code == 302
    assert list(need.measures.all()) == [measure]


# --- API -----------------------------------------------------------------------------------


def test_api_funnel_matches_the_dashboard(client, api_token_for, campaign):
    headers = api_token_for("staff")
    campaigns = client.get("/api/v1/outreach/campaigns", headers=headers).json()
    assert [c["slug"] for c in campaigns] == ["bestandspflege-test"]
    assert campaigns[0]["targets"] == 5
    funnel = client.get(f"/api/v1/outreach/campaigns/{campaign.pk}/funnel", headers=headers).json()
    assert {k: funnel[k] for k in ("targets", "contacted", "declined")} == {
        "targets": 5,
        "contacted": 4,
        "declined": 1,
    }
    assert funnel["visits_planned_or_done"] == 2 and funnel["high_interest"] == 1
    assert funnel["informed_share"] == round(2 / 3, 3)


def test_api_needs_summary(client, api_token_for, campaign):
    summary = client.get(
        f"/api/v1/outreach/needs/summary?initiative={campaign.initiative.slug}",
        headers=api_token_for("staff"),
    ).json()
    assert summary["total"] == 2
    by_topic = {row["topic"]: row for row in summary["topics"]}
    assert by_topic["transport"]["uncovered"] == 1
    assert by_topic["networking_companies"]["covered"] == 1
    assert len(by_topic["networking_companies"]["measures"]) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/outreach/campaigns",
        "/api/v1/outreach/needs/summary",
        "/api/v1/outreach/early-warning",
    ],
)
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("public", 403), ("company", 403), ("partner", 403)]
)
def test_api_staff_endpoints_refuse_others(client, api_token_for, campaign, url, role, status):
    response = client.get(url, headers=api_token_for(role))
    assert response.status_code == status
    assert response.json()["detail"]


def test_api_funnel_refuses_others(client, api_token_for, campaign):
    url = f"/api/v1/outreach/campaigns/{campaign.pk}/funnel"
    assert client.get(url, headers=api_token_for("partner")).status_code == 403


def test_api_follow_ups_partner_sees_only_its_own(client, api_token_for, campaign):
    partner = client.get("/api/v1/outreach/follow-ups", headers=api_token_for("partner")).json()
    assert [row["title"] for row in partner] == ["Ausbildungsberatung für Firma 4"]
    assert "notes" not in partner[0]
    staff = client.get("/api/v1/outreach/follow-ups", headers=api_token_for("staff")).json()
    assert len(staff) == 2
    assert (
        client.get("/api/v1/outreach/follow-ups", headers=api_token_for("company")).status_code
        == 403
    )


def test_api_partner_answers_its_follow_up_and_not_another(client, api_token_for, campaign):
    own = FollowUp.objects.get(title="Ausbildungsberatung für Firma 4")
    other = FollowUp.objects.get(title="Fremde Wiedervorlage")
    headers = api_token_for("partner")
    response = client.post(
        f"/api/v1/outreach/follow-ups/{own.pk}/answer",
        {"answer": "Erledigt.", "close": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = client.post(
        f"/api/v1/outreach/follow-ups/{other.pk}/answer",
        {"answer": "Fremd"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.answer == ""
    empty = client.post(
        f"/api/v1/outreach/follow-ups/{own.pk}/answer",
        {"answer": "noch einmal"},
        content_type="application/json",
        headers=headers,
    )
    assert empty.status_code == 422 and "bereits erledigt" in empty.json()["errors"][0]["message"]
    assert CampaignTarget.objects.count() == 5


def test_staff_mark_a_signal_resolved(client_for, campaign):
    target = campaign.targets.get(status=TargetStatus.VISITED)
    flag = RiskFlag.objects.get(organisation=target.organisation)
    response = client_for("staff").post(
        reverse("outreach:target_detail", args=[target.pk]),
        {"action": "resolve_signal", "flag": flag.pk},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_on == TODAY
    other = RiskFlagFactory()
    response = client_for("staff").post(
        reverse("outreach:target_detail", args=[target.pk]),
        {"action": "resolve_signal", "flag": other.pk},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.resolved_on is None


def test_an_ended_campaign_is_judged_on_its_last_day(client_for, campaign):
    campaign.ends_on = dt.date(2014, 2, 28)
    campaign.starts_on = dt.date(2013, 10, 1)
    campaign.save()
    visited = campaign.targets.get(status=TargetStatus.VISITED)
    RiskFlag.objects.filter(organisation=visited.organisation).update(
        observed_on=dt.date(2014, 2, 1)
    )
    response = client_for("staff").get(reverse("outreach:campaign_detail", args=[campaign.slug]))
    (row,) = response.context["warnings"]
    assert row.risk_score > 10  # 27 days old on 28.02.2014, not twelve years
    assert response.context["reference_day"] == dt.date(2014, 2, 28)
    page = client_for("staff").get(
        reverse("outreach:early_warning"), {"kampagne": campaign.slug, "stichtag": ""}
    )
    assert page.context["today"] == dt.date(2014, 2, 28)
    assert [r.name for r in page.context["rows"]] == [visited.organisation.name]
