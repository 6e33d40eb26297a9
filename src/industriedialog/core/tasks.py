"""Background tasks of core. Tasks take primary keys and are safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task
def mail_feedback(feedback_id: int) -> int:
    """Send a feedback message to the responsible office. Returns the number of mails."""
    from .models import Feedback

    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is None or not settings.FEEDBACK_RECIPIENTS:
        return 0
    return send_mail(
        subject=f"[Industrie-Dialog] Rückmeldung: {feedback.get_topic_display()}",
        message=f"{feedback.message}\n\nSeite: {feedback.page_url}\n"
        f"Von: {feedback.name} <{feedback.email}>",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=settings.FEEDBACK_RECIPIENTS,
    )
