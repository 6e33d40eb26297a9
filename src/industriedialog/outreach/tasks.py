"""Mails of the outreach app, sent after commit. Tasks take primary keys."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task
def mail_follow_up_routed(follow_up_id: int) -> int:
    """Tell the partner (its contact person, else the organisation's address) that a
    follow-up was routed to it. The mail carries the request, never visit notes."""
    from industriedialog.dialog.ics import public_base_url

    from .models import FollowUp

    follow_up = (
        FollowUp.objects.select_related("partner", "contact_person", "organisation")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        return 0
    person = follow_up.contact_person
    recipient = (person.email if person else "") or follow_up.partner.email
    if not recipient:
        return 0
    return send_mail(
        subject=f"[Industrie-Dialog] Wiedervorlage: {follow_up.title}",
        message=(
            f"Die Wirtschaftsförderung hat Ihnen ein Anliegen weitergeleitet.\n\n"
            f"Unternehmen: {follow_up.organisation.name}\n"
            f"Betreff: {follow_up.title}\n"
            f"Fällig am: {follow_up.due_on:%d.%m.%Y}\n\n"
            f"{follow_up.request}\n\n"
            f"Antworten und erledigen: {public_base_url()}{follow_up.get_absolute_url()}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )
