"""Every write of the outreach app: validated, in a transaction, checked against the acting
user's role, and audited. A status change of a target follows TARGET_TRANSITIONS; an
illegal change raises a ValidationError with a German message and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.actors.models import Organisation, OrganisationKind, Person
from industriedialog.actors.services import unique_slug
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member
from industriedialog.measures.models import Measure

from . import need_counts, tasks
from .models import (
    TARGET_TRANSITIONS,
    Campaign,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Interest,
    Need,
    RiskFlag,
    RiskKind,
    TargetStatus,
    Visit,
)
from .permissions import may_handle_follow_up
from .selectors import (
    FUNNEL,
    NEEDS,
    RESPONSES,
    WARNINGS,
    dashboard_changed,
    target_organisations,
)
from .taxonomy import NeedTopic

CAMPAIGN_FIELDS = (
    "name",
    "description",
    "status",
    "starts_on",
    "ends_on",
    "note_retention_months",
)


def _require_staff(actor: Any) -> None:
    if not is_staff_member(actor):
        raise PermissionDenied(_("Das darf nur die Wirtschaftsförderung."))


def _not_in_future(day: dt.date, field_name: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            {field_name: _("%(label)s darf nicht in der Zukunft liegen.") % {"label": label}}
        )


# --- campaigns and targets -----------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    initiative: Initiative,
    data: dict[str, Any],
    target_filter: dict[str, Any],
) -> Campaign:
    """Open a campaign and add every firm the filter selects as a target."""
    _require_staff(actor)
    campaign = Campaign(
        initiative=initiative,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in data.items() if k in CAMPAIGN_FIELDS},
    )
    campaign.target_filter = _clean_filter(target_filter)
    campaign.slug = data.get("slug") or unique_slug(Campaign, f"{initiative.slug}-{campaign.name}")
    campaign.full_clean()
    campaign.save()
    organisations = list(target_organisations(campaign.target_filter).values_list("pk", flat=True))
    if not organisations:
        raise ValidationError(
            _("Der Filter wählt kein Unternehmen aus. Bitte die Auswahl erweitern.")
        )
    CampaignTarget.objects.bulk_create(
        [CampaignTarget(campaign=campaign, organisation_id=pk) for pk in organisations]
    )
    dashboard_changed(campaign_ids=[campaign.pk])
    audit_log(
        actor=actor,
        action="outreach.campaign.create",
        obj=campaign,
        data={"filter": campaign.target_filter, "targets": len(organisations)},
    )
    return campaign


FILTER_KEYS = {
    "kinds",
    "wz_sections",
    "municipality_key",
    "employee_bands",
    "has_production_site",
    "is_training_company",
}


def _clean_filter(target_filter: dict[str, Any]) -> dict[str, Any]:
    unknown = set(target_filter) - FILTER_KEYS
    if unknown:
        raise ValidationError(
            _("Unbekannte Filterangabe: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    cleaned = {k: v for k, v in target_filter.items() if v not in (None, "", [], ())}
    kinds = set(cleaned.get("kinds", []))
    if kinds - set(OrganisationKind.values):
        raise ValidationError({"kinds": _("Unbekannte Art der Organisation.")})
    return cleaned


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, data: dict[str, Any]) -> Campaign:
    _require_staff(actor)
    changed = []
    for name, value in data.items():
        if name not in CAMPAIGN_FIELDS:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": name})
        if getattr(campaign, name) != value:
            setattr(campaign, name, value)
            changed.append(name)
    campaign.full_clean()
    campaign.save()
    dashboard_changed(campaign_ids=[campaign.pk])
    audit_log(
        actor=actor, action="outreach.campaign.update", obj=campaign, data={"changed": changed}
    )
    return campaign


@transaction.atomic
def targets_assign(*, actor: Any, targets: Sequence[CampaignTarget], assignee: Any | None) -> int:
    """Give targets to a staff member (or take them back with None)."""
    _require_staff(actor)
    if assignee is not None and not is_staff_member(assignee):
        raise ValidationError(
            {"assigned_to": _("Zuständig kann nur die Wirtschaftsförderung sein.")}
        )
    ids = [t.pk for t in targets]
    count = CampaignTarget.objects.filter(pk__in=ids).update(
        assigned_to=assignee, updated_at=timezone.now()
    )
    dashboard_changed(campaign_ids=[t.campaign_id for t in targets], parts=[FUNNEL])
    for target in targets:
        audit_log(
            actor=actor,
            action="outreach.target.assign",
            obj=target,
            data={"assigned_to": assignee.pk if assignee else None},
        )
    return count


@transaction.atomic
def target_update(*, actor: Any, target: CampaignTarget, data: dict[str, Any]) -> CampaignTarget:
    """What the office learned about a firm: whether it knew the dialogue, its interest, the
    planned visit date."""
    _require_staff(actor)
    allowed = ("knew_dialogue", "interest", "visit_planned_on")
    changed = []
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": name})
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    if target.interest and target.interest not in Interest.values:
        raise ValidationError({"interest": _("Unbekannte Angabe zum Interesse.")})
    if changed:
        target.save(update_fields=[*changed, "updated_at"])
        dashboard_changed(campaign_ids=[target.campaign_id], parts=[FUNNEL])
        audit_log(
            actor=actor, action="outreach.target.update", obj=target, data={"changed": changed}
        )
    return target


def _transition(target: CampaignTarget, status: str) -> None:
    if status not in TargetStatus.values:
        raise ValidationError({"status": _("Unbekannter Stand: %(status)s") % {"status": status}})
    allowed = TARGET_TRANSITIONS[target.status]
    if status not in allowed:
        raise ValidationError(
            {
                "status": _(
                    "Von „%(current)s“ kann nicht zu „%(new)s“ gewechselt werden. "
                    "Möglich: %(allowed)s."
                )
                % {
                    "current": TargetStatus(target.status).label,
                    "new": TargetStatus(status).label,
                    "allowed": ", ".join(
                        f"„{TargetStatus(s).label}“" for s in TargetStatus.values if s in allowed
                    )
                    or _("keine weitere Änderung"),
                }
            }
        )
    target.status = status
    target.status_changed_at = timezone.now()


@transaction.atomic
def target_transition(
    *, actor: Any, target: CampaignTarget, status: str, visit_planned_on: dt.date | None = None
) -> CampaignTarget:
    """Move a target along the state machine, e.g. contacted → visit planned."""
    _require_staff(actor)
    target = CampaignTarget.objects.select_for_update().get(pk=target.pk)
    previous = target.status
    _transition(target, status)
    fields = ["status", "status_changed_at", "updated_at"]
    if status == TargetStatus.DECLINED:
        target.interest = Interest.NONE
        fields.append("interest")
    if status == TargetStatus.VISIT_PLANNED and visit_planned_on is not None:
        target.visit_planned_on = visit_planned_on
        fields.append("visit_planned_on")
    target.save(update_fields=fields)
    dashboard_changed(campaign_ids=[target.campaign_id], parts=[FUNNEL])
    audit_log(
        actor=actor,
        action="outreach.target.status",
        obj=target,
        data={"from": previous, "to": status},
    )
    return target


# What a contact attempt's outcome means for the target's status: the path of statuses to
# walk from "not contacted".
OUTCOME_PATH: dict[str, tuple[str, ...]] = {
    ContactAttempt.Outcome.REACHED: (TargetStatus.CONTACTED,),
    ContactAttempt.Outcome.CALLBACK: (TargetStatus.CONTACTED,),
    ContactAttempt.Outcome.NOT_REACHED: (),
    ContactAttempt.Outcome.DECLINED: (TargetStatus.CONTACTED, TargetStatus.DECLINED),
    ContactAttempt.Outcome.VISIT_AGREED: (TargetStatus.CONTACTED, TargetStatus.VISIT_PLANNED),
}


@transaction.atomic
def contact_attempt_record(
    *,
    actor: Any,
    target: CampaignTarget,
    attempted_on: dt.date,
    channel: str,
    outcome: str,
    note: str = "",
    visit_planned_on: dt.date | None = None,
) -> ContactAttempt:
    """Record a call, mail or letter; its outcome moves the target on where it fits
    (reached → contacted; declined → no interest; visit agreed → visit planned)."""
    _require_staff(actor)
    target = CampaignTarget.objects.select_for_update().get(pk=target.pk)
    attempt = ContactAttempt(
        target=target,
        attempted_on=attempted_on,
        channel=channel,
        outcome=outcome,
        note=note,
        recorded_by=actor,
    )
    attempt.full_clean(exclude=["target", "recorded_by"])
    _not_in_future(attempted_on, "attempted_on", _("Das Datum des Kontaktversuchs"))
    previous = target.status
    for status in OUTCOME_PATH[outcome]:
        already_further = status == TargetStatus.CONTACTED and target.status in (
            TargetStatus.VISIT_PLANNED,
            TargetStatus.VISITED,
        )
        if target.status != status and not already_further:
            _transition(target, status)  # an impossible change raises the German message
    if outcome == ContactAttempt.Outcome.DECLINED:
        target.interest = Interest.NONE
    if outcome == ContactAttempt.Outcome.VISIT_AGREED and visit_planned_on is not None:
        target.visit_planned_on = visit_planned_on
    attempt.save()
    target.save()
    dashboard_changed(campaign_ids=[target.campaign_id], parts=[FUNNEL])
    audit_log(
        actor=actor,
        action="outreach.contact_attempt.record",
        obj=target,
        data={
            "attempt": attempt.pk,
            "channel": channel,
            "outcome": outcome,
            "from": previous,
            "to": target.status,
        },
    )
    return attempt


# --- visits and what they found ------------------------------------------------------------


@dataclass
class NeedInput:
    topic: str
    description: str = ""
    measures: Sequence[Measure] = ()


@dataclass
class FollowUpInput:
    partner: Organisation
    title: str
    request: str
    due_on: dt.date
    contact_person: Person | None = None
    need_index: int | None = None  # which of the visit's needs it answers


@dataclass
class SignalInput:
    kind: str
    severity: int
    note: str = ""


@dataclass
class VisitInput:
    visited_on: dt.date
    notes: str = ""
    company_participants: str = ""
    staff_participants: Sequence[Any] = ()
    knew_dialogue: bool | None = None
    interest: str = ""
    needs: Sequence[NeedInput] = field(default_factory=list)
    follow_ups: Sequence[FollowUpInput] = field(default_factory=list)
    signals: Sequence[SignalInput] = field(default_factory=list)


@transaction.atomic
def visit_record(*, actor: Any, target: CampaignTarget, data: VisitInput) -> Visit:
    """The visit report, all in one: the visit, the needs found, the follow-ups agreed and
    the signals seen. The target becomes "visited"; a firm that was only contacted passes
    through "visit planned". Nothing is written unless all of it is valid."""
    _require_staff(actor)
    target = (
        CampaignTarget.objects.select_for_update()
        .select_related("campaign", "organisation")
        .get(pk=target.pk)
    )
    errors: dict[str, list[str]] = {}
    _not_in_future(data.visited_on, "visited_on", _("Das Besuchsdatum"))
    if data.interest and data.interest not in Interest.values:
        errors.setdefault("interest", []).append(_("Unbekannte Angabe zum Interesse."))
    for index, need_input in enumerate(data.needs, start=1):
        if need_input.topic not in NeedTopic.values:
            errors.setdefault("needs", []).append(
                _("Bedarf %(n)s: unbekanntes Thema.") % {"n": index}
            )
        elif need_input.topic == NeedTopic.OTHER and not need_input.description.strip():
            errors.setdefault("needs", []).append(
                _("Bedarf %(n)s: Bei „Sonstiges“ bitte den Bedarf beschreiben.") % {"n": index}
            )
    for index, follow_up in enumerate(data.follow_ups, start=1):
        for message in _follow_up_problems(follow_up, len(data.needs)):
            errors.setdefault("follow_ups", []).append(
                _("Wiedervorlage %(n)s: %(message)s") % {"n": index, "message": message}
            )
    for index, signal in enumerate(data.signals, start=1):
        if signal.kind not in RiskKind.values:
            errors.setdefault("signals", []).append(
                _("Signal %(n)s: unbekannte Art.") % {"n": index}
            )
        if signal.severity not in (1, 2, 3):
            errors.setdefault("signals", []).append(
                _("Signal %(n)s: Die Stärke muss gering, mittel oder hoch sein.") % {"n": index}
            )
    for person in data.staff_participants:
        if not is_staff_member(person):
            errors.setdefault("staff_participants", []).append(
                _("%(name)s gehört nicht zur Wirtschaftsförderung.") % {"name": person}
            )
    if target.status in (TargetStatus.NOT_CONTACTED, TargetStatus.DECLINED):
        errors.setdefault("status", []).append(
            _(
                "Ein Besuch kann erst erfasst werden, wenn das Unternehmen kontaktiert wurde "
                "und nicht abgelehnt hat (Stand: „%(status)s“)."
            )
            % {"status": TargetStatus(target.status).label}
        )
    if errors:
        raise ValidationError(errors)

    previous = target.status
    if target.status == TargetStatus.CONTACTED:
        _transition(target, TargetStatus.VISIT_PLANNED)
    if target.status == TargetStatus.VISIT_PLANNED:
        _transition(target, TargetStatus.VISITED)
    if data.knew_dialogue is not None:
        target.knew_dialogue = data.knew_dialogue
    if data.interest:
        target.interest = data.interest
    target.save()

    visit = Visit.objects.create(
        target=target,
        visited_on=data.visited_on,
        notes=data.notes,
        company_participants=data.company_participants,
        created_by=actor,
    )
    visit.staff_participants.set(data.staff_participants)
    needs: list[Need] = []
    with need_counts.batch():  # each topic counted once, not once per need and link
        for need_input in data.needs:
            need = Need(
                organisation=target.organisation,
                target=target,
                visit=visit,
                topic=need_input.topic,
                description=need_input.description.strip(),
                recorded_on=data.visited_on,
                recorded_by=actor,
            )
            need.save()
            need.measures.set(need_input.measures)
            needs.append(need)
    follow_ups = [
        _follow_up_new(
            actor=actor,
            organisation=target.organisation,
            data=follow_up,
            need=needs[follow_up.need_index] if follow_up.need_index is not None else None,
            visit=visit,
            target=target,
        )
        for follow_up in data.follow_ups
    ]
    for signal in data.signals:
        RiskFlag.objects.create(
            organisation=target.organisation,
            visit=visit,
            kind=signal.kind,
            severity=signal.severity,
            observed_on=data.visited_on,
            note=signal.note,
            recorded_by=actor,
        )
    dashboard_changed(campaign_ids=[target.campaign_id], organisation_ids=[target.organisation_id])
    audit_log(
        actor=actor,
        action="outreach.visit.record",
        obj=visit,
        data={
            "target": target.pk,
            "from": previous,
            "to": target.status,
            "needs": len(needs),
            "follow_ups": [f.pk for f in follow_ups],
            "signals": [s.kind for s in data.signals],
        },
    )
    return visit


@transaction.atomic
def visit_update_notes(*, actor: Any, visit: Visit, notes: str, company_participants: str) -> Visit:
    _require_staff(actor)
    if visit.notes_purged_at is not None:
        raise ValidationError(
            _("Die Notizen dieses Besuchs wurden nach Ablauf der Aufbewahrungsfrist gelöscht.")
        )
    visit.notes = notes
    visit.company_participants = company_participants
    visit.save(update_fields=["notes", "company_participants", "updated_at"])
    audit_log(actor=actor, action="outreach.visit.update_notes", obj=visit)
    return visit


@transaction.atomic
def visit_notes_purge(*, actor: Any = None, today: dt.date | None = None) -> int:
    """Blank the notes and participants of every visit whose campaign's retention period has
    passed. Needs, follow-ups and signals stay. Returns how many visits were purged."""
    today = today or timezone.localdate()
    purged = 0
    candidates = Visit.objects.filter(notes_purged_at__isnull=True).select_related(
        "target__campaign"
    )
    now = timezone.now()
    for visit in candidates.iterator():
        if visit.retain_until(visit.target.campaign.note_retention_months) > today:
            continue
        visit.notes = ""
        visit.company_participants = ""
        visit.notes_purged_at = now
        visit.save(update_fields=["notes", "company_participants", "notes_purged_at"])
        visit.staff_participants.clear()
        audit_log(actor=actor, action="outreach.visit.purge_notes", obj=visit)
        purged += 1
    return purged


@transaction.atomic
def need_record(
    *,
    actor: Any,
    organisation: Organisation,
    topic: str,
    description: str = "",
    recorded_on: dt.date | None = None,
    measures: Iterable[Measure] = (),
    target: CampaignTarget | None = None,
) -> Need:
    """A need learned outside a visit (a call, an event)."""
    _require_staff(actor)
    need = Need(
        organisation=organisation,
        target=target,
        topic=topic,
        description=description.strip(),
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=actor,
    )
    need.full_clean(exclude=["recorded_by", "target", "visit"])
    if topic == NeedTopic.OTHER and not need.description:
        raise ValidationError({"description": _("Bei „Sonstiges“ bitte den Bedarf beschreiben.")})
    with need_counts.batch():
        need.save()
        need.measures.set(list(measures))
    dashboard_changed(target_ids=[need.target_id], parts=[NEEDS])
    audit_log(actor=actor, action="outreach.need.record", obj=need)
    return need


@transaction.atomic
def need_link_measures(*, actor: Any, need: Need, measures: Iterable[Measure]) -> Need:
    """Say which measures address a need (the coverage view shows needs without one)."""
    _require_staff(actor)
    measures = list(measures)
    before = set(need.measures.values_list("pk", flat=True))
    with need_counts.batch():  # set() removes and adds: one recount, not two
        need.measures.set(measures)
    dashboard_changed(target_ids=[need.target_id], parts=[NEEDS])
    audit_log(
        actor=actor,
        action="outreach.need.link_measures",
        obj=need,
        data={"before": sorted(before), "after": sorted(m.pk for m in measures)},
    )
    return need


# --- follow-ups ----------------------------------------------------------------------------


PARTNER_KINDS = {
    OrganisationKind.CHAMBER,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.UNION,
    OrganisationKind.PUBLIC_BODY,
    OrganisationKind.UNIVERSITY,
    OrganisationKind.SCHOOL,
    OrganisationKind.OTHER,
}


def _follow_up_problems(data: FollowUpInput, need_count: int | None = None) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append(_("Bitte einen Betreff angeben."))
    if not data.request.strip():
        problems.append(_("Bitte das Anliegen für die Partnerinstitution beschreiben."))
    if data.partner.kind not in PARTNER_KINDS:
        problems.append(
            _("Weiterleiten lässt sich nur an eine Partnerinstitution, nicht an ein Unternehmen.")
        )
    if (
        data.contact_person is not None
        and not data.contact_person.affiliations.filter(organisation=data.partner).exists()
    ):
        problems.append(
            _("%(person)s gehört nicht zu %(partner)s.")
            % {"person": data.contact_person, "partner": data.partner}
        )
    if data.due_on < timezone.localdate():
        problems.append(_("Das Fälligkeitsdatum liegt in der Vergangenheit."))
    if data.need_index is not None and (
        need_count is None or not 0 <= data.need_index < need_count
    ):
        problems.append(_("Der genannte Bedarf gehört nicht zu diesem Besuch."))
    return problems


def _follow_up_new(
    *,
    actor: Any,
    organisation: Organisation,
    data: FollowUpInput,
    need: Need | None,
    visit: Visit | None,
    target: CampaignTarget | None,
) -> FollowUp:
    follow_up = FollowUp.objects.create(
        organisation=organisation,
        target=target,
        need=need,
        visit=visit,
        partner=data.partner,
        contact_person=data.contact_person,
        title=data.title.strip(),
        request=data.request.strip(),
        due_on=data.due_on,
        created_by=actor,
    )
    dashboard_changed(target_ids=[follow_up.target_id], parts=[RESPONSES])
    audit_log(
        actor=actor,
        action="outreach.follow_up.create",
        obj=follow_up,
        data={"partner": data.partner.pk, "need": need.pk if need else None},
    )
    transaction.on_commit(lambda: tasks.mail_follow_up_routed.enqueue(follow_up.pk))
    return follow_up


@transaction.atomic
def follow_up_create(
    *,
    actor: Any,
    organisation: Organisation,
    data: FollowUpInput,
    need: Need | None = None,
    target: CampaignTarget | None = None,
) -> FollowUp:
    """Route a need to a partner organisation (and contact person) with a due date."""
    _require_staff(actor)
    problems = _follow_up_problems(data)
    if need is not None and need.organisation_id != organisation.pk:
        problems.append(_("Der Bedarf gehört zu einem anderen Unternehmen."))
    if target is not None and target.organisation_id != organisation.pk:
        problems.append(_("Das Zielunternehmen ist ein anderes Unternehmen."))
    if problems:
        raise ValidationError(problems)
    return _follow_up_new(
        actor=actor,
        organisation=organisation,
        data=data,
        need=need,
        visit=None,
        target=target or (need.target if need is not None else None),
    )


def _require_handler(actor: Any, follow_up: FollowUp) -> None:
    if not may_handle_follow_up(actor, follow_up):
        raise PermissionDenied(
            _("Diese Wiedervorlage ist an eine andere Organisation weitergeleitet.")
        )


@transaction.atomic
def follow_up_answer(*, actor: Any, follow_up: FollowUp, answer: str) -> FollowUp:
    """The partner answers: what it did or offers. The first answer fixes the response time."""
    _require_handler(actor, follow_up)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.CLOSED:
        raise ValidationError(_("Die Wiedervorlage ist bereits erledigt."))
    if not answer.strip():
        raise ValidationError({"answer": _("Bitte eine Antwort eingeben.")})
    follow_up.answer = answer.strip()
    follow_up.status = FollowUp.Status.ANSWERED
    if follow_up.answered_at is None:
        follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["answer", "status", "answered_at"])
    dashboard_changed(target_ids=[follow_up.target_id], parts=[RESPONSES])
    audit_log(actor=actor, action="outreach.follow_up.answer", obj=follow_up)
    return follow_up


@transaction.atomic
def follow_up_close(*, actor: Any, follow_up: FollowUp, answer: str = "") -> FollowUp:
    _require_handler(actor, follow_up)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.CLOSED:
        raise ValidationError(_("Die Wiedervorlage ist bereits erledigt."))
    now = timezone.now()
    fields = ["status", "closed_at"]
    if answer.strip():
        follow_up.answer = answer.strip()
        fields.append("answer")
        if follow_up.answered_at is None:
            follow_up.answered_at = now
            fields.append("answered_at")
    follow_up.status = FollowUp.Status.CLOSED
    follow_up.closed_at = now
    follow_up.save(update_fields=fields)
    dashboard_changed(target_ids=[follow_up.target_id], parts=[RESPONSES])
    audit_log(actor=actor, action="outreach.follow_up.close", obj=follow_up)
    return follow_up


# --- early-warning signals -----------------------------------------------------------------


@transaction.atomic
def risk_flag_record(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    severity: int,
    observed_on: dt.date,
    note: str = "",
) -> RiskFlag:
    _require_staff(actor)
    flag = RiskFlag(
        organisation=organisation,
        kind=kind,
        severity=severity,
        observed_on=observed_on,
        note=note,
        recorded_by=actor,
    )
    flag.full_clean(exclude=["recorded_by", "visit"])
    _not_in_future(observed_on, "observed_on", _("Das Beobachtungsdatum"))
    flag.save()
    dashboard_changed(organisation_ids=[organisation.pk], parts=[WARNINGS])
    audit_log(
        actor=actor,
        action="outreach.risk_flag.record",
        obj=flag,
        data={"kind": kind, "severity": severity},
    )
    return flag


@transaction.atomic
def risk_flag_resolve(*, actor: Any, flag: RiskFlag, resolved_on: dt.date) -> RiskFlag:
    _require_staff(actor)
    if flag.resolved_on is not None:
        raise ValidationError(_("Das Signal ist bereits erledigt."))
    if resolved_on < flag.observed_on:
        raise ValidationError(
            {"resolved_on": _("Ein Signal kann nicht vor seiner Beobachtung erledigt sein.")}
        )
    _not_in_future(resolved_on, "resolved_on", _("Das Erledigungsdatum"))
    flag.resolved_on = resolved_on
    flag.save(update_fields=["resolved_on"])
    dashboard_changed(organisation_ids=[flag.organisation_id], parts=[WARNINGS])
    audit_log(actor=actor, action="outreach.risk_flag.resolve", obj=flag)
    return flag
