"""Loads the outreach campaigns of the data set: `data/<data set>/campaign_*.json`, written
by scripts/generate_outreach_data.py (for Aachen the Bestandspflege 2013/14 of seed 002).

Create-only: a campaign whose slug already exists is left as it is, with everything below
it. A campaign is a living process — staff record attempts, visits and follow-ups, partners
answer — so a second run must not undo that work, and the shipped children (attempts,
visits, needs, follow-ups, signals) carry no natural key of their own. The file's `key`
strings only tie the records of the file together (a follow-up names its need by key).
So running the seed twice changes nothing; to load a changed file, delete the campaign.

A new campaign is written in one transaction with bulk inserts (a few dozen queries for
the 160 firms of Aachen). Every record is checked first: organisations and measures are
referred to by slug and external id, and an unknown one stops the load; every firm must
be one the campaign's target filter selects; the contact attempts and visits must lead to
the firm's recorded status along the state machine of models.TARGET_TRANSITIONS; field
values pass the model's field validation. Historical dates are accepted (the services
refuse dates in the future only for new entries by staff). Nothing is written unless all
of it is valid.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from industriedialog.actors.models import Organisation
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.seeding import SeedReport, load_data_file
from industriedialog.measures.models import Measure

from . import need_counts
from .models import (
    TARGET_TRANSITIONS,
    Campaign,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Need,
    RiskFlag,
    TargetStatus,
    Visit,
)
from .selectors import dashboard_changed, target_organisations
from .services import FILTER_KEYS, OUTCOME_PATH, PARTNER_KINDS
from .taxonomy import field_of

PACKAGE = "industriedialog.outreach"
FILE_PREFIX, FILE_SUFFIX = "campaign_", ".json"

LABELS = {
    "campaigns": "Kampagnen",
    "targets": "Zielunternehmen",
    "attempts": "Kontaktversuche",
    "visits": "Unternehmensbesuche",
    "needs": "Bedarfe",
    "need_measures": "Verknüpfungen Bedarf–Maßnahme",
    "follow_ups": "Wiedervorlagen",
    "signals": "Frühwarnsignale",
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _moment(day: dt.date) -> dt.datetime:
    """A fixed time on `day` for the creation stamps of historical records."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _datetime(value: str | None) -> dt.datetime | None:
    """An ISO time of the file (local time of the platform) as an aware datetime."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def campaign_files(data_set: str | None = None) -> list[str]:
    """The campaign files of a data set, in name order; none is fine."""
    folder = resources.files(PACKAGE).joinpath("data", data_set or settings.PLATFORM_DATA_SET)
    if not folder.is_dir():
        return []
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.startswith(FILE_PREFIX) and entry.name.endswith(FILE_SUFFIX)
    )


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    for filename in campaign_files(data_set):
        data = load_data_file(PACKAGE, filename, data_set=data_set)
        for record in data["campaigns"]:
            existing = Campaign.objects.filter(slug=record["slug"]).first()
            if existing is not None:
                report.add(LABELS["campaigns"], "unchanged")
                continue
            counts = _CampaignLoader(filename, record).create()
            for name, count in counts.items():
                for _ in range(count):
                    report.add(LABELS[name], "created")
            if stdout is not None:
                stdout.write(
                    f"  {record['slug']}: {counts['targets']} Zielunternehmen, "
                    f"{counts['visits']} Besuche, {counts['needs']} Bedarfe"
                )
    return report


class _CampaignLoader:
    """Checks one campaign record of a file completely, then writes it in bulk."""

    def __init__(self, filename: str, record: dict[str, Any]) -> None:
        self.filename = filename
        self.record = record

    def fail(self, message: str) -> ValueError:
        return ValueError(f"{self.filename}, Kampagne „{self.record['slug']}“: {message}")

    # --- references ----------------------------------------------------------------------

    def _resolve(self) -> None:
        record = self.record
        try:
            self.initiative = Initiative.objects.get(slug=record["initiative"])
        except Initiative.DoesNotExist:
            raise self.fail(f"Initiative „{record['initiative']}“ gibt es nicht.") from None
        targets = record["targets"]
        visits = [visit for target in targets for visit in target.get("visits", [])]
        needs = [need for visit in visits for need in visit.get("needs", [])]
        follow_ups = [f for visit in visits for f in visit.get("follow_ups", [])]
        slugs = {t["organisation"] for t in targets} | {f["partner"] for f in follow_ups}
        self.organisations = Organisation.objects.in_bulk(slugs, field_name="slug")
        if missing := slugs - set(self.organisations):
            raise self.fail(f"Organisationen gibt es nicht: {', '.join(sorted(missing))}.")
        for follow_up in follow_ups:
            if self.organisations[follow_up["partner"]].kind not in PARTNER_KINDS:
                raise self.fail(f"„{follow_up['partner']}“ ist keine Partnerinstitution.")
        external_ids = {m for need in needs for m in need.get("measures", [])}
        self.measures = Measure.objects.in_bulk(external_ids, field_name="external_id")
        if missing := external_ids - set(self.measures):
            raise self.fail(f"Maßnahmen gibt es nicht: {', '.join(sorted(missing))}.")
        target_filter = record.get("target_filter") or {}
        if unknown := set(target_filter) - FILTER_KEYS:
            raise self.fail(f"unbekannte Filterangabe: {', '.join(sorted(unknown))}.")
        target_slugs = [t["organisation"] for t in targets]
        if len(set(target_slugs)) != len(target_slugs):
            raise self.fail("Ein Unternehmen steht mehrfach in der Liste.")
        selected = set(
            target_organisations(target_filter)
            .filter(slug__in=target_slugs)
            .values_list("slug", flat=True)
        )
        if outside := set(target_slugs) - selected:
            raise self.fail(
                "Diese Unternehmen wählt der Filter der Kampagne nicht aus: "
                f"{', '.join(sorted(outside))}."
            )
        keys = [
            item["key"]
            for target in targets
            for item in [*target.get("attempts", []), *target.get("visits", [])]
        ] + [
            item["key"]
            for visit in visits
            for item in [*visit.get("needs", []), *visit.get("follow_ups", [])]
            + visit.get("signals", [])
        ]
        if len(set(keys)) != len(keys):
            raise self.fail("Ein Schlüssel (`key`) kommt mehrfach vor.")

    def _replay(self, target: dict[str, Any]) -> None:
        """The attempts and visits must lead to the target's status along the state
        machine, as the services would have moved it."""
        status = TargetStatus.NOT_CONTACTED
        for attempt in sorted(target.get("attempts", []), key=lambda a: a["attempted_on"]):
            if attempt["outcome"] not in OUTCOME_PATH:
                raise self.fail(
                    f"{target['organisation']}: unbekanntes Ergebnis „{attempt['outcome']}“."
                )
            for step in OUTCOME_PATH[attempt["outcome"]]:
                if step == status or (
                    step == TargetStatus.CONTACTED and status == TargetStatus.VISIT_PLANNED
                ):
                    continue
                if step not in TARGET_TRANSITIONS[status]:
                    raise self.fail(
                        f"{target['organisation']}: Kontaktversuch vom "
                        f"{attempt['attempted_on']} passt nicht zum Stand „{status}“."
                    )
                status = TargetStatus(step)
        if target.get("visits"):
            if status not in (TargetStatus.CONTACTED, TargetStatus.VISIT_PLANNED):
                raise self.fail(
                    f"{target['organisation']}: Besuch ohne vorherigen Kontakt (Stand „{status}“)."
                )
            status = TargetStatus.VISITED
        if status != target["status"]:
            raise self.fail(
                f"{target['organisation']}: Stand „{target['status']}“ folgt nicht aus den "
                f"Kontaktversuchen und Besuchen („{status}“)."
            )

    def _clean(self, obj: Any, exclude: list[str], where: str) -> None:
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            raise self.fail(f"{where}: {error.message_dict}") from None

    # --- writing -------------------------------------------------------------------------

    def create(self) -> dict[str, int]:
        self._resolve()
        record = self.record
        starts_on = dt.date.fromisoformat(record["starts_on"])
        campaign = Campaign(
            initiative=self.initiative,
            slug=record["slug"],
            name=record["name"],
            description=record.get("description", ""),
            status=record.get("status", Campaign.Status.ACTIVE),
            starts_on=starts_on,
            ends_on=_date(record.get("ends_on")),
            target_filter=record.get("target_filter") or {},
            note_retention_months=record.get("note_retention_months", 36),
            is_example_data=bool(record.get("is_example_data")),
            created_at=_moment(starts_on),
        )
        try:
            campaign.full_clean()
        except ValidationError as error:
            raise self.fail(str(error.message_dict)) from None
        campaign.save()

        targets: list[CampaignTarget] = []
        for item in record["targets"]:
            self._replay(item)
            changed_on = _date(item.get("status_changed_on")) or starts_on
            target = CampaignTarget(
                campaign=campaign,
                organisation=self.organisations[item["organisation"]],
                status=item["status"],
                interest=item.get("interest") or "",
                knew_dialogue=item.get("knew_dialogue"),
                visit_planned_on=_date(item.get("visit_planned_on")),
                status_changed_at=_moment(changed_on),
                created_at=_moment(starts_on),
            )
            self._clean(target, ["campaign", "organisation", "assigned_to"], item["organisation"])
            targets.append(target)
        bulk_create_with_history(targets, CampaignTarget)
        target_of = dict(zip((t["organisation"] for t in record["targets"]), targets, strict=True))

        attempts, visits, visit_records = [], [], []
        for item in record["targets"]:
            target = target_of[item["organisation"]]
            for attempt_record in item.get("attempts", []):
                day = dt.date.fromisoformat(attempt_record["attempted_on"])
                attempt = ContactAttempt(
                    target=target,
                    attempted_on=day,
                    channel=attempt_record["channel"],
                    outcome=attempt_record["outcome"],
                    note=attempt_record.get("note", ""),
                    created_at=_moment(day),
                )
                self._clean(attempt, ["target", "recorded_by"], attempt_record["key"])
                attempts.append(attempt)
            for visit_record in item.get("visits", []):
                day = dt.date.fromisoformat(visit_record["visited_on"])
                visit = Visit(
                    target=target,
                    visited_on=day,
                    company_participants=visit_record.get("company_participants", ""),
                    notes=visit_record.get("notes", ""),
                    created_at=_moment(day),
                )
                self._clean(visit, ["target", "created_by"], visit_record["key"])
                visits.append(visit)
                visit_records.append((target, visit, visit_record))
        ContactAttempt.objects.bulk_create(attempts)
        Visit.objects.bulk_create(visits)

        needs: dict[str, Need] = {}
        links: list[tuple[Need, list[str]]] = []
        for target, visit, visit_record in visit_records:
            for need_record in visit_record.get("needs", []):
                need = Need(
                    organisation=target.organisation,
                    target=target,
                    visit=visit,
                    topic=need_record["topic"],
                    field=field_of(need_record["topic"]),  # bulk_create skips Need.save()
                    description=need_record.get("description", ""),
                    recorded_on=visit.visited_on,
                    created_at=_moment(visit.visited_on),
                )
                self._clean(
                    need, ["organisation", "target", "visit", "recorded_by"], need_record["key"]
                )
                if need.topic == "other" and not need.description.strip():
                    raise self.fail(f"{need_record['key']}: „Sonstiges“ ohne Beschreibung.")
                needs[need_record["key"]] = need
                links.append((need, need_record.get("measures", [])))
        Need.objects.bulk_create(list(needs.values()))
        through = Need.measures.through
        through.objects.bulk_create(
            [
                through(need_id=need.pk, measure_id=self.measures[external_id].pk)
                for need, external_ids in links
                for external_id in external_ids
            ]
        )

        follow_ups, signals = [], []
        for target, visit, visit_record in visit_records:
            for item in visit_record.get("follow_ups", []):
                answered_need = needs.get(item["need"]) if item.get("need") else None
                if item.get("need") and (answered_need is None or answered_need.visit is not visit):
                    raise self.fail(f"{item['key']}: Bedarf „{item['need']}“ fehlt im Besuch.")
                routed_at = _datetime(item.get("routed_at"))
                if routed_at is None:
                    raise self.fail(f"{item['key']}: Es fehlt, wann weitergeleitet wurde.")
                follow_up = FollowUp(
                    organisation=target.organisation,
                    target=target,
                    need=answered_need,
                    visit=visit,
                    partner=self.organisations[item["partner"]],
                    title=item["title"],
                    request=item["request"],
                    due_on=dt.date.fromisoformat(item["due_on"]),
                    status=item.get("status", FollowUp.Status.OPEN),
                    routed_at=routed_at,
                    answer=item.get("answer", ""),
                    answered_at=_datetime(item.get("answered_at")),
                    closed_at=_datetime(item.get("closed_at")),
                )
                self._clean(
                    follow_up,
                    ["organisation", "target", "need", "visit", "partner", "contact_person"],
                    item["key"],
                )
                follow_ups.append(follow_up)
            for item in visit_record.get("signals", []):
                observed_on = _date(item.get("observed_on")) or visit.visited_on
                signal = RiskFlag(
                    organisation=target.organisation,
                    visit=visit,
                    kind=item["kind"],
                    severity=item["severity"],
                    observed_on=observed_on,
                    note=item.get("note", ""),
                    resolved_on=_date(item.get("resolved_on")),
                    created_at=_moment(observed_on),
                )
                self._clean(signal, ["organisation", "visit", "recorded_by"], item["key"])
                if signal.resolved_on is not None and signal.resolved_on < observed_on:
                    raise self.fail(f"{item['key']}: erledigt vor der Beobachtung.")
                signals.append(signal)
        bulk_create_with_history(follow_ups, FollowUp)
        bulk_create_with_history(signals, RiskFlag)

        counts = {
            "campaigns": 1,
            "targets": len(targets),
            "attempts": len(attempts),
            "visits": len(visits),
            "needs": len(needs),
            "need_measures": sum(len(ids) for _need, ids in links),
            "follow_ups": len(follow_ups),
            "signals": len(signals),
        }
        # Bulk writes skip the services and the signals: count the campaign's needs per
        # topic, and mark the dashboards of this campaign and of every campaign targeting
        # a firm with a signal as changed.
        need_counts.rebuild(campaign)
        dashboard_changed(
            campaign_ids=[campaign.pk], organisation_ids={s.organisation_id for s in signals}
        )
        audit_log(actor=None, action="outreach.seed.load", obj=campaign, data={"counts": counts})
        return counts
