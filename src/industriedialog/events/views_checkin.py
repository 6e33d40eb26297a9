"""The check-in page at the door (`/einlass/<session>/`, staff and the session's host;
everybody else 404). Built for a phone: one big field for the ticket code, typed or
filled by the camera scanner of static/events/checkin.js, which then submits the same
form. Every rendered form carries a fresh nonce, so a retried POST returns the first
result and records one scan (services.checkin_record). After a scan the page redirects
to itself with `?scan=<id>` and shows that scan's result, the live count and the last
scans; a reload therefore never scans twice."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from industriedialog.core.permissions import is_staff_member
from industriedialog.web.service_calls import call_with_form

from . import selectors, services
from .forms_staff import CheckInForm
from .models import CheckIn, Session

HEADLINES = {
    CheckIn.Result.OK: gettext_lazy("Eingecheckt"),
    CheckIn.Result.UNKNOWN: gettext_lazy("Unbekannter Code"),
    CheckIn.Result.CANCELLED: gettext_lazy("Storniert"),
    CheckIn.Result.WRONG_SESSION: gettext_lazy("Andere Führung"),
    CheckIn.Result.ALREADY_CHECKED_IN: gettext_lazy("Bereits eingecheckt"),
}


def result_view(checkin: CheckIn, *, replayed: bool, staff: bool) -> dict:
    """What the page says about one scan, in words (the colour only repeats it)."""
    registration = checkin.registration
    result = checkin.result
    headline = str(HEADLINES[CheckIn.Result(result)])
    detail = ""
    if result == CheckIn.Result.OK and registration is not None:
        headline = _("Eingecheckt: %(name)s") % {"name": registration.name}
    elif result == CheckIn.Result.UNKNOWN:
        detail = _("Zu diesem Code gibt es keine Anmeldung. Bitte den Code prüfen.")
    elif result == CheckIn.Result.CANCELLED and registration is not None:
        detail = _("Die Anmeldung von %(name)s ist storniert.") % {"name": registration.name}
    elif result == CheckIn.Result.WRONG_SESSION:
        detail = _("Dieses Ticket gilt für eine andere Führung.")
        if staff and registration is not None:
            detail = _("Dieses Ticket gilt für: %(session)s") % {
                "session": str(registration.session)
            }
    elif result == CheckIn.Result.ALREADY_CHECKED_IN and registration is not None:
        detail = _("%(name)s ist seit %(time)s Uhr eingecheckt.") % {
            "name": registration.name,
            "time": _clock(registration.checked_in_at),
        }
    return {
        "result": result,
        "ok": result == CheckIn.Result.OK,
        "headline": headline,
        "detail": detail,
        "code": checkin.code,
        "replayed": replayed,
    }


def _clock(value) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def checkin(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for_host(request.user, pk=session_id)
    staff = is_staff_member(request.user)
    shown = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            outcome = call_with_form(
                form,
                lambda: services.checkin_record(
                    actor=request.user,
                    session=session,
                    code=form.cleaned_data["code"],
                    nonce=form.cleaned_data["nonce"],
                ),
            )
            if outcome is not None:
                query = f"?scan={outcome.checkin.pk}"
                if outcome.replayed:
                    query += "&wiederholt=1"
                return redirect(reverse("events:checkin", args=[session.pk]) + query)
        # An invalid form keeps its nonce: the corrected code sent again is one scan.
    else:
        form = CheckInForm.fresh()
        scan_id = request.GET.get("scan", "")
        if scan_id.isdigit():
            scanned = (
                CheckIn.objects.select_related("registration__session")
                .filter(session=session, pk=int(scan_id))
                .first()
            )
            if scanned is not None:
                shown = result_view(
                    scanned, replayed=request.GET.get("wiederholt") == "1", staff=staff
                )
    summary = _summary(session)
    return render(
        request,
        "events/checkin.html",
        {
            "session": session,
            "form": form,
            "shown": shown,
            "summary": summary,
            "count_text": _count_text(summary),
            "staff": staff,
        },
    )


def checkin_count(request: HttpRequest, session_id: int) -> JsonResponse:
    """The live count for the page's script (several doors scan the same session): who
    may open the door may read it, everybody else gets 404."""
    session = selectors.session_for_host(request.user, pk=session_id)
    summary = _summary(session)
    response = JsonResponse(
        {
            "checked_in": summary["checked_in"],
            "expected": summary["expected"],
            "failed": summary["failed"],
            "text": _count_text(summary),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _count_text(summary: dict) -> str:
    return _("%(checked_in)s von %(expected)s eingecheckt") % {
        "checked_in": summary["checked_in"],
        "expected": summary["expected"],
    }


def _summary(session: Session) -> dict:
    summary = selectors.checkin_summary(session)
    labels = dict(CheckIn.Result.choices)
    failed = [
        (str(labels[result]), count)
        for result, count in sorted(summary["results"].items())
        if result != CheckIn.Result.OK
    ]
    return {**summary, "failed_by_reason": failed, "expected": getattr(session, "confirmed", 0)}
