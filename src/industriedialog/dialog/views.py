"""Pages of the dialog app: the structure of the bodies, a body with its members,
meetings, action items and votes, a meeting, a vote, and "Meine Aufgaben".

Thin: a selector finds the object (404 when the user may not see it), a form parses the
input, a service writes. What a user may not do answers 404 as well; a service's
ValidationError becomes a form error or a message, its PermissionDenied a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from industriedialog.actors.models import Person
from industriedialog.actors.selectors import organisations_visible_to, people_visible_to
from industriedialog.core.models import Initiative, Role
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to

from . import forms, selectors, services
from .ics import meeting_calendar, public_base_url
from .models import (
    ActionItem,
    Attendance,
    Body,
    BodyKind,
    BodyStatus,
    JoinRequest,
    Meeting,
    Membership,
    Vote,
)
from .permissions import current_membership, may_manage, may_vote, person_of

# The subject of the composition warning, with its article ("Das Forum hat …").
KIND_SUBJECT: dict[str, Any] = {
    BodyKind.FORUM: gettext_lazy("Das Forum"),
    BodyKind.STEERING_TEAM: gettext_lazy("Das Steuerteam"),
    BodyKind.WORKING_GROUP: gettext_lazy("Die Arbeitsgruppe"),
    BodyKind.WORKING_CIRCLE: gettext_lazy("Der Arbeitskreis"),
    BodyKind.ADVISORY_BOARD: gettext_lazy("Der Unternehmerbeirat"),
}


# --- helpers -------------------------------------------------------------------------------

def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _call_with_form[T](form, call: Callable[[], T]) -> T | None:
    """Run a service for a valid form. Its ValidationError becomes form errors (None is
    returned); its PermissionDenied a 404."""
    try:
        return call()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        _apply_service_errors(form, error)
        return None


def _call_with_message(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Run a service for a button: success or its German error as a message."""
    try:
        call()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _managed_body(request: HttpRequest, slug: str) -> Body:
    """A body the user sees and may run (staff, chair, deputy); 404 otherwise."""
    body = selectors.body_get_for(request.user, slug=slug)
    if not may_manage(request.user, body):
        raise Http404
    return body


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = selectors.meeting_get_for(request.user, pk)
    if not may_manage(request.user, meeting.body):
        raise Http404
    return meeting


def _managed_vote(request: HttpRequest, pk: int) -> Vote:
    vote = selectors.vote_get_for(request.user, pk)
    if not may_manage(request.user, vote.body):
        raise Http404
    return vote


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


def _member_people(body: Body):
    return Person.objects.filter(pk__in=selectors.current_memberships(body).values(
        "person_id")).order_by("last_name", "first_name", "pk")


def _flatten(forest: list[tuple[Body, list]], depth: int = 0) -> list[tuple[Body, int]]:
    rows: list[tuple[Body, int]] = []
    for body, children in forest:
        rows.append((body, depth))
        rows.extend(_flatten(children, depth + 1))
    return rows


def _composition_warning(body: Body, composition: selectors.Composition) -> str:
    if composition.is_met:
        return ""
    subject = KIND_SUBJECT.get(body.kind, body.name)
    return ngettext(
        "%(subject)s hat %(count)s Unternehmensvertretung – mindestens %(minimum)s sind "
        "vorgesehen.",
        "%(subject)s hat %(count)s Unternehmensvertretungen – mindestens %(minimum)s sind "
        "vorgesehen.",
        composition.companies,
    ) % {"subject": subject, "count": composition.companies, "minimum": composition.minimum}


# --- structure -----------------------------------------------------------------------------

def body_list(request: HttpRequest) -> HttpResponse:
    """The bodies as an org chart and a list: of one initiative (?initiative=<slug>) or
    of all initiatives, grouped."""
    slug = request.GET.get("initiative", "")
    initiative = initiative_get_for(request.user, slug=slug) if slug else None
    forest = selectors.structure_for(request.user, initiative=initiative)
    if initiative is not None:
        groups = [(initiative, forest)] if forest else []
    else:
        by_initiative: dict[int, tuple[Initiative, list]] = {}
        for root in forest:
            current = root[0].initiative
            by_initiative.setdefault(current.pk, (current, []))[1].append(root)
        groups = sorted(by_initiative.values(),
                        key=lambda group: (-group[0].start_date.toordinal(), group[0].name))
    return render(request, "dialog/body_list.html", {
        "initiative": initiative,
        "groups": [(group_initiative, trees, _flatten(trees))
                   for group_initiative, trees in groups],
        "initiatives": initiatives_visible_to(request.user).select_related(None),
        "may_create": is_staff_member(request.user),
    })


def body_create(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    initiatives = initiatives_visible_to(request.user)
    initial = {}
    if request.GET.get("initiative"):
        initial["initiative"] = initiatives.filter(slug=request.GET["initiative"]).first()
    form = forms.BodyForm(request.POST or None, initiatives=initiatives, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.BODY_FIELDS}
        body = _call_with_form(form, lambda: services.body_create(
            actor=request.user, initiative=form.cleaned_data["initiative"], data=data))
        if body is not None:
            messages.success(request, _("Das Gremium „%(name)s“ wurde angelegt.")
                             % {"name": body.name})
            return redirect(body.get_absolute_url())
    return render(request, "dialog/body_form.html", {"form": form, "body": None})


def body_update(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_get_for(request.user, slug=slug)
    if not is_staff_member(request.user):
        raise Http404
    form = forms.BodyForm(request.POST or None, instance=Body.objects.get(pk=body.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.BODY_FIELDS}
        updated = _call_with_form(form, lambda: services.body_update(
            actor=request.user, body=body, data=data))
        if updated is not None:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(updated.get_absolute_url())
    return render(request, "dialog/body_form.html", {"form": form, "body": body})


# --- a body --------------------------------------------------------------------------------

def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    body = selectors.body_get_for(user, slug=slug)
    person = person_of(user)
    own_membership = current_membership(body, person)
    is_insider = is_staff_member(user) or own_membership is not None
    manages = may_manage(user, body)
    members = list(selectors.members_visible_for(user, body))
    composition = selectors.composition_of(body)
    now = timezone.now()
    meetings = list(selectors.meetings_visible_to(user).filter(body=body)
                    .order_by("starts_at"))
    own_request = None
    may_join = False
    if (person is not None and own_membership is None
            and getattr(user, "organisation_id", None) is not None
            and getattr(user, "role", "") in (Role.COMPANY, Role.PARTNER)):
        own_request = (JoinRequest.objects.filter(body=body, person=person,
                                                  status=JoinRequest.Status.PENDING).first())
        may_join = own_request is None and body.status == BodyStatus.ACTIVE
    pending_requests = []
    if manages:
        pending_requests = list(body.join_requests.filter(status=JoinRequest.Status.PENDING)
                                .select_related("person", "organisation")
                                .order_by("created_at", "pk"))
    return render(request, "dialog/body_detail.html", {
        "body": body,
        "children": list(selectors.bodies_visible_to(user).filter(parent=body)
                         .order_by("order", "name")),
        "members": members,
        "member_total": composition.companies + composition.intermediaries + composition.guests,
        "composition": composition,
        "composition_warning": _composition_warning(body, composition),
        "upcoming_meetings": [m for m in meetings if m.starts_at >= now],
        "past_meetings": [m for m in reversed(meetings) if m.starts_at < now],
        "cadence": selectors.cadence_of(body),
        "action_items": list(selectors.open_action_items(body)),
        "votes": list(selectors.votes_visible_to(user).filter(body=body)
                      .prefetch_related(None).order_by("-created_at")),
        "own_membership": own_membership,
        "own_request": own_request,
        "may_join": may_join,
        "join_form": forms.JoinRequestForm() if may_join else None,
        "pending_requests": pending_requests,
        "may_manage": manages,
        "may_edit": is_staff_member(user),
        "show_all_names": is_insider,
        "visible_person_ids": {membership.person_id for membership in members},
    })


def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.MembershipForm(request.POST or None,
                                people=people_visible_to(request.user),
                                organisations=organisations_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = _call_with_form(form, lambda: services.membership_add(
            actor=request.user, body=body, person=data["person"],
            organisation=data["organisation"], role=data["role"],
            start_date=data["start_date"], is_listed=data["is_listed"]))
        if membership is not None:
            messages.success(request, _("%(person)s ist jetzt Mitglied (%(role)s).")
                             % {"person": membership.person.full_name,
                                "role": membership.get_role_display()})
            return redirect(body.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": body, "back_url": body.get_absolute_url(),
        "title": _("Mitglied hinzufügen"), "submit_label": _("Hinzufügen"),
    })


def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _managed_body(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "organisation", "body"),
        pk=pk, body=body, end_date__isnull=True)
    form = forms.MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = _call_with_form(form, lambda: services.membership_end(
            actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]))
        if ended is not None:
            messages.success(request, _("Die Mitgliedschaft von %(person)s endet am %(date)s.")
                             % {"person": membership.person.full_name,
                                "date": form.cleaned_data["end_date"].strftime("%d.%m.%Y")})
            return redirect(body.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": body, "back_url": body.get_absolute_url(),
        "title": _("Mitgliedschaft beenden: %(person)s")
        % {"person": membership.person.full_name},
        "submit_label": _("Mitgliedschaft beenden"),
    })


def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Takes the join form of the body page. The service decides who may ask."""
    body = selectors.body_get_for(request.user, slug=slug)
    if request.method != "POST":
        return redirect(body.get_absolute_url())
    form = forms.JoinRequestForm(request.POST)
    if form.is_valid():
        join_request = _call_with_form(form, lambda: services.join_request_create(
            actor=request.user, body=body, message=form.cleaned_data["message"]))
        if join_request is not None:
            messages.success(request, _("Ihre Anfrage ist eingegangen. Sie erhalten eine "
                                        "E-Mail, sobald darüber entschieden ist."))
            return redirect(body.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": body, "back_url": body.get_absolute_url(),
        "title": _("Mitarbeit anfragen"), "submit_label": _("Anfrage senden"),
    })


@require_POST
def join_request_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _managed_body(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, body=body)
    form = forms.JoinDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("decision", []):
            messages.error(request, str(error))
        return redirect(body.get_absolute_url())
    accept = form.cleaned_data["decision"] == "accept"
    _call_with_message(
        request,
        lambda: services.join_request_decide(actor=request.user, join_request=join_request,
                                             accept=accept, note=form.cleaned_data["note"]),
        _("Die Anfrage wurde angenommen.") if accept else _("Die Anfrage wurde abgelehnt."))
    return redirect(body.get_absolute_url())


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = _call_with_form(form, lambda: services.meeting_create(
            actor=request.user, body=body, data=form.service_data(),
            agenda=form.agenda_lines()))
        if meeting is not None:
            messages.success(request, _("Die Sitzung wurde angelegt."))
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": body, "back_url": body.get_absolute_url(),
        "title": _("Sitzung anlegen"), "submit_label": _("Anlegen"),
    })


def vote_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.VoteForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = _call_with_form(form, lambda: services.vote_create(
            actor=request.user, body=body, title=data["title"], options=data["options"],
            method=data["method"], secrecy=data["secrecy"], description=data["description"],
            meeting=data["meeting"]))
        if vote is not None:
            messages.success(request, _("Die Abstimmung wurde als Entwurf angelegt. Öffnen Sie "
                                        "sie, wenn die Mitglieder abstimmen sollen."))
            return redirect(vote.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": body, "back_url": body.get_absolute_url(),
        "title": _("Abstimmung anlegen"), "submit_label": _("Anlegen"),
    })


# --- a meeting -----------------------------------------------------------------------------

def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for(user, pk)
    body = meeting.body
    manages = may_manage(user, body)
    members = list(selectors.members_visible_for(user, body))
    is_insider = is_staff_member(user) or current_membership(body, person_of(user)) is not None
    attendances = list(meeting.attendances.select_related("person")
                       .order_by("person__last_name", "person__first_name"))
    attendance_counts = [
        (label, sum(1 for attendance in attendances if attendance.status == value))
        for value, label in Attendance.Status.choices]
    return render(request, "dialog/meeting_detail.html", {
        "meeting": meeting,
        "body": body,
        "agenda": list(meeting.agenda_items.all()),
        "attendances": attendances,
        "attendance_counts": [(label, count) for label, count in attendance_counts if count],
        "decisions": list(meeting.decisions.select_related("agenda_item")),
        "action_items": list(meeting.action_items.select_related("assignee")
                             .order_by("due_date", "pk")),
        "votes": list(meeting.votes.order_by("-created_at")),
        "may_manage": manages,
        "may_invite": manages and meeting.status != Meeting.Status.CANCELLED
        and meeting.starts_at >= timezone.now(),
        "show_all_names": is_insider,
        "visible_person_ids": {membership.person_id for membership in members},
    })


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    response = HttpResponse(meeting_calendar(meeting, base_url=public_base_url()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}.ics"'
    return response


def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        updated = _call_with_form(form, lambda: services.meeting_update(
            actor=request.user, meeting=meeting, data=form.service_data()))
        if updated is not None:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(updated.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Sitzung bearbeiten"), "submit_label": _("Speichern"),
    })


def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = _call_with_form(form, lambda: services.agenda_item_add(
            actor=request.user, meeting=meeting, **form.cleaned_data))
        if item is not None:
            messages.success(request, _("TOP %(position)s wurde hinzugefügt.")
                             % {"position": item.position})
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Tagesordnungspunkt hinzufügen"), "submit_label": _("Hinzufügen"),
    })


@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    _call_with_message(request,
                       lambda: services.meeting_invite(actor=request.user, meeting=meeting),
                       _("Die Einladung mit Kalenderdatei geht an die Mitglieder."))
    return redirect(meeting.get_absolute_url())


def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    memberships = list(selectors.current_memberships(meeting.body))
    recorded = dict(meeting.attendances.values_list("person_id", "status"))
    form = forms.AttendanceForm(request.POST or None, memberships=memberships,
                                recorded=recorded)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(recorded)

        def record_all() -> int:
            for person, status in changes:
                services.attendance_record(actor=request.user, meeting=meeting, person=person,
                                           status=status)
            return len(changes)

        count = _call_with_form(form, record_all)
        if count is not None:
            messages.success(request, ngettext("Eine Anwesenheit wurde erfasst.",
                                               "%(count)s Anwesenheiten wurden erfasst.",
                                               count) % {"count": count})
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Anwesenheit erfassen"), "submit_label": _("Speichern"),
        "empty_text": _("Das Gremium hat derzeit keine Mitglieder."),
    })


def minutes_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.MinutesForm(request.POST or None, initial={
        "minutes": meeting.minutes,
        "held": meeting.starts_at <= timezone.now()})
    if request.method == "POST" and form.is_valid():
        saved = _call_with_form(form, lambda: services.minutes_save(
            actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"],
            held=form.cleaned_data["held"]))
        if saved is not None:
            messages.success(request, _("Das Protokoll wurde gespeichert."))
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Protokoll"), "submit_label": _("Speichern"),
    })


def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        decision = _call_with_form(form, lambda: services.decision_add(
            actor=request.user, meeting=meeting, text=form.cleaned_data["text"],
            agenda_item=form.cleaned_data["agenda_item"]))
        if decision is not None:
            messages.success(request, _("Der Beschluss wurde festgehalten."))
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Beschluss festhalten"), "submit_label": _("Speichern"),
    })


def action_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.ActionItemForm(request.POST or None, people=_member_people(meeting.body))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = _call_with_form(form, lambda: services.action_item_create(
            actor=request.user, body=meeting.body, meeting=meeting, title=data["title"],
            assignee=data["assignee"], due_date=data["due_date"],
            description=data["description"]))
        if item is not None:
            messages.success(request, _("Die Aufgabe wurde angelegt."))
            return redirect(meeting.get_absolute_url())
    return render(request, "dialog/form_page.html", {
        "form": form, "body": meeting.body, "meeting": meeting,
        "back_url": meeting.get_absolute_url(),
        "title": _("Aufgabe anlegen"), "submit_label": _("Anlegen"),
    })


# --- action items --------------------------------------------------------------------------

@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        (item, forms.ActionItemStatusForm(
            prefix=f"item-{item.pk}",
            allowed=sorted(services.ACTION_ITEM_TRANSITIONS.get(
                ActionItem.Status(item.status)) or ())))
        for item in selectors.my_action_items(request.user)
    ]
    return render(request, "dialog/my_tasks.html", {
        "rows": rows,
        "open_count": sum(1 for item, _form in rows
                          if item.status in ActionItem.OPEN_STATUSES),
        "overdue_count": sum(1 for item, _form in rows if item.is_overdue),
        "has_person": person_of(request.user) is not None,
        "today": today,
    })


@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem.objects.select_related("body"), pk=pk)
    form = forms.ActionItemStatusForm(request.POST, prefix=f"item-{item.pk}")
    if not form.is_valid():
        for error in form.errors.get("status", []):
            messages.error(request, str(error))
    else:
        status = form.cleaned_data["status"]
        _call_with_message(
            request,
            lambda: services.action_item_set_status(actor=request.user, item=item,
                                                    status=status),
            _("„%(title)s“ ist jetzt %(status)s.")
            % {"title": item.title, "status": ActionItem.Status(status).label})
    return redirect(_next_url(request, "dialog:my_tasks"))


# --- votes ---------------------------------------------------------------------------------

def _ballot_form(vote: Vote, data: Any = None):
    options = list(vote.options.all())
    if vote.method == Vote.Method.RANKED:
        return forms.RankedBallotForm(data, options=options)
    return forms.ApprovalBallotForm(data, options=options)


def _result_context(vote: Vote) -> dict[str, Any]:
    result = selectors.vote_result(vote)
    context: dict[str, Any] = {
        "result": result,
        "turnout_percent": round(result.turnout * 100),
    }
    if result.approval is not None:
        winners = set(result.approval.winners)
        rows = [(result.labels[option], count, option in winners)
                for option, count in result.approval.counts.items()]
        context["approval_rows"] = sorted(rows, key=lambda row: -row[1])
    if result.schulze is not None:
        options = list(result.labels)
        context["ranking_rows"] = [(place, [result.labels[o] for o in group])
                                   for place, group in enumerate(result.schulze.ranking,
                                                                 start=1)]
        context["pairwise_labels"] = [result.labels[o] for o in options]
        context["pairwise_rows"] = [
            (result.labels[a], [None if a == b else result.schulze.pairwise[a][b]
                                for b in options])
            for a in options]
    return context


def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote; members cast their ballot here (POST)."""
    user = request.user
    vote = selectors.vote_get_for(user, pk)
    eligible = may_vote(user, vote.body)
    voted = eligible and selectors.has_voted(user, vote)
    form = None
    if request.method == "POST":
        if not eligible:
            raise Http404
        if voted or vote.status != Vote.Status.OPEN:
            messages.error(request, _("Sie haben in dieser Abstimmung bereits abgestimmt.")
                           if voted else _("Diese Abstimmung ist nicht geöffnet."))
            return redirect(vote.get_absolute_url())
        form = _ballot_form(vote, request.POST)
        if form.is_valid():
            ballot = form.ballot()
            try:
                services.ballot_cast(actor=user, vote=vote, **ballot)
            except PermissionDenied:
                raise Http404 from None
            except services.AlreadyVoted as error:
                messages.error(request, error.messages[0])
                return redirect(vote.get_absolute_url())
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("Ihre Stimme wurde gezählt."))
                return redirect(vote.get_absolute_url())
    elif vote.status == Vote.Status.OPEN and eligible and not voted:
        form = _ballot_form(vote)
    context: dict[str, Any] = {
        "vote": vote,
        "body": vote.body,
        "options": list(vote.options.all()),
        "form": form,
        "may_vote": eligible,
        "has_voted": voted,
        "may_manage": may_manage(user, vote.body),
        "ballot_count": vote.participations.count(),
        "eligible_count": (vote.eligible_count if vote.status == Vote.Status.CLOSED
                           else selectors.eligible_voters(vote.body).count()),
    }
    if vote.status == Vote.Status.CLOSED:
        context.update(_result_context(vote))
    return render(request, "dialog/vote_detail.html", context)


@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _managed_vote(request, pk)
    _call_with_message(request, lambda: services.vote_open(actor=request.user, vote=vote),
                       _("Die Abstimmung ist geöffnet. Die Mitglieder können jetzt abstimmen."))
    return redirect(vote.get_absolute_url())


@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _managed_vote(request, pk)
    _call_with_message(request, lambda: services.vote_close(actor=request.user, vote=vote),
                       _("Die Abstimmung ist geschlossen. Das Ergebnis steht fest."))
    return redirect(vote.get_absolute_url())
