"""API: initiatives."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from .selectors import initiatives_visible_to

router = Router(tags=["Initiativen"])


class OrganisationRef(Schema):
    id: int
    name: str
    slug: str


class InitiativeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    start_date: dt.date
    end_date: dt.date | None
    description: str
    lead_organisation: OrganisationRef | None
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


@router.get("/initiatives", response=list[InitiativeOut], summary="Initiativen")
def list_initiatives(request):
    """All initiatives the caller may see (the public ones for anonymous callers)."""
    return list(initiatives_visible_to(request.auth))


class HealthOut(Schema):
    status: str


@router.get("/health", response=HealthOut, summary="Lebenszeichen", auth=None)
def health(request):
    """Answers without touching the database: for load balancers, and as the ceiling of
    the registration benchmark (bench/registration_rush.py)."""
    return {"status": "ok"}
