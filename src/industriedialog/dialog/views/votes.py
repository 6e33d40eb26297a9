"""Votes: the ballot, opening and closing, and the results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import forms, selectors, services
from ..models import (
    Vote,
)
from ..permissions import may_manage, may_vote
from .common import (
    _apply_service_errors,
    _call_with_message,
    _managed_vote,
)

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
        rows = [
            (result.labels[option], count, option in winners)
            for option, count in result.approval.counts.items()
        ]
        context["approval_rows"] = sorted(rows, key=lambda row: -row[1])
    if result.schulze is not None:
        options = list(result.labels)
        context["ranking_rows"] = [
            (place, [result.labels[o] for o in group])
            for place, group in enumerate(result.schulze.ranking, start=1)
        ]
        context["pairwise_labels"] = [result.labels[o] for o in options]
        context["pairwise_rows"] = [
            (result.labels[a], [None if a == b else result.schulze.pairwise[a][b] for b in options])
            for a in options
        ]
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
            messages.error(
                request,
                _("Sie haben in dieser Abstimmung bereits abgestimmt.")
                if voted
                else _("Diese Abstimmung ist nicht geöffnet."),
            )
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
        "eligible_count": (
            vote.eligible_count
            if vote.status == Vote.Status.CLOSED
            else selectors.eligible_voters(vote.body).count()
        ),
    }
    if vote.status == Vote.Status.CLOSED:
        context.update(_result_context(vote))
    return render(request, "dialog/vote_detail.html", context)


@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _managed_vote(request, pk)
    _call_with_message(
        request,
        lambda: services.vote_open(actor=request.user, vote=vote),
        _("Die Abstimmung ist geöffnet. Die Mitglieder können jetzt abstimmen."),
    )
    return redirect(vote.get_absolute_url())


@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _managed_vote(request, pk)
    _call_with_message(
        request,
        lambda: services.vote_close(actor=request.user, vote=vote),
        _("Die Abstimmung ist geschlossen. Das Ergebnis steht fest."),
    )
    return redirect(vote.get_absolute_url())
