"""Every write of the events app. Seats are taken and freed only here, each time inside
one transaction that first takes the locks of locking.py and then counts (derived
availability, never a stored counter). Mails are tasks that run only if the write commits
(core.tasks.enqueue_on_commit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.actors.services import unique_slug
from industriedialog.core import prepared
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.tasks import enqueue_on_commit

from . import locking, tasks
from .models import (
    CheckIn,
    Event,
    Registration,
    Session,
    TargetGroup,
    WaitlistEntry,
    WaitlistMode,
)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "venue",
    "starts_at",
    "ends_at",
    "status",
    "is_public",
    "registration_opens_at",
    "registration_closes_at",
    "target_groups",
    "max_sessions_per_person",
    "waitlist_mode",
    "offer_hours",
    "questions",
    "participants_expected",
)
SESSION_FIELDS = (
    "host",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "target_groups",
    "accessibility_notes",
    "language",
)


class AlreadyRegistered(ValidationError):
    """The e-mail already holds or waits for a seat in the session (API: 409)."""


def _require_staff(actor: Any) -> None:
    if not is_staff_member(actor):
        raise PermissionDenied(_("Das darf nur die Wirtschaftsförderung."))


def _check_groups(groups: list[str], field: str) -> None:
    unknown = [g for g in groups if g not in TargetGroup.values]
    if unknown:
        raise ValidationError(
            {field: _("Unbekannte Zielgruppe: %(codes)s") % {"codes": ", ".join(unknown)}}
        )


# --- events and sessions (staff) -----------------------------------------------------------


@transaction.atomic
def event_create(*, actor: Any, initiative: Initiative, data: dict[str, Any], hosts=()) -> Event:
    _require_staff(actor)
    event = Event(initiative=initiative, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    _check_groups(event.target_groups, "target_groups")
    _check_questions(event.questions)
    _check_window(event)
    event.slug = data.get("slug") or unique_slug(
        Event, f"{event.title}-{timezone.localtime(event.starts_at):%Y-%m-%d}"
    )
    event.full_clean()
    event.save()
    event.hosts.set(hosts)
    audit_log(actor=actor, action="events.event.create", obj=event)
    return event


def _check_window(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise ValidationError(
            {"registration_closes_at": _("Die Anmeldung muss nach ihrem Beginn enden.")}
        )


def _check_questions(questions: Any) -> None:
    """The extra questions: a list of {key, label, required} with unique keys."""
    message = _("Die Zusatzfragen sind ungültig: %(reason)s")
    if not isinstance(questions, list):
        raise ValidationError({"questions": message % {"reason": _("keine Liste")}})
    keys: set[str] = set()
    for question in questions:
        if not isinstance(question, dict) or set(question) - {"key", "label", "required"}:
            raise ValidationError(
                {"questions": message % {"reason": _("erlaubt sind key, label und required")}}
            )
        key, label = question.get("key"), question.get("label")
        if not isinstance(key, str) or not key.strip() or not isinstance(label, str):
            raise ValidationError(
                {"questions": message % {"reason": _("jede Frage braucht key und label")}}
            )
        if not label.strip():
            raise ValidationError({"questions": message % {"reason": _("eine Frage ist leer")}})
        if key in keys:
            reason = _("der Schlüssel „%(key)s“ kommt doppelt vor") % {"key": key}
            raise ValidationError({"questions": message % {"reason": reason}})
        keys.add(key)


def _apply(instance: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> dict:
    """Set the changed fields on `instance`; returns {name: value before} of those."""
    unknown = [name for name in data if name not in allowed]
    if unknown:
        raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": ", ".join(unknown)})
    before: dict[str, Any] = {}
    for name, value in data.items():
        if getattr(instance, name) != value:
            before[name] = getattr(instance, name)
            setattr(instance, name, value)
    return before


def _restore(instance: models.Model, before: dict[str, Any]) -> None:
    """Undo `_apply` on the object in memory after a refused change."""
    for name, value in before.items():
        setattr(instance, name, value)


@transaction.atomic
def event_update(*, actor: Any, event: Event, data: dict[str, Any], hosts=None) -> Event:
    """Change an event's fields (any of EVENT_FIELDS) and, when `hosts` is given, its
    hosts. Its sessions must still lie inside its time and allow only its target
    groups. Cancelling (status "cancelled") closes the registration. Nothing is written
    on a refusal, and `event` keeps its old values."""
    _require_staff(actor)
    before = _apply(event, data, EVENT_FIELDS)
    try:
        _check_groups(event.target_groups, "target_groups")
        _check_questions(event.questions)
        _check_window(event)
        event.full_clean()
        _check_sessions_fit(event)
    except ValidationError:
        _restore(event, before)
        raise
    changed = list(before)
    host_change: dict[str, list[int]] = {}
    if hosts is not None:
        old_ids = sorted(event.hosts.values_list("pk", flat=True))
        new_ids = sorted({host.pk for host in hosts})
        if old_ids != new_ids:
            event.hosts.set(new_ids)
            changed.append("hosts")
            host_change = {"from": old_ids, "to": new_ids}
    event.save()
    data_logged: dict[str, Any] = {"changed": changed}
    if "status" in before:
        data_logged["status"] = {"from": before["status"], "to": event.status}
    if host_change:
        data_logged["hosts"] = host_change
    audit_log(actor=actor, action="events.event.update", obj=event, data=data_logged)
    if "status" in before and event.status == Event.Status.CANCELLED:
        # Everyone holding or waiting for a seat is told (after commit, as a task).
        enqueue_on_commit(tasks.mail_event_cancelled, event.pk)
    return event


def _check_sessions_fit(event: Event) -> None:
    """After an event's change: its sessions still lie inside it and allow only its groups."""
    if event.pk is None:
        return
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "id"))
    outside = [s for s in sessions if s.starts_at < event.starts_at or s.ends_at > event.ends_at]
    if outside:
        raise ValidationError(
            {
                "starts_at": _(
                    "Die Führung „%(title)s“ läge außerhalb der Veranstaltung. Ändern Sie "
                    "zuerst die Führung."
                )
                % {"title": outside[0].title}
            }
        )
    if event.target_groups:
        wider = [s for s in sessions if set(s.target_groups) - set(event.target_groups)]
        if wider:
            raise ValidationError(
                {
                    "target_groups": _(
                        "Die Führung „%(title)s“ lässt Zielgruppen zu, die die Veranstaltung "
                        "dann nicht mehr hätte. Ändern Sie zuerst die Führung."
                    )
                    % {"title": wider[0].title}
                }
            )


def _check_session(session: Session, event: Event) -> None:
    """A session's own rules: known groups within the event's, inside the event's time."""
    _check_groups(session.target_groups, "target_groups")
    outside = [
        g for g in session.target_groups if event.target_groups and g not in event.target_groups
    ]
    if outside:
        raise ValidationError(
            {
                "target_groups": _(
                    "Die Führung lässt Zielgruppen zu, die die Veranstaltung nicht hat."
                )
            }
        )
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
    session.full_clean()
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        raise ValidationError(
            {"starts_at": _("Die Führung muss innerhalb der Veranstaltung liegen.")}
        )


@transaction.atomic
def session_create(*, actor: Any, event: Event, data: dict[str, Any]) -> Session:
    _require_staff(actor)
    session = Session(event=event, **{k: v for k, v in data.items() if k in SESSION_FIELDS})
    _check_session(session, event)
    session.save()
    audit_log(actor=actor, action="events.session.create", obj=session)
    return session


SESSION_UPDATE_FIELDS = tuple(name for name in SESSION_FIELDS if name != "capacity")


@transaction.atomic
def session_update(*, actor: Any, session: Session, data: dict[str, Any]) -> Session:
    """Change a session's fields except its seats (session_change_capacity does that, with
    the waiting list). Validated like session_create; nothing is written on a refusal,
    and `session` keeps its old values."""
    _require_staff(actor)
    if "capacity" in data:
        raise ValidationError(
            {"capacity": _("Die Plätze ändern Sie in der Tabelle der Führungen.")}
        )
    before = _apply(session, data, SESSION_UPDATE_FIELDS)
    try:
        _check_session(session, session.event)
    except ValidationError:
        _restore(session, before)
        raise
    # Only the changed columns: a full save would write back the capacity read before a
    # capacity change (under the session lock) committed meanwhile, and overbook.
    session.save(update_fields=list(before))
    audit_log(
        actor=actor,
        action="events.session.update",
        obj=session,
        data={"changed": list(before)},
    )
    return session


@transaction.atomic
def session_change_capacity(*, actor: Any, session: Session, capacity: int) -> Session:
    """More seats go to the waiting list first; fewer than are taken are refused."""
    _require_staff(actor)
    locking.lock_for_seat(session_id=session.pk)
    taken = _seat_counts(session)["taken"]
    if capacity < max(taken, 1):
        raise ValidationError(
            {
                "capacity": _("%(taken)s Plätze sind vergeben; weniger Plätze sind nicht möglich.")
                % {"taken": taken}
            }
        )
    before = session.capacity
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    audit_log(
        actor=actor,
        action="events.session.capacity",
        obj=session,
        data={"from": before, "to": capacity},
    )
    _fill_from_waitlist(session, actor=actor)
    return session


# --- availability --------------------------------------------------------------------------


def _seat_counts(session: Session) -> dict[str, int]:
    """Confirmed seats, offers that hold a seat, and people waiting, in one query each."""
    confirmed = Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED
    ).count()
    waitlist = WaitlistEntry.objects.filter(
        session=session,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).aggregate(
        offered=Count("id", filter=Q(status=WaitlistEntry.Status.OFFERED)),
        waiting=Count("id", filter=Q(status=WaitlistEntry.Status.WAITING)),
    )
    return {
        "confirmed": confirmed,
        "offered": waitlist["offered"],
        "waiting": waitlist["waiting"],
        "taken": confirmed + waitlist["offered"],
    }


@dataclass(frozen=True)
class Outcome:
    status: str  # "confirmed" or "waitlisted"
    registration: Registration | None = None
    entry: WaitlistEntry | None = None
    position: int | None = None


@dataclass(frozen=True)
class _Decision:
    takes_seat: bool
    position: int


def _normalised_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Bitte eine gültige E-Mail-Adresse angeben.")}) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _validate_registration(
    session: Session, *, name: str, target_group: str, answers: dict[str, Any], now
) -> dict[str, str]:
    errors: dict[str, str] = {}
    event = session.event
    if not event.registration_is_open(now):
        if event.status == Event.Status.CANCELLED:
            errors["session"] = _(
                "Die Veranstaltung ist abgesagt. Eine Anmeldung ist nicht möglich."
            )
        elif event.registration_opens_at and now < event.registration_opens_at:
            errors["session"] = _("Die Anmeldung beginnt am %(day)s.") % {
                "day": timezone.localtime(event.registration_opens_at).strftime("%d.%m.%Y %H:%M")
            }
        else:
            errors["session"] = _("Die Anmeldung für diese Veranstaltung ist geschlossen.")
    if not name.strip():
        errors["name"] = _("Bitte Ihren Namen angeben.")
    elif len(name) > 200:
        errors["name"] = _("Der Name ist zu lang (höchstens 200 Zeichen).")
    if target_group not in TargetGroup.values:
        errors["target_group"] = _("Bitte eine Zielgruppe wählen.")
    elif target_group not in session.allowed_groups():
        errors["target_group"] = _(
            "Diese Führung ist nicht für die Zielgruppe „%(group)s“ offen."
        ) % {"group": TargetGroup(target_group).label}
    for question in event.questions or []:
        if question.get("required") and not str(answers.get(question["key"], "")).strip():
            errors[f"answers.{question['key']}"] = _("Bitte beantworten: %(label)s") % {
                "label": question["label"]
            }
    unknown = set(answers) - {q["key"] for q in event.questions or []}
    if unknown:
        errors["answers"] = _("Unbekannte Frage: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
    return errors


# The counts a registration decides on, in one statement (the hot path of a rush: the
# ORM would compile six queries per request). Plain SQL that SQLite and PostgreSQL share.
# The capacity is read here too, after the lock: the session the caller read before may
# be older than a capacity change committed since.
DECISION_SQL = """
SELECT
  (SELECT capacity FROM events_session WHERE id = %(session)s),
  (SELECT COUNT(*) FROM events_registration
    WHERE session_id = %(session)s AND status = 'confirmed'),
  (SELECT COUNT(*) FROM events_waitlistentry
    WHERE session_id = %(session)s AND status = 'offered'),
  (SELECT COUNT(*) FROM events_waitlistentry
    WHERE session_id = %(session)s AND status = 'waiting'),
  (SELECT COUNT(*) FROM events_registration
    WHERE session_id = %(session)s AND email = %(email)s AND status = 'confirmed')
  + (SELECT COUNT(*) FROM events_waitlistentry
    WHERE session_id = %(session)s AND email = %(email)s AND status IN ('waiting', 'offered')),
  (SELECT COUNT(*) FROM events_registration r
    JOIN events_session s ON s.id = r.session_id
    WHERE r.event_id = %(event)s AND r.email = %(email)s AND r.status = 'confirmed'
      AND r.session_id <> %(session)s AND s.starts_at < %(ends)s AND s.ends_at > %(starts)s),
  (SELECT COUNT(*) FROM events_registration
    WHERE event_id = %(event)s AND email = %(email)s AND status = 'confirmed')
  + (SELECT COUNT(*) FROM events_waitlistentry
    WHERE event_id = %(event)s AND email = %(email)s AND status IN ('waiting', 'offered'))
"""


def _decide(session: Session, email: str) -> _Decision:
    """The person's rules and the seat count. Runs after the locks (or, with the locks
    switched off in the control tests, before the transaction)."""
    adapt = connection.ops.adapt_datetimefield_value
    with prepared.cursor() as cursor:
        cursor.execute(
            DECISION_SQL,
            {
                "session": session.pk,
                "event": session.event_id,
                "email": email,
                "starts": adapt(session.starts_at),
                "ends": adapt(session.ends_at),
            },
        )
        (capacity, confirmed, offered, waiting, mine_here, overlapping, mine_in_event) = (
            cursor.fetchone()
        )
    if mine_here:
        raise AlreadyRegistered(
            _(
                "Mit dieser E-Mail-Adresse besteht für diese Führung schon eine Anmeldung "
                "oder ein Platz auf der Warteliste."
            ),
            code="duplicate",
        )
    if overlapping:
        raise ValidationError(
            {"session": _("Sie sind zur selben Zeit schon für eine andere Führung angemeldet.")}
        )
    cap = session.event.max_sessions_per_person
    if cap is not None and mine_in_event >= cap:
        raise ValidationError(
            {
                "session": _(
                    "Je Person sind höchstens %(cap)s Führungen dieser Veranstaltung möglich."
                )
                % {"cap": cap}
            }
        )
    free = capacity - confirmed - offered - waiting
    return _Decision(takes_seat=free > 0, position=waiting + 1)


def registration_create(
    *,
    session: Session,
    name: str,
    email: str,
    target_group: str,
    answers: dict[str, Any] | None = None,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Register a person (no account needed). A free seat → confirmed; a full session →
    the waiting list with its position. Raises AlreadyRegistered (the e-mail holds or waits
    for a seat here) or ValidationError with German messages; nothing is written then."""
    now = now or timezone.now()
    answers = answers or {}
    errors = _validate_registration(
        session, name=name, target_group=target_group, answers=answers, now=now
    )
    try:
        email = _normalised_email(email)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    values = {
        "name": name.strip(),
        "email": email,
        "target_group": target_group,
        "answers": answers,
    }
    try:
        if not locking.ENABLED:
            # Test-only control path: check, then write — the race the lock prevents.
            decision = _decide(session, email)
            locking.pause()
            with transaction.atomic():
                return _write(session, decision, values, actor)
        with transaction.atomic():
            # The locks and the counts in one round trip to PostgreSQL: the counts run
            # after the locks, as their own statement, and so see every seat taken by an
            # earlier holder of the locks.
            with prepared.pipeline():
                locking.lock_for_seat(session_id=session.pk, event_id=session.event_id, email=email)
                decision = _decide(session, email)
            locking.pause()
            return _write(session, decision, values, actor)
    except IntegrityError:
        # The partial unique constraints: a duplicate that slipped past the checks.
        raise AlreadyRegistered(
            _(
                "Mit dieser E-Mail-Adresse besteht für diese Führung schon eine Anmeldung "
                "oder ein Platz auf der Warteliste."
            ),
            code="duplicate",
        ) from None


def _insert[ModelT: models.Model](instance: ModelT) -> ModelT:
    """Store a new row with one plain INSERT … RETURNING id (SQLite ≥ 3.35 and
    PostgreSQL): the rows a registration writes, on the hot path of a rush where the ORM's
    statement compilation would cost more than the write. The caller validated the values;
    defaults (ticket code, cancel token, times) were filled in by the model's constructor."""
    meta = instance._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
    with prepared.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {meta.db_table} ({columns}) VALUES ({placeholders}) RETURNING id",
            params,
        )
        instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def _write(session: Session, decision: _Decision, values: dict[str, Any], actor: Any) -> Outcome:
    values = {**values, "session": session, "event_id": session.event_id}
    if decision.takes_seat:
        registration = _insert(Registration(**values))
        audit_log(
            actor=actor,
            action="events.registration.create",
            obj=registration,
            data={"session": session.pk},
        )
        enqueue_on_commit(tasks.mail_registration, registration.pk)
        return Outcome(status="confirmed", registration=registration)
    entry = _insert(WaitlistEntry(**values))
    audit_log(
        actor=actor,
        action="events.waitlist.join",
        obj=entry,
        data={"session": session.pk, "position": decision.position},
    )
    enqueue_on_commit(tasks.mail_waitlisted, entry.pk, decision.position)
    return Outcome(status="waitlisted", entry=entry, position=decision.position)


# --- cancelling and the waiting list -------------------------------------------------------


@dataclass(frozen=True)
class Cancelled:
    kind: str  # "registration" or "waitlist"
    session: Session
    promoted: list[int]


def registration_cancel(*, token: str, actor: Any = None) -> Cancelled:
    """Cancel a seat or a waiting-list place by its cancel token; a freed seat goes to the
    next person waiting in the same transaction."""
    token = (token or "").strip()
    registration = (
        Registration.objects.select_related("session__event").filter(cancel_token=token).first()
    )
    entry = None
    if registration is None:
        entry = (
            WaitlistEntry.objects.select_related("session__event")
            .filter(cancel_token=token)
            .first()
        )
    if registration is None and entry is None:
        raise ValidationError({"token": _("Dieser Stornierungslink ist ungültig.")})
    session = registration.session if registration else entry.session  # type: ignore[union-attr]
    with transaction.atomic():
        locking.lock_for_seat(session_id=session.pk)
        # Read before the lock: a capacity change may have been committed since.
        session.refresh_from_db(fields=["capacity"])
        if registration is not None:
            registration.refresh_from_db(fields=["status"])
            if registration.status != Registration.Status.CONFIRMED:
                raise ValidationError(_("Diese Anmeldung ist bereits storniert."))
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.save(update_fields=["status", "cancelled_at"])
            audit_log(actor=actor, action="events.registration.cancel", obj=registration)
            kind = "registration"
        else:
            assert entry is not None
            entry.refresh_from_db(fields=["status"])
            if entry.status not in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
                raise ValidationError(_("Dieser Platz auf der Warteliste besteht nicht mehr."))
            entry.status = WaitlistEntry.Status.CANCELLED
            entry.save(update_fields=["status"])
            audit_log(actor=actor, action="events.waitlist.cancel", obj=entry)
            kind = "waitlist"
        promoted = _fill_from_waitlist(session, actor=actor)
    return Cancelled(kind=kind, session=session, promoted=promoted)


def _fill_from_waitlist(session: Session, *, actor: Any = None) -> list[int]:
    """Give every free seat to the next person waiting (caller holds the session lock):
    directly as a confirmed registration, or as an offer that expires (event setting)."""
    event = session.event
    counts = _seat_counts(session)
    free = session.capacity - counts["taken"]
    if free <= 0 or not counts["waiting"]:
        return []
    promoted: list[int] = []
    waiting = WaitlistEntry.objects.filter(
        session=session, status=WaitlistEntry.Status.WAITING
    ).order_by("created_at", "id")
    now = timezone.now()
    for entry in waiting.iterator():
        if len(promoted) >= free:
            break
        if _holds_overlapping_seat(session, entry.email):
            # Took a seat at the same time elsewhere while waiting: skip, keep the rule.
            entry.status = WaitlistEntry.Status.CANCELLED
            entry.save(update_fields=["status"])
            audit_log(
                actor=actor,
                action="events.waitlist.skip_overlap",
                obj=entry,
                data={"reason": "overlapping seat"},
            )
            continue
        if event.waitlist_mode == WaitlistMode.OFFER:
            entry.status = WaitlistEntry.Status.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = now + dt.timedelta(hours=event.offer_hours)
            entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
            audit_log(actor=actor, action="events.waitlist.offer", obj=entry)
            enqueue_on_commit(tasks.mail_offer, entry.pk)
        else:
            _promote(entry, actor=actor)
        promoted.append(entry.pk)
    return promoted


def _holds_overlapping_seat(session: Session, email: str) -> bool:
    return (
        Registration.objects.filter(
            event_id=session.event_id,
            email=email,
            status=Registration.Status.CONFIRMED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .exists()
    )


def _promote(entry: WaitlistEntry, *, actor: Any) -> Registration:
    registration = Registration.objects.create(
        session_id=entry.session_id,
        event_id=entry.event_id,
        name=entry.name,
        email=entry.email,
        target_group=entry.target_group,
        answers=entry.answers,
        from_waitlist=True,
    )
    entry.status = WaitlistEntry.Status.PROMOTED
    entry.registration = registration
    entry.save(update_fields=["status", "registration"])
    audit_log(
        actor=actor,
        action="events.waitlist.promote",
        obj=registration,
        data={"waitlist_entry": entry.pk},
    )
    enqueue_on_commit(tasks.mail_registration, registration.pk, True)
    return registration


def waitlist_offer_accept(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Take an offered seat before the offer expires."""
    now = now or timezone.now()
    entry = (
        WaitlistEntry.objects.select_related("session__event")
        .filter(cancel_token=(token or "").strip())
        .first()
    )
    if entry is None:
        raise ValidationError({"token": _("Dieser Link ist ungültig.")})
    with transaction.atomic():
        locking.lock_for_seat(session_id=entry.session_id)
        entry.refresh_from_db()
        if entry.status != WaitlistEntry.Status.OFFERED:
            raise ValidationError(_("Für diesen Eintrag liegt kein Platzangebot vor."))
        if entry.offer_expires_at and entry.offer_expires_at <= now:
            raise ValidationError(_("Das Platzangebot ist leider abgelaufen."))
        if _holds_overlapping_seat(entry.session, entry.email):
            raise ValidationError(
                _("Sie sind zur selben Zeit schon für eine andere Führung angemeldet.")
            )
        return _promote(entry, actor=None)


def waitlist_offers_expire(*, now: dt.datetime | None = None) -> int:
    """Expire offers past their deadline and pass each seat on to the next person.
    Idempotent; run periodically (industriedialog events_expire_offers)."""
    now = now or timezone.now()
    session_ids = set(
        WaitlistEntry.objects.filter(
            status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
        ).values_list("session_id", flat=True)
    )
    expired = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            locking.lock_for_seat(session_id=session_id)
            entries = list(
                WaitlistEntry.objects.filter(
                    session_id=session_id,
                    status=WaitlistEntry.Status.OFFERED,
                    offer_expires_at__lte=now,
                )
            )
            for entry in entries:
                entry.status = WaitlistEntry.Status.EXPIRED
                entry.save(update_fields=["status"])
                audit_log(actor=None, action="events.waitlist.expire", obj=entry)
            expired += len(entries)
            _fill_from_waitlist(Session.objects.select_related("event").get(pk=session_id))
    return expired


# --- check-in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    checkin: CheckIn
    registration: Registration | None
    replayed: bool  # the same nonce came again: the first result is returned


def checkin_record(*, actor: Any, session: Session, code: str, nonce: str) -> CheckInResult:
    """Check a ticket code at the door of `session`. Safe to retry with the same nonce;
    every scan is kept, failed ones with their reason."""
    from .permissions import may_check_in

    if not may_check_in(actor, session):
        raise PermissionDenied(
            _("Einchecken dürfen nur die Gastgeber und die Wirtschaftsförderung.")
        )
    nonce = (nonce or "").strip()
    if not 8 <= len(nonce) <= 64:
        raise ValidationError({"nonce": _("Die Nonce muss 8 bis 64 Zeichen lang sein.")})
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if not code:
        raise ValidationError({"code": _("Bitte einen Ticketcode eingeben oder scannen.")})
    existing = CheckIn.objects.select_related("registration").filter(nonce=nonce).first()
    if existing is not None:
        return CheckInResult(existing, existing.registration, replayed=True)
    try:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update().filter(code=code).first() if code else None
            )
            if registration is None:
                result = CheckIn.Result.UNKNOWN
            elif registration.session_id != session.pk:
                result = CheckIn.Result.WRONG_SESSION
            elif registration.status != Registration.Status.CONFIRMED:
                result = CheckIn.Result.CANCELLED
            elif registration.checked_in_at is not None:
                result = CheckIn.Result.ALREADY_CHECKED_IN
            else:
                result = CheckIn.Result.OK
                registration.checked_in_at = timezone.now()
                registration.save(update_fields=["checked_in_at"])
            checkin = CheckIn.objects.create(
                session=session,
                registration=registration,
                code=code[:64],
                nonce=nonce,
                result=result,
                scanned_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            if result == CheckIn.Result.OK:
                audit_log(actor=actor, action="events.registration.check_in", obj=registration)
    except IntegrityError:
        # The same nonce raced in from a retry: return what the first one recorded.
        existing = CheckIn.objects.select_related("registration").get(nonce=nonce)
        return CheckInResult(existing, existing.registration, replayed=True)
    return CheckInResult(checkin, registration, replayed=False)
