"""Who may do what in a body."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from industriedialog.core.permissions import is_staff_member

from .models import Body, Membership, MembershipRole


def person_of(user: Any):
    if not getattr(user, "is_authenticated", False):
        return None
    return user.person


def current_membership(body: Body, person) -> Membership | None:
    if person is None:
        return None
    today = timezone.localdate()
    return (
        Membership.objects.filter(body=body, person=person, start_date__lte=today)
        .exclude(end_date__lt=today)
        .first()
    )


def is_chair(user: Any, body: Body) -> bool:
    membership = current_membership(body, person_of(user))
    return membership is not None and membership.role in (
        MembershipRole.CHAIR,
        MembershipRole.DEPUTY,
    )


def may_manage(user: Any, body: Body) -> bool:
    """Staff, and the chair or deputy of the body, run its meetings, members and votes."""
    return bool(is_staff_member(user) or is_chair(user, body))


def may_vote(user: Any, body: Body) -> bool:
    """Current members vote; guests do not."""
    membership = current_membership(body, person_of(user))
    return membership is not None and membership.role != MembershipRole.GUEST


def may_see_body(user: Any, body: Body) -> bool:
    if body.is_public and body.initiative.is_public:
        return True
    if is_staff_member(user):
        return True
    return current_membership(body, person_of(user)) is not None
