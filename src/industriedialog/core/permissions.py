"""Role predicates (django `rules`) shared by every app's permission rules."""

from __future__ import annotations

from typing import Any

import rules

from industriedialog.core.models import Role


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member)


@rules.predicate
def is_partner_member(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PARTNER
    )


@rules.predicate
def is_company_representative(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.COMPANY
    )


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def role_of(user: Any) -> str:
    """The role code of a user; "anonymous" when not signed in."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    if user.is_superuser:
        return Role.STAFF.value
    return str(user.role)


rules.add_perm("core.view_audit_log", is_staff_member)
rules.add_perm("core.view_feedback", is_staff_member)
rules.add_perm("core.change_initiative", is_staff_member)
