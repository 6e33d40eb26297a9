"""API of the dialog app: bodies, meetings, vote results; staff create and change."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from industriedialog.core.models import Initiative

from . import services
from .models import Body, BodyKind, BodyStatus
from .selectors import (
    bodies_visible_to,
    body_get_for,
    composition_of,
    meetings_visible_to,
    members_visible_for,
    vote_get_for,
    vote_result,
)

router = Router(tags=["Gremien"])


def _user(request: HttpRequest):
    return getattr(request, "auth", None)


class MemberOut(Schema):
    name: str
    organisation: str
    organisation_id: int
    role: str
    role_label: str
    since: dt.date


class BodyOut(Schema):
    id: int
    slug: str
    initiative: str
    kind: str
    kind_label: str
    name: str
    short_name: str
    parent_id: int | None
    topic: str
    description: str
    status: str
    min_company_members: int | None
    cadence_months: int | None
    url: str


class BodyDetailOut(BodyOut):
    company_members: int
    intermediaries: int
    composition_met: bool
    members: list[MemberOut]


def body_data(body: Body) -> dict:
    return {
        "id": body.pk,
        "slug": body.slug,
        "initiative": body.initiative.slug,
        "kind": body.kind,
        "kind_label": str(body.get_kind_display()),
        "name": body.name,
        "short_name": body.short_name,
        "parent_id": body.parent_id,
        "topic": body.topic,
        "description": body.description,
        "status": body.status,
        "min_company_members": body.min_company_members,
        "cadence_months": body.cadence_months,
        "url": body.get_absolute_url(),
    }


@router.get("/bodies", response=list[BodyOut], summary="Gremien einer Initiative")
def list_bodies(request: HttpRequest, initiative: str = ""):
    bodies = bodies_visible_to(_user(request))
    if initiative:
        bodies = bodies.filter(initiative__slug=initiative)
    return [body_data(body) for body in bodies.order_by("initiative__start_date", "order", "name")]


@router.get("/bodies/{body_id}", response=BodyDetailOut, summary="Gremium mit Mitgliedern")
def get_body(request: HttpRequest, body_id: int):
    """Members are listed only when they agreed to be named (members and staff see all)."""
    user = _user(request)
    body = body_get_for(user, pk=body_id)
    composition = composition_of(body)
    members = [
        {
            "name": m.person.full_name,
            "organisation": m.organisation.name,
            "organisation_id": m.organisation_id,
            "role": m.role,
            "role_label": str(m.get_role_display()),
            "since": m.start_date,
        }
        for m in members_visible_for(user, body)
    ]
    return {
        **body_data(body),
        "company_members": composition.companies,
        "intermediaries": composition.intermediaries,
        "composition_met": composition.is_met,
        "members": members,
    }


class BodyIn(Schema):
    initiative: str
    kind: BodyKind
    name: str = Field(..., min_length=2, max_length=200)
    short_name: str = ""
    parent_id: int | None = None
    topic: str = ""
    description: str = ""
    status: BodyStatus = BodyStatus.ACTIVE
    min_company_members: int | None = Field(None, ge=0)
    cadence_months: int | None = Field(None, ge=1, le=24)
    is_public: bool = True


@router.post("/bodies", response={201: BodyOut}, summary="Gremium anlegen (Wirtschaftsförderung)")
def create_body(request: HttpRequest, payload: BodyIn):
    initiative = get_object_or_404(Initiative, slug=payload.initiative)
    data = payload.dict(exclude={"initiative", "parent_id"})
    if payload.parent_id is not None:
        data["parent"] = body_get_for(_user(request), pk=payload.parent_id)
    body = services.body_create(actor=_user(request), initiative=initiative, data=data)
    return Status(201, body_data(body))


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    online_url: str
    status: str
    agenda: list[str]
    decisions: list[str]
    url: str


class MeetingFilters(Schema):
    body: int | None = None
    upcoming: bool = False


@router.get("/meetings", response=list[MeetingOut], summary="Sitzungen")
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]):
    meetings = meetings_visible_to(_user(request)).prefetch_related("agenda_items", "decisions")
    if filters.body is not None:
        meetings = meetings.filter(body_id=filters.body)
    if filters.upcoming:
        from django.utils import timezone

        meetings = meetings.filter(starts_at__gte=timezone.now())
    return [
        {
            "id": m.pk,
            "body_id": m.body_id,
            "title": m.title,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "location": m.location,
            "online_url": m.online_url,
            "status": m.status,
            "agenda": [a.title for a in m.agenda_items.all()],
            "decisions": [d.text for d in m.decisions.all()],
            "url": m.get_absolute_url(),
        }
        for m in meetings.order_by("-starts_at")
    ]


class MeetingIn(Schema):
    body_id: int
    title: str = Field(..., min_length=2, max_length=200)
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = ""
    online_url: str = ""
    agenda: list[str] = []


@router.post("/meetings", response={201: MeetingOut}, summary="Sitzung anlegen")
def create_meeting(request: HttpRequest, payload: MeetingIn):
    body = body_get_for(_user(request), pk=payload.body_id)
    meeting = services.meeting_create(
        actor=_user(request),
        body=body,
        data=payload.dict(exclude={"body_id", "agenda"}),
        agenda=payload.agenda,
    )
    return Status(
        201,
        {
            "id": meeting.pk,
            "body_id": body.pk,
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "status": meeting.status,
            "agenda": payload.agenda,
            "decisions": [],
            "url": meeting.get_absolute_url(),
        },
    )


class OptionResult(Schema):
    option_id: int
    label: str
    approvals: int | None = None
    rank: int | None = None


class VoteResultOut(Schema):
    vote_id: int
    title: str
    method: str
    secrecy: str
    ballots: int
    eligible: int
    turnout: float
    winners: list[str]
    options: list[OptionResult]
    voters: list[str]


@router.get("/votes/{vote_id}/result", response=VoteResultOut, summary="Ergebnis einer Abstimmung")
def get_vote_result(request: HttpRequest, vote_id: int):
    """Only after the vote is closed (404 before). Secret votes name no voters."""
    vote = vote_get_for(_user(request), vote_id)
    result = vote_result(vote)
    options = []
    if result.approval is not None:
        winners = [result.labels[o] for o in result.approval.winners]
        options = [
            {"option_id": o, "label": result.labels[o], "approvals": count}
            for o, count in result.approval.counts.items()
        ]
    else:
        assert result.schulze is not None
        winners = [result.labels[o] for o in result.schulze.winners]
        for rank, group in enumerate(result.schulze.ranking, start=1):
            options += [{"option_id": o, "label": result.labels[o], "rank": rank} for o in group]
    return {
        "vote_id": vote.pk,
        "title": vote.title,
        "method": vote.method,
        "secrecy": vote.secrecy,
        "ballots": result.ballots,
        "eligible": result.eligible,
        "turnout": round(result.turnout, 4),
        "winners": winners,
        "options": options,
        "voters": result.voters,
    }
