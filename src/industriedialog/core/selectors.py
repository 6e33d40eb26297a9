"""Reads of core objects with their access check."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import AuditEvent, Feedback, Initiative


def initiatives_visible_to(user: Any) -> QuerySet[Initiative]:
    queryset = Initiative.objects.select_related("lead_organisation")
    if getattr(user, "is_authenticated", False) and user.is_staff_member:
        return queryset
    return queryset.filter(is_public=True)


def initiative_get_for(user: Any, *, slug: str) -> Initiative:
    try:
        return initiatives_visible_to(user).get(slug=slug)
    except Initiative.DoesNotExist:
        raise Http404 from None


def audit_events_for(user: Any) -> QuerySet[AuditEvent]:
    if not (getattr(user, "is_authenticated", False) and user.is_staff_member):
        raise Http404
    return AuditEvent.objects.select_related("actor")


def feedback_for(user: Any) -> QuerySet[Feedback]:
    if not (getattr(user, "is_authenticated", False) and user.is_staff_member):
        raise Http404
    return Feedback.objects.all()
