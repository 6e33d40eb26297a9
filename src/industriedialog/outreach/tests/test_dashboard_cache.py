"""The campaign dashboard's figures are kept in the shared cache per campaign version: a
second view is served from it, and every outreach write service gives the campaigns it
touches a new version, so the dashboard shows the write at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.measures.tests.factories import MeasureFactory
from industriedialog.outreach import selectors, services
from industriedialog.outreach.models import FollowUp, Need, RiskFlag, TargetStatus, Visit

from .factories import CampaignFactory, CampaignTargetFactory, NeedFactory
from .test_pages import campaign  # noqa: F401 (the fixture)

TODAY = timezone.localdate()


def _dashboard(client, campaign):  # noqa: F811
    response = client.get(reverse("outreach:campaign_detail", args=[campaign.slug]))
    assert response.status_code == 200
    return response.context


def _target(campaign, status):  # noqa: F811
    return campaign.targets.get(status=status)


def _needs(context) -> int:
    return sum(row.count for row in context["needs_by_field"])


def _covered(context, topic: str) -> int:
    return next(row.covered for row in context["coverage"] if row.topic == topic)


def _responses(context, key: str) -> int:
    return sum(getattr(row, key) for row in context["responses"])


def _warned(context) -> list[str]:
    return [row.name for row in context["warnings"]]


def test_a_second_view_comes_from_the_cache_until_the_version_changes(
    client_for,
    campaign,  # noqa: F811
):
    client = client_for("staff")
    with CaptureQueriesContext(connection) as first:
        assert _needs(_dashboard(client, campaign)) == 2
    visited = _target(campaign, TargetStatus.VISITED)
    NeedFactory(organisation=visited.organisation, target=visited, topic="funding")  # no service
    with CaptureQueriesContext(connection) as second:
        assert _needs(_dashboard(client, campaign)) == 2  # the kept figures
    assert len(second) < len(first) - 5
    selectors.dashboard_changed(campaign_ids=[campaign.pk])
    assert _needs(_dashboard(client, campaign)) == 3


def test_the_version_changes_again_when_the_transaction_commits(
    campaign,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        before = selectors.dashboard_version(campaign.pk)
        selectors.dashboard_changed(campaign_ids=[campaign.pk])
        during = selectors.dashboard_version(campaign.pk)
        assert during != before
    assert selectors.dashboard_version(campaign.pk) not in (before, during)


def test_a_signal_changes_every_campaign_targeting_the_firm(
    client_for,
    users,
    campaign,  # noqa: F811
):
    firm = _target(campaign, TargetStatus.CONTACTED).organisation
    other = CampaignFactory(name="Zweite Kampagne", slug="zweite-kampagne")
    CampaignTargetFactory(campaign=other, organisation=firm, status=TargetStatus.CONTACTED)
    unrelated = CampaignFactory(name="Dritte Kampagne", slug="dritte-kampagne")
    CampaignTargetFactory(campaign=unrelated, organisation=OrganisationFactory())
    client = client_for("staff")
    assert _warned(_dashboard(client, other)) == []
    untouched = selectors.dashboard_version(unrelated.pk)
    services.risk_flag_record(
        actor=users["staff"], organisation=firm, kind="relocation", severity=2, observed_on=TODAY
    )
    assert _warned(_dashboard(client, other)) == [firm.name]
    assert firm.name in _warned(_dashboard(client, campaign))
    assert selectors.dashboard_version(unrelated.pk) == untouched


def _transition(users, campaign, partner):  # noqa: F811
    services.target_transition(
        actor=users["staff"],
        target=_target(campaign, TargetStatus.NOT_CONTACTED),
        status=TargetStatus.CONTACTED,
    )


def _attempt(users, campaign, partner):  # noqa: F811
    services.contact_attempt_record(
        actor=users["staff"],
        target=_target(campaign, TargetStatus.NOT_CONTACTED),
        attempted_on=TODAY,
        channel="phone",
        outcome="reached",
    )


def _update(users, campaign, partner):  # noqa: F811
    services.target_update(
        actor=users["staff"],
        target=_target(campaign, TargetStatus.VISIT_PLANNED),
        data={"interest": "high"},
    )


def _visit(users, campaign, partner):  # noqa: F811
    services.visit_record(
        actor=users["staff"],
        target=_target(campaign, TargetStatus.VISIT_PLANNED),
        data=services.VisitInput(
            visited_on=TODAY,
            needs=[services.NeedInput(topic="funding")],
            signals=[services.SignalInput(kind="relocation", severity=2)],
        ),
    )


def _need(users, campaign, partner):  # noqa: F811
    visited = _target(campaign, TargetStatus.VISITED)
    services.need_record(
        actor=users["staff"], organisation=visited.organisation, topic="funding", target=visited
    )


def _link(users, campaign, partner):  # noqa: F811
    measure = MeasureFactory(initiative=campaign.initiative, title="Mobilitätsberatung")
    need = Need.objects.get(target__campaign=campaign, topic="transport")
    services.need_link_measures(actor=users["staff"], need=need, measures=[measure])


def _follow_up(users, campaign, partner):  # noqa: F811
    visited = _target(campaign, TargetStatus.VISITED)
    services.follow_up_create(
        actor=users["staff"],
        organisation=visited.organisation,
        target=visited,
        data=services.FollowUpInput(
            partner=partner,
            title="Fördermittelberatung",
            request="Bitte zu Fördermitteln beraten.",
            due_on=TODAY + dt.timedelta(days=14),
        ),
    )


def _answer(users, campaign, partner):  # noqa: F811
    follow_up = FollowUp.objects.get(partner=partner)
    services.follow_up_answer(actor=users["partner"], follow_up=follow_up, answer="Termin steht.")


def _close(users, campaign, partner):  # noqa: F811
    follow_up = FollowUp.objects.get(partner=partner)
    services.follow_up_close(actor=users["partner"], follow_up=follow_up, answer="Erledigt.")


def _resolve(users, campaign, partner):  # noqa: F811
    flag = RiskFlag.objects.get()
    services.risk_flag_resolve(actor=users["staff"], flag=flag, resolved_on=TODAY)


# Each write service, and what it changes on the dashboard (read from the page's context).
VISIBLE_WRITES = {
    "target_transition": (_transition, lambda c: c["funnel"].contacted),
    "contact_attempt_record": (_attempt, lambda c: c["funnel"].contacted),
    "target_update": (_update, lambda c: c["funnel"].high_interest),
    "visit_record": (_visit, lambda c: (c["funnel"].visited, _needs(c), len(_warned(c)))),
    "need_record": (_need, _needs),
    "need_link_measures": (_link, lambda c: _covered(c, "transport")),
    "follow_up_create": (_follow_up, lambda c: _responses(c, "total")),
    "follow_up_answer": (_answer, lambda c: _responses(c, "answered")),
    "follow_up_close": (_close, lambda c: _responses(c, "answered")),
    "risk_flag_resolve": (_resolve, lambda c: len(_warned(c))),
}


@pytest.mark.parametrize("name", VISIBLE_WRITES)
def test_a_write_shows_on_the_dashboard_at_once(
    client_for,
    users,
    partner_organisation,
    campaign,  # noqa: F811
    name,
):
    write, shown = VISIBLE_WRITES[name]
    client = client_for("staff")
    before = shown(_dashboard(client, campaign))
    assert shown(_dashboard(client, campaign)) == before  # kept
    write(users, campaign, partner_organisation)
    assert shown(_dashboard(client, campaign)) != before


def test_writes_the_dashboard_does_not_show_leave_its_figures(
    users,
    campaign,  # noqa: F811
):
    """The campaign's texts and the assignments change a part's version (the cheap
    funnel, in case a title shows there); the visit notes, which the dashboard never
    shows, change none."""
    staff = users["staff"]
    visit = Visit.objects.get(target__campaign=campaign)
    changing = [
        lambda: services.campaign_update(
            actor=staff, campaign=campaign, data={"description": "Neu beschrieben."}
        ),
        lambda: services.targets_assign(
            actor=staff, targets=list(campaign.targets.all()), assignee=staff
        ),
    ]
    for write in changing:
        before = selectors.dashboard_version(campaign.pk)
        write()
        assert selectors.dashboard_version(campaign.pk) != before
    unchanged = [
        lambda: services.visit_update_notes(
            actor=staff, visit=visit, notes="Neue Notiz.", company_participants=""
        ),
        lambda: services.visit_notes_purge(actor=staff, today=TODAY + dt.timedelta(days=40 * 31)),
    ]
    for write in unchanged:
        before = selectors.dashboard_version(campaign.pk)
        write()
        assert selectors.dashboard_version(campaign.pk) == before


# Each write service and the one part of the dashboard it computes anew.
PART_WRITES = {
    "target_transition": (_transition, selectors.FUNNEL),
    "need_link_measures": (_link, selectors.NEEDS),
    "follow_up_answer": (_answer, selectors.RESPONSES),
    "risk_flag_resolve": (_resolve, selectors.WARNINGS),
}


@pytest.mark.parametrize("name", PART_WRITES)
def test_a_write_computes_only_its_part_of_the_dashboard_anew(
    client_for,
    users,
    partner_organisation,
    campaign,  # noqa: F811
    monkeypatch,
    name,
):
    from industriedialog.outreach import early_warning, views

    calls: list[str] = []

    def counted(part, function):
        def wrapper(*args, **kwargs):
            calls.append(part)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(views, "_funnel_figures", counted("funnel", views._funnel_figures))
    monkeypatch.setattr(views, "_need_figures", counted("needs", views._need_figures))
    monkeypatch.setattr(
        selectors,
        "follow_up_response_times",
        counted("responses", selectors.follow_up_response_times),
    )
    monkeypatch.setattr(
        early_warning, "early_warning_list", counted("warnings", early_warning.early_warning_list)
    )
    client = client_for("staff")
    _dashboard(client, campaign)
    assert sorted(calls) == sorted(selectors.DASHBOARD_PARTS)  # nothing kept yet
    calls.clear()
    _dashboard(client, campaign)
    assert calls == []  # all kept
    write, part = PART_WRITES[name]
    write(users, campaign, partner_organisation)
    _dashboard(client, campaign)
    assert calls == [part]


def test_the_warm_dashboard_reads_the_cache_twice(client_for, campaign):  # noqa: F811
    """The versions of the four parts and the parts themselves: one read each."""
    from django.core.cache import cache

    client = client_for("staff")
    _dashboard(client, campaign)
    reads = []
    original = cache.get_many
    cache.get_many = lambda keys, *args, **kwargs: (
        reads.append(list(keys)) or original(keys, *args, **kwargs)
    )
    try:
        _dashboard(client, campaign)
    finally:
        del cache.get_many
    assert [len(keys) for keys in reads] == [4, 4]


def test_the_kept_parts_are_kept_rendered(client_for, campaign):  # noqa: F811
    """Each part keeps its HTML with its figures: a view from the cache shows the same
    sections, charts and tables as the one that computed them."""
    import re

    client = client_for("staff")
    url = reverse("outreach:campaign_detail", args=[campaign.slug])

    def sections(html: str) -> list[str]:
        return re.findall(r'<section aria-labelledby="[^"]+".*?</section>', html, flags=re.S)

    first = sections(client.get(url).content.decode())
    kept = sections(client.get(url).content.decode())
    assert kept == first
    assert len(first) == 5  # funnel, needs, coverage, response times, early warning
    assert sum(section.count("<svg") for section in first) == 2
    assert all("<table" in section for section in first)
