"""Reads of the dialog app with their access checks."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from industriedialog.actors.models import OrganisationKind
from industriedialog.core.permissions import is_staff_member

from . import voting
from .models import (
    ActionItem,
    Ballot,
    Body,
    Meeting,
    Membership,
    MembershipRole,
    Vote,
)
from .permissions import current_membership, may_manage, may_see_body, person_of


def _current_filter(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def bodies_visible_to(user: Any) -> QuerySet[Body]:
    queryset = Body.objects.select_related("initiative", "parent")
    if is_staff_member(user):
        return queryset
    visible = Q(is_public=True, initiative__is_public=True)
    person = person_of(user)
    if person is not None:
        visible |= Q(
            pk__in=Membership.objects.filter(_current_filter(), person=person).values("body_id")
        )
    return queryset.filter(visible)


def body_get_for(user: Any, *, slug: str | None = None, pk: int | None = None) -> Body:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    try:
        return bodies_visible_to(user).get(**lookup)
    except Body.DoesNotExist:
        raise Http404 from None


# Chair first, guests last (the role codes sort alphabetically "chair, deputy, guest, …",
# which put guests above the members).
ROLE_ORDER = Case(
    *(
        When(role=role, then=Value(position))
        for position, role in enumerate(
            (
                MembershipRole.CHAIR,
                MembershipRole.DEPUTY,
                MembershipRole.MEMBER,
                MembershipRole.INTERMEDIARY,
                MembershipRole.GUEST,
            )
        )
    ),
    default=Value(9),
    output_field=IntegerField(),
)


def current_memberships(body: Body) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(_current_filter(), body=body)
        .select_related("person", "organisation")
        .order_by(ROLE_ORDER, "person__last_name", "person__first_name", "pk")
    )


def members_visible_for(user: Any, body: Body) -> QuerySet[Membership]:
    """The public sees members who agreed to be listed; members and staff see everyone."""
    memberships = current_memberships(body)
    if is_staff_member(user) or current_membership(body, person_of(user)) is not None:
        return memberships
    return memberships.filter(is_listed=True)


def eligible_voters(body: Body) -> QuerySet[Membership]:
    return current_memberships(body).exclude(role=MembershipRole.GUEST)


@dataclass(frozen=True)
class Composition:
    companies: int
    intermediaries: int
    guests: int
    minimum: int | None

    @property
    def is_met(self) -> bool:
        return self.minimum is None or self.companies >= self.minimum

    @property
    def missing(self) -> int:
        return 0 if self.minimum is None else max(0, self.minimum - self.companies)


def composition_of(body: Body) -> Composition:
    """Company members against the body's minimum; intermediaries counted apart."""
    counts = current_memberships(body).aggregate(
        companies=Count(
            "pk",
            filter=Q(organisation__kind=OrganisationKind.COMPANY)
            & ~Q(role__in=[MembershipRole.INTERMEDIARY, MembershipRole.GUEST]),
        ),
        intermediaries=Count(
            "pk",
            filter=Q(role=MembershipRole.INTERMEDIARY)
            | (~Q(organisation__kind=OrganisationKind.COMPANY) & ~Q(role=MembershipRole.GUEST)),
        ),
        guests=Count("pk", filter=Q(role=MembershipRole.GUEST)),
    )
    return Composition(minimum=body.min_company_members, **counts)


def structure_for(user: Any, *, initiative=None) -> list[tuple[Body, list]]:
    """The bodies as a forest (parent → children) with their member counts, in two
    queries whatever the number of bodies. Each body carries `listed_memberships`: its
    current members who agreed to be named publicly (`Membership.is_listed`)."""
    listed = (
        Membership.objects.filter(_current_filter(), is_listed=True)
        .select_related("person", "organisation")
        .order_by(ROLE_ORDER, "person__last_name", "person__first_name", "pk")
    )
    queryset = (
        bodies_visible_to(user)
        .annotate(
            member_count=Count(
                "memberships", filter=_current_filter("memberships__"), distinct=True
            ),
        )
        .prefetch_related(Prefetch("memberships", queryset=listed, to_attr="listed_memberships"))
    )
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    bodies = list(queryset.order_by("order", "name"))
    children: dict[int | None, list[Body]] = {}
    ids = {body.pk for body in bodies}
    for body in bodies:
        parent = body.parent_id if body.parent_id in ids else None
        children.setdefault(parent, []).append(body)

    def build(parent_id: int | None) -> list[tuple[Body, list]]:
        return [(body, build(body.pk)) for body in children.get(parent_id, [])]

    return build(None)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cadence:
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    proposed_date: dt.date | None
    is_overdue: bool


def cadence_of(body: Body, *, today: dt.date | None = None) -> Cadence:
    """The next date the body's rhythm asks for, and whether a meeting is overdue (the
    proposed date has passed and no future meeting is scheduled)."""
    today = today or timezone.localdate()
    now = timezone.now()
    meetings = body.meetings.exclude(status=Meeting.Status.CANCELLED)
    last = meetings.filter(starts_at__lte=now).order_by("-starts_at").first()
    upcoming = meetings.filter(starts_at__gt=now).order_by("starts_at").first()
    if not body.cadence_months:
        return Cadence(last, upcoming, None, False)
    if last is None:
        proposed = today
    else:
        proposed = add_months(timezone.localtime(last.starts_at).date(), body.cadence_months)
    overdue = upcoming is None and proposed < today
    return Cadence(last, upcoming, proposed if upcoming is None else None, overdue)


def overdue_bodies(*, today: dt.date | None = None) -> list[tuple[Body, Cadence]]:
    result = []
    for body in Body.objects.filter(status="active", cadence_months__isnull=False):
        cadence = cadence_of(body, today=today)
        if cadence.is_overdue:
            result.append((body, cadence))
    return result


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=bodies_visible_to(user)).select_related(
        "body", "body__initiative"
    )


def meeting_get_for(user: Any, pk: int) -> Meeting:
    try:
        return meetings_visible_to(user).prefetch_related("agenda_items").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def open_action_items(body: Body) -> QuerySet[ActionItem]:
    return (
        body.action_items.filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("assignee", "meeting")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def my_action_items(user: Any) -> QuerySet[ActionItem]:
    """The items assigned to the user's person: open and in-progress ones first (the
    status codes sort alphabetically, which put "cancelled" and "done" on top), then by
    due date, items without a date last."""
    person = person_of(user)
    if person is None:
        return ActionItem.objects.none()
    is_closed = Case(
        When(status__in=ActionItem.OPEN_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        ActionItem.objects.filter(assignee=person)
        .select_related("body", "body__initiative", "meeting")
        .order_by(is_closed, F("due_date").asc(nulls_last=True), "id")
    )


def votes_visible_to(user: Any) -> QuerySet[Vote]:
    return (
        Vote.objects.filter(body__in=bodies_visible_to(user))
        .select_related("body")
        .prefetch_related(Prefetch("options"))
    )


def vote_get_for(user: Any, pk: int) -> Vote:
    try:
        return votes_visible_to(user).get(pk=pk)
    except Vote.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    ballots: int
    eligible: int
    turnout: float
    approval: voting.ApprovalResult | None
    schulze: voting.SchulzeResult | None
    labels: dict[int, str]
    voters: list[str]

    def ranked_labels(self) -> list[list[str]]:
        if self.schulze is None:
            return []
        return [[self.labels[o] for o in group] for group in self.schulze.ranking]


def vote_result(vote: Vote, *, user: Any = None) -> VoteResult:
    """Results exist only after closing. In open votes the voters are named; in secret
    votes only the count of participants is known."""
    if vote.status != Vote.Status.CLOSED:
        raise Http404
    options = list(vote.options.all())
    labels = {option.pk: option.label for option in options}
    ids = [option.pk for option in options]
    ballots = list(Ballot.objects.filter(vote=vote).values_list("approvals", "ranking"))
    eligible = vote.eligible_count or 0
    turnout = (len(ballots) / eligible) if eligible else 0.0
    approval = schulze = None
    if vote.method == Vote.Method.APPROVAL:
        approval = voting.approval_count(ids, (a for a, _r in ballots))
    else:
        schulze = voting.schulze(ids, [r for _a, r in ballots])
    voters: list[str] = []
    if vote.secrecy == Vote.Secrecy.OPEN:
        voters = [
            p.person.full_name
            for p in vote.participations.select_related("person").order_by("person__last_name")
        ]
    return VoteResult(vote, len(ballots), eligible, turnout, approval, schulze, labels, voters)


def has_voted(user: Any, vote: Vote) -> bool:
    person = person_of(user)
    return person is not None and vote.participations.filter(person=person).exists()


def may_manage_body(user: Any, body: Body) -> bool:
    return may_manage(user, body)


def may_view_body(user: Any, body: Body) -> bool:
    return may_see_body(user, body)
