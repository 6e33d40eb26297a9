"""The structure of the bodies and a body's page with its member, join, meeting and vote actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from industriedialog.actors.selectors import organisations_visible_to, people_visible_to
from industriedialog.core.models import Initiative, Role
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to

from .. import forms, selectors, services
from ..models import (
    Body,
    BodyStatus,
    JoinRequest,
    Membership,
    Vote,
)
from ..permissions import current_membership, may_manage, person_of
from .common import (
    _call_with_form,
    _call_with_message,
    _composition_warning,
    _flatten,
    _managed_body,
)

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
        groups = sorted(
            by_initiative.values(),
            key=lambda group: (-group[0].start_date.toordinal(), group[0].name),
        )
    return render(
        request,
        "dialog/body_list.html",
        {
            "initiative": initiative,
            "groups": [
                (group_initiative, trees, _flatten(trees)) for group_initiative, trees in groups
            ],
            "initiatives": initiatives_visible_to(request.user).select_related(None),
            "may_create": is_staff_member(request.user),
        },
    )


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
        body = _call_with_form(
            form,
            lambda: services.body_create(
                actor=request.user, initiative=form.cleaned_data["initiative"], data=data
            ),
        )
        if body is not None:
            messages.success(
                request, _("Das Gremium „%(name)s“ wurde angelegt.") % {"name": body.name}
            )
            return redirect(body.get_absolute_url())
    return render(request, "dialog/body_form.html", {"form": form, "body": None})


def body_update(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_get_for(request.user, slug=slug)
    if not is_staff_member(request.user):
        raise Http404
    form = forms.BodyForm(request.POST or None, instance=Body.objects.get(pk=body.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.BODY_FIELDS}
        updated = _call_with_form(
            form, lambda: services.body_update(actor=request.user, body=body, data=data)
        )
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
    meetings = list(selectors.meetings_visible_to(user).filter(body=body).order_by("starts_at"))
    own_request = None
    may_join = False
    if (
        person is not None
        and own_membership is None
        and getattr(user, "organisation_id", None) is not None
        and getattr(user, "role", "") in (Role.COMPANY, Role.PARTNER)
    ):
        own_request = JoinRequest.objects.filter(
            body=body, person=person, status=JoinRequest.Status.PENDING
        ).first()
        may_join = own_request is None and body.status == BodyStatus.ACTIVE
    votes = selectors.votes_visible_to(user).filter(body=body).prefetch_related(None)
    if not manages:  # drafts are still being written
        votes = votes.exclude(status=Vote.Status.DRAFT)
    pending_requests = []
    if manages:
        pending_requests = list(
            body.join_requests.filter(status=JoinRequest.Status.PENDING)
            .select_related("person", "organisation")
            .order_by("created_at", "pk")
        )
    return render(
        request,
        "dialog/body_detail.html",
        {
            "body": body,
            "children": list(
                selectors.bodies_visible_to(user).filter(parent=body).order_by("order", "name")
            ),
            "members": members,
            "member_total": composition.companies + composition.intermediaries + composition.guests,
            "composition": composition,
            "composition_warning": _composition_warning(body, composition),
            "upcoming_meetings": [m for m in meetings if m.starts_at >= now],
            "past_meetings": [m for m in reversed(meetings) if m.starts_at < now],
            "cadence": selectors.cadence_of(body),
            "action_items": list(selectors.open_action_items(body)),
            "votes": list(votes.order_by("-created_at")),
            "own_membership": own_membership,
            "own_request": own_request,
            "may_join": may_join,
            "join_form": forms.JoinRequestForm() if may_join else None,
            "pending_requests": pending_requests,
            "may_manage": manages,
            "may_edit": is_staff_member(user),
            "show_all_names": is_insider,
            "visible_person_ids": {membership.person_id for membership in members},
        },
    )


def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.MembershipForm(
        request.POST or None,
        people=people_visible_to(request.user),
        organisations=organisations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = _call_with_form(
            form,
            lambda: services.membership_add(
                actor=request.user,
                body=body,
                person=data["person"],
                organisation=data["organisation"],
                role=data["role"],
                start_date=data["start_date"],
                is_listed=data["is_listed"],
            ),
        )
        if membership is not None:
            messages.success(
                request,
                _("%(person)s ist jetzt Mitglied (%(role)s).")
                % {"person": membership.person.full_name, "role": membership.get_role_display()},
            )
            return redirect(body.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": body,
            "back_url": body.get_absolute_url(),
            "title": _("Mitglied hinzufügen"),
            "submit_label": _("Hinzufügen"),
        },
    )


def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _managed_body(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "organisation", "body"),
        pk=pk,
        body=body,
        end_date__isnull=True,
    )
    form = forms.MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = _call_with_form(
            form,
            lambda: services.membership_end(
                actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
            ),
        )
        if ended is not None:
            messages.success(
                request,
                _("Die Mitgliedschaft von %(person)s endet am %(date)s.")
                % {
                    "person": membership.person.full_name,
                    "date": form.cleaned_data["end_date"].strftime("%d.%m.%Y"),
                },
            )
            return redirect(body.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": body,
            "back_url": body.get_absolute_url(),
            "title": _("Mitgliedschaft beenden: %(person)s")
            % {"person": membership.person.full_name},
            "submit_label": _("Mitgliedschaft beenden"),
        },
    )


def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Takes the join form of the body page. The service decides who may ask."""
    body = selectors.body_get_for(request.user, slug=slug)
    if request.method != "POST":
        return redirect(body.get_absolute_url())
    form = forms.JoinRequestForm(request.POST)
    if form.is_valid():
        join_request = _call_with_form(
            form,
            lambda: services.join_request_create(
                actor=request.user, body=body, message=form.cleaned_data["message"]
            ),
        )
        if join_request is not None:
            messages.success(
                request,
                _(
                    "Ihre Anfrage ist eingegangen. Sie erhalten eine "
                    "E-Mail, sobald darüber entschieden ist."
                ),
            )
            return redirect(body.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": body,
            "back_url": body.get_absolute_url(),
            "title": _("Mitarbeit anfragen"),
            "submit_label": _("Anfrage senden"),
        },
    )


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
        lambda: services.join_request_decide(
            actor=request.user,
            join_request=join_request,
            accept=accept,
            note=form.cleaned_data["note"],
        ),
        _("Die Anfrage wurde angenommen.") if accept else _("Die Anfrage wurde abgelehnt."),
    )
    return redirect(body.get_absolute_url())


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = _call_with_form(
            form,
            lambda: services.meeting_create(
                actor=request.user, body=body, data=form.service_data(), agenda=form.agenda_lines()
            ),
        )
        if meeting is not None:
            messages.success(request, _("Die Sitzung wurde angelegt."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": body,
            "back_url": body.get_absolute_url(),
            "title": _("Sitzung anlegen"),
            "submit_label": _("Anlegen"),
        },
    )


def vote_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = _managed_body(request, slug)
    form = forms.VoteForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = _call_with_form(
            form,
            lambda: services.vote_create(
                actor=request.user,
                body=body,
                title=data["title"],
                options=data["options"],
                method=data["method"],
                secrecy=data["secrecy"],
                description=data["description"],
                meeting=data["meeting"],
            ),
        )
        if vote is not None:
            messages.success(
                request,
                _(
                    "Die Abstimmung wurde als Entwurf angelegt. Öffnen Sie "
                    "sie, wenn die Mitglieder abstimmen sollen."
                ),
            )
            return redirect(vote.get_absolute_url())
    return render(
        request,
        "dialog/form_page.html",
        {
            "form": form,
            "body": body,
            "back_url": body.get_absolute_url(),
            "title": _("Abstimmung anlegen"),
            "submit_label": _("Anlegen"),
        },
    )
