"""How a page calls a service: a ValidationError becomes form errors or a message, a
PermissionDenied a 404 (the page pretends not to exist for those who may not act)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest


def apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def call_with_form[T](form, call: Callable[[], T]) -> T | None:
    """Run a service for a valid form. Its ValidationError becomes form errors (None is
    returned); its PermissionDenied a 404."""
    try:
        return call()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


def call_with_message(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Run a service for a button: success or its German error as a message."""
    try:
        call()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
