"""Enforce the second factor for staff accounts outside demo mode."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/konto/", "/static/", "/i18n/", "/api/")


class StaffSecondFactorMiddleware:
    """A staff member without a TOTP authenticator is sent to set one up before any other
    page. Demo mode (DEBUG only) skips this so that newcomers can explore at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not settings.DEMO_MODE
            and user is not None
            and user.is_authenticated
            and user.is_staff_member
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
