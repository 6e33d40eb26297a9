"""API of the early-warning list: `GET /api/v1/outreach/early-warning`, the firms with active
signals ranked by risk score, each with the reasons (factor by factor) behind its scores.
The rule is in early_warning.py and docs/early-warning.md.

Staff only: anonymous callers get 401, other roles 403 (German `detail`). An unknown
campaign or initiative answers 404. The outreach router calls `register(router)`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError

from industriedialog.core.selectors import initiative_get_for

from . import early_warning as rule
from .selectors import campaign_get_for

MAX_LIMIT = 1000


class EarlyWarningQuery(Schema):
    campaign: int | None = Field(None, description="nur die Zielunternehmen dieser Kampagne (ID)")
    initiative: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="nur die Zielunternehmen der Kampagnen dieser Initiative (Kürzel)",
    )
    include_opportunities: bool = Field(
        True, description="Chancen (Erweiterung, Investition) mitzählen und anzeigen"
    )
    limit: int | None = Field(
        None, ge=1, le=MAX_LIMIT, description="höchstens so viele Unternehmen (die ersten)"
    )


class EarlyWarningReasonOut(Schema):
    """One active signal: weight × severity × recency × size_factor = contribution."""

    flag_id: int
    kind: str = Field(..., description="Signalart, z. B. insolvency, relocation, expansion")
    kind_label: str
    is_opportunity: bool
    severity: int = Field(..., description="1 gering, 2 mittel, 3 hoch")
    severity_label: str
    observed_on: dt.date
    age_days: int
    weight: int
    recency: float = Field(..., description="0,5 hoch (Alter ÷ 180 Tage), zwei Nachkommastellen")
    size_factor: float
    contribution: float
    note: str


class EarlyWarningRowOut(Schema):
    rank: int
    organisation_id: int
    name: str
    slug: str
    url: str
    employee_band: str
    size_factor: float
    risk_score: float = Field(..., description="Summe der Beiträge der Risikosignale")
    opportunity_score: float = Field(..., description="Summe der Beiträge der Chancen")
    level: rule.WarningLevel = Field(..., description="acute (ab 20), watch (ab 8) oder low")
    level_label: str
    risk_reasons: list[EarlyWarningReasonOut]
    opportunity_reasons: list[EarlyWarningReasonOut]


class EarlyWarningOut(Schema):
    as_of: dt.date = Field(..., description="Stichtag, auf den sich das Alter der Signale bezieht")
    count: int
    results: list[EarlyWarningRowOut]


def reason_data(reason: rule.Reason) -> dict[str, Any]:
    return {
        "flag_id": reason.flag_id,
        "kind": reason.kind,
        "kind_label": reason.kind_label,
        "is_opportunity": reason.is_opportunity,
        "severity": reason.severity,
        "severity_label": reason.severity_label,
        "observed_on": reason.observed_on,
        "age_days": reason.age_days,
        "weight": reason.weight,
        "recency": float(reason.recency),
        "size_factor": float(reason.size_factor),
        "contribution": float(reason.contribution),
        "note": reason.note,
    }


def row_data(row: rule.EarlyWarningRow) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "organisation_id": row.organisation_id,
        "name": row.name,
        "slug": row.slug,
        "url": row.url,
        "employee_band": row.employee_band,
        "size_factor": float(row.size_factor),
        "risk_score": float(row.risk_score),
        "opportunity_score": float(row.opportunity_score),
        "level": row.level,
        "level_label": row.level_label,
        "risk_reasons": [reason_data(reason) for reason in row.risk_reasons],
        "opportunity_reasons": [reason_data(reason) for reason in row.opportunity_reasons],
    }


def early_warning(request: HttpRequest, filters: Query[EarlyWarningQuery]):
    """The firms with active early-warning signals, most urgent first (risk score, then
    opportunity score, then name), each with the factors of every signal. Filters:
    campaign (ID), initiative (slug), include_opportunities, limit."""
    user = getattr(request, "auth", None)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Anmeldung erforderlich: Authorization: Bearer <Token>."))
    rule.require_early_warning_access(user)
    campaign = campaign_get_for(user, pk=filters.campaign) if filters.campaign is not None else None
    initiative = (
        initiative_get_for(user, slug=filters.initiative)
        if filters.initiative is not None
        else None
    )
    today = timezone.localdate()
    rows = rule.early_warning_list(
        user,
        today=today,
        campaign=campaign,
        initiative=initiative,
        limit=filters.limit,
        include_opportunities=filters.include_opportunities,
    )
    return {
        "as_of": today,
        "count": len(rows),
        "results": [row_data(row) for row in rows],
    }


def register(router: Router) -> None:
    """Add `GET /early-warning` to the outreach router (mounted at /api/v1/outreach)."""
    router.get(
        "/early-warning",
        response=EarlyWarningOut,
        summary="Frühwarnliste (Wirtschaftsförderung)",
    )(early_warning)
