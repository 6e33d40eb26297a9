"""iCalendar files for meetings (RFC 5545, times in Europe/Berlin)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vText

from .models import Meeting

BERLIN = ZoneInfo("Europe/Berlin")


def meeting_calendar(meeting: Meeting, *, base_url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Industrie-Dialog//Sitzungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@industriedialog")
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(BERLIN))
    event.add("dtend", meeting.ends_at.astimezone(BERLIN))
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    agenda = "\n".join(f"TOP {item.position}: {item.title}" for item in meeting.agenda_items.all())
    description = agenda
    if meeting.online_url:
        description = f"{description}\n\nOnline: {meeting.online_url}".strip()
    if description:
        event.add("description", description)
    if meeting.location:
        event["location"] = vText(meeting.location)
    if base_url:
        event.add("url", base_url.rstrip("/") + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def public_base_url() -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "")
