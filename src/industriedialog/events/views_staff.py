"""Staff pages of the events app (`/verwaltung/veranstaltungen/…`: events with their fill
rates, creating and editing events and sessions, seats, waiting lists, attendance by target group,
exports) and the host pages (`/gastgeber/fuehrungen/…`: a company's or partner's own
sessions with the names of the registered people, printable). Staff pages answer 404 to
everybody else; a host sees only the sessions its organisation hosts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.core.permissions import is_staff_member
from industriedialog.core.tabular import CONTENT_TYPES
from industriedialog.web.service_calls import call_with_form

from . import exporting, selectors, services
from .forms_staff import CapacityForm, EventForm, EventUpdateForm, SessionForm, SessionUpdateForm
from .models import Event, Session, WaitlistEntry
from .permissions import host_organisation_id


def _require_staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


@dataclass(frozen=True)
class Fill:
    """Seats of one event or session: confirmed of capacity, and who waits."""

    capacity: int
    confirmed: int
    offered: int
    waiting: int

    @property
    def rate(self) -> float | None:
        return self.confirmed / self.capacity if self.capacity else None

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return round(rate * 100) if rate is not None else None

    @property
    def available(self) -> int:
        return max(self.capacity - self.confirmed - self.offered - self.waiting, 0)


def fill_of(sessions) -> Fill:
    """The sum over sessions annotated by selectors.sessions_with_availability."""
    return Fill(
        capacity=sum(s.capacity for s in sessions),
        confirmed=sum(s.confirmed for s in sessions),
        offered=sum(s.offered for s in sessions),
        waiting=sum(s.waitlist_length for s in sessions),
    )


# --- staff: events ---------------------------------------------------------------------------


def staff_event_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    events = list(
        selectors.events_visible_to(request.user)
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=selectors.sessions_with_availability().order_by("starts_at", "id"),
            )
        )
        .order_by("-starts_at", "id")
    )
    now = timezone.now()
    rows = [(event, fill_of(event.sessions.all())) for event in events]
    return render(
        request,
        "events/staff_event_list.html",
        {
            "upcoming": [row for row in reversed(rows) if row[0].ends_at >= now],
            "past": [row for row in rows if row[0].ends_at < now],
        },
    )


def staff_event_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = call_with_form(
            form,
            lambda: services.event_create(
                actor=request.user,
                initiative=form.cleaned_data["initiative"],
                data=form.event_data(),
                hosts=list(form.cleaned_data["hosts"]),
            ),
        )
        if event is not None:
            messages.success(
                request,
                _("Die Veranstaltung „%(title)s“ ist angelegt. Legen Sie jetzt ihre Führungen an.")
                % {"title": event.title},
            )
            return redirect("events:staff_event_detail", slug=event.slug)
    return render(request, "events/staff_event_form.html", {"form": form})


def _event_for_staff(request: HttpRequest, slug: str) -> Event:
    _require_staff(request)
    return selectors.event_get_for(request.user, slug=slug)


def staff_event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for_staff(request, slug)
    session_form = SessionForm(event=event, initial=_session_initial(event))
    if request.method == "POST":
        action = request.POST.get("aktion")
        if action == "fuehrung":
            session_form = SessionForm(request.POST, event=event)
            if session_form.is_valid():
                created = call_with_form(
                    session_form,
                    lambda: services.session_create(
                        actor=request.user, event=event, data=session_form.session_data()
                    ),
                )
                if created is not None:
                    messages.success(
                        request,
                        _("Die Führung „%(title)s“ ist angelegt.") % {"title": created.title},
                    )
                    return redirect("events:staff_event_detail", slug=event.slug)
        elif action == "plaetze":
            _change_capacity(request, event)
            return redirect(reverse("events:staff_event_detail", args=[event.slug]) + "#fuehrungen")
        else:
            raise Http404
    sessions = list(event.sessions.all())
    waiting: defaultdict[int, list[tuple[WaitlistEntry, int | None]]] = defaultdict(list)
    in_line: defaultdict[int, int] = defaultdict(int)
    for entry in WaitlistEntry.objects.filter(
        event=event, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).order_by("created_at", "id"):
        # The place in line counts only those still waiting (an offer holds a seat already).
        position = None
        if entry.status == WaitlistEntry.Status.WAITING:
            in_line[entry.session_id] += 1
            position = in_line[entry.session_id]
        waiting[entry.session_id].append((entry, position))
    return render(
        request,
        "events/staff_event_detail.html",
        {
            "event": event,
            "sessions": [(s, waiting.get(s.pk, [])) for s in sessions],
            "fill": fill_of(sessions),
            "attendance": [
                (row, _percent(row.attendance_rate), _percent(row.no_show_rate))
                for row in selectors.attendance_by_group(event=event)
            ],
            "session_form": session_form,
            "formats": exporting.FORMATS,
        },
    )


def _percent(rate: float | None) -> str:
    """„83,3 %“ (German decimal comma), „–“ without registrations."""
    if rate is None:
        return "–"
    return f"{rate * 100:.1f}".replace(".", ",") + " %"


def staff_event_update(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for_staff(request, slug)
    form = EventUpdateForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        updated = call_with_form(
            form,
            lambda: services.event_update(
                actor=request.user,
                event=event,
                data=form.event_data(),
                hosts=list(form.cleaned_data["hosts"]),
            ),
        )
        if updated is not None:
            messages.success(
                request,
                _("Die Veranstaltung „%(title)s“ ist gespeichert.") % {"title": updated.title},
            )
            return redirect("events:staff_event_detail", slug=updated.slug)
    return render(request, "events/staff_event_form.html", {"form": form, "event": event})


def staff_session_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    session = selectors.session_get_for(request.user, pk=pk)
    form = SessionUpdateForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        updated = call_with_form(
            form,
            lambda: services.session_update(
                actor=request.user, session=session, data=form.session_data()
            ),
        )
        if updated is not None:
            messages.success(
                request, _("Die Führung „%(title)s“ ist gespeichert.") % {"title": updated.title}
            )
            return redirect(
                reverse("events:staff_event_detail", args=[session.event.slug])
                + f"#fuehrung-{session.pk}"
            )
    return render(
        request,
        "events/staff_session_form.html",
        {"form": form, "session": session, "event": session.event},
    )


def _session_initial(event: Event) -> dict:
    return {"starts_at": event.starts_at, "ends_at": event.ends_at}


def _change_capacity(request: HttpRequest, event: Event) -> None:
    form = CapacityForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return
    session = (
        Session.objects.select_related("event").filter(event=event, pk=form.cleaned_data["session"])
    ).first()
    if session is None:
        raise Http404
    capacity = form.cleaned_data["capacity"]
    result = call_with_form(
        form,
        lambda: services.session_change_capacity(
            actor=request.user, session=session, capacity=capacity
        ),
    )
    if result is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{session.title}: {error}")
        return
    messages.success(
        request,
        _("%(title)s hat jetzt %(capacity)s Plätze.")
        % {"title": session.title, "capacity": capacity},
    )


def staff_event_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    event = _event_for_staff(request, slug)
    if file_format not in exporting.FORMATS:
        raise Http404
    response = HttpResponse(
        exporting.export(event, file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exporting.file_name(event, file_format)}"'
    )
    return response


# --- hosts -----------------------------------------------------------------------------------


def _require_host_or_staff(request: HttpRequest) -> None:
    if not (is_staff_member(request.user) or host_organisation_id(request.user) is not None):
        raise Http404


def host_session_list(request: HttpRequest) -> HttpResponse:
    _require_host_or_staff(request)
    now = timezone.now()
    sessions = list(selectors.sessions_hosted_by(request.user).order_by("starts_at", "title", "id"))
    return render(
        request,
        "events/host_session_list.html",
        {
            "upcoming": [s for s in sessions if s.ends_at >= now],
            "past": [s for s in reversed(sessions) if s.ends_at < now],
            "organisation": getattr(request.user, "organisation", None),
        },
    )


def host_session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_host(request.user, pk=pk)
    registrations = list(selectors.registrations_of(session).only("name", "checked_in_at"))
    template = (
        "events/host_session_print.html"
        if request.GET.get("druck") == "1"
        else "events/host_session_detail.html"
    )
    return render(
        request,
        template,
        {
            "session": session,
            "registrations": registrations,
            "checked_in": sum(1 for r in registrations if r.checked_in_at),
        },
    )
