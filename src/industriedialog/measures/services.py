"""Every write of the catalogue: validated, in a transaction, staff-only, audited. Each
change of phase, progress or text is also kept as a dated `MeasureUpdate` (the timeline)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from industriedialog.core import search
from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member

from .models import (
    ActionField,
    Measure,
    MeasurePartner,
    MeasureUpdate,
    Phase,
    QuarterCapacity,
    number_sort_key,
)

MEASURE_FIELDS = (
    "field",
    "number",
    "title",
    "description",
    "phase",
    "phase_inferred",
    "phase_note",
    "is_flagship",
    "kind",
    "cost",
    "effort_person_days",
    "duration_quarters",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "earliest_start",
    "is_pinned",
    "priority",
    "progress",
    "responsible_body",
    "source",
    "is_public",
    "is_example_data",
)
TEXT_FIELDS = ("title", "description", "number")


def _require_staff(actor: Any) -> None:
    if not is_staff_member(actor):
        raise PermissionDenied(_("Den Maßnahmenkatalog pflegt die Wirtschaftsförderung."))


@transaction.atomic
def action_field_create(
    *,
    actor: Any,
    initiative: Initiative,
    number: str,
    title: str,
    parent: ActionField | None = None,
    description: str = "",
) -> ActionField:
    _require_staff(actor)
    if parent is not None and parent.initiative_id != initiative.pk:
        raise ValidationError(
            {"parent": _("Das übergeordnete Feld gehört zu einer anderen Initiative.")}
        )
    field = ActionField(
        initiative=initiative,
        parent=parent,
        number=number.strip(),
        title=title.strip(),
        description=description.strip(),
    )
    field.full_clean(exclude=["sort_key"])
    field.save()
    audit_log(actor=actor, action="measures.action_field.create", obj=field)
    return field


def validate_measure(measure: Measure) -> None:
    """The checks every create and update runs (also used by the import's dry run)."""
    if measure.field_id and measure.field.initiative_id != measure.initiative_id:
        raise ValidationError({"field": _("Das Handlungsfeld gehört zu einer anderen Initiative.")})
    if measure.phase == Phase.COMPLETED and measure.progress != 100:
        raise ValidationError(
            {"progress": _("Eine abgeschlossene Maßnahme hat 100 % Fortschritt.")}
        )
    if measure.actual_start and measure.actual_end and measure.actual_end < measure.actual_start:
        raise ValidationError({"actual_end": _("Das tatsächliche Ende liegt vor dem Beginn.")})
    if (
        measure.planned_start
        and measure.planned_end
        and measure.planned_end < measure.planned_start
    ):
        raise ValidationError({"planned_end": _("Das geplante Ende liegt vor dem Beginn.")})
    measure.full_clean(exclude=["sort_key", "external_id"])


def _unique_external_id(initiative: Initiative, title: str) -> str:
    root = slugify(f"{initiative.slug}-{title}".replace("ß", "ss"))[:70] or "massnahme"
    candidate, counter = root, 2
    while Measure.objects.filter(external_id=candidate).exists():
        candidate = f"{root}-{counter}"
        counter += 1
    return candidate


@transaction.atomic
def measure_create(
    *,
    actor: Any,
    initiative: Initiative,
    data: dict[str, Any],
    partners: Iterable[tuple[Any, str]] = (),
    note: str = "",
) -> Measure:
    _require_staff(actor)
    unknown = set(data) - set(MEASURE_FIELDS) - {"external_id"}
    if unknown:
        raise ValidationError(
            _("Unbekannte Felder: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    measure = Measure(
        initiative=initiative, **{k: v for k, v in data.items() if k != "external_id"}
    )
    measure.external_id = data.get("external_id") or _unique_external_id(initiative, measure.title)
    measure.sort_key = number_sort_key(measure.number or "9999")
    if measure.phase == Phase.COMPLETED and "progress" not in data:
        measure.progress = 100
    validate_measure(measure)
    if Measure.objects.filter(external_id=measure.external_id).exists():
        raise ValidationError({"external_id": _("Diese externe ID ist schon vergeben.")})
    measure.save()
    for organisation, role in partners:
        MeasurePartner.objects.create(measure=measure, organisation=organisation, role=role)
    search.index_object(measure)
    MeasureUpdate.objects.create(
        measure=measure,
        author=_user(actor),
        phase_after=measure.phase,
        progress_after=measure.progress,
        changed_fields=["created"],
        note=note or _("Maßnahme angelegt."),
    )
    audit_log(actor=actor, action="measures.measure.create", obj=measure)
    return measure


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def measure_update(
    *,
    actor: Any,
    measure: Measure,
    data: dict[str, Any],
    note: str = "",
    date: dt.date | None = None,
) -> Measure:
    """Change a measure; a change of phase, progress or text is recorded on the timeline."""
    _require_staff(actor)
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    before_phase, before_progress = locked.phase, locked.progress
    changed = []
    for name, value in data.items():
        if name not in MEASURE_FIELDS:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": name})
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed and not note.strip():
        return locked
    if "number" in changed:
        locked.sort_key = number_sort_key(locked.number or "9999")
    if "phase" in changed and "phase_inferred" not in data:
        locked.phase_inferred = False
    # Completing a measure sets 100 % unless the same change set another progress on
    # purpose (which validation then refuses). Forms and the bulk table always send the
    # progress, unchanged, with the phase; the forced 100 belongs on the timeline too.
    if locked.phase == Phase.COMPLETED and "progress" not in changed and locked.progress != 100:
        locked.progress = 100
        changed.append("progress")
    validate_measure(locked)
    locked.save()
    search.index_object(locked)
    timeline_fields = [f for f in changed if f in ("phase", "progress", *TEXT_FIELDS)]
    if timeline_fields or note.strip():
        MeasureUpdate.objects.create(
            measure=locked,
            author=_user(actor),
            date=date or timezone.localdate(),
            phase_before=before_phase if "phase" in changed else "",
            phase_after=locked.phase if "phase" in changed else "",
            progress_before=before_progress if "progress" in changed else None,
            progress_after=locked.progress if "progress" in changed else None,
            changed_fields=timeline_fields,
            note=note.strip(),
        )
    audit_log(actor=actor, action="measures.measure.update", obj=locked, data={"changed": changed})
    return locked


@dataclass(frozen=True)
class BulkRow:
    measure_id: int
    phase: str
    progress: int
    note: str = ""


@transaction.atomic
def measures_bulk_update(
    *, actor: Any, initiative: Initiative, rows: Sequence[BulkRow], date: dt.date | None = None
) -> list[Measure]:
    """Update phase, progress and note of many measures at once, all or nothing. Errors are
    collected per measure so the form can show each next to its row."""
    _require_staff(actor)
    measures = {
        m.pk: m
        for m in Measure.objects.filter(
            initiative=initiative, pk__in=[row.measure_id for row in rows]
        )
    }
    errors: dict[str, list[str]] = {}
    updated = []
    for row in rows:
        measure = measures.get(row.measure_id)
        if measure is None:
            errors.setdefault(str(row.measure_id), []).append(_("Unbekannte Maßnahme."))
            continue
        try:
            with transaction.atomic():
                updated.append(
                    measure_update(
                        actor=actor,
                        measure=measure,
                        data={"phase": row.phase, "progress": row.progress},
                        note=row.note,
                        date=date,
                    )
                )
        except ValidationError as error:
            errors.setdefault(str(row.measure_id), []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return updated


@transaction.atomic
def measure_set_partners(
    *, actor: Any, measure: Measure, partners: Iterable[tuple[Any, str]]
) -> Measure:
    _require_staff(actor)
    wanted = {(organisation.pk, role) for organisation, role in partners}
    roles = {pk for pk, _role in wanted}
    if len(roles) != len(wanted):
        raise ValidationError(_("Jede Organisation hat bei einer Maßnahme genau eine Rolle."))
    MeasurePartner.objects.filter(measure=measure).exclude(organisation_id__in=roles).delete()
    for organisation_id, role in wanted:
        MeasurePartner.objects.update_or_create(
            measure=measure, organisation_id=organisation_id, defaults={"role": role}
        )
    audit_log(
        actor=actor,
        action="measures.measure.partners",
        obj=measure,
        data={"partners": sorted(roles)},
    )
    return measure


@transaction.atomic
def measure_set_dependencies(
    *, actor: Any, measure: Measure, depends_on: Iterable[Measure]
) -> Measure:
    _require_staff(actor)
    targets = list(depends_on)
    for other in targets:
        if other.pk == measure.pk:
            raise ValidationError(_("Eine Maßnahme kann nicht von sich selbst abhängen."))
        if other.initiative_id != measure.initiative_id:
            raise ValidationError(_("Abhängigkeiten nur innerhalb einer Initiative."))
    # Reject cycles: no target may (transitively) depend on this measure.
    frontier, seen = [m.pk for m in targets], set()
    while frontier:
        current = frontier.pop()
        if current == measure.pk:
            raise ValidationError(_("Diese Abhängigkeit ergäbe einen Kreis."))
        if current in seen:
            continue
        seen.add(current)
        frontier.extend(
            Measure.depends_on.through.objects.filter(from_measure_id=current).values_list(
                "to_measure_id", flat=True
            )
        )
    measure.depends_on.set(targets)
    audit_log(
        actor=actor,
        action="measures.measure.dependencies",
        obj=measure,
        data={"depends_on": [m.pk for m in targets]},
    )
    return measure


@transaction.atomic
def capacity_set(
    *, actor: Any, initiative: Initiative, quarters: Sequence[tuple[int, int, Decimal]]
) -> list[QuarterCapacity]:
    _require_staff(actor)
    result = []
    for year, quarter, person_days in quarters:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(_("Das Quartal muss zwischen 1 und 4 liegen."))
        if person_days < 0:
            raise ValidationError(_("Die Kapazität darf nicht negativ sein."))
        capacity, _created = QuarterCapacity.objects.update_or_create(
            initiative=initiative, year=year, quarter=quarter, defaults={"person_days": person_days}
        )
        result.append(capacity)
    audit_log(
        actor=actor,
        action="measures.capacity.set",
        obj=initiative,
        data={"quarters": [[y, q, str(d)] for y, q, d in quarters]},
    )
    return result
