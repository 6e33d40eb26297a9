"""Creating and checking API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from industriedialog.core.audit import audit_log

from .models import ApiToken, hash_token


@transaction.atomic
def api_token_create(*, actor: Any, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token (shown once)."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(raw), key_prefix=raw[:12]
    )
    audit_log(actor=actor, action="api.token.create", obj=token, data={"user": user.pk})
    return token, raw


def api_token_authenticate(raw: str) -> Any | None:
    """The active user behind a raw token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
