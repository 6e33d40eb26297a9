"""The pages behind the links in the mails: the ticket (QR code), cancelling, and taking a
seat offered from the waiting list. The token in the link is the only credential."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .models import Registration, WaitlistEntry
from .selectors import waitlist_position
from .tickets import qr_svg


def _by_token(token: str) -> tuple[Registration | None, WaitlistEntry | None]:
    registration = (
        Registration.objects.select_related("session__event", "session__host")
        .filter(cancel_token=token)
        .first()
    )
    if registration is not None:
        return registration, None
    entry = (
        WaitlistEntry.objects.select_related("session__event", "registration")
        .filter(cancel_token=token)
        .first()
    )
    if entry is None:
        raise Http404
    return None, entry


def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration, entry = _by_token(token)
    if entry is not None and entry.registration is not None:
        registration, entry = entry.registration, None
    context: dict[str, Any] = {"registration": registration, "entry": entry}
    if registration is not None:
        context["session"] = registration.session
        context["qr"] = qr_svg(
            registration.code, title=_("QR-Code des Tickets %(code)s") % {"code": registration.code}
        )
    else:
        assert entry is not None
        context["session"] = entry.session
        context["position"] = waitlist_position(entry)
    return render(request, "events/ticket.html", context)


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration, entry = _by_token(token)
    session = registration.session if registration else entry.session  # type: ignore[union-attr]
    if request.method == "POST":
        try:
            result = services.registration_cancel(token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Ihre Anmeldung ist storniert.")
                if result.kind == "registration"
                else _("Sie stehen nicht mehr auf der Warteliste."),
            )
        return redirect("events:ticket", token=token)
    return render(
        request,
        "events/cancel.html",
        {"registration": registration, "entry": entry, "session": session},
    )


def offer_accept(request: HttpRequest, token: str) -> HttpResponse:
    _registration, entry = _by_token(token)
    if entry is None:
        return redirect("events:ticket", token=token)
    if request.method == "POST":
        try:
            services.waitlist_offer_accept(token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Der Platz gehört Ihnen. Ihr Ticket finden Sie unten."))
        return redirect("events:ticket", token=token)
    return render(request, "events/offer_accept.html", {"entry": entry, "session": entry.session})
