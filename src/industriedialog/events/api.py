"""API of the events app.

Public: `GET /events?initiative=`, `GET /events/{id}` (sessions with `capacity`,
`available`, `waitlist_length`), `POST /sessions/{id}/registrations` (201 with `status`
`confirmed` or `waitlisted` and `position`; 409 when the e-mail already holds or waits for
a seat in the session; 422 with German messages), `POST /registrations/cancel`.
Staff: `POST /events`, `POST /events/{id}/sessions`. Staff and the session's host:
`POST /checkins` (for any session they may check in for, whatever the event's status)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError

from industriedialog.actors.models import Organisation
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for

from . import services
from .models import Event, EventKind, TargetGroup, WaitlistMode
from .selectors import (
    event_get_for,
    event_list,
    session_for_checkin,
    session_for_registration,
    session_get_for,
)

router = Router(tags=["Veranstaltungen"])


def _user(request: HttpRequest):
    return getattr(request, "auth", None)


def _require_signed_in(request: HttpRequest) -> Any:
    user = _user(request)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Anmeldung erforderlich: Authorization: Bearer <Token>."))
    return user


def _require_staff(request: HttpRequest) -> Any:
    user = _require_signed_in(request)
    if not is_staff_member(user):
        raise PermissionDenied(_("Das darf nur die Wirtschaftsförderung."))
    return user


class SessionOut(Schema):
    id: int
    title: str
    host: str | None
    host_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    capacity: int
    available: int
    waitlist_length: int
    target_groups: list[str]
    accessibility_notes: str
    language: str


class EventOut(Schema):
    id: int
    slug: str
    initiative: str
    kind: str
    kind_label: str
    title: str
    description: str
    venue: str
    hosts: list[str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    is_public: bool
    registration_open: bool
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    target_groups: list[str]
    is_example_data: bool
    url: str


class EventDetailOut(EventOut):
    max_sessions_per_person: int | None
    waitlist_mode: str
    questions: list[dict]
    sessions: list[SessionOut]


def session_data(session: Any) -> dict[str, Any]:
    """A session annotated by selectors.sessions_with_availability."""
    return {
        "id": session.pk,
        "title": session.title,
        "host": session.host.name if session.host else None,
        "host_id": session.host_id,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place,
        "capacity": session.capacity,
        "available": session.available,
        "waitlist_length": session.waitlist_length,
        "target_groups": session.allowed_groups(),
        "accessibility_notes": session.accessibility_notes,
        "language": session.language,
    }


def event_data(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "initiative": event.initiative.slug,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "title": event.title,
        "description": event.description,
        "venue": event.venue,
        "hosts": [host.name for host in event.hosts.all()],
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "status": event.status,
        "is_public": event.is_public,
        "registration_open": event.registration_is_open(),
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "target_groups": list(event.target_groups or TargetGroup.values),
        "is_example_data": event.is_example_data,
        "url": event.get_absolute_url(),
    }


def event_detail_data(event: Event) -> dict[str, Any]:
    return {
        **event_data(event),
        "max_sessions_per_person": event.max_sessions_per_person,
        "waitlist_mode": event.waitlist_mode,
        "questions": event.questions,
        "sessions": [session_data(s) for s in event.sessions.all()],
    }


@router.get("/events", response=list[EventOut], summary="Veranstaltungen", auth=None)
def events(request: HttpRequest, initiative: str | None = None, kind: str = ""):
    user = getattr(request, "user", None)
    current = initiative_get_for(user, slug=initiative) if initiative else None
    if kind and kind not in EventKind.values:
        raise ValidationError({"kind": _("Unbekannte Art „%(value)s“.") % {"value": kind}})
    return [event_data(e) for e in event_list(user, initiative=current, kind=kind)]


@router.get("/events/{event_id}", response=EventDetailOut, summary="Veranstaltung mit Führungen")
def event(request: HttpRequest, event_id: int):
    return event_detail_data(event_get_for(_user(request), pk=event_id))


class EventIn(Schema):
    initiative: str
    kind: EventKind
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    venue: str = Field("", max_length=300)
    host_ids: list[int] = []
    starts_at: dt.datetime
    ends_at: dt.datetime
    is_public: bool = True
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None
    target_groups: list[TargetGroup] = []
    max_sessions_per_person: int | None = Field(None, ge=1)
    waitlist_mode: WaitlistMode = WaitlistMode.DIRECT
    offer_hours: int = Field(24, ge=1, le=336)
    questions: list[dict] = []


@router.post("/events", response={201: EventDetailOut}, summary="Veranstaltung anlegen")
def event_create(request: HttpRequest, payload: EventIn):
    user = _require_staff(request)
    initiative = initiative_get_for(user, slug=payload.initiative)
    data = payload.dict(exclude={"initiative", "host_ids"})
    data["target_groups"] = [str(g) for g in payload.target_groups]
    hosts = list(Organisation.objects.filter(pk__in=payload.host_ids))
    if len(hosts) != len(set(payload.host_ids)):
        raise ValidationError({"host_ids": _("Unbekannte Organisation als Gastgeber.")})
    created = services.event_create(actor=user, initiative=initiative, data=data, hosts=hosts)
    return Status(201, event_detail_data(event_get_for(user, pk=created.pk)))


class SessionIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    host_id: int | None = None
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = Field("", max_length=300)
    capacity: int = Field(ge=1, le=100000)
    target_groups: list[TargetGroup] = []
    accessibility_notes: str = Field("", max_length=300)
    language: str = Field("Deutsch", max_length=40)


@router.post("/events/{event_id}/sessions", response={201: SessionOut}, summary="Führung anlegen")
def session_create(request: HttpRequest, event_id: int, payload: SessionIn):
    user = _require_staff(request)
    current = event_get_for(user, pk=event_id)
    data = payload.dict(exclude={"host_id"})
    data["target_groups"] = [str(g) for g in payload.target_groups]
    if payload.host_id is not None:
        data["host"] = get_object_or_404(Organisation, pk=payload.host_id)
    created = services.session_create(actor=user, event=current, data=data)
    return Status(201, session_data(session_get_for(user, pk=created.pk)))


class RegistrationIn(Schema):
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    target_group: str
    answers: dict[str, str] = {}


class RegistrationOut(Schema):
    status: str
    position: int | None = None
    session_id: int
    code: str | None = None
    cancel_token: str
    ticket_url: str | None = None


class ConflictOut(Schema):
    detail: str


@router.post(
    "/sessions/{session_id}/registrations",
    response={201: RegistrationOut, 409: ConflictOut},
    summary="Anmelden (ohne Konto)",
    auth=None,
)
def register(request: HttpRequest, session_id: int, payload: RegistrationIn):
    from django.urls import reverse

    session = session_for_registration(getattr(request, "user", None), pk=session_id)
    try:
        outcome = services.registration_create(
            session=session,
            name=payload.name,
            email=payload.email,
            target_group=payload.target_group,
            answers=payload.answers,
        )
    except services.AlreadyRegistered as error:
        return _json(409, {"detail": error.messages[0]})
    # The answers are written as the schemas above describe them (every field, None where
    # empty), without the schemas validating them once more: this is the hot path of a
    # registration rush, and the values come straight from the service.
    if outcome.registration is not None:
        registration = outcome.registration
        return _json(
            201,
            {
                "status": "confirmed",
                "position": None,
                "session_id": session.pk,
                "code": registration.code,
                "cancel_token": registration.cancel_token,
                "ticket_url": reverse("events:ticket", args=[registration.cancel_token]),
            },
        )
    assert outcome.entry is not None
    return _json(
        201,
        {
            "status": "waitlisted",
            "position": outcome.position,
            "session_id": session.pk,
            "code": None,
            "cancel_token": outcome.entry.cancel_token,
            "ticket_url": None,
        },
    )


def _json(status: int, body: dict[str, Any]) -> JsonResponse:
    # The content type django-ninja's renderer sends for the other answers of the API.
    return JsonResponse(body, status=status, content_type="application/json; charset=utf-8")


class CancelIn(Schema):
    token: str = Field(min_length=1, max_length=64)


class CancelOut(Schema):
    cancelled: str
    session_id: int
    promoted: int


@router.post("/registrations/cancel", response=CancelOut, summary="Anmeldung stornieren", auth=None)
def cancel(request: HttpRequest, payload: CancelIn):
    result = services.registration_cancel(token=payload.token)
    return {
        "cancelled": result.kind,
        "session_id": result.session.pk,
        "promoted": len(result.promoted),
    }


class CheckInIn(Schema):
    code: str = Field(max_length=64)
    nonce: str = Field(max_length=64)
    session_id: int


class CheckInOut(Schema):
    result: str
    result_label: str
    ok: bool
    name: str | None
    replayed: bool
    checked_in: int
    capacity: int


@router.post("/checkins", response=CheckInOut, summary="Einlass: Ticket prüfen")
def checkin(request: HttpRequest, payload: CheckInIn):
    from .selectors import checkin_summary

    user = _require_signed_in(request)
    # Whoever may open the door page may scan here too, whatever the event's status.
    session = session_for_checkin(user, pk=payload.session_id)
    outcome = services.checkin_record(
        actor=user, session=session, code=payload.code, nonce=payload.nonce
    )
    checkin = outcome.checkin
    return {
        "result": checkin.result,
        "result_label": str(checkin.get_result_display()),
        "ok": checkin.result == checkin.Result.OK,
        "name": outcome.registration.name if outcome.registration else None,
        "replayed": outcome.replayed,
        "checked_in": checkin_summary(session)["checked_in"],
        "capacity": session.capacity,
    }
