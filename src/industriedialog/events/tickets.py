"""The ticket: its code as a QR code (segno), for the confirmation mail and the ticket page.
The code itself is random (models.new_ticket_code); the QR code carries only the code."""

from __future__ import annotations

import io

import segno


def qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(buffer, kind="png", scale=scale, border=3)
    return buffer.getvalue()


def qr_svg(code: str, *, title: str) -> str:
    """Inline SVG for the ticket page (an image with a text alternative)."""
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(
        buffer, kind="svg", scale=6, border=3, xmldecl=False, svgns=True, title=title
    )
    return buffer.getvalue().decode()
