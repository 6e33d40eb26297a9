"""Early warning: the documented rule (exact scores of the worked example in
docs/early-warning.md), recency decay, resolved signals, opportunities, ranking, filters,
a constant number of queries, and the access rules of the page and the API."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.outreach import early_warning as rule
from industriedialog.outreach.models import OPPORTUNITY_KINDS, RiskFlag, RiskKind
from industriedialog.outreach.tests.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    RiskFlagFactory,
)

pytestmark = pytest.mark.django_db

# The worked example of docs/early-warning.md.
EXAMPLE_DAY = dt.date(2026, 6, 30)
PAGE_URL = "/bestandspflege/fruehwarnung/"
API_URL = "/api/v1/outreach/early-warning"
NOT_STAFF = ("anonymous", "public", "company", "partner")


def build_example(today: dt.date) -> dict:
    """Four firms; the signals' ages are counted back from `today`."""

    def days_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    machines = OrganisationFactory(name="Beispiel Maschinenbau GmbH", employee_band="50-249")
    foundry = OrganisationFactory(name="Kleine Gießerei KG", employee_band="10-49")
    builder = OrganisationFactory(name="Neubau Technik GmbH", employee_band="")
    supplier = OrganisationFactory(name="Zulieferer Eins GmbH", employee_band="1-9")
    quiet = OrganisationFactory(name="Ruhige Werke AG", employee_band="1000+")

    RiskFlagFactory(
        organisation=machines,
        kind=RiskKind.INSOLVENCY,
        severity=2,
        observed_on=days_ago(90),
        note="Zahlungsziele bei Lieferanten überzogen",
    )
    RiskFlagFactory(
        organisation=machines, kind=RiskKind.SUCCESSION, severity=2, observed_on=days_ago(180)
    )
    RiskFlagFactory(
        organisation=machines, kind=RiskKind.ENERGY_COSTS, severity=1, observed_on=days_ago(360)
    )
    RiskFlagFactory(  # resolved: does not count
        organisation=machines,
        kind=RiskKind.SKILLED_WORKER_SHORTAGE,
        severity=3,
        observed_on=days_ago(60),
        resolved_on=days_ago(29),
    )
    RiskFlagFactory(
        organisation=machines, kind=RiskKind.EXPANSION, severity=2, observed_on=days_ago(120)
    )
    RiskFlagFactory(
        organisation=foundry, kind=RiskKind.SHORT_TIME_WORK, severity=3, observed_on=days_ago(30)
    )
    RiskFlagFactory(organisation=builder, kind=RiskKind.INVESTMENT, severity=3, observed_on=today)
    RiskFlagFactory(
        organisation=supplier,
        kind=RiskKind.SKILLED_WORKER_SHORTAGE,
        severity=2,
        observed_on=today,
    )
    RiskFlagFactory(  # all signals resolved: the firm is not listed
        organisation=quiet,
        kind=RiskKind.RELOCATION,
        severity=3,
        observed_on=days_ago(10),
        resolved_on=days_ago(1),
    )
    return {
        "machines": machines,
        "foundry": foundry,
        "builder": builder,
        "supplier": supplier,
        "quiet": quiet,
    }


def _row(rows, organisation):
    return next(row for row in rows if row.organisation_id == organisation.pk)


# --- the factors --------------------------------------------------------------------------


def test_every_kind_has_exactly_one_weight():
    assert set(rule.RISK_WEIGHTS) | set(rule.OPPORTUNITY_WEIGHTS) == set(RiskKind.values)
    assert not set(rule.RISK_WEIGHTS) & set(rule.OPPORTUNITY_WEIGHTS)
    assert set(rule.OPPORTUNITY_WEIGHTS) == set(OPPORTUNITY_KINDS)


@pytest.mark.parametrize(
    ("age", "factor"),
    [(0, "1.00"), (30, "0.89"), (90, "0.71"), (120, "0.63"), (180, "0.50"), (360, "0.25"),
     (540, "0.13"), (720, "0.06"), (2000, "0.00")],
)  # fmt: skip
def test_recency_halves_every_180_days(age, factor):
    assert rule.recency_factor(age) == Decimal(factor)


def test_a_signal_dated_after_today_counts_as_observed_today():
    assert rule.age_in_days(dt.date(2026, 7, 5), EXAMPLE_DAY) == 0
    assert rule.age_in_days(dt.date(2026, 6, 20), EXAMPLE_DAY) == 10


@pytest.mark.parametrize(
    ("band", "factor"),
    [("1-9", "1.0"), ("10-49", "1.5"), ("50-249", "2.0"), ("250-999", "2.5"), ("1000+", "3.0"),
     ("", "1.0"), ("unbekannt", "1.0")],
)  # fmt: skip
def test_size_factor_by_employee_band(band, factor):
    assert rule.size_factor(band) == Decimal(factor)


@pytest.mark.parametrize(
    ("score", "level"),
    [("20.0", "acute"), ("19.9", "watch"), ("8.0", "watch"), ("7.9", "low"), ("0.0", "low")],
)
def test_levels_by_threshold(score, level):
    assert rule.level_for(Decimal(score)) == level


# --- the worked example -------------------------------------------------------------------


def test_worked_example_scores_exactly(users):
    firms = build_example(EXAMPLE_DAY)

    rows = rule.early_warning_list(users["staff"], today=EXAMPLE_DAY)

    machines = _row(rows, firms["machines"])
    assert machines.size_factor == Decimal("2.0")
    assert [
        (r.kind, r.weight, r.severity, r.age_days, r.recency, r.contribution)
        for r in machines.risk_reasons
    ] == [
        ("insolvency", 5, 2, 90, Decimal("0.71"), Decimal("14.2")),
        ("succession", 3, 2, 180, Decimal("0.50"), Decimal("6.0")),
        ("energy_costs", 2, 1, 360, Decimal("0.25"), Decimal("1.0")),
    ]
    assert machines.risk_score == Decimal("21.2")
    assert machines.level == "acute"
    assert machines.level_label == "akut"
    assert [(r.kind, r.recency, r.contribution) for r in machines.opportunity_reasons] == [
        ("expansion", Decimal("0.63"), Decimal("7.6"))  # 3 × 2 × 0.63 × 2.0 = 7.56
    ]
    assert machines.opportunity_score == Decimal("7.6")
    assert machines.risk_reasons[0].note == "Zahlungsziele bei Lieferanten überzogen"
    assert machines.risk_reasons[0].kind_label == "Anzeichen einer Insolvenz"
    assert machines.risk_reasons[0].severity_label == "mittel"

    foundry = _row(rows, firms["foundry"])
    # 3 × 3 × 0.89 × 1.5 = 12.015
    assert (foundry.risk_score, foundry.opportunity_score, foundry.level) == (
        Decimal("12.0"),
        Decimal("0.0"),
        "watch",
    )
    supplier = _row(rows, firms["supplier"])
    assert (supplier.risk_score, supplier.level) == (Decimal("4.0"), "low")
    builder = _row(rows, firms["builder"])
    assert (builder.risk_score, builder.opportunity_score, builder.level) == (
        Decimal("0.0"),
        Decimal("6.0"),
        "low",
    )
    assert builder.size_factor == Decimal("1.0")
    assert builder.employee_band_label == "Größe unbekannt"


def test_ranking_risk_then_opportunity_then_name(users):
    firms = build_example(EXAMPLE_DAY)
    # Same risk score as the supplier (4.0), but an opportunity on top: ranks before it.
    ahead = OrganisationFactory(name="Zeta Anlagen GmbH", employee_band="1-9")
    RiskFlagFactory(organisation=ahead, kind="energy_costs", severity=2, observed_on=EXAMPLE_DAY)
    RiskFlagFactory(organisation=ahead, kind="investment", severity=1, observed_on=EXAMPLE_DAY)
    # Same risk and opportunity score as the supplier: the name decides (A before Z).
    tied = OrganisationFactory(name="Alpha Zulieferung GmbH", employee_band="1-9")
    RiskFlagFactory(organisation=tied, kind="energy_costs", severity=2, observed_on=EXAMPLE_DAY)

    rows = rule.early_warning_list(users["staff"], today=EXAMPLE_DAY)

    assert [row.name for row in rows] == [
        "Beispiel Maschinenbau GmbH",
        "Kleine Gießerei KG",
        "Zeta Anlagen GmbH",
        "Alpha Zulieferung GmbH",
        "Zulieferer Eins GmbH",
        "Neubau Technik GmbH",
    ]
    assert firms["quiet"].pk not in {row.organisation_id for row in rows}


def test_the_same_signal_loses_weight_with_age(users):
    firm = OrganisationFactory(employee_band="50-249")
    RiskFlagFactory(organisation=firm, kind="relocation", severity=3, observed_on=EXAMPLE_DAY)

    scores = [
        rule.early_warning_list(users["staff"], today=EXAMPLE_DAY + dt.timedelta(days=days))[
            0
        ].risk_score
        for days in (0, 180, 360, 720)
    ]

    # 4 × 3 × recency × 2.0
    assert scores == [Decimal("24.0"), Decimal("12.0"), Decimal("6.0"), Decimal("1.4")]


def test_resolved_signals_count_only_before_they_were_resolved(users):
    firm = OrganisationFactory(employee_band="1-9")
    RiskFlagFactory(
        organisation=firm,
        kind="insolvency",
        severity=3,
        observed_on=dt.date(2026, 1, 1),
        resolved_on=dt.date(2026, 3, 1),
    )

    before = rule.early_warning_list(users["staff"], today=dt.date(2026, 2, 28))
    on_the_day = rule.early_warning_list(users["staff"], today=dt.date(2026, 3, 1))

    assert [row.organisation_id for row in before] == [firm.pk]
    assert on_the_day == []


def test_without_opportunities_only_risks_count(users):
    firms = build_example(EXAMPLE_DAY)

    rows = rule.early_warning_list(users["staff"], today=EXAMPLE_DAY, include_opportunities=False)

    assert [row.name for row in rows] == [
        "Beispiel Maschinenbau GmbH",
        "Kleine Gießerei KG",
        "Zulieferer Eins GmbH",
    ]
    machines = _row(rows, firms["machines"])
    assert (machines.risk_score, machines.opportunity_score) == (Decimal("21.2"), Decimal("0.0"))
    assert machines.opportunity_reasons == []


def test_campaign_and_initiative_filters_keep_their_targets(users):
    firms = build_example(EXAMPLE_DAY)
    campaign = CampaignFactory()
    CampaignTargetFactory(campaign=campaign, organisation=firms["foundry"])
    CampaignTargetFactory(campaign=campaign, organisation=firms["builder"])
    # Another campaign of the same initiative, and one of another initiative.
    sibling = CampaignFactory(initiative=campaign.initiative)
    CampaignTargetFactory(campaign=sibling, organisation=firms["foundry"])
    CampaignTargetFactory(campaign=sibling, organisation=firms["supplier"])
    elsewhere = CampaignFactory()
    CampaignTargetFactory(campaign=elsewhere, organisation=firms["machines"])
    staff = users["staff"]

    by_campaign = rule.early_warning_list(staff, today=EXAMPLE_DAY, campaign=campaign)
    by_initiative = rule.early_warning_list(
        staff, today=EXAMPLE_DAY, initiative=campaign.initiative
    )
    both_mismatched = rule.early_warning_list(
        staff, today=EXAMPLE_DAY, campaign=elsewhere, initiative=campaign.initiative
    )

    assert [row.name for row in by_campaign] == ["Kleine Gießerei KG", "Neubau Technik GmbH"]
    # The foundry is a target of both campaigns and is listed once.
    assert [row.name for row in by_initiative] == [
        "Kleine Gießerei KG",
        "Zulieferer Eins GmbH",
        "Neubau Technik GmbH",
    ]
    assert both_mismatched == []


def test_limit_cuts_after_ranking(users):
    build_example(EXAMPLE_DAY)

    rows = rule.early_warning_list(users["staff"], today=EXAMPLE_DAY, limit=2)

    assert [row.name for row in rows] == ["Beispiel Maschinenbau GmbH", "Kleine Gießerei KG"]


def _signals_for(count: int, campaign) -> None:
    for index in range(count):
        firm = OrganisationFactory(employee_band="10-49")
        CampaignTargetFactory(campaign=campaign, organisation=firm)
        RiskFlagFactory(organisation=firm, kind="succession", observed_on=EXAMPLE_DAY)
        RiskFlagFactory(
            organisation=firm, kind="energy_costs", severity=1 + index % 3, observed_on=EXAMPLE_DAY
        )
        RiskFlagFactory(organisation=firm, kind="expansion", observed_on=EXAMPLE_DAY)


@pytest.mark.parametrize("firms", [5, 50])
def test_one_query_whatever_the_number_of_firms(users, firms):
    campaign = CampaignFactory()
    _signals_for(firms, campaign)
    staff = users["staff"]

    with CaptureQueriesContext(connection) as unfiltered:
        rows = rule.early_warning_list(staff, today=EXAMPLE_DAY)
    with CaptureQueriesContext(connection) as filtered:
        by_campaign = rule.early_warning_list(
            staff, today=EXAMPLE_DAY, initiative=campaign.initiative, campaign=campaign
        )

    assert (len(unfiltered), len(filtered)) == (1, 1)
    assert len(rows) == len(by_campaign) == firms
    assert sum(len(row.reasons) for row in rows) == 3 * firms


@pytest.mark.parametrize("role", NOT_STAFF)
def test_nobody_but_staff_gets_the_list(users, role):
    build_example(EXAMPLE_DAY)
    user = users[role] or AnonymousUser()

    with pytest.raises(PermissionDenied) as refused:
        rule.early_warning_list(user, today=EXAMPLE_DAY)

    assert str(refused.value) == (
        "Die Frühwarnliste sehen nur Mitarbeitende der Wirtschaftsförderung."
    )


# --- the page -----------------------------------------------------------------------------


def test_page_explains_each_number(client_for):
    build_example(timezone.localdate())

    response = client_for("staff").get(PAGE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["rows"][0].name == "Beispiel Maschinenbau GmbH"
    assert "Gewicht 5 × Stärke 2 × Aktualität 0,71 × Größe 2,0 = 14,2" in html
    assert "Gewicht 3 × Stärke 2 × Aktualität 0,63 × Größe 2,0 = 7,6" in html
    assert "Gewicht 3 × Stärke 3 × Aktualität 0,89 × Größe 1,5 = 12,0" in html
    assert "Hinweis: Zahlungsziele bei Lieferanten überzogen" in html
    assert re.search(r'early-warning__score">(<span[^>]*>[^<]*</span>)?21,2</td>', html)
    assert '<span class="kern-label kern-label--small">akut</span>' in html
    assert "Ruhige Werke AG" not in html
    assert (
        "Beispiel: Anzeichen einer Insolvenz, Stärke mittel, vor 90 Tagen beobachtet, bei "
        "einem Unternehmen mit 50–249 Beschäftigten: 5 × 2 × 0,71 × 2,0 = 14,2." in html
    )
    # The rule's table comes from the same constants as the score.
    assert response.context["weights"][0].label == "Anzeichen einer Insolvenz"
    assert response.context["weights"][0].weight == 5


def test_page_filters(client_for):
    firms = build_example(timezone.localdate())
    campaign = CampaignFactory(slug="besuche-2026")
    CampaignTargetFactory(campaign=campaign, organisation=firms["foundry"])
    CampaignTargetFactory(campaign=campaign, organisation=firms["builder"])
    staff = client_for("staff")

    by_campaign = staff.get(PAGE_URL, {"kampagne": "besuche-2026"})
    risks_only = staff.get(
        PAGE_URL, {"kampagne": "besuche-2026", "initiative": campaign.initiative.slug,
                   "nur_risiken": "on"}
    )  # fmt: skip
    unknown = staff.get(PAGE_URL, {"kampagne": "gibt-es-nicht"})

    assert [row.name for row in by_campaign.context["rows"]] == [
        "Kleine Gießerei KG",
        "Neubau Technik GmbH",
    ]
    assert [row.name for row in risks_only.context["rows"]] == ["Kleine Gießerei KG"]
    assert unknown.status_code == 200
    assert unknown.context["rows"] == []
    assert "Bitte korrigieren Sie die Auswahl." in unknown.content.decode()
    assert "kampagne" in unknown.context["form"].errors


def test_page_query_count_does_not_grow_with_firms(client_for, django_assert_max_num_queries):
    campaign = CampaignFactory()
    staff = client_for("staff")
    _signals_for(5, campaign)
    with CaptureQueriesContext(connection) as few:
        staff.get(PAGE_URL)
    _signals_for(45, campaign)

    with django_assert_max_num_queries(len(few)):
        response = staff.get(PAGE_URL)

    assert len(response.context["rows"]) == 50


def test_page_shows_50_firms_a_page_and_keeps_the_filters(client_for):
    campaign = CampaignFactory(slug="grosse-kampagne")
    _signals_for(55, campaign)
    outsider = OrganisationFactory(name="Außerhalb GmbH", employee_band="1000+")
    RiskFlagFactory(organisation=outsider, kind="insolvency", severity=3)
    staff = client_for("staff")

    first = staff.get(PAGE_URL, {"kampagne": "grosse-kampagne"})
    second = staff.get(PAGE_URL, {"kampagne": "grosse-kampagne", "seite": "2"})

    assert [row.rank for row in first.context["rows"]] == list(range(1, 51))
    assert [row.rank for row in second.context["rows"]] == list(range(51, 56))
    assert first.context["total"] == second.context["total"] == 55
    html = first.content.decode()
    assert "55 Unternehmen mit offenen Signalen" in html
    assert 'href="?kampagne=grosse-kampagne&amp;seite=2"' in html
    assert "Außerhalb GmbH" not in html + second.content.decode()


def test_ranking_scores_agree_with_the_reasons(users):
    build_example(EXAMPLE_DAY)
    _signals_for(20, CampaignFactory())

    ranking = rule.early_warning_ranking(users["staff"], today=EXAMPLE_DAY)
    rows = rule.explain_all(ranking, today=EXAMPLE_DAY)

    for firm, row in zip(ranking, rows, strict=True):
        assert row.risk_score == sum(r.contribution for r in row.risk_reasons)
        assert row.opportunity_score == sum(r.contribution for r in row.opportunity_reasons)
        assert (row.organisation_id, row.risk_score, row.level) == (
            firm.organisation_id,
            firm.risk_score,
            firm.level,
        )
    assert [row.rank for row in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_page_is_404_for_everyone_but_staff(client_for, role):
    build_example(timezone.localdate())

    response = client_for(role).get(PAGE_URL)

    assert response.status_code == 404
    assert "Beispiel Maschinenbau" not in response.content.decode()


def test_partial_renders_the_top_rows_for_the_dashboard(users):
    from django.template.loader import render_to_string

    build_example(EXAMPLE_DAY)
    rows = rule.early_warning_list(users["staff"], today=EXAMPLE_DAY, limit=10)

    html = render_to_string(
        "outreach/_early_warning_table.html", {"rows": rows, "table_id": "kampagne-fw"}
    )
    empty = render_to_string("outreach/_early_warning_table.html", {"rows": []})

    assert 'id="kampagne-fw-caption"' in html
    assert html.count('class="kern-table__row early-warning__row ') == 4
    assert "Zurzeit liegt kein aktives Frühwarnsignal vor." in empty


# --- the API ------------------------------------------------------------------------------


def test_api_returns_the_ranked_rows_with_reasons(client, api_token_for):
    today = timezone.localdate()
    firms = build_example(today)

    response = client.get(API_URL, headers=api_token_for("staff"))

    assert response.status_code == 200
    data = response.json()
    assert data["as_of"] == today.isoformat()
    assert data["count"] == 4
    assert [(r["rank"], r["name"], r["risk_score"], r["level"]) for r in data["results"]] == [
        (1, "Beispiel Maschinenbau GmbH", 21.2, "acute"),
        (2, "Kleine Gießerei KG", 12.0, "watch"),
        (3, "Zulieferer Eins GmbH", 4.0, "low"),
        (4, "Neubau Technik GmbH", 0.0, "low"),
    ]
    first = data["results"][0]
    assert first["organisation_id"] == firms["machines"].pk
    assert first["url"] == f"/organisationen/{firms['machines'].slug}/"
    assert (first["size_factor"], first["opportunity_score"], first["level_label"]) == (
        2.0,
        7.6,
        "akut",
    )
    assert first["risk_reasons"][0] == {
        "flag_id": RiskFlag.objects.get(organisation=firms["machines"], kind="insolvency").pk,
        "kind": "insolvency",
        "kind_label": "Anzeichen einer Insolvenz",
        "is_opportunity": False,
        "severity": 2,
        "severity_label": "mittel",
        "observed_on": (today - dt.timedelta(days=90)).isoformat(),
        "age_days": 90,
        "weight": 5,
        "recency": 0.71,
        "size_factor": 2.0,
        "contribution": 14.2,
        "note": "Zahlungsziele bei Lieferanten überzogen",
    }
    assert [r["kind"] for r in first["opportunity_reasons"]] == ["expansion"]


def test_api_filters(client, api_token_for):
    firms = build_example(timezone.localdate())
    campaign = CampaignFactory()
    CampaignTargetFactory(campaign=campaign, organisation=firms["foundry"])
    CampaignTargetFactory(campaign=campaign, organisation=firms["builder"])
    headers = api_token_for("staff")

    by_campaign = client.get(API_URL, {"campaign": campaign.pk}, headers=headers).json()
    risks_only = client.get(
        API_URL,
        {"initiative": campaign.initiative.slug, "include_opportunities": "false"},
        headers=headers,
    ).json()
    limited = client.get(API_URL, {"limit": 1}, headers=headers).json()
    unknown_campaign = client.get(API_URL, {"campaign": 999_999}, headers=headers)
    unknown_initiative = client.get(API_URL, {"initiative": "gibt-es-nicht"}, headers=headers)
    bad_limit = client.get(API_URL, {"limit": 0}, headers=headers)

    assert [r["name"] for r in by_campaign["results"]] == [
        "Kleine Gießerei KG",
        "Neubau Technik GmbH",
    ]
    assert [r["name"] for r in risks_only["results"]] == ["Kleine Gießerei KG"]
    assert [r["name"] for r in limited["results"]] == ["Beispiel Maschinenbau GmbH"]
    assert (unknown_campaign.status_code, unknown_initiative.status_code) == (404, 404)
    assert unknown_campaign.json() == {"detail": "Nicht gefunden."}
    assert bad_limit.status_code == 422
    assert bad_limit.json()["errors"][0]["field"] == "limit"


def test_api_refuses_everyone_but_staff_in_german(client, api_token_for):
    build_example(timezone.localdate())

    anonymous = client.get(API_URL)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Anmeldung erforderlich: Authorization: Bearer <Token>."}
    bad_token = client.get(API_URL, headers={"Authorization": "Bearer falsch"})
    assert bad_token.status_code == 401
    for role in ("public", "company", "partner"):
        response = client.get(API_URL, headers=api_token_for(role))
        assert response.status_code == 403, role
        assert response.json() == {
            "detail": "Die Frühwarnliste sehen nur Mitarbeitende der Wirtschaftsförderung."
        }


@pytest.mark.parametrize("include_opportunities", [True, False])
def test_the_short_list_is_the_head_of_the_full_ranking(users, include_opportunities):
    """early_warning_top scores every firm first and ranks only those that can be among the
    first ones: the same firms in the same order as the full ranking, ties included (many
    firms here share their scores, so the boundary falls inside a tie)."""
    import random

    rng = random.Random(20261204)
    campaign = CampaignFactory()
    bands = ["", *rule.SIZE_FACTORS]
    kinds = [kind.value for kind in RiskKind]
    templates = [
        (
            rng.choice(bands),
            [
                (
                    rng.choice(kinds[:3] if index % 3 else kinds),
                    rng.choice([1, 2, 3]),
                    EXAMPLE_DAY - dt.timedelta(days=rng.choice([0, 30, 400])),
                )
                for _ in range(rng.randint(1, 3))
            ],
        )
        for index in range(20)
    ]
    for index in range(40):  # every template twice: pairs of firms with equal scores
        band, signals = templates[index // 2]
        organisation = OrganisationFactory(name=f"Firma {99 - index:02d}", employee_band=band)
        if index % 4:
            CampaignTargetFactory(campaign=campaign, organisation=organisation)
        for kind, severity, observed_on in signals:
            RiskFlagFactory(
                organisation=organisation, kind=kind, severity=severity, observed_on=observed_on
            )
    staff = users["staff"]
    for filters in ({}, {"campaign": campaign}):
        full = rule.early_warning_ranking(
            staff, today=EXAMPLE_DAY, include_opportunities=include_opportunities, **filters
        )
        assert len(full) > 10
        scores = [(firm.risk_score, firm.opportunity_score) for firm in full]
        assert len(set(scores)) < len(scores)  # ties exist
        for limit in (1, 3, 10, len(full), len(full) + 5):
            top = rule.early_warning_top(
                staff,
                today=EXAMPLE_DAY,
                limit=limit,
                include_opportunities=include_opportunities,
                **filters,
            )
            assert [(f.organisation_id, f.risk_score, f.opportunity_score) for f in top] == [
                (f.organisation_id, f.risk_score, f.opportunity_score) for f in full[:limit]
            ]
