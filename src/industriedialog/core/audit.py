"""The audit log. Every service calls `audit_log` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

from industriedialog.core import prepared
from industriedialog.core.models import AuditEvent

# One plain INSERT: every write of every app passes here, and in a registration rush the
# ORM's statement compilation would cost more than the write itself.
INSERT_SQL = (
    "INSERT INTO core_auditevent "
    "(actor_id, action, object_type, object_id, object_repr, data, created_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` (dotted, e.g. "actors.organisation.create")."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor=user, action=action, data=_jsonable(data or {}), created_at=timezone.now()
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:255]
    operations = connection.ops
    with prepared.cursor() as cursor:
        cursor.execute(
            INSERT_SQL,
            [
                user.pk if user is not None else None,
                event.action,
                event.object_type,
                event.object_id,
                event.object_repr,
                operations.adapt_json_value(event.data, None),
                operations.adapt_datetimefield_value(event.created_at),
            ],
        )
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
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
