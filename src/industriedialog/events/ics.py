"""iCalendar files for events and sessions (RFC 5545, times in Europe/Berlin): one per
registration (attached to the confirmation), one feed per event and per initiative."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

from .models import Event, Session

BERLIN = ZoneInfo("Europe/Berlin")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Industrie-Dialog//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event_component(event: Event, *, base_url: str) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@industriedialog")
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", event.starts_at.astimezone(BERLIN))
    item.add("dtend", event.ends_at.astimezone(BERLIN))
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    if event.venue:
        item["location"] = vText(event.venue)
    if base_url:
        item.add("url", base_url.rstrip("/") + event.get_absolute_url())
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    return item


def _session_component(session: Session, *, base_url: str) -> CalendarEvent:
    event = session.event
    item = CalendarEvent()
    item.add("uid", f"session-{session.pk}@industriedialog")
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", session.starts_at.astimezone(BERLIN))
    item.add("dtend", session.ends_at.astimezone(BERLIN))
    item.add("summary", f"{event.title}: {session.title}")
    place = session.place or event.venue
    if place:
        item["location"] = vText(place)
    if session.description:
        item.add("description", session.description)
    if base_url:
        item.add("url", base_url.rstrip("/") + event.get_absolute_url())
    return item


def session_calendar(session: Session, *, base_url: str = "") -> bytes:
    calendar = _calendar(session.event.title)
    calendar.add_component(_session_component(session, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_feed(name: str, events: Iterable[Event], *, base_url: str = "") -> bytes:
    """A feed of events; an event with sessions lists them as well."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_event_component(event, base_url=base_url))
        for session in event.sessions.all():
            calendar.add_component(_session_component(session, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
