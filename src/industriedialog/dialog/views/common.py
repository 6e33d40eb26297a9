"""Helpers shared by the dialog pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, ngettext

from industriedialog.actors.models import Person
from industriedialog.web.service_calls import (
    apply_service_errors,
    call_with_form,
    call_with_message,
)

from .. import selectors
from ..models import (
    Body,
    BodyKind,
    Meeting,
    Vote,
)
from ..permissions import may_manage

# Shared with every app's pages (web/service_calls.py); the old names stay for the views.
_apply_service_errors = apply_service_errors
_call_with_form = call_with_form
_call_with_message = call_with_message

# The subject of the composition warning, with its article ("Das Forum hat …").
KIND_SUBJECT: dict[str, Any] = {
    BodyKind.FORUM: gettext_lazy("Das Forum"),
    BodyKind.STEERING_TEAM: gettext_lazy("Das Steuerteam"),
    BodyKind.WORKING_GROUP: gettext_lazy("Die Arbeitsgruppe"),
    BodyKind.WORKING_CIRCLE: gettext_lazy("Der Arbeitskreis"),
    BodyKind.ADVISORY_BOARD: gettext_lazy("Der Unternehmerbeirat"),
}


# --- helpers -------------------------------------------------------------------------------


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
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _member_people(body: Body):
    return Person.objects.filter(
        pk__in=selectors.current_memberships(body).values("person_id")
    ).order_by("last_name", "first_name", "pk")


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
