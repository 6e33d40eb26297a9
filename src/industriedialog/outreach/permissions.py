"""Who may do what in outreach. Staff run campaigns and see visits; a partner institution's
members see, answer and close only the follow-ups routed to their own organisation."""

from __future__ import annotations

from typing import Any

from industriedialog.core.models import Role
from industriedialog.core.permissions import is_staff_member

from .models import FollowUp


def partner_organisation_id(user: Any) -> int | None:
    """The organisation a partner member acts for; None for everyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.PARTNER:
        return None
    return user.organisation_id


def may_handle_follow_up(user: Any, follow_up: FollowUp) -> bool:
    if is_staff_member(user):
        return True
    organisation_id = partner_organisation_id(user)
    return organisation_id is not None and organisation_id == follow_up.partner_id
