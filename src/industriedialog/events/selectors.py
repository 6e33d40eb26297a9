"""Reads of the events app with their access checks. Availability is derived: capacity
minus confirmed seats minus offers that hold a seat minus people waiting (so a freed
seat never reappears publicly while someone waits). Lists annotate it for all sessions at
once, in a constant number of queries."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.core import prepared
from industriedialog.core.permissions import is_staff_member

from .models import CheckIn, Event, Registration, Session, WaitlistEntry
from .permissions import host_organisation_id, may_check_in, may_see_event


def _count_subquery(model, *, status: list[str]) -> Coalesce:
    rows = (
        model.objects.filter(session=OuterRef("pk"), status__in=status)
        .order_by()
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def sessions_with_availability(queryset: QuerySet[Session] | None = None) -> QuerySet[Session]:
    """Sessions annotated with `confirmed`, `offered`, `waitlist_length` and `available`."""
    queryset = queryset if queryset is not None else Session.objects.all()
    return queryset.annotate(
        confirmed=_count_subquery(Registration, status=[Registration.Status.CONFIRMED]),
        offered=_count_subquery(WaitlistEntry, status=[WaitlistEntry.Status.OFFERED]),
        waitlist_length=_count_subquery(WaitlistEntry, status=[WaitlistEntry.Status.WAITING]),
    ).annotate(
        available=Greatest(
            F("capacity") - F("confirmed") - F("offered") - F("waitlist_length"), Value(0)
        )
    )


def events_visible_to(user: Any) -> QuerySet[Event]:
    queryset = Event.objects.select_related("initiative")
    if is_staff_member(user):
        return queryset
    visible = Q(initiative__is_public=True) & ~Q(status=Event.Status.DRAFT)
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        visible &= Q(is_public=True)
    return queryset.filter(visible)


def event_list(
    user: Any,
    *,
    initiative=None,
    kind: str = "",
    target_group: str = "",
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    upcoming: bool = False,
) -> QuerySet[Event]:
    """The calendar: filter by initiative, kind, target group and a time window."""
    queryset = events_visible_to(user)
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    if kind:
        queryset = queryset.filter(kind=kind)
    if start is not None:
        queryset = queryset.filter(ends_at__gte=start)
    if end is not None:
        queryset = queryset.filter(starts_at__lt=end)
    if upcoming:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    events = queryset.prefetch_related("hosts").order_by("starts_at", "id")
    if target_group:
        # JSON containment differs by database; the list is short, so filter in Python.
        ids = [e.pk for e in events if not e.target_groups or target_group in e.target_groups]
        events = events.filter(pk__in=ids)
    return events


def event_get_for(user: Any, *, slug: str | None = None, pk: int | None = None) -> Event:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    event = (
        Event.objects.select_related("initiative")
        .prefetch_related(
            "hosts",
            Prefetch(
                "sessions",
                queryset=sessions_with_availability()
                .select_related("host")
                .order_by("starts_at", "title", "id"),
            ),
        )
        .filter(**lookup)
        .first()
    )
    if event is None or not may_see_event(user, event):
        raise Http404
    return event


def session_get_for(user: Any, *, pk: int) -> Session:
    session = (
        sessions_with_availability(Session.objects.select_related("event__initiative", "host"))
        .filter(pk=pk)
        .first()
    )
    if session is None or not may_see_event(user, session.event):
        raise Http404
    return session


def session_for_registration(user: Any, *, pk: int) -> Session:
    """The session with its event for a registration. This is the hot path of a rush, so
    it reads the session, its event and the initiative's public flag in one plain
    statement (no availability annotations — the service counts inside its lock — and no
    ORM compilation); the event carries the flag as `initiative_is_public`."""
    vendor = connection.vendor
    session_reader = _row_reader(Session, "s", vendor)
    event_reader = _row_reader(Event, "e", vendor)
    with prepared.cursor() as cursor:
        cursor.execute(_session_for_registration_sql(vendor), [pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    split = len(session_reader.names)
    session = session_reader.instance(row[:split])
    event = event_reader.instance(row[split:-1])
    event.initiative_is_public = bool(row[-1])  # type: ignore[attr-defined]
    session.event = event
    if not may_see_event(user, event):
        raise Http404
    return session


@dataclass(frozen=True)
class _RowReader:
    """Turns the columns of `model` (in concrete-field order) into an instance, with the
    backend's and the fields' converters, as the ORM would (Model.from_db)."""

    model: type[Model]
    names: list[str]
    converters: list[tuple[Any, list[Any]]]

    def instance(self, values: tuple) -> Any:
        converted = []
        for value, (column, converters) in zip(values, self.converters, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, self.names, converted)


@cache
def _row_reader(model: type[Model], alias: str, vendor: str) -> _RowReader:
    """Built once per model, table alias and database backend."""
    converters = []
    for field in model._meta.concrete_fields:
        column = field.get_col(alias)
        converters.append(
            (column, connection.ops.get_db_converters(column) + field.get_db_converters(connection))
        )
    names = [field.attname for field in model._meta.concrete_fields]
    return _RowReader(model=model, names=names, converters=converters)


@cache
def _session_for_registration_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    columns = [f"s.{quote(f.column or f.attname)}" for f in Session._meta.concrete_fields]
    columns += [f"e.{quote(f.column or f.attname)}" for f in Event._meta.concrete_fields]
    return (
        f"SELECT {', '.join(columns)}, i.is_public FROM events_session s "
        "JOIN events_event e ON e.id = s.event_id "
        "JOIN core_initiative i ON i.id = e.initiative_id WHERE s.id = %s"
    )


def month_grid(year: int, month: int, events: list[Event]) -> list[list[dict[str, Any]]]:
    """Weeks (Monday first) of days with the events that touch each day."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            todays = [
                e
                for e in events
                if timezone.localtime(e.starts_at).date()
                <= day
                <= timezone.localtime(e.ends_at).date()
            ]
            row.append({"day": day, "in_month": day.month == month, "events": todays})
        weeks.append(row)
    return weeks


# --- hosts and staff -----------------------------------------------------------------------


def sessions_hosted_by(user: Any) -> QuerySet[Session]:
    """The sessions whose host is the user's organisation (staff: all)."""
    queryset = sessions_with_availability(Session.objects.select_related("event", "host"))
    if is_staff_member(user):
        return queryset
    organisation_id = host_organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(host_id=organisation_id)


def session_for_host(user: Any, *, pk: int) -> Session:
    """A session the user hosts (or staff); 404 otherwise."""
    session = sessions_hosted_by(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def session_for_checkin(user: Any, *, pk: int) -> Session:
    """A session at whose door the user may check people in (staff and the session's
    host, whatever the event's status: a draft or cancelled event's tour can still be
    run). Others get PermissionDenied where they can see the event, 404 elsewhere — the
    same rule as the check-in page (`session_for_host`), which answers 404 to both."""
    session = (
        sessions_with_availability(Session.objects.select_related("event__initiative", "host"))
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    if may_check_in(user, session):
        return session
    if may_see_event(user, session.event):
        raise PermissionDenied(
            _("Einchecken dürfen nur die Gastgeber und die Wirtschaftsförderung.")
        )
    raise Http404


def registrations_of(session: Session, *, active_only: bool = True) -> QuerySet[Registration]:
    queryset = Registration.objects.filter(session=session)
    if active_only:
        queryset = queryset.filter(status=Registration.Status.CONFIRMED)
    return queryset.order_by("name", "id")


def waitlist_of(session: Session) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(
        session=session, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).order_by("created_at", "id")


@dataclass(frozen=True)
class GroupAttendance:
    target_group: str
    label: str
    registered: int
    attended: int

    @property
    def no_shows(self) -> int:
        return self.registered - self.attended

    @property
    def attendance_rate(self) -> float | None:
        return round(self.attended / self.registered, 3) if self.registered else None

    @property
    def no_show_rate(self) -> float | None:
        return round(self.no_shows / self.registered, 3) if self.registered else None


def attendance_by_group(*, event: Event | None = None, session: Session | None = None):
    """Confirmed registrations and check-ins per target group (one query)."""
    from .models import TargetGroup

    registrations = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    if event is not None:
        registrations = registrations.filter(event=event)
    if session is not None:
        registrations = registrations.filter(session=session)
    rows: dict[str, Any] = dict(
        (row["target_group"], row)
        for row in registrations.order_by()
        .values("target_group")
        .annotate(
            registered=Count("id"), attended=Count("id", filter=Q(checked_in_at__isnull=False))
        )
    )
    return [
        GroupAttendance(
            code,
            str(label),
            rows.get(code, {}).get("registered", 0),
            rows.get(code, {}).get("attended", 0),
        )
        for code, label in TargetGroup.choices
    ]


def checkin_summary(session: Session) -> dict[str, Any]:
    """The live count at the door and the failed scans by reason."""
    results = dict(
        CheckIn.objects.filter(session=session)
        .order_by()
        .values_list("result")
        .annotate(n=Count("id"))
        .values_list("result", "n")
    )
    checked_in = Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    ).count()
    return {
        "checked_in": checked_in,
        "results": results,
        "failed": sum(n for result, n in results.items() if result != CheckIn.Result.OK),
        "recent": list(CheckIn.objects.filter(session=session).select_related("registration")[:10]),
    }


def waitlist_position(entry: WaitlistEntry) -> int | None:
    """The place in line of a waiting entry (1 = next); None when it no longer waits."""
    if entry.status != WaitlistEntry.Status.WAITING:
        return None
    earlier = Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    return (
        WaitlistEntry.objects.filter(
            session_id=entry.session_id, status=WaitlistEntry.Status.WAITING
        )
        .filter(earlier)
        .count()
        + 1
    )
