"""Mails of the dialog app, sent after commit. Tasks take primary keys."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.tasks import task
from django.utils import timezone


@task
def mail_meeting_invitation(meeting_id: int) -> int:
    """Invite every current member with an e-mail address; attach the .ics file."""
    from .ics import meeting_calendar, public_base_url
    from .models import Meeting
    from .selectors import current_memberships

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    recipients = sorted(
        {m.person.email for m in current_memberships(meeting.body) if m.person.email}
    )
    if not recipients:
        return 0
    start = timezone.localtime(meeting.starts_at)
    agenda = "\n".join(
        f"  TOP {item.position}: {item.title}" for item in meeting.agenda_items.all()
    )
    body = (
        f"Einladung zur Sitzung „{meeting.title}“ des Gremiums {meeting.body.name}\n\n"
        f"Wann: {start:%d.%m.%Y, %H:%M} Uhr\n"
        f"Wo: {meeting.location or 'online'}\n"
        + (f"Online: {meeting.online_url}\n" if meeting.online_url else "")
        + (f"\nTagesordnung:\n{agenda}\n" if agenda else "")
        + f"\nDetails: {public_base_url()}{meeting.get_absolute_url()}\n"
    )
    message = EmailMessage(
        subject=f"Einladung: {meeting.body.name} am {start:%d.%m.%Y}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
    message.attach(
        "sitzung.ics", meeting_calendar(meeting, base_url=public_base_url()), "text/calendar"
    )
    message.send()
    return len(recipients)


@task
def mail_join_decision(join_request_id: int) -> int:
    from .models import JoinRequest

    join_request = (
        JoinRequest.objects.select_related("body", "user", "person")
        .filter(pk=join_request_id)
        .first()
    )
    if join_request is None or not join_request.user.email:
        return 0
    accepted = join_request.status == JoinRequest.Status.ACCEPTED
    text = (
        f"Ihre Anfrage, im Gremium „{join_request.body.name}“ mitzuarbeiten, wurde "
        + ("angenommen. Willkommen!" if accepted else "leider abgelehnt.")
        + (f"\n\nBegründung: {join_request.decision_note}" if join_request.decision_note else "")
    )
    return send_mail(
        subject=f"Ihre Anfrage: {join_request.body.name}",
        message=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[join_request.user.email],
    )


@task
def remind_overdue_meetings() -> int:
    """Tell staff which bodies with a fixed rhythm have no meeting scheduled."""
    from industriedialog.core.models import Role, User

    from .selectors import overdue_bodies

    overdue = overdue_bodies()
    recipients = list(
        User.objects.filter(role=Role.STAFF, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not overdue or not recipients:
        return 0
    lines = [
        f"- {body.name}: fällig seit {cadence.proposed_date:%d.%m.%Y}" for body, cadence in overdue
    ]
    send_mail(
        subject=(
            f"Industrie-Dialog: {len(overdue)} "
            f"{'Gremium' if len(overdue) == 1 else 'Gremien'} ohne geplante Sitzung"
        ),
        message="Für diese Gremien ist nach ihrem Sitzungsrhythmus eine Sitzung fällig:\n\n"
        + "\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(overdue)
