"""The audit log. Every service calls `audit_log` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from industriedialog.core.models import AuditEvent


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` (dotted, e.g. "actors.organisation.create")."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(actor=user, action=action, data=_jsonable(data or {}))
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:255]
    event.save()
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
