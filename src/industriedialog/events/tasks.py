"""Mails of the events app, sent after commit. Tasks take primary keys and are safe to run
twice (they only send)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone


def _base_url() -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")


def _when(session) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{start:%d.%m.%Y, %H:%M}–{end:%H:%M} Uhr"


@task
def mail_registration(registration_id: int, from_waitlist: bool = False) -> int:
    """The confirmation: ticket code with QR code, .ics file and cancel link."""
    from .ics import session_calendar
    from .models import Registration
    from .tickets import qr_png

    registration = (
        Registration.objects.select_related("session__event", "session__host")
        .filter(pk=registration_id, status=Registration.Status.CONFIRMED)
        .first()
    )
    if registration is None:
        return 0
    session, event = registration.session, registration.session.event
    base = _base_url()
    lead = (
        "ein Platz auf der Warteliste ist frei geworden und gehört jetzt Ihnen"
        if from_waitlist
        else "Ihre Anmeldung ist bestätigt"
    )
    body = (
        f"Guten Tag {registration.name},\n\n{lead}:\n\n"
        f"{event.title}\n{session.title}\n{_when(session)}\n"
        f"Treffpunkt: {session.place or event.venue or 'wird noch mitgeteilt'}\n"
        + (f"Gastgeber: {session.host.name}\n" if session.host else "")
        + f"\nIhr Ticketcode: {registration.code}\n"
        "Bitte zeigen Sie den QR-Code im Anhang (oder den Code) am Einlass.\n\n"
        f"Ticket: {base}{reverse('events:ticket', args=[registration.cancel_token])}\n"
        f"Stornieren: {base}{reverse('events:cancel', args=[registration.cancel_token])}\n"
    )
    message = EmailMessage(
        subject=f"Anmeldung bestätigt: {event.title} – {session.title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach("termin.ics", session_calendar(session, base_url=base), "text/calendar")
    message.attach(f"ticket-{registration.code}.png", qr_png(registration.code), "image/png")
    return message.send()


@task
def mail_waitlisted(entry_id: int, position: int) -> int:
    from .models import WaitlistEntry

    entry = WaitlistEntry.objects.select_related("session__event").filter(pk=entry_id).first()
    if entry is None:
        return 0
    session, event = entry.session, entry.session.event
    base = _base_url()
    body = (
        f"Guten Tag {entry.name},\n\n"
        f"die Führung „{session.title}“ ({_when(session)}) bei „{event.title}“ ist ausgebucht. "
        f"Sie stehen auf Platz {position} der Warteliste. Wird ein Platz frei, "
        "rücken Sie automatisch nach und erhalten eine E-Mail.\n\n"
        f"Von der Warteliste abmelden: {base}{reverse('events:cancel', args=[entry.cancel_token])}"
        "\n"
    )
    return EmailMessage(
        subject=f"Warteliste: {event.title} – {session.title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[entry.email],
    ).send()


@task
def mail_offer(entry_id: int) -> int:
    """A seat is offered from the waiting list; it must be taken before the deadline."""
    from .models import WaitlistEntry

    entry = (
        WaitlistEntry.objects.select_related("session__event")
        .filter(pk=entry_id, status=WaitlistEntry.Status.OFFERED)
        .first()
    )
    if entry is None:
        return 0
    session, event = entry.session, entry.session.event
    base = _base_url()
    deadline = timezone.localtime(entry.offer_expires_at)
    body = (
        f"Guten Tag {entry.name},\n\n"
        f"für die Führung „{session.title}“ ({_when(session)}) ist ein Platz frei. "
        f"Er ist bis {deadline:%d.%m.%Y, %H:%M} Uhr für Sie reserviert.\n\n"
        f"Platz annehmen: {base}{reverse('events:offer_accept', args=[entry.cancel_token])}\n"
        f"Ablehnen: {base}{reverse('events:cancel', args=[entry.cancel_token])}\n"
    )
    return EmailMessage(
        subject=f"Platz frei: {event.title} – {session.title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[entry.email],
    ).send()


@task
def mail_event_cancelled(event_id: int) -> int:
    """Tell everyone with a confirmed seat or a place on a waiting list that the event is
    cancelled (one mail per address)."""
    from .models import Event, Registration, WaitlistEntry

    event = Event.objects.filter(pk=event_id, status=Event.Status.CANCELLED).first()
    if event is None:
        return 0
    people = {
        email: name
        for email, name in Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).values_list("email", "name")
    }
    for email, name in WaitlistEntry.objects.filter(
        event=event, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).values_list("email", "name"):
        people.setdefault(email, name)
    start = timezone.localtime(event.starts_at)
    sent = 0
    for email, name in sorted(people.items()):
        sent += EmailMessage(
            subject=f"Abgesagt: {event.title} am {start:%d.%m.%Y}",
            body=(
                f"Guten Tag {name},\n\n"
                f"die Veranstaltung „{event.title}“ am {start:%d.%m.%Y} um {start:%H:%M} Uhr "
                "fällt leider aus. Ihre Anmeldung bzw. Ihr Platz auf der Warteliste ist damit "
                "gegenstandslos; Sie müssen nichts weiter tun.\n\n"
                f"Weitere Veranstaltungen: {_base_url()}{reverse('events:calendar')}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send()
    return sent
