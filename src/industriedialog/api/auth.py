"""Bearer-token authentication for the API. Without a header the request is anonymous
(public data); a wrong token is refused with 401."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
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


class OptionalTokenAuth(TokenAuth):
    """A token if given (and then valid), otherwise the anonymous public view. A logged-in
    browser session also counts, so the pages' own scripts can use the API."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                return user
            request.user = AnonymousUser()
            return request.user
        parts = header.split(" ", 1)
        if len(parts) != 2 or parts[0].lower() != self.openapi_scheme.lower():
            raise AuthenticationError(401, "Authorization-Header muss „Bearer <Token>“ sein.")
        return self.authenticate(request, parts[1].strip())


optional_auth = OptionalTokenAuth()
token_auth = TokenAuth()
