"""The Aachen campaign of 2013/14 as the seed loads it: the figures of seed 002, the needs in
their order of frequency, the links to the measures, the example flags, idempotence."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import call_command

from industriedialog.actors.models import Organisation
from industriedialog.core.models import AuditEvent
from industriedialog.outreach import seed
from industriedialog.outreach.models import (
    Campaign,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Need,
    RiskFlag,
    TargetStatus,
    Visit,
)
from industriedialog.outreach.selectors import (
    campaign_funnel,
    follow_up_response_times,
    need_coverage,
    needs_by_field,
    target_organisations,
)
from industriedialog.outreach.taxonomy import NeedField, NeedTopic, field_of

SLUG = "bestandspflege-2013-14-industriebetriebe"
UNCOVERED = {NeedTopic.TRANSPORT, NeedTopic.SUPPLY_INFRASTRUCTURE}
NAMED = {
    "philips",
    "fecken-kirfel",
    "3win-maschinenbau",
    "theod-mahr-soehne",
    "ph-mechanik",
    "schreinerei-brammertz",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(aachen_data):
    return Campaign.objects.get(slug=SLUG)


def test_the_funnel_gives_the_figures_of_the_paper(campaign):
    funnel = campaign_funnel(campaign)
    assert funnel.targets == 160
    assert funnel.contacted == 130
    assert funnel.not_contacted == 30
    assert funnel.declined == 48
    assert funnel.visits_planned_or_done == 82
    assert (funnel.visited, funnel.visit_planned) == (64, 18)
    assert funnel.high_interest == 20
    assert funnel.basic_interest == 62
    assert (funnel.informed, funnel.asked_informed) == (41, 82)
    assert funnel.informed_share == 0.5


def test_the_campaign_is_the_region_s_and_selects_the_industrial_firms(campaign):
    assert campaign.initiative.slug == "industrie-dialog-region-aachen"
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.starts_on.year == 2013
    assert campaign.ends_on.isoformat() == "2014-02-28"  # the paper's state, assumed end
    assert "FB 02" in campaign.description and "Beispieldaten" in campaign.description
    assert campaign.target_filter == {
        "kinds": ["company"],
        "wz_sections": ["B", "C", "D", "E"],
        "municipality_key": "05334002",
    }
    selected = set(target_organisations(campaign.target_filter).values_list("pk", flat=True))
    targets = set(campaign.targets.values_list("organisation_id", flat=True))
    assert selected == targets and len(targets) == 160


def test_named_companies_are_targets_and_example_firms_are_flagged(campaign):
    targets = CampaignTarget.objects.filter(campaign=campaign).select_related("organisation")
    named = {t.organisation.slug for t in targets if not t.organisation.is_example_data}
    assert named == NAMED
    assert sum(t.organisation.is_example_data for t in targets) == 154
    # Nothing invented is claimed about the real companies beyond their taking part.
    real = Organisation.objects.filter(slug__in=NAMED)
    assert not FollowUp.objects.filter(organisation__in=real).exists()
    assert not RiskFlag.objects.filter(organisation__in=real).exists()
    for visit in Visit.objects.filter(target__organisation__in=real):
        assert visit.notes.startswith("Beispieldaten:")
        assert all(
            line.endswith("(Beispieldaten)") for line in visit.company_participants.split("\n")
        )


def test_invented_texts_say_they_are_example_data(campaign):
    assert campaign.is_example_data
    for visit in Visit.objects.filter(target__campaign=campaign):
        assert visit.notes.startswith("Beispieldaten:")
        assert visit.staff_participants.count() == 0
        assert visit.company_participants
    assert all(
        text.startswith("Beispieldaten:")
        for text in Need.objects.values_list("description", flat=True)
    )
    assert all(
        text.startswith("Beispieldaten:")
        for text in FollowUp.objects.values_list("request", flat=True)
    )
    assert all(
        text.startswith("Beispieldaten:")
        for text in RiskFlag.objects.values_list("note", flat=True)
    )
    notes = ContactAttempt.objects.exclude(note="").values_list("note", flat=True)
    assert notes and all(note.startswith("Beispieldaten:") for note in notes)


def test_needs_come_in_the_order_of_the_paper(campaign):
    counts = {row.code: row.count for row in needs_by_field(campaign=campaign)}
    assert (
        counts[NeedField.NETWORKING]
        > counts[NeedField.FRAMEWORK]
        >= counts[NeedField.SKILLED_WORKERS]
        > counts[NeedField.INNOVATION]
        > 0
    )
    assert [row.code for row in needs_by_field(campaign=campaign)][0] == NeedField.NETWORKING
    assert sum(counts.values()) == Need.objects.filter(target__campaign=campaign).count() == 128


def test_needs_belong_to_visits_and_carry_their_field(campaign):
    needs = Need.objects.filter(target__campaign=campaign).select_related("visit", "target")
    for need in needs:
        assert need.field == field_of(need.topic) != ""
        assert need.visit is not None and need.visit.target_id == need.target_id
        assert need.target.status == TargetStatus.VISITED
        assert need.recorded_on == need.visit.visited_on
    per_visit = {v.pk: v.needs.count() for v in Visit.objects.filter(target__campaign=campaign)}
    assert len(per_visit) == 64 and set(per_visit.values()) == {1, 2, 3}


def test_the_dashboard_s_need_counts_are_those_of_the_needs(campaign):
    from industriedialog.outreach import selectors

    from .test_need_counts import comparable_figures

    kept = comparable_figures(*selectors.campaign_need_figures(campaign))
    assert kept == comparable_figures(*selectors.need_figures(campaign=campaign))
    assert (
        sum(count for _code, count in kept[0])
        == Need.objects.filter(target__campaign=campaign).count()
    )


def test_every_need_links_a_measure_of_2013_14_except_the_open_topics(campaign):
    for need in Need.objects.filter(target__campaign=campaign).prefetch_related("measures"):
        measures = list(need.measures.all())
        if need.topic in UNCOVERED:
            assert measures == [], need.topic
        else:
            assert measures, need.topic
            assert {m.initiative.slug for m in measures} == {"industrie-dialog-region-aachen"}
    coverage = {row.topic: row for row in need_coverage(campaign=campaign)}
    assert {topic for topic, row in coverage.items() if row.covered == 0} == UNCOVERED
    assert coverage[NeedTopic.NETWORKING_COMPANIES].is_covered
    titles = {m.title for m in coverage[NeedTopic.ENERGY_COSTS].measures}
    assert "Symposium „Energie als Standortfaktor“" in titles


def test_contact_attempts_and_dates_fit_the_state(campaign):
    targets = CampaignTarget.objects.filter(campaign=campaign).prefetch_related(
        "contact_attempts", "visits"
    )
    first, last = dt.date(2013, 10, 1), dt.date(2014, 2, 28)
    for target in targets:
        attempts = sorted(target.contact_attempts.all(), key=lambda a: a.attempted_on)
        assert all(first <= a.attempted_on <= last for a in attempts)
        final = attempts[-1].outcome if attempts else None
        if target.status == TargetStatus.NOT_CONTACTED:
            assert final in (None, ContactAttempt.Outcome.NOT_REACHED)
            assert target.interest == "" and target.knew_dialogue is None
        elif target.status == TargetStatus.DECLINED:
            assert final == ContactAttempt.Outcome.DECLINED and target.interest == "none"
        else:
            assert final == ContactAttempt.Outcome.VISIT_AGREED
            assert target.interest in ("high", "basic") and target.knew_dialogue is not None
            assert target.visit_planned_on is not None
        visits = list(target.visits.all())
        assert len(visits) == (1 if target.status == TargetStatus.VISITED else 0)
        for visit in visits:
            assert attempts[-1].attempted_on < visit.visited_on <= last


def test_follow_ups_and_signals_of_the_visits(campaign):
    follow_ups = list(FollowUp.objects.filter(target__campaign=campaign).select_related("need"))
    partners = {f.partner.slug for f in follow_ups}
    assert partners == {
        "ihk-aachen",
        "hwk-aachen",
        "agentur-fuer-arbeit-aachen-dueren",
        "agit",
        "wzl-rwth-aachen",
    }
    statuses = {f.status for f in follow_ups}
    assert statuses == {FollowUp.Status.OPEN, FollowUp.Status.ANSWERED, FollowUp.Status.CLOSED}
    for follow_up in follow_ups:
        assert follow_up.need is not None and follow_up.need.organisation_id == (
            follow_up.organisation_id
        )
        assert follow_up.routed_at.date() >= follow_up.visit.visited_on
        if follow_up.status == FollowUp.Status.OPEN:
            assert follow_up.response_time is None
        else:
            assert dt.timedelta(hours=1) < follow_up.response_time < dt.timedelta(days=60)
    rows = follow_up_response_times(campaign=campaign, today=dt.date(2014, 2, 28))
    assert sum(r.total for r in rows) == len(follow_ups)
    assert any(r.median_days for r in rows)
    signals = RiskFlag.objects.filter(visit__target__campaign=campaign).select_related("visit")
    kinds = {signal.kind for signal in signals}
    assert {"succession", "energy_costs", "skilled_worker_shortage", "expansion"} <= kinds
    assert all(signal.observed_on == signal.visit.visited_on for signal in signals)


def _row_counts() -> dict[str, int]:
    models = (Campaign, CampaignTarget, ContactAttempt, Visit, Need, FollowUp, RiskFlag)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["links"] = Need.measures.through.objects.count()
    counts["history"] = sum(
        model.history.count() for model in (Campaign, CampaignTarget, FollowUp, RiskFlag)
    )
    counts["audit"] = AuditEvent.objects.filter(action="outreach.seed.load").count()
    return counts


def test_seeding_twice_changes_nothing(campaign):
    before = _row_counts()
    assert before["CampaignTarget"] == 160 and before["audit"] == 1
    with open(os.devnull, "w") as devnull:
        call_command("seed", stdout=devnull)
    assert _row_counts() == before
    report = seed.load()
    assert report.changed == 0


def test_a_campaign_staff_worked_on_is_left_alone(campaign):
    """Create-only: a second load does not undo what staff recorded since."""
    target = CampaignTarget.objects.get(campaign=campaign, organisation__slug="philips")
    CampaignTarget.objects.filter(pk=target.pk).update(interest="basic")
    seed.load()
    target.refresh_from_db()
    assert target.interest == "basic"


def test_a_broken_file_writes_nothing(db, monkeypatch, aachen_data):
    Campaign.objects.all().delete()
    original = seed.load_data_file

    def broken(package, filename, *, data_set=None):
        data = original(package, filename, data_set=data_set)
        visited = next(t for t in data["campaigns"][0]["targets"] if t["status"] == "visited")
        visited["visits"] = []  # "visited" without a visit
        return data

    monkeypatch.setattr(seed, "load_data_file", broken)
    with pytest.raises(ValueError, match="folgt nicht aus"):
        seed.load()
    assert not Campaign.objects.exists() and not CampaignTarget.objects.exists()


def test_an_unknown_measure_stops_the_load(db, monkeypatch, aachen_data):
    Campaign.objects.all().delete()
    original = seed.load_data_file

    def broken(package, filename, *, data_set=None):
        data = original(package, filename, data_set=data_set)
        visited = next(t for t in data["campaigns"][0]["targets"] if t["visits"])
        visited["visits"][0]["needs"][0]["measures"] = ["gibt-es-nicht"]
        return data

    monkeypatch.setattr(seed, "load_data_file", broken)
    with pytest.raises(ValueError, match="gibt-es-nicht"):
        seed.load()
    assert not Campaign.objects.exists()
