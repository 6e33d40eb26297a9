"""Who may do what with events. Staff run everything; a company representative whose
organisation hosts a session sees that session's registrations (names only), prints its
list and checks people in at its door."""

from __future__ import annotations

from typing import Any

from industriedialog.core.models import Role
from industriedialog.core.permissions import is_staff_member

from .models import Event, Session


def host_organisation_id(user: Any) -> int | None:
    """The organisation a company representative or partner member acts for."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role not in (Role.COMPANY, Role.PARTNER):
        return None
    return user.organisation_id


def is_host_of(user: Any, session: Session) -> bool:
    organisation_id = host_organisation_id(user)
    return organisation_id is not None and organisation_id == session.host_id


def may_check_in(user: Any, session: Session) -> bool:
    return bool(is_staff_member(user) or is_host_of(user, session))


def may_see_event(user: Any, event: Event) -> bool:
    if is_staff_member(user):
        return True
    # `initiative_is_public` is set when the event was read with its initiative's flag
    # (selectors.session_for_registration); otherwise the initiative is asked.
    initiative_is_public = getattr(event, "initiative_is_public", None)
    if initiative_is_public is None:
        initiative_is_public = event.initiative.is_public
    if event.status == Event.Status.DRAFT or not initiative_is_public:
        return False
    if event.is_public:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.is_active)
