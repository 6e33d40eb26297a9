"""Every write of the dialog app: validated, in a transaction, checked against the acting
user's role, and audited. Mails go out after commit as tasks."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.actors.models import Organisation, OrganisationKind, Person
from industriedialog.actors.services import unique_slug
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member

from . import tasks
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Decision,
    JoinRequest,
    Meeting,
    Membership,
    MembershipRole,
    Vote,
    VoteOption,
    VoteParticipation,
)
from .permissions import current_membership, may_manage, may_vote, person_of

BODY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "parent",
    "topic",
    "description",
    "status",
    "founded_on",
    "min_company_members",
    "composition_rule",
    "cadence_months",
    "is_public",
    "order",
)
MEETING_FIELDS = ("title", "starts_at", "ends_at", "location", "online_url", "status", "minutes")


def _require_staff(actor: Any) -> None:
    if not is_staff_member(actor):
        raise PermissionDenied(_("Das darf nur die Wirtschaftsförderung."))


def _require_manager(actor: Any, body: Body) -> None:
    if not may_manage(actor, body):
        raise PermissionDenied(
            _("Das dürfen nur die Wirtschaftsförderung und der Vorsitz des Gremiums.")
        )


# --- bodies and members --------------------------------------------------------------------


@transaction.atomic
def body_create(*, actor: Any, initiative: Initiative, data: dict[str, Any]) -> Body:
    _require_staff(actor)
    body = Body(initiative=initiative, **{k: v for k, v in data.items() if k in BODY_FIELDS})
    if body.parent is not None and body.parent.initiative_id != initiative.pk:
        raise ValidationError(
            {"parent": _("Das übergeordnete Gremium gehört zu einer anderen Initiative.")}
        )
    body.slug = data.get("slug") or unique_slug(
        Body, f"{initiative.slug}-{body.short_name or body.name}"
    )
    body.full_clean()
    body.save()
    audit_log(actor=actor, action="dialog.body.create", obj=body)
    return body


@transaction.atomic
def body_update(*, actor: Any, body: Body, data: dict[str, Any]) -> Body:
    _require_staff(actor)
    changed = []
    for name, value in data.items():
        if name not in BODY_FIELDS:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": name})
        if getattr(body, name) != value:
            setattr(body, name, value)
            changed.append(name)
    if body.parent is not None and body.parent.initiative_id != body.initiative_id:
        raise ValidationError(
            {"parent": _("Das übergeordnete Gremium gehört zu einer anderen Initiative.")}
        )
    if body.parent_id:
        ancestor = body.parent
        while ancestor is not None:
            if ancestor.pk == body.pk:
                raise ValidationError(
                    {"parent": _("Ein Gremium kann nicht an sich selbst berichten.")}
                )
            ancestor = ancestor.parent
    body.full_clean()
    body.save()
    audit_log(actor=actor, action="dialog.body.update", obj=body, data={"changed": changed})
    return body


def membership_role_for(organisation: Organisation, role: str) -> str:
    """Members from chambers, associations, unions and public bodies are intermediaries."""
    if role == MembershipRole.MEMBER and organisation.kind != OrganisationKind.COMPANY:
        return MembershipRole.INTERMEDIARY
    return role


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    body: Body,
    person: Person,
    organisation: Organisation,
    role: str = MembershipRole.MEMBER,
    start_date: dt.date | None = None,
    is_listed: bool = False,
    is_example_data: bool = False,
) -> Membership:
    _require_manager(actor, body)
    if current_membership(body, person) is not None:
        raise ValidationError(
            _("%(person)s ist bereits Mitglied in %(body)s.")
            % {"person": person.full_name, "body": body.name}
        )
    membership = Membership(
        body=body,
        person=person,
        organisation=organisation,
        role=membership_role_for(organisation, role),
        start_date=start_date or timezone.localdate(),
        is_listed=is_listed,
        is_example_data=is_example_data,
    )
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            _("%(person)s ist bereits Mitglied in %(body)s.")
            % {"person": person.full_name, "body": body.name}
        ) from None
    audit_log(
        actor=actor,
        action="dialog.membership.add",
        obj=membership,
        data={"body": body.pk, "person": person.pk, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_end(
    *, actor: Any, membership: Membership, end_date: dt.date | None = None
) -> Membership:
    _require_manager(actor, membership.body)
    end_date = end_date or timezone.localdate()
    if end_date < membership.start_date:
        raise ValidationError({"end_date": _("Das Ende liegt vor dem Beginn der Mitgliedschaft.")})
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit_log(actor=actor, action="dialog.membership.end", obj=membership)
    return membership


@transaction.atomic
def join_request_create(*, actor: Any, body: Body, message: str = "") -> JoinRequest:
    """A company representative asks to join a working group (or another body)."""
    person = person_of(actor)
    if person is None or actor.organisation_id is None:
        raise PermissionDenied(
            _(
                "Beitrittsanfragen stellen Unternehmensvertretungen mit "
                "hinterlegter Person und Organisation."
            )
        )
    if actor.role not in ("company", "partner"):
        raise PermissionDenied(_("Beitrittsanfragen stellen Unternehmensvertretungen."))
    if body.status != "active":
        raise ValidationError(_("Dieses Gremium nimmt derzeit keine Mitglieder auf."))
    if current_membership(body, person) is not None:
        raise ValidationError(_("Sie sind bereits Mitglied in diesem Gremium."))
    join_request = JoinRequest(
        body=body,
        user=actor,
        person=person,
        organisation_id=actor.organisation_id,
        message=message.strip(),
    )
    try:
        with transaction.atomic():
            join_request.save()
    except IntegrityError:
        raise ValidationError(_("Ihre Anfrage für dieses Gremium liegt bereits vor.")) from None
    audit_log(actor=actor, action="dialog.join_request.create", obj=join_request)
    return join_request


@transaction.atomic
def join_request_decide(
    *, actor: Any, join_request: JoinRequest, accept: bool, note: str = ""
) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    _require_manager(actor, join_request.body)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Über diese Anfrage ist bereits entschieden."))
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.decision_note = note.strip()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if accept:
        membership_add(
            actor=actor,
            body=join_request.body,
            person=join_request.person,
            organisation=join_request.organisation,
        )
    audit_log(
        actor=actor,
        action="dialog.join_request.decide",
        obj=join_request,
        data={"accepted": accept},
    )
    transaction.on_commit(lambda: tasks.mail_join_decision.enqueue(join_request.pk))
    return join_request


# --- meetings ------------------------------------------------------------------------------


def _check_meeting_times(meeting: Meeting) -> None:
    # The check constraint would report only "Bedingung „meeting_ends_after_start“ ist
    # nicht erfüllt."; say what is wrong instead.
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("Das Ende der Sitzung muss nach ihrem Beginn liegen.")})


@transaction.atomic
def meeting_create(
    *, actor: Any, body: Body, data: dict[str, Any], agenda: Sequence[str] = ()
) -> Meeting:
    _require_manager(actor, body)
    meeting = Meeting(body=body, **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    _check_meeting_times(meeting)
    meeting.full_clean()
    meeting.save()
    for position, title in enumerate((t.strip() for t in agenda if t.strip()), start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    audit_log(actor=actor, action="dialog.meeting.create", obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    _require_manager(actor, meeting.body)
    changed = []
    for name, value in data.items():
        if name not in MEETING_FIELDS:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": name})
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed.append(name)
    _check_meeting_times(meeting)
    meeting.full_clean()
    meeting.save()
    audit_log(actor=actor, action="dialog.meeting.update", obj=meeting, data={"changed": changed})
    return meeting


@transaction.atomic
def agenda_item_add(
    *, actor: Any, meeting: Meeting, title: str, description: str = "", presenter: str = ""
) -> AgendaItem:
    _require_manager(actor, meeting.body)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        presenter=presenter.strip(),
    )
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="dialog.agenda_item.add", obj=item)
    return item


@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting) -> Meeting:
    """Send the invitation with an .ics file to the current members (after commit)."""
    _require_manager(actor, meeting.body)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Zu einer abgesagten Sitzung wird nicht eingeladen."))
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("Die Sitzung liegt in der Vergangenheit."))
    meeting.status = Meeting.Status.INVITED
    meeting.invitation_sent_at = timezone.now()
    meeting.save(update_fields=["status", "invitation_sent_at", "updated_at"])
    audit_log(actor=actor, action="dialog.meeting.invite", obj=meeting)
    transaction.on_commit(lambda: tasks.mail_meeting_invitation.enqueue(meeting.pk))
    return meeting


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, person: Person, status: str) -> Attendance:
    _require_manager(actor, meeting.body)
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Unbekannter Anwesenheitsstatus.")})
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": status}
    )
    audit_log(
        actor=actor,
        action="dialog.attendance.record",
        obj=meeting,
        data={"person": person.pk, "status": status},
    )
    return attendance


@transaction.atomic
def minutes_save(*, actor: Any, meeting: Meeting, minutes: str, held: bool = True) -> Meeting:
    _require_manager(actor, meeting.body)
    meeting.minutes = minutes.strip()
    if held:
        if meeting.starts_at > timezone.now():
            raise ValidationError(
                _("Eine Sitzung in der Zukunft kann nicht als durchgeführt gelten.")
            )
        meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["minutes", "status", "updated_at"])
    audit_log(actor=actor, action="dialog.meeting.minutes", obj=meeting)
    return meeting


@transaction.atomic
def decision_add(
    *, actor: Any, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None
) -> Decision:
    _require_manager(actor, meeting.body)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Der TOP gehört zu einer anderen Sitzung.")})
    decision = Decision(meeting=meeting, agenda_item=agenda_item, text=text.strip())
    decision.full_clean()
    decision.save()
    audit_log(actor=actor, action="dialog.decision.add", obj=decision)
    return decision


@transaction.atomic
def action_item_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    assignee: Person,
    due_date: dt.date | None = None,
    description: str = "",
    meeting: Meeting | None = None,
) -> ActionItem:
    _require_manager(actor, body)
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("Die Sitzung gehört zu einem anderen Gremium.")})
    item = ActionItem(
        body=body,
        meeting=meeting,
        title=title.strip(),
        assignee=assignee,
        due_date=due_date,
        description=description.strip(),
    )
    item.full_clean()
    item.save()
    audit_log(
        actor=actor, action="dialog.action_item.create", obj=item, data={"assignee": assignee.pk}
    )
    return item


ACTION_ITEM_TRANSITIONS: dict[str, set[str]] = {
    ActionItem.Status.OPEN: {
        ActionItem.Status.IN_PROGRESS,
        ActionItem.Status.DONE,
        ActionItem.Status.CANCELLED,
    },
    ActionItem.Status.IN_PROGRESS: {
        ActionItem.Status.OPEN,
        ActionItem.Status.DONE,
        ActionItem.Status.CANCELLED,
    },
    ActionItem.Status.DONE: {ActionItem.Status.OPEN},
    ActionItem.Status.CANCELLED: {ActionItem.Status.OPEN},
}


@transaction.atomic
def action_item_set_status(*, actor: Any, item: ActionItem, status: str) -> ActionItem:
    """The assignee, staff and the chair change an item's status."""
    item = ActionItem.objects.select_for_update().select_related("body").get(pk=item.pk)
    is_assignee = person_of(actor) is not None and person_of(actor).pk == item.assignee_id
    if not (is_assignee or may_manage(actor, item.body)):
        raise PermissionDenied(_("Diese Aufgabe gehört jemand anderem."))
    if status not in ACTION_ITEM_TRANSITIONS.get(item.status, set()):
        raise ValidationError(
            _("Von „%(old)s“ kann die Aufgabe nicht auf „%(new)s“ wechseln.")
            % {
                "old": item.get_status_display(),
                "new": ActionItem.Status(status).label
                if status in ActionItem.Status.values
                else status,
            }
        )
    old = item.status
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor, action="dialog.action_item.status", obj=item, data={"from": old, "to": status}
    )
    return item


# --- votes ---------------------------------------------------------------------------------


@transaction.atomic
def vote_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    options: Sequence[str],
    method: str = Vote.Method.APPROVAL,
    secrecy: str = Vote.Secrecy.OPEN,
    description: str = "",
    meeting: Meeting | None = None,
) -> Vote:
    _require_manager(actor, body)
    labels = [label.strip() for label in options if label.strip()]
    if len(labels) < 2:
        raise ValidationError({"options": _("Eine Abstimmung braucht mindestens zwei Optionen.")})
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": _("Jede Option darf nur einmal vorkommen.")})
    vote = Vote(
        body=body,
        meeting=meeting,
        title=title.strip(),
        description=description.strip(),
        method=method,
        secrecy=secrecy,
    )
    vote.full_clean()
    vote.save()
    VoteOption.objects.bulk_create(
        [VoteOption(vote=vote, label=label, position=i) for i, label in enumerate(labels)]
    )
    audit_log(
        actor=actor,
        action="dialog.vote.create",
        obj=vote,
        data={"method": method, "secrecy": secrecy, "options": labels},
    )
    return vote


@transaction.atomic
def vote_open(*, actor: Any, vote: Vote) -> Vote:
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    _require_manager(actor, vote.body)
    if vote.status != Vote.Status.DRAFT:
        raise ValidationError(_("Nur ein Entwurf kann geöffnet werden."))
    vote.status = Vote.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save(update_fields=["status", "opened_at"])
    audit_log(actor=actor, action="dialog.vote.open", obj=vote)
    return vote


@transaction.atomic
def vote_close(*, actor: Any, vote: Vote) -> Vote:
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    _require_manager(actor, vote.body)
    if vote.status != Vote.Status.OPEN:
        raise ValidationError(_("Nur eine laufende Abstimmung kann geschlossen werden."))
    from .selectors import eligible_voters

    if vote.secrecy == Vote.Secrecy.SECRET:
        _shuffle_ballots(vote)
    vote.status = Vote.Status.CLOSED
    vote.closed_at = timezone.now()
    vote.eligible_count = eligible_voters(vote.body).count()
    vote.save(update_fields=["status", "closed_at", "eligible_count"])
    audit_log(
        actor=actor,
        action="dialog.vote.close",
        obj=vote,
        data={"ballots": vote.participations.count(), "eligible": vote.eligible_count},
    )
    return vote


def _shuffle_ballots(vote: Vote) -> None:
    """Secret ballots are written in the order they arrive, so the storage order (SQLite's
    rowid, PostgreSQL's heap) could be matched to the participations. On closing, the
    ballots are rewritten in random order with new keys."""
    contents = list(Ballot.objects.filter(vote=vote).values_list("approvals", "ranking"))
    secrets.SystemRandom().shuffle(contents)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        [Ballot(vote=vote, approvals=approvals, ranking=ranking) for approvals, ranking in contents]
    )


class AlreadyVoted(ValidationError):
    pass


def _validate_ballot(
    vote: Vote, approvals: Sequence[int] | None, ranking: Sequence[int | Sequence[int]] | None
) -> tuple[list, list]:
    option_ids = set(vote.options.values_list("pk", flat=True))
    if vote.method == Vote.Method.APPROVAL:
        chosen = list(dict.fromkeys(int(option) for option in (approvals or [])))
        if not chosen:
            raise ValidationError(_("Bitte wählen Sie mindestens eine Option."))
        if not set(chosen) <= option_ids:
            raise ValidationError(_("Unbekannte Option."))
        return chosen, []
    seen: set[int] = set()
    cleaned: list = []
    for entry in ranking or []:
        group = [int(entry)] if isinstance(entry, int | str) else [int(o) for o in entry]
        if not group:
            continue
        if not set(group) <= option_ids:
            raise ValidationError(_("Unbekannte Option."))
        if seen & set(group):
            raise ValidationError(_("Jede Option darf nur einen Rang haben."))
        seen |= set(group)
        cleaned.append(group[0] if len(group) == 1 else group)
    if not cleaned:
        raise ValidationError(_("Bitte bringen Sie mindestens eine Option in eine Rangfolge."))
    return [], cleaned


def ballot_cast(
    *,
    actor: Any,
    vote: Vote,
    approvals: Sequence[int] | None = None,
    ranking: Sequence[int | Sequence[int]] | None = None,
) -> VoteParticipation:
    """Cast the acting member's ballot. Only current members vote, and only once: the unique
    constraint on (vote, person) decides under concurrent requests."""
    person = person_of(actor)
    if person is None or not may_vote(actor, vote.body):
        raise PermissionDenied(_("Nur Mitglieder des Gremiums stimmen ab."))
    try:
        with transaction.atomic():
            # The row lock orders ballots against closing the vote.
            locked = Vote.objects.select_for_update().get(pk=vote.pk)
            if locked.status != Vote.Status.OPEN:
                raise ValidationError(_("Diese Abstimmung ist nicht geöffnet."))
            approvals_clean, ranking_clean = _validate_ballot(locked, approvals, ranking)
            participation = VoteParticipation.objects.create(vote=locked, person=person)
            Ballot.objects.create(
                vote=locked,
                voter=participation if locked.secrecy == Vote.Secrecy.OPEN else None,
                approvals=approvals_clean,
                ranking=ranking_clean,
            )
            audit_log(
                actor=actor, action="dialog.vote.cast", obj=locked, data={"person": person.pk}
            )
    except IntegrityError:
        raise AlreadyVoted(_("Sie haben in dieser Abstimmung bereits abgestimmt.")) from None
    return participation
