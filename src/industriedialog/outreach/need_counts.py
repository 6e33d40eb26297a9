"""The needs of each campaign counted per topic (CampaignNeedTopic), kept up to date.

The campaign dashboard shows the needs by field and their coverage by measures. Counting
them on every view after a change read all needs of the campaign (50,000 in
bench/outreach.py: some 90 ms). Instead, every change to a need or to its measures counts
the needs of that one campaign and topic again: how many there are, how many a measure
addresses, which measures address them. The dashboard then reads a few rows.

Counted anew, not incremented: the count is exact whatever happened before, so a missed
or repeated recount cannot leave a wrong figure behind. The recount runs in the writing
transaction and locks the (campaign, topic) row until that transaction ends, so of two
concurrent writers the second counts after the first committed and sees both changes
(PostgreSQL under READ COMMITTED; SQLite writes one transaction at a time anyway).

The recount follows the changes through Django's signals, whoever makes them (services,
admin, shell): a need saved, its measures added, removed or cleared from either side; a
need, a measure or a target deleted (counted once the deletion has committed, when all
rows it cascades to are gone). Bulk writes that skip the signals (the seed, the
benchmark) call `rebuild(campaign)` afterwards. Inside `batch()` the recounts wait until
the block ends, so a visit report with several needs counts each topic once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from industriedialog.measures.models import Measure

from .models import Campaign, CampaignNeedTopic, CampaignTarget, Need

Pair = tuple[int, str]  # (campaign id, topic)

_state = threading.local()


def _links():
    return Need.measures.through.objects


def recount(pairs: Iterable[Pair]) -> None:
    """Count the needs of each (campaign, topic) again and store the figures (a topic
    without needs loses its row). One transaction per pair, in a fixed order."""
    for campaign_id, topic in sorted(set(pairs)):
        with transaction.atomic():
            if not Campaign.objects.filter(pk=campaign_id).exists():
                continue  # deleted with its rows
            CampaignNeedTopic.objects.bulk_create(
                [CampaignNeedTopic(campaign_id=campaign_id, topic=topic)], ignore_conflicts=True
            )
            row = CampaignNeedTopic.objects.select_for_update().get(
                campaign_id=campaign_id, topic=topic
            )
            # Driven by the index on needs (topic, target): the topic's needs, each checked
            # for the campaign and for a link (bench/outreach.py: 24 → 6 ms on SQLite).
            linked = _links().filter(need_id=OuterRef("pk"))
            figures = Need.objects.filter(target__campaign_id=campaign_id, topic=topic).aggregate(
                total=Count("id"), covered=Count("id", filter=Q(Exists(linked)))
            )
            if not figures["total"]:
                row.delete()
                continue
            row.needs, row.covered = figures["total"], figures["covered"]
            row.save(update_fields=["needs", "covered"])
            links = _links().filter(need__target__campaign_id=campaign_id, need__topic=topic)
            row.measures.set(set(links.values_list("measure_id", flat=True).distinct()))


def rebuild(campaign: Campaign) -> None:
    """Count all needs of the campaign again, every topic (after bulk writes)."""
    topics = set(
        Need.objects.filter(target__campaign=campaign).values_list("topic", flat=True).distinct()
    )
    topics |= set(
        CampaignNeedTopic.objects.filter(campaign=campaign).values_list("topic", flat=True)
    )
    recount((campaign.pk, topic) for topic in topics)


@contextmanager
def batch() -> Iterator[None]:
    """Collect the recounts of the block and run them once at its end."""
    outer = getattr(_state, "pending", None)
    if outer is not None:  # already batching: the outermost block recounts
        yield
        return
    _state.pending = set()
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    recount(pending)


def _changed(pairs: Iterable[Pair]) -> None:
    pairs = {pair for pair in pairs if pair[0] is not None}
    if not pairs:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending |= pairs
    else:
        recount(pairs)


def _pairs_of_needs(need_ids: Iterable[int]) -> set[Pair]:
    ids = list(need_ids)
    if not ids:
        return set()
    return set(
        Need.objects.filter(pk__in=ids, target__isnull=False)
        .values_list("target__campaign_id", "topic")
        .distinct()
    )


def _pair_of(need: Need) -> set[Pair]:
    if need.target_id is None:
        return set()
    campaign_id = (
        CampaignTarget.objects.filter(pk=need.target_id).values_list("campaign_id", flat=True)
    ).first()
    return {(campaign_id, need.topic)} if campaign_id is not None else set()


# --- following the changes -------------------------------------------------------------------


def _need_saving(sender: Any, instance: Need, raw: bool = False, **kwargs: Any) -> None:
    """Remember where a changed need was counted before (its topic or target may move)."""
    if raw or instance._state.adding or instance.pk is None:
        instance._counted_in = set()  # type: ignore[attr-defined]
        return
    instance._counted_in = _pairs_of_needs([instance.pk])  # type: ignore[attr-defined]


def _need_saved(sender: Any, instance: Need, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    _changed(getattr(instance, "_counted_in", set()) | _pair_of(instance))


def _deleting(pairs: set[Pair]) -> None:
    """Count the pairs a deletion touches again once its transaction has committed: by then
    every row the deletion cascades to is gone (a deleted campaign's own rows as well)."""
    if pairs:
        transaction.on_commit(lambda: recount(pairs))


def _need_deleting(sender: Any, instance: Need, **kwargs: Any) -> None:
    _deleting(_pairs_of_needs([instance.pk]))


def _measures_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Need.measures changed from the need's side (instance a need) or from the measure's
    (instance a measure, pk_set the needs)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _changed(_pair_of(instance))
        return
    if action == "pre_clear":
        instance._cleared_needs = set(instance.needs.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        _changed(_pairs_of_needs(pk_set or ()))
    elif action == "post_clear":
        _changed(_pairs_of_needs(getattr(instance, "_cleared_needs", ())))


def _measure_deleting(sender: Any, instance: Measure, **kwargs: Any) -> None:
    """A measure's links go with it (a cascade, no m2m signal)."""
    _deleting(_pairs_of_needs(instance.needs.values_list("pk", flat=True)))


def _target_deleting(sender: Any, instance: CampaignTarget, **kwargs: Any) -> None:
    """A target's needs lose their target (SET_NULL, an update without signals)."""
    topics = Need.objects.filter(target=instance).values_list("topic", flat=True).distinct()
    _deleting({(instance.campaign_id, topic) for topic in topics})


def connect() -> None:
    """Connect the receivers (OutreachConfig.ready)."""
    from django.db.models.signals import post_save

    uid = "outreach.need_counts."
    pre_save.connect(_need_saving, sender=Need, dispatch_uid=uid + "need_saving")
    post_save.connect(_need_saved, sender=Need, dispatch_uid=uid + "need_saved")
    m2m_changed.connect(_measures_changed, sender=Need.measures.through, dispatch_uid=uid + "m2m")
    for model, deleting in (
        (Need, _need_deleting),
        (Measure, _measure_deleting),
        (CampaignTarget, _target_deleting),
    ):
        name = model.__name__.lower()
        pre_delete.connect(deleting, sender=model, dispatch_uid=f"{uid}{name}_deleting")
