"""The needs counted per campaign and topic (outreach.need_counts) always equal a count over
all needs, whatever changes them and from which side; the dashboard reads them."""

from __future__ import annotations

import pytest

from industriedialog.measures.tests.factories import MeasureFactory
from industriedialog.outreach import need_counts, selectors
from industriedialog.outreach.models import CampaignNeedTopic, Need
from industriedialog.outreach.taxonomy import NeedTopic

from .factories import CampaignFactory, CampaignTargetFactory, NeedFactory

pytestmark = pytest.mark.django_db


def comparable_figures(by_field, coverage):
    """Need figures as plain values, to compare the kept counts with a full count."""
    return (
        [(row.code, row.count) for row in by_field],
        sorted(
            (row.topic, row.needs, row.covered, [m.pk for m in row.measures]) for row in coverage
        ),
    )


def _assert_kept(campaign):
    kept = comparable_figures(*selectors.campaign_need_figures(campaign))
    counted = comparable_figures(*selectors.need_figures(campaign=campaign))
    assert kept == counted
    return kept


@pytest.fixture
def setting():
    campaign = CampaignFactory()
    other = CampaignFactory(initiative=campaign.initiative)
    targets = [CampaignTargetFactory(campaign=campaign) for _ in range(3)]
    measures = [MeasureFactory(initiative=campaign.initiative) for _ in range(3)]
    return campaign, other, targets, measures


def _need(target, topic=NeedTopic.TRAINING):
    return NeedFactory(organisation=target.organisation, target=target, topic=topic)


def test_saved_needs_and_their_measures_are_counted_from_both_sides(setting):
    campaign, other, targets, measures = setting
    first = _need(targets[0])
    second = _need(targets[1])
    _need(targets[2], NeedTopic.ENERGY_COSTS)
    assert _assert_kept(campaign)[0][0] == ("skilled_workers", 2)

    first.measures.add(measures[0], measures[1])
    measures[2].needs.add(second)  # from the measure's side
    kept = _assert_kept(campaign)
    training = next(row for row in kept[1] if row[0] == NeedTopic.TRAINING)
    assert training[1:3] == (2, 2)

    first.measures.remove(measures[0])
    measures[2].needs.clear()
    _assert_kept(campaign)
    measures[1].needs.remove(first)
    kept = _assert_kept(campaign)
    assert next(row for row in kept[1] if row[0] == NeedTopic.TRAINING)[1:] == (2, 0, [])

    first.topic = NeedTopic.FUNDING  # moved to another topic and field
    first.save()
    _assert_kept(campaign)
    first.target = CampaignTargetFactory(campaign=other)  # and to another campaign
    first.save()
    _assert_kept(campaign)
    _assert_kept(other)
    assert CampaignNeedTopic.objects.get(campaign=other).needs == 1


def test_deletions_are_counted_once_they_have_committed(
    setting, django_capture_on_commit_callbacks
):
    campaign, _other, targets, measures = setting
    needs = [_need(target) for target in targets]
    for need in needs:
        need.measures.add(measures[0])
    with django_capture_on_commit_callbacks(execute=True):
        needs[0].delete()
    assert _assert_kept(campaign)[1][0][1:3] == (2, 2)
    with django_capture_on_commit_callbacks(execute=True):
        measures[0].delete()
    assert _assert_kept(campaign)[1][0][1:] == (2, 0, [])
    with django_capture_on_commit_callbacks(execute=True):
        targets[1].delete()  # its need stays, without a target and outside the campaign
    assert _assert_kept(campaign)[0][0][1] == 1
    with django_capture_on_commit_callbacks(execute=True):
        campaign.delete()
    assert not CampaignNeedTopic.objects.filter(campaign_id=campaign.pk).exists()


def test_a_need_without_a_target_counts_nowhere(setting):
    campaign, _other, targets, _measures = setting
    NeedFactory(organisation=targets[0].organisation)
    assert not CampaignNeedTopic.objects.exists()
    assert _assert_kept(campaign) == ([(code, 0) for code, _n in _assert_kept(campaign)[0]], [])


def test_a_batch_counts_each_topic_once(setting, monkeypatch):
    campaign, _other, targets, measures = setting
    counted = []
    original = need_counts.recount
    monkeypatch.setattr(
        need_counts, "recount", lambda pairs: counted.append(set(pairs)) or original(pairs)
    )
    with need_counts.batch():
        for target in targets:
            need = _need(target)
            need.measures.set(measures)
        assert counted == []
    assert counted == [{(campaign.pk, NeedTopic.TRAINING)}]
    _assert_kept(campaign)


def test_rebuild_counts_needs_written_in_bulk(setting):
    campaign, _other, targets, measures = setting
    needs = Need.objects.bulk_create(
        [
            Need(
                organisation=target.organisation,
                target=target,
                topic=NeedTopic.UNIVERSITY_COOPERATION,
                field="innovation",
                recorded_on=campaign.starts_on,
            )
            for target in targets
        ]
    )
    Need.measures.through.objects.bulk_create(
        [Need.measures.through(need_id=needs[0].pk, measure_id=measures[0].pk)]
    )
    assert not CampaignNeedTopic.objects.exists()  # no signals for bulk writes
    need_counts.rebuild(campaign)
    assert _assert_kept(campaign)[1] == [(NeedTopic.UNIVERSITY_COOPERATION, 3, 1, [measures[0].pk])]
