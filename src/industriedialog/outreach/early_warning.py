"""Early warning (Frühwarnung): how a firm's signals become an explainable score, and the
ranked list of firms that staff should look at first (docs/early-warning.md).

The rule
--------
Every *active* signal of a firm (`RiskFlag.resolved_on` empty, or after the reference day
`today`) contributes

    contribution = weight(kind) × severity × recency × size factor

* **weight** – how much the kind of signal says about a coming crisis
  (`RISK_WEIGHTS`: signs of insolvency 5, relocation considered 4, short-time work 3,
  succession open 3, energy-cost burden 2, skilled-worker shortage 2). Opportunity
  signals have their own weights (`OPPORTUNITY_WEIGHTS`: expansion 3, investment 2) and add
  up to a separate opportunity score: an expansion plan does not cancel a relocation risk.
* **severity** – the value of `Severity`: 1 low, 2 medium, 3 high.
* **recency** – `0.5 ** (age_days / HALF_LIFE_DAYS)` with a half-life of 180 days, rounded
  to two decimals: a signal observed today counts fully, one from half a year ago half,
  one from a year ago a quarter. A signal dated after `today` counts as observed today.
* **size factor** – more jobs are at stake in a larger firm (`SIZE_FACTORS` by the
  register's employee band: 1–9 → 1.0, 10–49 → 1.5, 50–249 → 2.0, 250–999 → 2.5,
  1,000 and more → 3.0; unknown → 1.0).

Each contribution is rounded to one decimal; the **risk score** is the sum of the risk
contributions, the **opportunity score** the sum of the opportunity contributions. So every
number on the page can be recomputed by hand from the factors shown next to it.

The **level** follows from the risk score: "akut" from `ACUTE_THRESHOLD` (20) on,
"beobachten" from `WATCH_THRESHOLD` (8) on, otherwise "niedrig". A fresh, medium sign of
insolvency at a firm with 50–249 employees (5 × 2 × 1.00 × 2.0 = 20.0) is acute by itself;
an open succession of the same strength at a firm with 10–49 employees (3 × 2 × 1.00 × 1.5
= 9.0) is one to watch.

Ranking: risk score descending, then opportunity score descending, then the firm's name.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from industriedialog.actors.models import EmployeeBand
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member

from .models import OPPORTUNITY_KINDS, Campaign, CampaignTarget, RiskFlag, RiskKind, Severity

# --- the constants of the rule (change them here and in docs/early-warning.md) -------------

RISK_WEIGHTS: Mapping[str, int] = {
    RiskKind.INSOLVENCY: 5,
    RiskKind.RELOCATION: 4,
    RiskKind.SHORT_TIME_WORK: 3,
    RiskKind.SUCCESSION: 3,
    RiskKind.ENERGY_COSTS: 2,
    RiskKind.SKILLED_WORKER_SHORTAGE: 2,
}
OPPORTUNITY_WEIGHTS: Mapping[str, int] = {
    RiskKind.EXPANSION: 3,
    RiskKind.INVESTMENT: 2,
}
HALF_LIFE_DAYS = 180
SIZE_FACTORS: Mapping[str, Decimal] = {
    EmployeeBand.MICRO: Decimal("1.0"),
    EmployeeBand.SMALL: Decimal("1.5"),
    EmployeeBand.MEDIUM: Decimal("2.0"),
    EmployeeBand.LARGE: Decimal("2.5"),
    EmployeeBand.VERY_LARGE: Decimal("3.0"),
}
UNKNOWN_SIZE_FACTOR = Decimal("1.0")
ACUTE_THRESHOLD = Decimal(20)
WATCH_THRESHOLD = Decimal(8)

RECENCY_STEP = Decimal("0.01")  # the recency factor is rounded to two decimals …
CONTRIBUTION_STEP = Decimal("0.1")  # … each contribution (and so the score) to one

PERMISSION = "outreach.view_early_warning"  # staff (rules.py)


class WarningLevel(models.TextChoices):
    """The level of a firm's risk score; the codes are stable (API), labels translated."""

    ACUTE = "acute", gettext_lazy("akut")
    WATCH = "watch", gettext_lazy("beobachten")
    LOW = "low", gettext_lazy("niedrig")


# --- the factors -----------------------------------------------------------------------------


def _round(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def age_in_days(observed_on: dt.date, today: dt.date) -> int:
    """Days from the observation to `today`; a date after `today` counts as today."""
    return max(0, (today - observed_on).days)


@lru_cache(maxsize=4096)
def recency_factor(age_days: int) -> Decimal:
    """`0.5 ** (age_days / HALF_LIFE_DAYS)`, rounded to two decimals (1.00 for today,
    0.50 after 180 days, 0.25 after 360 days)."""
    exact = 0.5 ** (max(0, age_days) / HALF_LIFE_DAYS)
    return _round(Decimal(repr(exact)), RECENCY_STEP)


def size_factor(employee_band: str) -> Decimal:
    """The factor of the register's employee band; 1.0 when the band is unknown."""
    return SIZE_FACTORS.get(employee_band, UNKNOWN_SIZE_FACTOR)


@lru_cache(maxsize=8192)
def contribution_of(weight: int, severity: int, recency: Decimal, size: Decimal) -> Decimal:
    """weight × severity × recency × size factor, rounded to one decimal."""
    return _round(weight * severity * recency * size, CONTRIBUTION_STEP)


def weight_of(kind: str) -> int:
    return RISK_WEIGHTS.get(kind) or OPPORTUNITY_WEIGHTS[kind]


def level_for(risk_score: Decimal) -> str:
    if risk_score >= ACUTE_THRESHOLD:
        return WarningLevel.ACUTE
    if risk_score >= WATCH_THRESHOLD:
        return WarningLevel.WATCH
    return WarningLevel.LOW


# --- scoring ---------------------------------------------------------------------------------


class Signal(NamedTuple):
    """What the rule needs of one signal (a `RiskFlag`)."""

    id: int
    kind: str
    severity: int
    observed_on: dt.date
    note: str = ""


class Reason(NamedTuple):
    """One active signal with its factors: weight × severity × recency × size factor =
    contribution."""

    flag_id: int
    kind: str
    kind_label: str
    is_opportunity: bool
    severity: int
    severity_label: str
    observed_on: dt.date
    age_days: int
    weight: int
    recency: Decimal
    size_factor: Decimal
    contribution: Decimal
    note: str


@dataclass
class RankedFirm:
    """A firm with its active signals and its scores, before the reasons are spelled out
    (ranking thousands of firms needs only the sums)."""

    organisation_id: int
    name: str
    slug: str
    employee_band: str
    sort_key: str
    signals: list[Signal]
    risk_score: Decimal
    opportunity_score: Decimal

    @property
    def level(self) -> str:
        return level_for(self.risk_score)


@dataclass
class EarlyWarningRow:
    """A firm in the ranked list with its scores and the reasons for them."""

    rank: int
    organisation_id: int
    name: str
    slug: str
    employee_band: str
    size_factor: Decimal
    risk_score: Decimal
    opportunity_score: Decimal
    level: str
    risk_reasons: list[Reason] = field(default_factory=list)
    opportunity_reasons: list[Reason] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return str(WarningLevel(self.level).label)

    @property
    def employee_band_label(self) -> str:
        if self.employee_band in EmployeeBand.values:
            return str(EmployeeBand(self.employee_band).label)
        return _("Größe unbekannt")

    @property
    def url(self) -> str:
        return reverse("actors:organisation_detail", kwargs={"slug": self.slug})

    @property
    def reasons(self) -> list[Reason]:
        return [*self.risk_reasons, *self.opportunity_reasons]


@dataclass(frozen=True)
class Labels:
    """The translated labels of the signal kinds and severities, looked up once per list
    (translating them for every signal would cost more than the scoring)."""

    kinds: Mapping[str, str]
    severities: Mapping[int, str]

    @classmethod
    def current(cls) -> Labels:
        return cls(
            kinds={kind.value: str(kind.label) for kind in RiskKind},
            severities={severity.value: str(severity.label) for severity in Severity},
        )


def reason_for(
    signal: Signal, *, employee_band: str, today: dt.date, labels: Labels | None = None
) -> Reason:
    """One signal with every factor of its contribution."""
    labels = labels or Labels.current()
    age = age_in_days(signal.observed_on, today)
    weight = weight_of(signal.kind)
    recency = recency_factor(age)
    size = size_factor(employee_band)
    return Reason(
        flag_id=signal.id,
        kind=signal.kind,
        kind_label=labels.kinds[signal.kind],
        is_opportunity=signal.kind in OPPORTUNITY_KINDS,
        severity=signal.severity,
        severity_label=labels.severities[signal.severity],
        observed_on=signal.observed_on,
        age_days=age,
        weight=weight,
        recency=recency,
        size_factor=size,
        contribution=contribution_of(weight, signal.severity, recency, size),
        note=signal.note,
    )


@lru_cache(maxsize=65536)
def _signal_contribution(
    kind: str, severity: int, observed_on: dt.date, employee_band: str, today: dt.date
) -> Decimal:
    # Many signals share kind, strength, date and band: one cached call per signal keeps
    # ranking thousands of firms cheap.
    return contribution_of(
        weight_of(kind),
        severity,
        recency_factor(age_in_days(observed_on, today)),
        size_factor(employee_band),
    )


def rank_firm(
    signals: list[Signal],
    *,
    organisation_id: int,
    name: str,
    slug: str = "",
    employee_band: str = "",
    sort_key: str = "",
    today: dt.date,
) -> RankedFirm:
    """The risk and opportunity scores of one firm: the sums of its signals' contributions
    (the same `contribution_of` as the reasons, so the two always agree)."""
    risk_score = opportunity_score = Decimal("0.0")
    for signal in signals:
        contribution = _signal_contribution(
            signal.kind, signal.severity, signal.observed_on, employee_band, today
        )
        if signal.kind in OPPORTUNITY_KINDS:
            opportunity_score += contribution
        else:
            risk_score += contribution
    return RankedFirm(
        organisation_id=organisation_id,
        name=name,
        slug=slug,
        employee_band=employee_band,
        sort_key=sort_key or name.casefold(),
        signals=signals,
        risk_score=risk_score,
        opportunity_score=opportunity_score,
    )


def ranked(firms: Iterable[RankedFirm]) -> list[RankedFirm]:
    """Risk score descending, then opportunity score descending, then name."""
    return sorted(
        firms,
        key=lambda firm: (
            -firm.risk_score,
            -firm.opportunity_score,
            firm.sort_key,
            firm.organisation_id,
        ),
    )


def explain(
    firm: RankedFirm, *, today: dt.date, rank: int = 1, labels: Labels | None = None
) -> EarlyWarningRow:
    """The row of a ranked firm with its reasons, strongest first."""
    labels = labels or Labels.current()
    reasons = sorted(
        (
            reason_for(signal, employee_band=firm.employee_band, today=today, labels=labels)
            for signal in firm.signals
        ),
        key=lambda reason: (-reason.contribution, -reason.observed_on.toordinal(), reason.flag_id),
    )
    return EarlyWarningRow(
        rank=rank,
        organisation_id=firm.organisation_id,
        name=firm.name,
        slug=firm.slug,
        employee_band=firm.employee_band,
        size_factor=size_factor(firm.employee_band),
        risk_score=firm.risk_score,
        opportunity_score=firm.opportunity_score,
        level=firm.level,
        risk_reasons=[reason for reason in reasons if not reason.is_opportunity],
        opportunity_reasons=[reason for reason in reasons if reason.is_opportunity],
    )


def explain_all(
    firms: Iterable[RankedFirm], *, today: dt.date, first_rank: int = 1
) -> list[EarlyWarningRow]:
    """Rows with reasons for a run of the ranking (a page, the top ten), numbered from
    `first_rank`."""
    labels = Labels.current()
    return [
        explain(firm, today=today, rank=rank, labels=labels)
        for rank, firm in enumerate(firms, start=first_rank)
    ]


# --- the selectors ---------------------------------------------------------------------------

SIGNAL_COLUMNS = (
    "id",
    "kind",
    "severity",
    "observed_on",
    "note",
    "organisation_id",
    "organisation__name",
    "organisation__slug",
    "organisation__employee_band",
    "organisation__sort_key",
)


def require_early_warning_access(user: Any) -> None:
    """Staff only; everyone else is refused (the pages answer 404, the API 403)."""
    if not is_staff_member(user):
        raise PermissionDenied(
            _("Die Frühwarnliste sehen nur Mitarbeitende der Wirtschaftsförderung.")
        )


def active_signals(today: dt.date) -> models.QuerySet[RiskFlag]:
    """Signals not resolved by `today`."""
    return RiskFlag.objects.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=today))


def _active_flags(
    *,
    today: dt.date,
    campaign: Campaign | None,
    initiative: Initiative | None,
    include_opportunities: bool,
) -> models.QuerySet[RiskFlag]:
    """The active signals the filters keep (see `early_warning_ranking`)."""
    flags = active_signals(today)
    if not include_opportunities:
        flags = flags.exclude(kind__in=OPPORTUNITY_KINDS)
    if campaign is not None or initiative is not None:
        targets = CampaignTarget.objects.all()
        if campaign is not None:
            targets = targets.filter(campaign=campaign)
        if initiative is not None:
            targets = targets.filter(campaign__initiative=initiative)
        # EXISTS per signal, not IN over the targets: SQLite then reads the signals and
        # probes the (campaign, organisation) index, instead of looking up every target's
        # firm (bench/outreach.py: 19 → 11 ms for 2,218 of 3,000 signals, 10,000 targets).
        flags = flags.filter(Exists(targets.filter(organisation_id=OuterRef("organisation_id"))))
    return flags.order_by()


def _ranked_firms(flags: models.QuerySet[RiskFlag], today: dt.date) -> list[RankedFirm]:
    """The firms of these signals, ranked; one query."""
    by_firm: dict[int, list[Signal]] = {}
    firms: dict[int, tuple[str, str, str, str]] = {}
    for flag_id, kind, severity, observed_on, note, firm_id, *firm in flags.values_list(
        *SIGNAL_COLUMNS
    ):
        if firm_id not in firms:
            firms[firm_id] = tuple(firm)  # type: ignore[assignment]
            by_firm[firm_id] = []
        by_firm[firm_id].append(Signal(flag_id, kind, severity, observed_on, note))
    return ranked(
        rank_firm(
            signals,
            organisation_id=firm_id,
            name=firms[firm_id][0],
            slug=firms[firm_id][1],
            employee_band=firms[firm_id][2],
            sort_key=firms[firm_id][3],
            today=today,
        )
        for firm_id, signals in by_firm.items()
    )


def early_warning_ranking(
    user: Any,
    *,
    today: dt.date,
    campaign: Campaign | None = None,
    initiative: Initiative | None = None,
    include_opportunities: bool = True,
) -> list[RankedFirm]:
    """The firms with active signals, ranked (see the module docstring), scores only.

    `campaign` keeps the targets of that campaign, `initiative` the targets of its
    campaigns (both together: the campaign's targets if it belongs to the initiative).
    Without opportunities only risk signals count, and firms with nothing but
    opportunities drop out. One query, whatever the number of firms."""
    return early_warning_top(
        user,
        today=today,
        limit=None,
        campaign=campaign,
        initiative=initiative,
        include_opportunities=include_opportunities,
    )


SCORE_COLUMNS = (
    "organisation_id",
    "kind",
    "severity",
    "observed_on",
    "organisation__employee_band",
)


def early_warning_top(
    user: Any,
    *,
    today: dt.date,
    limit: int | None,
    campaign: Campaign | None = None,
    initiative: Initiative | None = None,
    include_opportunities: bool = True,
) -> list[RankedFirm]:
    """`early_warning_ranking(…)[:limit]`, the same firms in the same order, for a short
    list (the dashboard's ten) without building every firm: a first query reads only what
    the scores need and sums them per firm; the firms that can be among the first `limit`
    (those scoring at least as high as the `limit`-th, ties included) are then ranked as
    `early_warning_ranking` ranks, from a second query over their signals alone. Without
    a limit: the whole ranking, from one query."""
    require_early_warning_access(user)
    flags = _active_flags(
        today=today,
        campaign=campaign,
        initiative=initiative,
        include_opportunities=include_opportunities,
    )
    if limit is None:
        return _ranked_firms(flags, today)
    zero = Decimal("0.0")
    risk: dict[int, Decimal] = {}
    opportunity: dict[int, Decimal] = {}
    for firm_id, kind, severity, observed_on, band in flags.values_list(*SCORE_COLUMNS):
        contribution = _signal_contribution(kind, severity, observed_on, band, today)
        scores = opportunity if kind in OPPORTUNITY_KINDS else risk
        scores[firm_id] = scores.get(firm_id, zero) + contribution
    keys = {
        firm_id: (-risk.get(firm_id, zero), -opportunity.get(firm_id, zero))
        for firm_id in risk.keys() | opportunity.keys()
    }
    if not keys or limit <= 0:
        return []
    boundary = heapq.nsmallest(limit, keys.values())[-1]
    candidates = [firm_id for firm_id, key in keys.items() if key <= boundary]
    return _ranked_firms(flags.filter(organisation_id__in=candidates), today)[:limit]


def early_warning_list(
    user: Any,
    *,
    today: dt.date | None = None,
    campaign: Campaign | None = None,
    initiative: Initiative | None = None,
    limit: int | None = None,
    include_opportunities: bool = True,
) -> list[EarlyWarningRow]:
    """The ranked firms with their reasons (the first `limit` of them); only the rows kept
    are spelled out. Filters as `early_warning_ranking`."""
    today = today or timezone.localdate()
    ranking = early_warning_top(
        user,
        today=today,
        limit=limit,
        campaign=campaign,
        initiative=initiative,
        include_opportunities=include_opportunities,
    )
    return explain_all(ranking, today=today)


@dataclass(frozen=True)
class RuleRow:
    """A line of the rule's explanation on the page: a signal kind and its weight."""

    kind: str
    label: str
    weight: int
    is_opportunity: bool


def rule_weights() -> list[RuleRow]:
    """The weights as the page lists them, risks first, heaviest first."""
    rows = [
        RuleRow(kind, str(RiskKind(kind).label), weight, False)
        for kind, weight in RISK_WEIGHTS.items()
    ]
    rows += [
        RuleRow(kind, str(RiskKind(kind).label), weight, True)
        for kind, weight in OPPORTUNITY_WEIGHTS.items()
    ]
    return rows


def rule_size_factors() -> list[tuple[str, Decimal]]:
    """(band label, factor) for every band and for an unknown size."""
    return [
        *((str(EmployeeBand(band).label), factor) for band, factor in SIZE_FACTORS.items()),
        (_("Größe unbekannt"), UNKNOWN_SIZE_FACTOR),
    ]
