"""A meeting's page and actions, and "Meine Aufgaben"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from industriedialog.core.permissions import is_staff_member

from .. import forms, selectors, services
from ..ics import meeting_calendar, public_base_url
from ..models import (
    ActionItem,
    Attendance,
    Meeting,
)
from ..permissions import current_membership, may_manage, person_of
from .common import (
    _call_with_form,
    _call_with_message,
    _managed_meeting,
    _member_people,
    _next_url,
)

# --- a meeting -----------------------------------------------------------------------------


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for(user, pk)
    body = meeting.body
    manages = may_manage(user, body)
    members = list(selectors.members_visible_for(user, body))
    is_insider = is_staff_member(user) or current_membership(body, person_of(user)) is not None
    attendances = list(
        meeting.attendances.select_related("person").order_by(
            "person__last_name", "person__first_name"
        )
    )
    attendance_counts = [
        (label, sum(1 for attendance in attendances if attendance.status == value))
        for value, label in Attendance.Status.choices
    ]
    return render(
        request,
        "dialog/meeting_detail.html",
        {
            "meeting": meeting,
            "body": body,
            "agenda": list(meeting.agenda_items.all()),
            "attendances": attendances,
            "attendance_counts": [(label, count) for label, count in attendance_counts if count],
            "decisions": list(meeting.decisions.select_related("agenda_item")),
            "action_items": list(
                meeting.action_items.select_related("assignee").order_by("due_date", "pk")
            ),
            "votes": list(meeting.votes.order_by("-created_at")),
            "may_manage": manages,
            "may_invite": manages
            and meeting.status != Meeting.Status.CANCELLED
            and meeting.starts_at >= timezone.now(),
            "show_all_names": is_insider,
            "visible_person_ids": {membership.person_id for membership in members},
        },
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    response = HttpResponse(
        meeting_calendar(meeting, base_url=public_base_url()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}.ics"'
    return response


def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        updated = _call_with_form(
            form,
            lambda: services.meeting_update(
                actor=request.user, meeting=meeting, data=form.service_data()
            ),
        )
        if updated is not None:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(updated.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Sitzung bearbeiten"),
            "submit_label": _("Speichern"),
        },
    )


def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = _call_with_form(
            form,
            lambda: services.agenda_item_add(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
        )
        if item is not None:
            messages.success(
                request, _("TOP %(position)s wurde hinzugefügt.") % {"position": item.position}
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Tagesordnungspunkt hinzufügen"),
            "submit_label": _("Hinzufügen"),
        },
    )


@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    _call_with_message(
        request,
        lambda: services.meeting_invite(actor=request.user, meeting=meeting),
        _("Die Einladung mit Kalenderdatei geht an die Mitglieder."),
    )
    return redirect(meeting.get_absolute_url())


def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    memberships = list(selectors.current_memberships(meeting.body))
    recorded = dict(meeting.attendances.values_list("person_id", "status"))
    form = forms.AttendanceForm(request.POST or None, memberships=memberships, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(recorded)

        @transaction.atomic  # all members' entries or none
        def record_all() -> int:
            for person, status in changes:
                services.attendance_record(
                    actor=request.user, meeting=meeting, person=person, status=status
                )
            return len(changes)

        count = _call_with_form(form, record_all)
        if count is not None:
            messages.success(
                request,
                ngettext(
                    "Eine Anwesenheit wurde erfasst.",
                    "%(count)s Anwesenheiten wurden erfasst.",
                    count,
                )
                % {"count": count},
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Anwesenheit erfassen"),
            "submit_label": _("Speichern"),
            "empty_text": _("Das Gremium hat derzeit keine Mitglieder."),
        },
    )


def minutes_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "held": meeting.starts_at <= timezone.now()},
    )
    if request.method == "POST" and form.is_valid():
        saved = _call_with_form(
            form,
            lambda: services.minutes_save(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                held=form.cleaned_data["held"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Das Protokoll wurde gespeichert."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Protokoll"),
            "submit_label": _("Speichern"),
        },
    )


def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        decision = _call_with_form(
            form,
            lambda: services.decision_add(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
            ),
        )
        if decision is not None:
            messages.success(request, _("Der Beschluss wurde festgehalten."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Beschluss festhalten"),
            "submit_label": _("Speichern"),
        },
    )


def action_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = forms.ActionItemForm(request.POST or None, people=_member_people(meeting.body))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = _call_with_form(
            form,
            lambda: services.action_item_create(
                actor=request.user,
                body=meeting.body,
                meeting=meeting,
                title=data["title"],
                assignee=data["assignee"],
                due_date=data["due_date"],
                description=data["description"],
            ),
        )
        if item is not None:
            messages.success(request, _("Die Aufgabe wurde angelegt."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "back_url": meeting.get_absolute_url(),
            "title": _("Aufgabe anlegen"),
            "submit_label": _("Anlegen"),
        },
    )


# --- action items --------------------------------------------------------------------------


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        (
            item,
            forms.ActionItemStatusForm(
                prefix=f"item-{item.pk}",
                allowed=sorted(
                    services.ACTION_ITEM_TRANSITIONS.get(ActionItem.Status(item.status)) or ()
                ),
            ),
        )
        for item in selectors.my_action_items(request.user)
    ]
    return render(
        request,
        "dialog/my_tasks.html",
        {
            "rows": rows,
            "open_count": sum(1 for item, _form in rows if item.status in ActionItem.OPEN_STATUSES),
            "overdue_count": sum(1 for item, _form in rows if item.is_overdue),
            "has_person": person_of(request.user) is not None,
            "today": today,
        },
    )


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
            lambda: services.action_item_set_status(actor=request.user, item=item, status=status),
            _("„%(title)s“ ist jetzt %(status)s.")
            % {"title": item.title, "status": ActionItem.Status(status).label},
        )
    return redirect(_next_url(request, "dialog:my_tasks"))
