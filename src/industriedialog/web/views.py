"""Start pages, legal pages, feedback and the staff back office."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from industriedialog.core.manifests import registry
from industriedialog.core.selectors import (
    audit_events_for,
    feedback_for,
    initiative_get_for,
    initiatives_visible_to,
)
from industriedialog.core.services import feedback_create

from .forms import FeedbackForm


def _key_figures(initiative) -> list[tuple[str, int]]:
    return [(str(figure.label), figure.compute(initiative)) for figure in registry.key_figures()]


def home(request: HttpRequest) -> HttpResponse:
    initiatives = list(initiatives_visible_to(request.user))
    return render(
        request,
        "web/home.html",
        {
            "initiatives": initiatives,
            "key_figures": _key_figures(None),
        },
    )


def initiative(request: HttpRequest, slug: str) -> HttpResponse:
    current = initiative_get_for(request.user, slug=slug)
    request.session["initiative"] = current.slug
    return render(
        request,
        "web/initiative.html",
        {
            "initiative": current,
            "key_figures": _key_figures(current),
        },
    )


def switch_initiative(request: HttpRequest) -> HttpResponse:
    """The header's initiative switcher (a GET form, so it works without JavaScript)."""
    slug = request.GET.get("initiative", "")
    if not slug:
        return redirect("web:home")
    current = initiative_get_for(request.user, slug=slug)
    return redirect(current.get_absolute_url())


def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    return render(request, f"web/legal/{page}.html", {})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _(
                    "Zu viele Anfragen. Bitte warten Sie eine Minute und "
                    "versuchen Sie es dann erneut."
                )
            },
            status=429,
        )
    return render(request, "web/rate_limited.html", {}, status=429)


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def feedback(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            feedback_create(
                actor=request.user,
                topic=data["topic"],
                message=data["message"],
                page_url=data["page_url"],
                name=data["name"],
                email=data["email"],
            )
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihre Rückmeldung ist bei uns eingegangen. "
                    "Wir antworten innerhalb eines Monats."
                ),
            )
            return redirect("web:feedback")
    else:
        page_url = request.GET.get("seite", "")
        if not url_has_allowed_host_and_scheme(page_url, allowed_hosts={request.get_host()}):
            page_url = ""
        form = FeedbackForm(initial={"page_url": page_url})
    return render(request, "web/feedback.html", {"form": form})


def back_office(request: HttpRequest) -> HttpResponse:
    feedback_for(request.user)  # 404 for everyone but staff
    return render(
        request,
        "web/back_office.html",
        {
            "exports": registry.exports_for(request.user),
            "open_feedback": feedback_for(request.user).filter(is_resolved=False).count(),
            "recent_events": list(audit_events_for(request.user)[:10]),
        },
    )


def feedback_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _resolve_feedback(request)
    page = Paginator(feedback_for(request.user), 50).get_page(request.GET.get("seite"))
    return render(request, "web/feedback_list.html", {"page": page})


@require_POST
def _resolve_feedback(request: HttpRequest) -> HttpResponse:
    from industriedialog.core.services import feedback_resolve

    item = feedback_for(request.user).filter(pk=request.POST.get("feedback") or 0).first()
    if item is not None:
        feedback_resolve(actor=request.user, feedback=item)
        messages.success(request, _("Rückmeldung als erledigt markiert."))
    return redirect("web:feedback_list")


def audit_log_list(request: HttpRequest) -> HttpResponse:
    events = audit_events_for(request.user)
    action = request.GET.get("aktion", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("seite"))
    return render(request, "web/audit_log.html", {"page": page, "action": action})


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
