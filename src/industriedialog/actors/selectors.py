"""Reads of the register, with the access check. What a user may not see is absent (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from industriedialog.core import search

from .models import Affiliation, Organisation, Person


def _user_organisation_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return user.organisation_id


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Staff see every organisation; others the public ones plus their own."""
    queryset = Organisation.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_staff_member:
        return queryset
    own = _user_organisation_id(user)
    if own is not None:
        return queryset.filter(Q(is_public=True) | Q(pk=own))
    return queryset.filter(is_public=True)


def organisation_get_for(
    user: Any, *, slug: str | None = None, pk: int | None = None
) -> Organisation:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    try:
        return organisations_visible_to(user).select_related("parent").get(**lookup)
    except Organisation.DoesNotExist:
        raise Http404 from None


def may_see_private_fields(user: Any, organisation: Organisation | None = None) -> bool:
    """Contact data, notes and flags: staff, and members for their own organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff_member:
        return True
    return organisation is not None and user.organisation_id == organisation.pk


def municipality_choices(user: Any, *, kind: str = "") -> list[tuple[str, str]]:
    """(AGS, "Ort (AGS)") of the municipalities of the organisations `user` may see (of one
    `kind` when given), sorted by the label."""
    queryset = organisations_visible_to(user).exclude(municipality_key="")
    if kind:
        queryset = queryset.filter(kind=kind)
    rows = queryset.values_list("municipality_key", "city").distinct().order_by("city")
    seen: dict[str, str] = {}
    for key, city in rows:
        seen.setdefault(key, f"{city} ({key})" if city else key)
    return sorted(seen.items(), key=lambda item: item[1])


def organisation_list(
    user: Any,
    *,
    query: str = "",
    kind: str = "",
    sector: str = "",
    employee_band: str = "",
    municipality_key: str = "",
    training: str = "",
) -> QuerySet[Organisation]:
    """The register list with its filters and German full-text search."""
    queryset = organisations_visible_to(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector:
        queryset = queryset.filter(wz_section=sector)
    if employee_band:
        queryset = queryset.filter(employee_band=employee_band)
    if municipality_key:
        queryset = queryset.filter(municipality_key=municipality_key)
    if training in ("yes", "no"):
        queryset = queryset.filter(is_training_company=(training == "yes"))
    return search.filter_queryset(queryset, query)


def people_visible_for(user: Any, organisation: Organisation) -> QuerySet[Affiliation]:
    """The people of an organisation: only those listed with consent, except for staff and
    the organisation's own members."""
    affiliations = (
        Affiliation.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    if not may_see_private_fields(user, organisation):
        affiliations = affiliations.filter(person__is_public=True)
    return affiliations


def people_visible_to(user: Any) -> QuerySet[Person]:
    if getattr(user, "is_authenticated", False) and user.is_staff_member:
        return Person.objects.all()
    return Person.objects.filter(is_public=True)
