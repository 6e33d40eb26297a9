"""Reads of the catalogue with their access checks. Query counts stay constant however
many measures there are (prefetching, no per-row queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from industriedialog.core import search
from industriedialog.core.permissions import is_staff_member

from .models import ActionField, Measure, MeasurePartner, MeasureUpdate, Phase


def measures_visible_to(user: Any) -> QuerySet[Measure]:
    queryset = Measure.objects.select_related("initiative", "field", "responsible_body")
    if is_staff_member(user):
        return queryset
    return queryset.filter(is_public=True, initiative__is_public=True)


def measure_list(
    user: Any,
    *,
    initiative=None,
    phase: str = "",
    field: str = "",
    flagship: bool | None = None,
    partner: str = "",
    kind: str = "",
    query: str = "",
) -> QuerySet[Measure]:
    """The catalogue with its filters; `field` is a field number and includes sub-fields."""
    queryset = measures_visible_to(user)
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    if phase:
        queryset = queryset.filter(phase=phase)
    if field:
        queryset = queryset.filter(
            Q(field__number=field)
            | Q(field__number__startswith=f"{field}.")
            | Q(field__parent__number=field)
        )
    if flagship is not None:
        queryset = queryset.filter(is_flagship=flagship)
    if kind:
        queryset = queryset.filter(kind=kind)
    if partner:
        # Only organisations the user may see, so a filter cannot reveal hidden partners.
        from industriedialog.actors.selectors import organisations_visible_to

        visible = organisations_visible_to(user).filter(slug=partner)
        queryset = queryset.filter(partners__organisation__in=visible).distinct()
    queryset = queryset.prefetch_related(
        Prefetch("partners", queryset=MeasurePartner.objects.select_related("organisation"))
    )
    return search.filter_queryset(queryset, query)


def measure_get_for(user: Any, *, external_id: str | None = None, pk: int | None = None) -> Measure:
    lookup = {"external_id": external_id} if external_id is not None else {"pk": pk}
    try:
        return (
            measures_visible_to(user)
            .prefetch_related(
                Prefetch(
                    "partners", queryset=MeasurePartner.objects.select_related("organisation")
                ),
                Prefetch("updates", queryset=MeasureUpdate.objects.select_related("author")),
                "depends_on",
            )
            .get(**lookup)
        )
    except Measure.DoesNotExist:
        raise Http404 from None


@dataclass
class FieldNode:
    field: ActionField
    measures: list[Measure]
    children: list[FieldNode]

    @property
    def measure_count(self) -> int:
        return len(self.measures) + sum(child.measure_count for child in self.children)


def catalogue(user: Any, initiative, measures: QuerySet[Measure] | None = None) -> list[FieldNode]:
    """The field tree of an initiative with its (filtered) measures: three queries."""
    if measures is None:
        measures = measure_list(user, initiative=initiative)
    fields = list(ActionField.objects.filter(initiative=initiative).order_by("sort_key"))
    by_field: dict[int, list[Measure]] = {}
    for measure in measures:
        by_field.setdefault(measure.field_id, []).append(measure)
    nodes = {f.pk: FieldNode(f, by_field.get(f.pk, []), []) for f in fields}
    roots = []
    for f in fields:
        node = nodes[f.pk]
        if f.parent_id in nodes:
            nodes[f.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


def measure_state_on(measure: Measure, day: dt.date) -> Measure | None:
    """The measure as it was at the end of `day` (django-simple-history), or None if it did
    not exist yet. The committee report uses this to say what changed since a date."""
    import datetime

    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    try:
        return measure.history.as_of(moment)
    except Measure.DoesNotExist:
        return None


def changes_since(user: Any, initiative, since: dt.date) -> list[tuple[Measure, Measure | None]]:
    """Measures whose phase or progress changed since `since`, with their earlier state."""
    result = []
    for measure in measures_visible_to(user).filter(initiative=initiative):
        before = measure_state_on(measure, since)
        if before is None or before.phase != measure.phase or before.progress != measure.progress:
            result.append((measure, before))
    return result


PHASE_ORDER = [Phase.IMPLEMENTATION, Phase.CONCEPT, Phase.IDEA, Phase.COMPLETED, Phase.DEFERRED]
