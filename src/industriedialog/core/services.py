"""Writes of core objects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from .audit import audit_log
from .models import Feedback
from .tasks import mail_feedback


@transaction.atomic
def feedback_create(
    *, actor: Any, topic: str, message: str, page_url: str = "", name: str = "", email: str = ""
) -> Feedback:
    """Store a feedback message and mail it to the responsible office after commit."""
    feedback = Feedback(
        topic=topic,
        message=message.strip(),
        page_url=page_url[:500],
        name=name.strip(),
        email=email.strip(),
    )
    feedback.full_clean()
    feedback.save()
    audit_log(actor=actor, action="core.feedback.create", obj=feedback, data={"topic": topic})
    if settings.FEEDBACK_RECIPIENTS:
        transaction.on_commit(lambda: mail_feedback.enqueue(feedback.pk))
    return feedback


@transaction.atomic
def feedback_resolve(*, actor: Any, feedback: Feedback) -> Feedback:
    if not (getattr(actor, "is_authenticated", False) and actor.is_staff_member):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    feedback.is_resolved = True
    feedback.save(update_fields=["is_resolved"])
    audit_log(actor=actor, action="core.feedback.resolve", obj=feedback)
    return feedback
