"""API of the catalogue: the measures with their filters, one measure with its partners and
timeline, and an initiative's catalogue as the tree of its fields. Anonymous callers see
the public measures; staff see all. `phase` is always one of the stable codes idea,
concept, implementation, completed, deferred."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from industriedialog.actors.selectors import organisations_visible_to
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to

from . import roadmap_api, selectors
from .exporting import visible_body, visible_partners
from .models import Measure, MeasureKind, Phase

router = Router(tags=["Maßnahmen"])

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 200
FIELD_NUMBER = re.compile(r"^\d+(\.\d+)*$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
TRUE_WORDS = {"true", "ja", "1", "yes"}
FALSE_WORDS = {"false", "nein", "0", "no"}


class InitiativeRef(Schema):
    slug: str
    name: str


class FieldRef(Schema):
    number: str
    title: str


class BodyRef(Schema):
    slug: str
    name: str


class PartnerOut(Schema):
    organisation_id: int
    slug: str
    name: str
    role: str
    role_label: str


class MeasureOut(Schema):
    """A measure. `is_public` is present only for staff."""

    id: int
    external_id: str
    initiative: InitiativeRef
    field: FieldRef
    number: str
    title: str
    description: str
    phase: Phase
    phase_label: str
    phase_inferred: bool
    phase_note: str
    is_flagship: bool
    kind: MeasureKind
    kind_label: str
    cost: str
    cost_label: str
    progress: int
    priority: int
    effort_person_days: float
    duration_quarters: int
    earliest_start: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    is_pinned: bool
    responsible_body: BodyRef | None
    partners: list[PartnerOut]
    source: str
    is_example_data: bool
    url: str
    updated_at: dt.datetime
    is_public: bool | None = None


class MeasureRef(Schema):
    id: int
    external_id: str
    title: str


class TimelineEntryOut(Schema):
    """One dated entry of the timeline; `author` is present only for staff."""

    date: dt.date
    phase_before: Phase | None
    phase_after: Phase | None
    progress_before: int | None
    progress_after: int | None
    changed_fields: list[str]
    note: str
    author: str | None = None


class MeasureDetailOut(MeasureOut):
    depends_on: list[MeasureRef]
    timeline: list[TimelineEntryOut]


class MeasurePage(Schema):
    count: int
    page: int
    pages: int
    results: list[MeasureOut]


class FieldNodeOut(Schema):
    number: str
    title: str
    description: str
    measure_count: int
    measures: list[MeasureOut]
    children: list[FieldNodeOut]


FieldNodeOut.model_rebuild()


class CatalogueOut(Schema):
    initiative: InitiativeRef
    measure_count: int
    fields: list[FieldNodeOut]


class MeasureFilters(Schema):
    initiative: str = ""
    phase: str = ""
    field: str = ""
    flagship: str = ""
    partner: str = ""
    kind: str = ""
    q: str = ""
    page: str = "1"


def measure_data(measure: Measure, user: Any) -> dict[str, Any]:
    body = visible_body(user, measure)
    data = {
        "id": measure.pk,
        "external_id": measure.external_id,
        "initiative": {"slug": measure.initiative.slug, "name": measure.initiative.name},
        "field": {"number": measure.field.number, "title": measure.field.title},
        "number": measure.number,
        "title": measure.title,
        "description": measure.description,
        "phase": measure.phase,
        "phase_label": str(measure.get_phase_display()),
        "phase_inferred": measure.phase_inferred,
        "phase_note": measure.phase_note,
        "is_flagship": measure.is_flagship,
        "kind": measure.kind,
        "kind_label": str(measure.get_kind_display()),
        "cost": measure.cost,
        "cost_label": str(measure.get_cost_display()),
        "progress": measure.progress,
        "priority": measure.priority,
        "effort_person_days": float(measure.effort_person_days),
        "duration_quarters": measure.duration_quarters,
        "earliest_start": measure.earliest_start,
        "planned_start": measure.planned_start,
        "planned_end": measure.planned_end,
        "actual_start": measure.actual_start,
        "actual_end": measure.actual_end,
        "is_pinned": measure.is_pinned,
        "responsible_body": {"slug": body.slug, "name": body.name} if body else None,
        "partners": [
            {
                "organisation_id": p.organisation_id,
                "slug": p.organisation.slug,
                "name": p.organisation.name,
                "role": p.role,
                "role_label": str(p.get_role_display()),
            }
            for p in visible_partners(user, measure)
        ],
        "source": measure.source,
        "is_example_data": measure.is_example_data,
        "url": measure.get_absolute_url(),
        "updated_at": measure.updated_at,
    }
    if is_staff_member(user):
        data["is_public"] = measure.is_public
    return data


def _clean_filters(user: Any, filters: MeasureFilters) -> dict[str, Any]:
    """The filters as `selectors.measure_list` takes them; every bad value is reported with
    a German message (422)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "phase": "",
        "field": "",
        "flagship": None,
        "partner": "",
        "kind": "",
        "query": filters.q.strip(),
        "initiative": None,
    }
    if filters.initiative:
        cleaned["initiative"] = initiatives_visible_to(user).filter(slug=filters.initiative).first()
        if cleaned["initiative"] is None:
            errors["initiative"] = _("Unbekannte Initiative „%(value)s“.") % {
                "value": filters.initiative
            }
    if filters.phase:
        if filters.phase in Phase.values:
            cleaned["phase"] = filters.phase
        else:
            errors["phase"] = _("Unbekannte Phase „%(value)s“. Erlaubt sind: %(allowed)s.") % {
                "value": filters.phase,
                "allowed": ", ".join(Phase.values),
            }
    if filters.field:
        if FIELD_NUMBER.match(filters.field):
            cleaned["field"] = filters.field
        else:
            errors["field"] = _(
                "„%(value)s“ ist keine Nummer eines Handlungsfelds (zum Beispiel 2 oder 2.1)."
            ) % {"value": filters.field}
    if filters.flagship:
        word = filters.flagship.casefold()
        if word in TRUE_WORDS | FALSE_WORDS:
            cleaned["flagship"] = word in TRUE_WORDS
        else:
            errors["flagship"] = _(
                "„%(value)s“ ist kein Ja/Nein-Wert. Erlaubt sind true, false, ja, nein, 1 und 0."
            ) % {"value": filters.flagship}
    if filters.partner:
        # Only an organisation the caller may see: a hidden one must not be revealed by
        # the measures it partners.
        if (
            SLUG.match(filters.partner)
            and organisations_visible_to(user).filter(slug=filters.partner).exists()
        ):
            cleaned["partner"] = filters.partner
        else:
            errors["partner"] = _("Unbekannte Organisation „%(value)s“.") % {
                "value": filters.partner
            }
    if filters.kind:
        if filters.kind in MeasureKind.values:
            cleaned["kind"] = filters.kind
        else:
            errors["kind"] = _("Unbekannte Art „%(value)s“. Erlaubt sind: %(allowed)s.") % {
                "value": filters.kind,
                "allowed": ", ".join(MeasureKind.values),
            }
    if len(filters.q) > MAX_QUERY_LENGTH:
        errors["q"] = _("Der Suchtext ist zu lang (höchstens %(limit)s Zeichen).") % {
            "limit": MAX_QUERY_LENGTH
        }
    try:
        cleaned["page"] = int(filters.page)
        if not 1 <= cleaned["page"] <= 100_000:
            raise ValueError
    except ValueError:
        errors["page"] = _("Die Seite muss eine ganze Zahl von 1 bis 100.000 sein.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@router.get("/measures", response=MeasurePage, summary="Maßnahmen", exclude_unset=True)
def list_measures(request: HttpRequest, filters: Query[MeasureFilters]):
    """The catalogue with the filters of the page `/massnahmen/<initiative>/`: initiative
    (slug), phase (code), field (number, includes its sub-fields), flagship (true/false),
    partner (organisation slug), kind and q (search). 50 measures per page."""
    user = getattr(request, "auth", None)
    cleaned = _clean_filters(user, filters)
    page = cleaned.pop("page")
    queryset = selectors.measure_list(user, **cleaned)
    count = queryset.count()
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE])
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // PAGE_SIZE)),
        "results": [measure_data(row, user) for row in rows],
    }


@router.get(
    "/measures/{measure_id}", response=MeasureDetailOut, summary="Maßnahme", exclude_unset=True
)
def get_measure(request: HttpRequest, measure_id: int):
    """One measure with its partners, dependencies and timeline (newest entry first)."""
    user = getattr(request, "auth", None)
    measure = selectors.measure_get_for(user, pk=measure_id)
    staff = is_staff_member(user)
    data = measure_data(measure, user)
    data["depends_on"] = [
        {"id": other.pk, "external_id": other.external_id, "title": other.title}
        for other in measure.depends_on.all()
        if staff or (other.is_public and other.initiative_id == measure.initiative_id)
    ]
    data["timeline"] = []
    for entry in measure.updates.all():
        item = {
            "date": entry.date,
            "phase_before": entry.phase_before or None,
            "phase_after": entry.phase_after or None,
            "progress_before": entry.progress_before,
            "progress_after": entry.progress_after,
            "changed_fields": list(entry.changed_fields or []),
            "note": entry.note,
        }
        if staff:
            item["author"] = (
                entry.author.get_full_name() or entry.author.username if entry.author else None
            )
        data["timeline"].append(item)
    return data


def _node_data(node: selectors.FieldNode, user: Any) -> dict[str, Any]:
    return {
        "number": node.field.number,
        "title": node.field.title,
        "description": node.field.description,
        "measure_count": node.measure_count,
        "measures": [measure_data(measure, user) for measure in node.measures],
        "children": [_node_data(child, user) for child in node.children],
    }


@router.get(
    "/initiatives/{slug}/catalogue",
    response=CatalogueOut,
    summary="Maßnahmenkatalog einer Initiative",
    exclude_unset=True,
)
def get_catalogue(request: HttpRequest, slug: str):
    """The fields of the initiative as a tree, each with its measures."""
    user = getattr(request, "auth", None)
    initiative = initiative_get_for(user, slug=slug)
    roots = selectors.catalogue(user, initiative)
    return {
        "initiative": {"slug": initiative.slug, "name": initiative.name},
        "measure_count": sum(node.measure_count for node in roots),
        "fields": [_node_data(node, user) for node in roots],
    }


# The roadmap planner (POST /roadmap/plan) is part of the catalogue's API.
router.add_router("", roadmap_api.router)
