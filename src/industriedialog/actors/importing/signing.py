"""The signed upload that carries the checked file to the confirmation step."""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from .common import (
    MAX_UPLOAD_BYTES,
    SIGNATURE_MAX_AGE_SECONDS,
    SIGNING_SALT,
    ImportFileError,
    SignedUpload,
)

# --------------------------------------------------------------------------- signing


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def sign_upload(*, name: str, content: bytes, user_id: Any, plan_digest: str) -> str:
    """The uploaded file, compressed and signed, to send back with the confirmation: the
    import stays stateless (any worker can confirm) and the file cannot be swapped."""
    meta = json.dumps({"name": name, "user": user_id, "digest": plan_digest})
    value = f"{_b64encode(meta.encode('utf-8'))}.{_b64encode(zlib.compress(content, 9))}"
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(value)


def unsign_upload(
    token: str, *, user_id: Any, max_age: int = SIGNATURE_MAX_AGE_SECONDS
) -> SignedUpload:
    tampered = _(
        "Die Importdaten wurden verändert oder sind unvollständig und werden nicht "
        "übernommen. Bitte laden Sie die Datei erneut hoch."
    )
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ImportFileError(
            _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch.")
        ) from None
    except signing.BadSignature:
        raise ImportFileError(tampered) from None
    try:
        meta_part, content_part = value.split(".", 1)
        meta = json.loads(base64.urlsafe_b64decode(meta_part))
        decompressor = zlib.decompressobj()
        content = decompressor.decompress(
            base64.urlsafe_b64decode(content_part), MAX_UPLOAD_BYTES + 1
        )
    except (ValueError, binascii.Error, zlib.error):
        raise ImportFileError(tampered) from None
    if meta.get("user") != user_id or len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(tampered)
    return SignedUpload(
        name=str(meta.get("name", "")), content=content, plan_digest=str(meta.get("digest", ""))
    )
