"""The public pages of the events app: the calendar (list and month), the iCal feeds, the
event page with its sessions and free seats, and the registration for one session (no
account needed). Reads go through the selectors (invisible = 404), the registration
through services.registration_create."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from industriedialog.core.selectors import initiative_get_for

from . import ics, selectors, services
from .forms import PERIOD_PAST, VIEW_MONTH, CalendarFilterForm, RegistrationForm
from .models import Event, Session, TargetGroup

PAGE_SIZE = 20


# --- calendar ------------------------------------------------------------------------------


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _shift_month(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "events/calendar.html", {"form": form}, status=400)
    data = form.cleaned_data
    filters = {
        "initiative": data["initiative"],
        "kind": data["art"],
        "target_group": data["zielgruppe"],
    }
    # The filters as a query string, for the view switch, month links and pagination.
    kept = {
        key: value
        for key, value in (
            ("initiative", data["initiative"].slug if data["initiative"] else ""),
            ("art", data["art"]),
            ("zielgruppe", data["zielgruppe"]),
        )
        if value
    }
    context: dict[str, Any] = {
        "form": form,
        "filtered": bool(kept),
        "initiative": data["initiative"],
        "filter_query": urlencode(kept),
    }
    now = timezone.now()
    if data["ansicht"] == VIEW_MONTH:
        month = data["monat"] or _month_start(timezone.localdate())
        following = _shift_month(month, 1)
        events = list(
            selectors.event_list(
                request.user, start=_aware(month), end=_aware(following), **filters
            )
        )
        context.update(
            view="month",
            month=month,
            previous_month=_shift_month(month, -1),
            next_month=following,
            weeks=[
                {"days": week, "is_busy": any(cell["events"] for cell in week)}
                for week in selectors.month_grid(month.year, month.month, events)
            ],
            events=events,
            today=timezone.localdate(),
        )
    else:
        past = data["zeitraum"] == PERIOD_PAST
        events_qs = selectors.event_list(request.user, **filters)
        if past:
            events_qs = events_qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
        else:
            events_qs = events_qs.filter(ends_at__gte=now)
        page = Paginator(events_qs, PAGE_SIZE).get_page(request.GET.get("seite"))
        query = dict(kept, **({"zeitraum": PERIOD_PAST} if past else {}))
        context.update(view="list", past=past, page=page, query_string=urlencode(query))
    return render(request, "events/calendar.html", context)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _base_url(request: HttpRequest) -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "") or request.build_absolute_uri("/")


def feed(request: HttpRequest) -> HttpResponse:
    """All events the visitor may see, with their sessions."""
    events = selectors.event_list(request.user).prefetch_related("sessions")
    name = _("Veranstaltungen – Industrie-Dialog %(city)s") % {"city": settings.PLATFORM_CITY}
    return _calendar_response(
        ics.events_feed(name, events, base_url=_base_url(request)), "veranstaltungen.ics"
    )


def initiative_feed(request: HttpRequest, initiative: str) -> HttpResponse:
    current = initiative_get_for(request.user, slug=initiative)
    events = selectors.event_list(request.user, initiative=current).prefetch_related("sessions")
    name = _("Veranstaltungen – %(initiative)s") % {"initiative": current.name}
    return _calendar_response(
        ics.events_feed(name, events, base_url=_base_url(request)), f"{current.slug}.ics"
    )


def event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for(request.user, slug=slug)
    return _calendar_response(
        ics.events_feed(event.title, [event], base_url=_base_url(request)), f"{event.slug}.ics"
    )


# --- event page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationState:
    """Where the event's registration window stands, for the page and its sessions."""

    is_open: bool
    label: str
    detail: str = ""
    is_past: bool = False


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M")


def registration_state(event: Event, now: dt.datetime | None = None) -> RegistrationState:
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    if event.status == Event.Status.CANCELLED:
        return RegistrationState(False, _("abgesagt"), _("Die Veranstaltung fällt aus."))
    if event.registration_is_open(now):
        return RegistrationState(
            True,
            _("Anmeldung geöffnet"),
            _("bis %(day)s Uhr") % {"day": _local(closes)},
        )
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationState(
            False,
            _("Anmeldung ab %(day)s Uhr") % {"day": _local(event.registration_opens_at)},
        )
    if event.ends_at < now:
        return RegistrationState(
            False, _("Anmeldung geschlossen"), _("Die Veranstaltung ist vorbei."), is_past=True
        )
    return RegistrationState(False, _("Anmeldung geschlossen"))


def _group_labels(codes: list[str]) -> list[str]:
    return [str(TargetGroup(code).label) for code in codes if code in TargetGroup.values]


def _is_full(session: Session) -> bool:
    # `available` is annotated by selectors.sessions_with_availability.
    return session.available <= 0  # type: ignore[attr-defined]


def _session_slots(event: Event) -> list[dict[str, Any]]:
    """The sessions grouped by their start (the tours of one round start together)."""
    slots: list[dict[str, Any]] = []
    for session in event.sessions.all():
        if not slots or slots[-1]["starts_at"] != session.starts_at:
            slots.append({"starts_at": session.starts_at, "rows": []})
        slots[-1]["rows"].append(
            {
                "session": session,
                "groups": _group_labels(session.allowed_groups()),
                "is_full": _is_full(session),
            }
        )
    return slots


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for(request.user, slug=slug)
    slots = _session_slots(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "state": registration_state(event),
            "slots": slots,
            "session_count": sum(len(slot["rows"]) for slot in slots),
            # Headings per start time only where several sessions start together.
            "grouped": len(slots) > 1 and any(len(slot["rows"]) > 1 for slot in slots),
            "hosts": list(event.hosts.all()),
            "event_groups": _group_labels(event.target_groups or TargetGroup.values),
        },
    )


# --- registration --------------------------------------------------------------------------


def _registration_rate(group: str, request: HttpRequest) -> str:
    # Read at request time, so that a changed setting (or a test override) applies.
    return settings.EVENTS_REGISTRATION_RATE


def _session_of(event: Event, session_id: int) -> Session:
    for session in event.sessions.all():
        if session.pk == session_id:
            return session
    raise Http404


@ratelimit(key="ip", rate=_registration_rate, method="POST", block=True)
def register(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """GET: the form. POST: register; a confirmed seat or a waiting-list place leads to the
    ticket page. Form errors answer 200, a duplicate 409, a filled-in honeypot 400; nothing
    is written in any of these cases."""
    event = selectors.event_get_for(request.user, slug=slug)
    session = _session_of(event, session_id)
    state = registration_state(event)
    status = 200
    duplicate = ""
    if request.method == "POST":
        form = RegistrationForm(request.POST, session=session, event=event)
        if form.is_bot:
            # A clear refusal rather than a fake success: no ticket exists to show, and a
            # person whose browser filled the field by mistake learns what happened.
            form.add_error(
                None,
                _(
                    "Die Anmeldung konnte nicht angenommen werden. Bitte laden Sie die Seite "
                    "neu und versuchen Sie es noch einmal."
                ),
            )
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                outcome = services.registration_create(
                    session=session,
                    name=data["name"],
                    email=data["email"],
                    target_group=data["target_group"],
                    answers=form.answers(),
                    actor=request.user if request.user.is_authenticated else None,
                )
            except services.AlreadyRegistered as error:
                duplicate = error.messages[0]
                status = 409
            except ValidationError as error:
                form.add_service_errors(
                    error.message_dict
                    if hasattr(error, "error_dict")
                    else {"session": error.messages}
                )
            else:
                if outcome.registration is not None:
                    messages.success(
                        request,
                        _(
                            "Sie sind angemeldet. Die Bestätigung mit Ihrem Ticket ist per "
                            "E-Mail unterwegs."
                        ),
                    )
                    return redirect("events:ticket", token=outcome.registration.cancel_token)
                assert outcome.entry is not None
                messages.info(
                    request,
                    _("Die Führung ist ausgebucht. Sie stehen jetzt auf der Warteliste."),
                )
                return redirect("events:ticket", token=outcome.entry.cancel_token)
    else:
        form = RegistrationForm(session=session, event=event)
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "session": session,
            "state": state,
            "form": form,
            "duplicate": duplicate,
            "groups": _group_labels(session.allowed_groups()),
            "is_full": _is_full(session),
        },
        status=status,
    )
