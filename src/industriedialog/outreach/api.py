"""API of the outreach app under /api/v1/outreach/.

Campaigns, funnels, needs and the early-warning list are for staff (anonymous 401, other
roles 403). Follow-ups: staff see all, a partner member only those routed to its own
organisation (never visit notes), everybody else none."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError

from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for

from . import api_early_warning as early_warning_api
from . import services
from .permissions import partner_organisation_id
from .selectors import (
    campaign_funnel,
    campaign_get_for,
    campaign_list,
    follow_up_get_for,
    follow_up_list,
    needs_summary,
)

router = Router(tags=["Bestandspflege"])


def _user(request: HttpRequest):
    return getattr(request, "auth", None)


def _require_staff(request: HttpRequest) -> None:
    user = _user(request)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Anmeldung erforderlich: Authorization: Bearer <Token>."))
    if not is_staff_member(user):
        raise PermissionDenied(_("Das darf nur die Wirtschaftsförderung."))


class CampaignOut(Schema):
    id: int
    slug: str
    initiative: str
    name: str
    status: str
    starts_on: dt.date
    ends_on: dt.date | None
    targets: int
    target_filter: dict
    url: str


class FunnelOut(Schema):
    campaign_id: int
    targets: int
    not_contacted: int
    contacted: int
    declined: int
    visit_planned: int
    visited: int
    visits_planned_or_done: int
    high_interest: int
    basic_interest: int
    informed: int
    asked_informed: int
    informed_share: float


class FieldCountOut(Schema):
    field: str
    label: str
    count: int


class TopicOut(Schema):
    topic: str
    label: str
    field: str
    needs: int
    covered: int
    uncovered: int
    measures: list[str]


class NeedsSummaryOut(Schema):
    initiative: str | None
    total: int
    by_field: list[FieldCountOut]
    topics: list[TopicOut]


class FollowUpOut(Schema):
    id: int
    title: str
    request: str
    company: str
    company_id: int
    partner: str
    partner_id: int
    contact_person: str | None
    due_on: dt.date
    status: str
    status_label: str
    is_overdue: bool
    routed_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    url: str


class AnswerIn(Schema):
    answer: str
    close: bool = False


@router.get("/campaigns", response=list[CampaignOut], summary="Kampagnen (Wirtschaftsförderung)")
def campaigns(request: HttpRequest, initiative: str | None = None):
    _require_staff(request)
    current = initiative_get_for(_user(request), slug=initiative) if initiative else None
    return [
        {
            "id": c.pk,
            "slug": c.slug,
            "initiative": c.initiative.slug,
            "name": c.name,
            "status": c.status,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "targets": c.target_count,  # type: ignore[attr-defined]  # annotated by campaign_list
            "target_filter": c.target_filter,
            "url": c.get_absolute_url(),
        }
        for c in campaign_list(_user(request), initiative=current)
    ]


@router.get(
    "/campaigns/{campaign_id}/funnel", response=FunnelOut, summary="Trichter einer Kampagne"
)
def funnel(request: HttpRequest, campaign_id: int):
    _require_staff(request)
    campaign = campaign_get_for(_user(request), pk=campaign_id)
    figures = campaign_funnel(campaign)
    return {
        "campaign_id": campaign.pk,
        **{
            name: getattr(figures, name) for name in FunnelOut.model_fields if name != "campaign_id"
        },
    }


class SummaryQuery(Schema):
    initiative: str | None = None


@router.get("/needs/summary", response=NeedsSummaryOut, summary="Bedarfe nach Handlungsfeld")
def needs_summary_view(request: HttpRequest, filters: Query[SummaryQuery]):
    _require_staff(request)
    current = (
        initiative_get_for(_user(request), slug=filters.initiative) if filters.initiative else None
    )
    summary = needs_summary(initiative=current)
    return {
        "initiative": current.slug if current else None,
        "total": summary["total"],
        "by_field": [
            {"field": row.code, "label": row.label, "count": row.count}
            for row in summary["by_field"]
        ],
        "topics": [
            {
                "topic": row.topic,
                "label": row.label,
                "field": row.field,
                "needs": row.needs,
                "covered": row.covered,
                "uncovered": row.uncovered,
                "measures": [m.external_id for m in row.measures],
            }
            for row in summary["topics"]
        ],
    }


def follow_up_data(follow_up) -> dict:
    return {
        "id": follow_up.pk,
        "title": follow_up.title,
        "request": follow_up.request,
        "company": follow_up.organisation.name,
        "company_id": follow_up.organisation_id,
        "partner": follow_up.partner.name,
        "partner_id": follow_up.partner_id,
        "contact_person": str(follow_up.contact_person) if follow_up.contact_person else None,
        "due_on": follow_up.due_on,
        "status": follow_up.status,
        "status_label": str(follow_up.get_status_display()),
        "is_overdue": follow_up.is_overdue,
        "routed_at": follow_up.routed_at,
        "answer": follow_up.answer,
        "answered_at": follow_up.answered_at,
        "closed_at": follow_up.closed_at,
        "url": follow_up.get_absolute_url(),
    }


def _require_handler_role(request: HttpRequest) -> None:
    user = _user(request)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Anmeldung erforderlich: Authorization: Bearer <Token>."))
    if not is_staff_member(user) and partner_organisation_id(user) is None:
        raise PermissionDenied(
            _("Wiedervorlagen sehen nur die Wirtschaftsförderung und Partnerinstitutionen.")
        )


@router.get(
    "/follow-ups",
    response=list[FollowUpOut],
    summary="Wiedervorlagen (Partner: nur die an die eigene Organisation)",
)
def follow_ups(request: HttpRequest, status: str = ""):
    _require_handler_role(request)
    return [follow_up_data(f) for f in follow_up_list(_user(request), status=status)]


@router.post(
    "/follow-ups/{follow_up_id}/answer",
    response=FollowUpOut,
    summary="Wiedervorlage beantworten (und erledigen)",
)
def follow_up_answer(request: HttpRequest, follow_up_id: int, payload: AnswerIn):
    _require_handler_role(request)
    follow_up = follow_up_get_for(_user(request), pk=follow_up_id)
    if payload.close:
        follow_up = services.follow_up_close(
            actor=_user(request), follow_up=follow_up, answer=payload.answer
        )
    else:
        follow_up = services.follow_up_answer(
            actor=_user(request), follow_up=follow_up, answer=payload.answer
        )
    return follow_up_data(follow_up_get_for(_user(request), pk=follow_up.pk))


early_warning_api.register(router)
