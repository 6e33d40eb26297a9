"""Writes of core objects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .audit import audit_log
from .models import Feedback


@transaction.atomic
def feedback_create(*, actor: Any, topic: str, message: str, page_url: str = "",
                    name: str = "", email: str = "") -> Feedback:
    """Store a feedback message and mail it to the responsible office after commit."""
    feedback = Feedback(topic=topic, message=message.strip(), page_url=page_url[:500],
                        name=name.strip(), email=email.strip())
    feedback.full_clean()
    feedback.save()
    audit_log(actor=actor, action="core.feedback.create", obj=feedback,
              data={"topic": topic})
    if settings.FEEDBACK_RECIPIENTS:
        transaction.on_commit(lambda: _mail_feedback(feedback.pk))
    return feedback


def _mail_feedback(feedback_id: int) -> None:
    feedback = Feedback.objects.get(pk=feedback_id)
    send_mail(
        subject=f"[Industrie-Dialog] Rückmeldung: {feedback.get_topic_display()}",
        message=f"{feedback.message}\n\nSeite: {feedback.page_url}\n"
                f"Von: {feedback.name} <{feedback.email}>",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=settings.FEEDBACK_RECIPIENTS,
        fail_silently=True,
    )


@transaction.atomic
def feedback_resolve(*, actor: Any, feedback: Feedback) -> Feedback:
    if not (getattr(actor, "is_authenticated", False) and actor.is_staff_member):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    feedback.is_resolved = True
    feedback.save(update_fields=["is_resolved"])
    audit_log(actor=actor, action="core.feedback.resolve", obj=feedback)
    return feedback
