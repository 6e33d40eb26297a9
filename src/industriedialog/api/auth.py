"""Bearer-token authentication for the API. Without a header the request is anonymous
(public data); a wrong token is refused with 401."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    """Requires a valid token."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, "Ungültiges oder widerrufenes API-Token.")
        request.user = user
        return user


SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _require_csrf(request: HttpRequest) -> None:
    """A write that acts on a browser session's cookie must carry the CSRF token, as a
    form would (header X-CSRFToken); a bearer token needs none."""
    reason = CsrfViewMiddleware(lambda _request: HttpResponse()).process_view(
        request, lambda _request: HttpResponse(), (), {}
    )
    if reason is not None:
        raise PermissionDenied(
            "CSRF-Prüfung fehlgeschlagen: Schreibzugriffe mit der Anmeldung des Browsers "
            "brauchen den CSRF-Token (Kopfzeile X-CSRFToken)."
        )


class OptionalTokenAuth(TokenAuth):
    """A token if given (and then valid), otherwise the anonymous public view. A logged-in
    browser session also counts, so the pages' own scripts can use the API."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                if request.method not in SAFE_METHODS:
                    _require_csrf(request)
                return user
            request.user = AnonymousUser()
            return request.user
        parts = header.split(" ", 1)
        if len(parts) != 2 or parts[0].lower() != self.openapi_scheme.lower():
            raise AuthenticationError(401, "Authorization-Header muss „Bearer <Token>“ sein.")
        return self.authenticate(request, parts[1].strip())


optional_auth = OptionalTokenAuth()
token_auth = TokenAuth()
