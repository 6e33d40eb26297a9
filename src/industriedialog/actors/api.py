"""API: the register of organisations. Anonymous callers get the public fields, staff all."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from industriedialog.core import search

from .models import EmployeeBand, OrganisationKind
from .selectors import may_see_private_fields, organisation_get_for, organisation_list

router = Router(tags=["Register"])
PAGE_SIZE = 50


class OrganisationOut(Schema):
    """An organisation. The fields from `employee_count` on are present only for staff (and
    for a member looking at their own organisation)."""

    id: int
    slug: str
    kind: str
    kind_label: str
    name: str
    short_name: str
    wz_code: str
    wz_version: str
    wz_section: str
    employee_band: str
    street: str
    postal_code: str
    city: str
    municipality_key: str
    latitude: float | None
    longitude: float | None
    is_training_company: bool
    has_production_site: bool
    website: str
    description: str
    tags: list[str]
    is_example_data: bool
    url: str
    employee_count: int | None = None
    email: str | None = None
    phone: str | None = None
    internal_notes: str | None = None
    is_public: bool | None = None
    parent_id: int | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


PUBLIC_FIELDS = [
    name
    for name in OrganisationOut.model_fields
    if name
    not in (
        "employee_count",
        "email",
        "phone",
        "internal_notes",
        "is_public",
        "parent_id",
        "created_at",
        "updated_at",
        "kind_label",
        "url",
    )
]
PRIVATE_FIELDS = [
    "employee_count",
    "email",
    "phone",
    "internal_notes",
    "is_public",
    "parent_id",
    "created_at",
    "updated_at",
]


def organisation_data(organisation, *, private: bool) -> dict:
    data = {name: getattr(organisation, name) for name in PUBLIC_FIELDS}
    data["kind_label"] = str(organisation.get_kind_display())
    data["url"] = organisation.get_absolute_url()
    if private:
        data.update({name: getattr(organisation, name) for name in PRIVATE_FIELDS})
    return data


class OrganisationPage(Schema):
    count: int = Field(
        description="Anzahl der Treffer; bei einer Suche mit mehr als 1000 Treffern 1000 "
        "(dann ist count_is_exact false, und nur die ersten 1000 sind abrufbar)"
    )
    count_is_exact: bool = Field(description="false: es gibt mehr Treffer als count")
    page: int
    pages: int
    results: list[OrganisationOut]


class OrganisationFilters(Schema):
    q: str = ""
    kind: OrganisationKind | None = None
    sector: str = Field("", pattern=r"^[A-U]?$", description="WZ-Abschnitt, z. B. C")
    employee_band: EmployeeBand | None = None
    municipality_key: str = Field("", pattern=r"^(\d{8})?$")
    training: str = Field("", pattern=r"^(yes|no)?$")
    page: int = Field(1, ge=1, le=100000)


@router.get(
    "/organisations", response=OrganisationPage, summary="Organisationen", exclude_unset=True
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    """The register with the same filters and search as the page `/organisationen/`. A
    search counts exactly up to 1000 hits (docs/search.md)."""
    user = getattr(request, "auth", None)
    queryset = organisation_list(
        user,
        kind=filters.kind or "",
        sector=filters.sector,
        employee_band=filters.employee_band or "",
        municipality_key=filters.municipality_key,
        training=filters.training,
    )
    results = search.results(queryset, filters.q)
    count = results.count()
    pages = max(1, -(-count // PAGE_SIZE))
    start = (filters.page - 1) * PAGE_SIZE
    rows = results[start : start + PAGE_SIZE]
    private = may_see_private_fields(user)
    return {
        "count": count,
        "count_is_exact": results.count_is_exact,
        "page": filters.page,
        "pages": pages,
        "results": [organisation_data(row, private=private) for row in rows],
    }


@router.get(
    "/organisations/{organisation_id}",
    summary="Organisation",
    response=OrganisationOut,
    exclude_unset=True,
)
def get_organisation(request: HttpRequest, organisation_id: int):
    user = getattr(request, "auth", None)
    organisation = organisation_get_for(user, pk=organisation_id)
    return organisation_data(organisation, private=may_see_private_fields(user, organisation))
