"""The JSON API `/api/v1/`: one NinjaAPI that mounts the routers the app manifests name.
Errors are JSON with a German `detail` message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from industriedialog.core.manifests import registry

from .auth import optional_auth

api = NinjaAPI(
    title="Industrie-Dialog API",
    version="1",
    description="Öffentliche und partnerbezogene Daten des Industrie-Dialogs. "
    "Authentifizierung: `Authorization: Bearer <Token>`.",
    urls_namespace="api-v1",
    auth=optional_auth,
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _field_path(loc) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path", "payload"))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = [
        {"field": _field_path(error.get("loc", ())), "message": _german(error)}
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Die Eingabe ist ungültig.", "errors": errors}, status=422
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return api.create_response(
        request, {"detail": "Die Eingabe ist ungültig.", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Nicht gefunden."}, status=404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    message = str(exc) or "Dafür fehlt die Berechtigung."
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc: AuthenticationError):
    message = (
        exc.message
        if isinstance(exc.message, str) and exc.message != "Unauthorized"
        else "Anmeldung erforderlich: Authorization: Bearer <Token>."
    )
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc.message)}, status=exc.status_code)


GERMAN_MESSAGES = {
    "missing": "Pflichtfeld fehlt.",
    "int_parsing": "Muss eine ganze Zahl sein.",
    "int_type": "Muss eine ganze Zahl sein.",
    "string_type": "Muss ein Text sein.",
    "bool_parsing": "Muss wahr oder falsch sein.",
    "greater_than_equal": "Wert ist zu klein.",
    "less_than_equal": "Wert ist zu groß.",
    "string_too_long": "Text ist zu lang.",
    "string_too_short": "Text ist zu kurz.",
    "enum": "Unzulässiger Wert.",
    "literal_error": "Unzulässiger Wert.",
    "json_invalid": "Kein gültiges JSON.",
    "value_error": "Unzulässiger Wert.",
}


def _german(error: dict) -> str:
    return GERMAN_MESSAGES.get(error.get("type", ""), "Unzulässiger Wert.") + (
        f" ({error.get('msg')})" if error.get("msg") else ""
    )


def mount_routers() -> None:
    for manifest in registry.all():
        if manifest.api_router is not None:
            api.add_router(manifest.api_prefix, manifest.api_router)


mount_routers()
