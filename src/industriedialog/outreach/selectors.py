"""Reads of the outreach app with their access checks. Campaigns, targets, visits, needs and
signals are for staff only; a partner reaches only the follow-ups routed to it. Objects a
user may not see answer 404. The dashboard's figures come from a constant number of
aggregate queries, however many targets and needs a campaign has."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, FloatField, Func, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation

from industriedialog.actors.models import Organisation, OrganisationKind
from industriedialog.core.permissions import is_staff_member
from industriedialog.measures.models import Measure

from .models import (
    Campaign,
    CampaignNeedTopic,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Interest,
    Need,
    TargetStatus,
    Visit,
)
from .permissions import partner_organisation_id
from .taxonomy import NeedField, NeedTopic, field_of


def _require_staff(user: Any) -> None:
    if not is_staff_member(user):
        raise Http404


# --- target selection ----------------------------------------------------------------------


def target_organisations(target_filter: dict[str, Any]) -> QuerySet[Organisation]:
    """The organisations a campaign's filter selects: companies by default; WZ sections,
    municipality key (AGS), employee bands, production site, training company."""
    queryset = Organisation.objects.filter(
        kind__in=target_filter.get("kinds") or [OrganisationKind.COMPANY]
    )
    if sections := target_filter.get("wz_sections"):
        queryset = queryset.filter(wz_section__in=sections)
    if municipality_key := target_filter.get("municipality_key"):
        queryset = queryset.filter(municipality_key=municipality_key)
    if bands := target_filter.get("employee_bands"):
        queryset = queryset.filter(employee_band__in=bands)
    for flag in ("has_production_site", "is_training_company"):
        if target_filter.get(flag) is not None:
            queryset = queryset.filter(**{flag: bool(target_filter[flag])})
    return queryset.order_by("sort_key", "id")


# --- campaigns -----------------------------------------------------------------------------


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    if not is_staff_member(user):
        return Campaign.objects.none()
    return Campaign.objects.select_related("initiative")


def campaign_list(user: Any, *, initiative=None) -> QuerySet[Campaign]:
    queryset = campaigns_visible_to(user).annotate(target_count=Count("targets"))
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    return queryset


def campaign_get_for(user: Any, *, slug: str | None = None, pk: int | None = None) -> Campaign:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    try:
        return campaigns_visible_to(user).get(**lookup)
    except Campaign.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Funnel:
    targets: int
    not_contacted: int
    contacted: int
    declined: int
    visit_planned: int
    visited: int
    high_interest: int
    basic_interest: int
    informed: int
    asked_informed: int

    @property
    def visits_planned_or_done(self) -> int:
        return self.visit_planned + self.visited

    @property
    def informed_share(self) -> float:
        """Share of the firms asked that already knew the dialogue (0–1)."""
        return round(self.informed / self.asked_informed, 3) if self.asked_informed else 0.0

    def steps(self) -> list[tuple[str, int, str]]:
        """(label, count, percent of targets) for the funnel chart and table."""
        from django.utils.translation import gettext as _

        rows = [
            (_("Zielunternehmen"), self.targets),
            (_("kontaktiert"), self.contacted),
            (_("kein Interesse"), self.declined),
            (_("Besuch geplant oder erfolgt"), self.visits_planned_or_done),
            (_("davon besucht"), self.visited),
            (_("hohes Interesse"), self.high_interest),
        ]
        return [(label, count, _percent(count, self.targets)) for label, count in rows]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def campaign_funnel(campaign: Campaign) -> Funnel:
    """The campaign's funnel in one aggregate query."""
    status = TargetStatus
    figures = CampaignTarget.objects.filter(campaign=campaign).aggregate(
        targets=Count("id"),
        not_contacted=Count("id", filter=Q(status=status.NOT_CONTACTED)),
        declined=Count("id", filter=Q(status=status.DECLINED)),
        visit_planned=Count("id", filter=Q(status=status.VISIT_PLANNED)),
        visited=Count("id", filter=Q(status=status.VISITED)),
        high_interest=Count("id", filter=Q(interest=Interest.HIGH)),
        basic_interest=Count("id", filter=Q(interest=Interest.BASIC)),
        informed=Count("id", filter=Q(knew_dialogue=True)),
        asked_informed=Count("id", filter=Q(knew_dialogue__isnull=False)),
    )
    return Funnel(contacted=figures["targets"] - figures["not_contacted"], **figures)


@dataclass(frozen=True)
class FieldCount:
    code: str
    label: str
    count: int
    share: str


def _need_filter(campaign: Campaign | None, initiative, prefix: str = "") -> Q:
    """The needs of a campaign and/or an initiative's campaigns; `prefix` ("need__") applies
    the same filter from a table that points at the need, as a join."""
    condition = Q()
    if campaign is not None:
        condition &= Q(**{f"{prefix}target__campaign": campaign})
    if initiative is not None:
        condition &= Q(**{f"{prefix}target__campaign__initiative": initiative})
    return condition


def _needs_of(campaign: Campaign | None = None, initiative=None) -> QuerySet[Need]:
    return Need.objects.filter(_need_filter(campaign, initiative))


def _topic_counts(campaign: Campaign | None, initiative) -> dict[str, tuple[int, int]]:
    """Per topic: (needs, needs addressed by at least one measure), in one GROUP BY over
    the needs. A need counts as covered when its id is among the linked ones, a set the
    database builds once (PostgreSQL hashes it, SQLite keeps it as an index); no join that
    repeats a need per measure. (A correlated EXISTS per need measured slower on both:
    bench/outreach.py, 107 against 83 ms on SQLite, 144 against 40 ms on PostgreSQL.)"""
    linked = Need.measures.through.objects.values("need_id")
    figures = (
        _needs_of(campaign, initiative)
        .order_by()
        .values("topic")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(id__in=linked)))
        .values_list("topic", "total", "covered")
    )
    return {topic: (total, covered) for topic, total, covered in figures}


def _by_field(topic_counts: dict[str, tuple[int, int]]) -> list[FieldCount]:
    """Needs per field of the taxonomy, most frequent first ("other" last); the field of
    a need is the field of its topic (Need.save() derives it so)."""
    counts: dict[str, int] = {}
    for topic, (total, _covered) in topic_counts.items():
        code = field_of(topic)
        counts[code] = counts.get(code, 0) + total
    total = sum(counts.values())
    rows = [
        FieldCount(code, str(label), counts.get(code, 0), _percent(counts.get(code, 0), total))
        for code, label in NeedField.choices
    ]
    rows.sort(key=lambda row: -row.count)
    if counts.get(""):
        rows.append(
            FieldCount("", str(NeedTopic.OTHER.label), counts[""], _percent(counts[""], total))
        )
    return rows


def needs_by_field(*, campaign: Campaign | None = None, initiative=None) -> list[FieldCount]:
    """Needs per field of the taxonomy, most frequent first ("other" last). One query."""
    return _by_field(_topic_counts(campaign, initiative))


@dataclass
class TopicCoverage:
    topic: str
    label: str
    field: str
    needs: int
    covered: int
    measures: list[Measure] = dataclass_field(default_factory=list)

    @property
    def uncovered(self) -> int:
        return self.needs - self.covered

    @property
    def is_covered(self) -> bool:
        return self.needs > 0 and self.uncovered == 0


def _coverage(
    topic_counts: dict[str, tuple[int, int]], campaign: Campaign | None, initiative
) -> list[TopicCoverage]:
    """The coverage rows from the per-topic counts; the (topic, measure) pairs come from
    the links joined to their needs (one DISTINCT query), the measures from one more."""
    through = Need.measures.through
    links = (
        through.objects.filter(_need_filter(campaign, initiative, prefix="need__"))
        .order_by()
        .values_list("need__topic", "measure_id")
        .distinct()
    )
    measure_ids: dict[str, set[int]] = {}
    for topic, measure_id in links:
        measure_ids.setdefault(topic, set()).add(measure_id)
    return _coverage_rows(topic_counts, measure_ids)


def _coverage_rows(
    topic_counts: dict[str, tuple[int, int]], measure_ids: dict[str, set[int]]
) -> list[TopicCoverage]:
    """Topics with needs but no measure first, then by needs left uncovered."""
    wanted = {pk for ids in measure_ids.values() for pk in ids}
    measures = Measure.objects.in_bulk(wanted) if wanted else {}
    rows = [
        TopicCoverage(
            topic=topic,
            label=str(NeedTopic(topic).label),
            field=field_of(topic),
            needs=total,
            covered=covered,
            measures=sorted(
                (measures[pk] for pk in measure_ids.get(topic, ()) if pk in measures),
                key=lambda m: (m.sort_key, m.title),
            ),
        )
        for topic, (total, covered) in topic_counts.items()
    ]
    rows.sort(key=lambda r: (r.covered > 0, -r.uncovered, r.label))
    return rows


def need_coverage(*, campaign: Campaign | None = None, initiative=None) -> list[TopicCoverage]:
    """Per topic: how many needs, how many addressed by at least one measure, and which
    measures address them. Topics with needs but no measure come first. Three queries."""
    return _coverage(_topic_counts(campaign, initiative), campaign, initiative)


def need_figures(
    *, campaign: Campaign | None = None, initiative=None
) -> tuple[list[FieldCount], list[TopicCoverage]]:
    """`needs_by_field` and `need_coverage` together from one pass over the needs (the
    per-topic counts give both): three queries instead of four."""
    counts = _topic_counts(campaign, initiative)
    return _by_field(counts), _coverage(counts, campaign, initiative)


def campaign_need_figures(campaign: Campaign) -> tuple[list[FieldCount], list[TopicCoverage]]:
    """`need_figures(campaign=…)` from the counts kept per topic (CampaignNeedTopic,
    outreach.need_counts) instead of a pass over all needs: three small queries."""
    rows = CampaignNeedTopic.objects.filter(campaign=campaign).order_by("topic")
    counts = {row.topic: (row.needs, row.covered) for row in rows}
    measure_ids: dict[str, set[int]] = {}
    for topic, measure_id in CampaignNeedTopic.measures.through.objects.filter(
        campaignneedtopic__campaign=campaign
    ).values_list("campaignneedtopic__topic", "measure_id"):
        measure_ids.setdefault(topic, set()).add(measure_id)
    return _by_field(counts), _coverage_rows(counts, measure_ids)


def needs_summary(*, initiative=None) -> dict[str, Any]:
    """The needs of an initiative's campaigns by field and topic, with coverage (API)."""
    by_field, coverage = need_figures(initiative=initiative)
    return {
        "total": sum(row.count for row in by_field),
        "by_field": by_field,
        "topics": coverage,
    }


@dataclass(frozen=True)
class PartnerResponse:
    partner_id: int
    partner: str
    total: int
    open: int
    overdue: int
    answered: int
    median_days: float | None
    max_days: float | None


class SecondsBetween(Func):
    """The seconds from the first datetime to the second, as a float, computed by the
    database (no datetime to convert per row in Python)."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_sql(self, compiler, connection, **extra_context):
        extra_context.setdefault("template", "EXTRACT(EPOCH FROM (%(expressions)s))")
        extra_context.setdefault("arg_joiner", " - ")
        return super().as_sql(compiler, connection, **extra_context)

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)  # end - start


def follow_up_response_times(
    *, campaign: Campaign | None = None, today: dt.date | None = None
) -> list[PartnerResponse]:
    """Per partner: follow-ups routed, open, overdue, answered, median and longest time to
    answer in days (the time answered is the answer's, else the closing's). Three queries:
    the counts per partner, the durations of the answered ones (computed by the database),
    the partners' names; the medians here, so both databases agree."""
    today = today or timezone.localdate()
    follow_ups = FollowUp.objects.all()
    if campaign is not None:
        follow_ups = follow_ups.filter(target__campaign=campaign)
    is_open = Q(status=FollowUp.Status.OPEN)
    counts = (
        follow_ups.order_by()
        .values("partner_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_on__lt=today)),
        )
        .values_list("partner_id", "total", "open", "overdue")
    )
    figures = {row[0]: row[1:] for row in counts}
    if not figures:
        return []
    days: dict[int, list[float]] = {}
    for partner_id, seconds in (
        follow_ups.order_by()
        .annotate(answered=Coalesce("answered_at", "closed_at"))
        .filter(answered__isnull=False)
        .annotate(seconds=SecondsBetween("routed_at", "answered"))
        .values_list("partner_id", "seconds")
    ):
        days.setdefault(partner_id, []).append(seconds / 86400)
    names = dict(Organisation.objects.filter(pk__in=figures).values_list("pk", "name"))
    result = [
        PartnerResponse(
            partner_id=partner_id,
            partner=names.get(partner_id, ""),
            total=total,
            open=open_count,
            overdue=overdue,
            answered=len(days.get(partner_id, ())),
            median_days=(
                round(statistics.median(days[partner_id]), 1) if days.get(partner_id) else None
            ),
            max_days=round(max(days[partner_id]), 1) if days.get(partner_id) else None,
        )
        for partner_id, (total, open_count, overdue) in figures.items()
    ]
    result.sort(key=lambda r: (-r.overdue, -(r.median_days or 0), r.partner))
    return result


# --- targets, visits -----------------------------------------------------------------------


def target_list(
    user: Any,
    *,
    campaign: Campaign,
    status: str = "",
    interest: str = "",
    assigned_to: int | None = None,
    query: str = "",
) -> QuerySet[CampaignTarget]:
    _require_staff(user)
    queryset = CampaignTarget.objects.filter(campaign=campaign).select_related(
        "organisation", "assigned_to"
    )
    if status:
        queryset = queryset.filter(status=status)
    if interest:
        queryset = queryset.filter(interest=interest)
    if assigned_to is not None:
        queryset = queryset.filter(assigned_to_id=assigned_to or None)
    if query:
        queryset = queryset.filter(
            Q(organisation__name__icontains=query) | Q(organisation__short_name__icontains=query)
        )
    return queryset.order_by("organisation__sort_key", "id")


def target_get_for(user: Any, *, pk: int) -> CampaignTarget:
    _require_staff(user)
    try:
        return CampaignTarget.objects.select_related(
            "campaign__initiative", "organisation", "assigned_to"
        ).get(pk=pk)
    except CampaignTarget.DoesNotExist:
        raise Http404 from None


def target_history(target: CampaignTarget) -> dict[str, Any]:
    """What the target page shows: contact attempts, visits, needs, follow-ups, signals."""
    return {
        "attempts": list(
            ContactAttempt.objects.filter(target=target).select_related("recorded_by")
        ),
        "visits": list(Visit.objects.filter(target=target).prefetch_related("staff_participants")),
        "needs": list(
            Need.objects.filter(organisation=target.organisation).prefetch_related("measures")
        ),
        "follow_ups": list(
            FollowUp.objects.filter(organisation=target.organisation).select_related(
                "partner", "contact_person"
            )
        ),
        "signals": list(target.organisation.risk_flags.all()),
    }


def visit_get_for(user: Any, *, pk: int) -> Visit:
    """A visit with its report. Staff only: the notes are personal data."""
    _require_staff(user)
    try:
        return (
            Visit.objects.select_related("target__campaign", "target__organisation", "created_by")
            .prefetch_related(
                "staff_participants",
                "needs__measures",
                "follow_ups__partner",
                "risk_flags",
            )
            .get(pk=pk)
        )
    except Visit.DoesNotExist:
        raise Http404 from None


# --- follow-ups ----------------------------------------------------------------------------


def follow_ups_visible_to(user: Any) -> QuerySet[FollowUp]:
    """Staff see every follow-up; a partner member those routed to its organisation;
    everybody else none."""
    queryset = FollowUp.objects.select_related("organisation", "partner", "contact_person")
    if is_staff_member(user):
        return queryset
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(partner_id=organisation_id)


def follow_up_list(user: Any, *, status: str = "", partner: int | None = None):
    queryset = follow_ups_visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if partner is not None:
        queryset = queryset.filter(partner_id=partner)
    return queryset.order_by("status", "due_on", "id")


def follow_up_get_for(user: Any, *, pk: int) -> FollowUp:
    try:
        return follow_ups_visible_to(user).get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404 from None


# --- the dashboard's figures, kept per campaign --------------------------------------------

# The campaign dashboard's figures (with its two charts) are kept in Django's cache, which
# every web process shares (the database cache, or Redis), in four parts, each under a key
# with its own version per campaign: the funnel, the needs (by field and coverage), the
# partners' response times and the early-warning list. Every write service of the outreach
# app calls `dashboard_changed` with the campaigns it touches and the parts it changes,
# which gives those parts a new version: the next view computes just them anew (a status
# change the funnel, an answer the response times). Writes outside the outreach services
# (an organisation renamed, a measure's title changed) show after DASHBOARD_CACHE_SECONDS
# at the latest.
DASHBOARD_CACHE_SECONDS = 15 * 60
# Part of every key: a new value when what a part keeps changes shape (a release that adds
# a figure or its rendered HTML), so no process reads a part of the old shape.
DASHBOARD_FORMAT = 2
FUNNEL = "funnel"
NEEDS = "needs"
RESPONSES = "responses"
WARNINGS = "warnings"
DASHBOARD_PARTS = (FUNNEL, NEEDS, RESPONSES, WARNINGS)


def _dashboard_version_key(campaign_id: int, part: str) -> str:
    return f"outreach:dashboard-version:{campaign_id}:{part}"


def _dashboard_versions(campaign_id: int) -> dict[str, str]:
    """The current version of each part of the campaign's dashboard (one cache read; a new
    version for a part the cache has none of)."""
    keys = {part: _dashboard_version_key(campaign_id, part) for part in DASHBOARD_PARTS}
    found = cache.get_many(keys.values())
    versions = {}
    for part, key in keys.items():
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key) or ""
        versions[part] = found[key]
    return versions


def dashboard_version(campaign_id: int) -> str:
    """The versions of all parts of the campaign's dashboard, as one string."""
    return ":".join(_dashboard_versions(campaign_id).values())


def dashboard_changed(
    *,
    campaign_ids: Iterable[int | None] = (),
    target_ids: Iterable[int | None] = (),
    organisation_ids: Iterable[int | None] = (),
    parts: Iterable[str] = DASHBOARD_PARTS,
) -> None:
    """Mark `parts` of the dashboards of these campaigns, of the campaigns of these targets
    and of every campaign targeting one of these organisations (its signals show on each)
    as changed. Called by every outreach write service that changes what a dashboard shows.

    The versions change at once (the writing request sees its change) and again when the
    transaction commits, so figures another process computed from the old data in between
    do not stay."""
    parts = [part for part in parts if part in DASHBOARD_PARTS]
    ids = {pk for pk in campaign_ids if pk is not None}
    targets = [pk for pk in target_ids if pk is not None]
    organisations = [pk for pk in organisation_ids if pk is not None]
    if parts and (targets or organisations):
        ids |= set(
            CampaignTarget.objects.filter(Q(pk__in=targets) | Q(organisation_id__in=organisations))
            .order_by()
            .values_list("campaign_id", flat=True)
            .distinct()
        )
    if not ids or not parts:
        return

    def bump() -> None:
        cache.set_many(
            {_dashboard_version_key(pk, part): uuid.uuid4().hex for pk in ids for part in parts},
            None,
        )

    bump()
    transaction.on_commit(bump)


def dashboard_figures(
    campaign: Campaign,
    *,
    reference_day: dt.date,
    builders: dict[str, Callable[[], dict[str, Any]]],
) -> dict[str, Any]:
    """The dashboard's figures: each part from the cache, or built by `builders[part]()`
    and kept. Two cache reads when all parts are kept (the versions, the parts). A part's
    key holds the campaign, the part's version, the reference day (overdue follow-ups, the
    age of signals) and the language (labels, number formats in the charts)."""
    versions = _dashboard_versions(campaign.pk)
    prefix = f"outreach:dashboard:{DASHBOARD_FORMAT}:{campaign.pk}"
    suffix = f"{reference_day.isoformat()}:{translation.get_language() or ''}"
    keys = {part: f"{prefix}:{part}:{versions[part]}:{suffix}" for part in builders}
    found = cache.get_many(keys.values())
    figures: dict[str, Any] = {}
    built: dict[str, Any] = {}
    for part, key in keys.items():
        if key in found:
            figures |= found[key]
        else:
            built[key] = builders[part]()
            figures |= built[key]
    if built:
        cache.set_many(built, DASHBOARD_CACHE_SECONDS)
    return figures
