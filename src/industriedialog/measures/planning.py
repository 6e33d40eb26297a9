"""The roadmap between the catalogue and the solver (roadmap.py): quarters, the measures
as planning tasks, the capacity per quarter, the plan for a page or the API, and the
service that accepts a plan as the measures' planned dates.

Seed 000: "Der Personalknappheit wird durch eine sukzessive zeitliche Staffelung der
Maßnahmen über mehrere Jahre hinweg Rechnung getragen" – the planner staggers the
not-completed, not-deferred measures of an initiative over the coming quarters so that
their effort never exceeds the office's staff capacity. See docs/roadmap.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member

from . import roadmap, services
from .models import Measure, Phase, QuarterCapacity

MAX_QUARTERS = 40
DEFAULT_QUARTERS = 12
TIME_LIMIT_SECONDS = 10.0
QUARTER_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
SIGNING_SALT = "industriedialog.measures.roadmap"


# --- quarters ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int  # 1–4

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER_PATTERN.match(text or "")
        if not match:
            raise ValueError(_("Ein Quartal wird als „2026-Q3“ angegeben."))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def ordinal(self) -> int:
        return self.year * 4 + self.quarter - 1

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Quarter:
        return cls(ordinal // 4, ordinal % 4 + 1)

    def plus(self, quarters: int) -> Quarter:
        return Quarter.from_ordinal(self.ordinal + quarters)

    def minus(self, other: Quarter) -> int:
        return self.ordinal - other.ordinal

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.plus(1).first_day - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return _("%(quarter)s. Quartal %(year)s") % {"quarter": self.quarter, "year": self.year}


def quarter_range(start: Quarter, count: int) -> list[Quarter]:
    return [start.plus(i) for i in range(count)]


def default_start(today: dt.date | None = None) -> Quarter:
    """The coming quarter: the current one is already under way."""
    return Quarter.of(today or timezone.localdate()).plus(1)


# --- reads ---------------------------------------------------------------------------------


def _require_staff(user: Any) -> None:
    if not is_staff_member(user):
        raise Http404


def planning_measures(initiative: Initiative) -> list[Measure]:
    """The measures the roadmap schedules: not completed and not deferred."""
    return list(
        Measure.objects.filter(initiative=initiative)
        .exclude(phase__in=[Phase.COMPLETED, Phase.DEFERRED])
        .prefetch_related("depends_on")
        .order_by("field__sort_key", "sort_key", "id")
    )


def capacities_for(initiative: Initiative, quarters: Sequence[Quarter]) -> list[Decimal | None]:
    """Person-days per quarter from QuarterCapacity; None where nothing is recorded."""
    if not quarters:
        return []
    rows = QuarterCapacity.objects.filter(
        initiative=initiative, year__gte=quarters[0].year, year__lte=quarters[-1].year
    ).values_list("year", "quarter", "person_days")
    recorded = {Quarter(year, quarter): days for year, quarter, days in rows}
    return [recorded.get(quarter) for quarter in quarters]


def capacity_save(
    *, actor: Any, initiative: Initiative, values: Sequence[tuple[Quarter, Decimal]]
) -> list[QuarterCapacity]:
    """Store the capacity of each quarter (services.capacity_set: staff only, audited)."""
    return services.capacity_set(
        actor=actor,
        initiative=initiative,
        quarters=[(quarter.year, quarter.quarter, days) for quarter, days in values],
    )


def _label(measure: Measure) -> str:
    return f"{measure.number} {measure.title}".strip()


@dataclass
class Blocked:
    measure: Measure
    reason: str


def tasks_for(
    measures: Sequence[Measure], quarters: Sequence[Quarter]
) -> tuple[list[roadmap.Task], list[Blocked]]:
    """The planning tasks of `measures` over `quarters` (index 0 = first quarter).

    - earliest start: the quarter of `earliest_start` (before the horizon: its start);
    - pinned (`is_pinned` with a planned start): fixed at the quarter of `planned_start`.
      A pinned measure that began before the horizon counts only with its remaining
      quarters, one that runs past the horizon only with the quarters inside it; one that
      lies completely outside does not take part;
    - dependencies on completed measures are met; a measure that depends on a deferred one
      (or on one outside the plan) is blocked with that reason.
    Returns the tasks (key: the measure's primary key) and the blocked measures."""
    first = quarters[0]
    horizon = len(quarters)
    included = {m.pk for m in measures}
    blocked: list[Blocked] = []
    pinned_outside: dict[int, Quarter] = {}  # pinned measures outside: their start
    tasks: list[roadmap.Task] = []
    pinned: dict[int, tuple[int, int]] = {}
    for measure in measures:
        if measure.is_pinned and measure.planned_start:
            start = Quarter.of(measure.planned_start).minus(first)
            duration = measure.duration_quarters
            end = start + duration  # exclusive
            if end <= 0 or start >= horizon:
                pinned_outside[measure.pk] = Quarter.of(measure.planned_start)
                continue
            pinned[measure.pk] = (max(0, start), min(end, horizon) - max(0, start))
    for measure in measures:
        if measure.pk in pinned_outside:
            blocked.append(
                Blocked(
                    measure,
                    _("ist mit festem Termin (%(start)s) außerhalb des Planungszeitraums geplant")
                    % {"start": pinned_outside[measure.pk]},
                )
            )
            continue
        dependencies = []
        reason = ""
        for other in measure.depends_on.all():
            if other.phase == Phase.COMPLETED:
                continue
            if other.phase == Phase.DEFERRED:
                reason = _("hängt von der zurückgestellten Maßnahme „%(title)s“ ab") % {
                    "title": _label(other)
                }
                break
            if other.pk in pinned_outside and pinned_outside[other.pk] < first:
                continue  # pinned and already over before the horizon
            if other.pk not in included or other.pk in pinned_outside:
                reason = _("hängt von „%(title)s“ ab, die nicht eingeplant wird") % {
                    "title": _label(other)
                }
                break
            dependencies.append(str(other.pk))
        if reason:
            blocked.append(Blocked(measure, reason))
            continue
        earliest = 0
        if measure.earliest_start:
            earliest = max(0, Quarter.of(measure.earliest_start).minus(first))
        pin, duration = pinned.get(measure.pk, (None, measure.duration_quarters))
        tasks.append(
            roadmap.Task(
                key=str(measure.pk),
                effort=float(measure.effort_person_days),
                duration=duration,
                earliest=0 if pin is not None else earliest,
                pinned=pin,
                priority=measure.priority,
                is_flagship=measure.is_flagship,
                depends_on=tuple(dependencies),
                label=_label(measure),
            )
        )
    # A measure blocked because its dependency is blocked (transitively).
    blocked_keys = {str(b.measure.pk) for b in blocked}
    changed = True
    while changed:
        changed = False
        for task in list(tasks):
            missing = [d for d in task.depends_on if d in blocked_keys]
            if missing:
                measure = next(m for m in measures if str(m.pk) == task.key)
                other = next(m for m in measures if str(m.pk) == missing[0])
                blocked.append(
                    Blocked(
                        measure,
                        _("hängt von „%(title)s“ ab, die nicht eingeplant wird")
                        % {"title": _label(other)},
                    )
                )
                blocked_keys.add(task.key)
                tasks.remove(task)
                changed = True
    return tasks, blocked


PLANNING_FIELDS = (
    "phase",
    "effort_person_days",
    "duration_quarters",
    "earliest_start",
    "planned_start",
    "planned_end",
    "is_pinned",
    "priority",
    "is_flagship",
)


def fingerprint(measures: Sequence[Measure]) -> str:
    """Changes whenever something the plan depends on changes: which measures are open,
    their planning fields and their dependencies."""
    text = "|".join(
        f"{m.pk}:{[str(getattr(m, name)) for name in PLANNING_FIELDS]}:"
        f"{sorted(d.pk for d in m.depends_on.all())}"
        for m in sorted(measures, key=lambda m: m.pk)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class ScheduledMeasure:
    measure: Measure
    start: Quarter
    end: Quarter  # inclusive
    effort: Decimal
    is_pinned: bool

    @property
    def quarters(self) -> int:
        return self.end.minus(self.start) + 1


@dataclass
class RoadmapPlan:
    """A computed roadmap for one initiative (nothing written)."""

    initiative: Initiative
    quarters: list[Quarter]
    capacities: list[Decimal]
    missing_capacity: list[Quarter]
    require_all: bool
    status: str
    schedule: list[ScheduledMeasure] = field(default_factory=list)
    unscheduled: list[Blocked] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    seconds: float = 0.0
    solver: str = ""
    fingerprint: str = ""

    @property
    def is_feasible(self) -> bool:
        return self.status in ("optimal", "time_limit") and not self.problems

    @property
    def without_effort(self) -> list[Measure]:
        """Measures with no effort recorded (0 person-days): they take no capacity, so
        the plan puts them at their earliest start; usually the estimate is missing."""
        return [row.measure for row in self.schedule if not row.effort]

    @property
    def changes(self) -> list[ScheduledMeasure]:
        """Scheduled measures whose planned dates the plan would change."""
        return [
            row
            for row in self.schedule
            if not row.is_pinned
            and (
                row.measure.planned_start != row.start.first_day
                or row.measure.planned_end != row.end.last_day
            )
        ]

    def signed(self) -> str:
        """The plan for the accept form, signed so it comes back unaltered."""
        return signing.dumps(
            {
                "initiative": self.initiative.slug,
                "fingerprint": self.fingerprint,
                "rows": [[row.measure.pk, str(row.start), str(row.end)] for row in self.changes],
            },
            salt=SIGNING_SALT,
            compress=True,
        )


def roadmap_plan(
    user: Any,
    *,
    initiative: Initiative,
    start: Quarter,
    count: int,
    capacities: Sequence[Decimal | float | int] | None = None,
    require_all: bool = False,
    time_limit: float = TIME_LIMIT_SECONDS,
) -> RoadmapPlan:
    """Plan the initiative's open measures over `count` quarters from `start`, with the
    given capacities (default: QuarterCapacity, 0 where none is recorded). Staff only."""
    _require_staff(user)
    if not 1 <= count <= MAX_QUARTERS:
        raise ValidationError(
            _("Es lassen sich 1 bis %(max)s Quartale planen.") % {"max": MAX_QUARTERS}
        )
    quarters = quarter_range(start, count)
    missing: list[Quarter] = []
    if capacities is None:
        recorded = capacities_for(initiative, quarters)
        missing = [q for q, value in zip(quarters, recorded, strict=True) if value is None]
        values = [value if value is not None else Decimal("0") for value in recorded]
    else:
        if len(capacities) != count:
            raise ValidationError(
                _("Bitte genau eine Kapazität je Quartal angeben (%(count)s Werte).")
                % {"count": count}
            )
        if any(Decimal(str(value)) < 0 for value in capacities):
            raise ValidationError(_("Kapazitäten dürfen nicht negativ sein."))
        values = [Decimal(str(value)) for value in capacities]
    measures = planning_measures(initiative)
    tasks, blocked = tasks_for(measures, quarters)
    by_key = {str(m.pk): m for m in measures}
    try:
        result = roadmap.plan(
            tasks,
            [float(v) for v in values],
            require_all=require_all,
            time_limit=time_limit,
            labels=[str(q) for q in quarters],
        )
    except roadmap.PlanningError as error:
        raise ValidationError(str(error)) from error
    plan = RoadmapPlan(
        initiative=initiative,
        quarters=quarters,
        capacities=values,
        missing_capacity=missing,
        require_all=require_all,
        status=result.status,
        problems=list(result.problems),
        load=result.load or [0.0] * count,
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        seconds=result.seconds,
        solver=result.backend,
        fingerprint=fingerprint(measures),
    )
    task_by_key = {t.key: t for t in tasks}
    for key, index in sorted(result.starts.items(), key=lambda item: (item[1], int(item[0]))):
        measure, task = by_key[key], task_by_key[key]
        # A pinned measure keeps its own start, also when it began before the horizon.
        first = (
            Quarter.of(measure.planned_start)
            if task.pinned is not None and measure.planned_start
            else quarters[0].plus(index)
        )
        plan.schedule.append(
            ScheduledMeasure(
                measure=measure,
                start=first,
                end=first.plus(measure.duration_quarters - 1),
                effort=measure.effort_person_days,
                is_pinned=task.pinned is not None,
            )
        )
    plan.unscheduled = list(blocked) + [
        Blocked(by_key[key], reason) for key, reason in result.unscheduled.items()
    ]
    if require_all and blocked:
        # The solver never saw these; with "require all" they make the plan infeasible.
        plan.status, plan.schedule, plan.load = "infeasible", [], [0.0] * count
        plan.problems = [
            _("„%(title)s“ muss eingeplant werden, %(reason)s.")
            % {"title": _label(b.measure), "reason": b.reason}
            for b in blocked
        ] + plan.problems
    return plan


# --- writes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptedRow:
    measure_id: int
    start: Quarter
    end: Quarter


def accepted_rows(initiative: Initiative, token: str) -> tuple[list[AcceptedRow], str]:
    """The rows of a signed plan from the accept form, and its fingerprint."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=24 * 3600)
    except signing.BadSignature as error:
        raise ValidationError(
            _("Der Plan ist ungültig oder älter als einen Tag. Bitte neu berechnen.")
        ) from error
    if data.get("initiative") != initiative.slug:
        raise ValidationError(_("Der Plan gehört zu einer anderen Initiative."))
    rows = [
        AcceptedRow(int(pk), Quarter.parse(start), Quarter.parse(end))
        for pk, start, end in data.get("rows", [])
    ]
    return rows, str(data.get("fingerprint", ""))


@transaction.atomic
def roadmap_accept(
    *,
    actor: Any,
    initiative: Initiative,
    plan: RoadmapPlan | Sequence[AcceptedRow],
    expected_fingerprint: str | None = None,
    note: str = "",
) -> list[Measure]:
    """Write the plan's quarters as planned dates: planned_start = first day of the start
    quarter, planned_end = last day of the end quarter. Each change goes through
    services.measure_update (validated, audited, with a note on the measure's timeline);
    the acceptance itself is audited as `measures.roadmap.accept`. Pinned measures and
    measures whose dates already match are left alone. All or nothing; if the catalogue
    changed since the plan was computed (`expected_fingerprint`), nothing is written."""
    if not is_staff_member(actor):
        raise PermissionDenied(_("Die Roadmap übernimmt die Wirtschaftsförderung."))
    if isinstance(plan, RoadmapPlan):
        if plan.initiative.pk != initiative.pk:
            raise ValidationError(_("Der Plan gehört zu einer anderen Initiative."))
        if not plan.is_feasible:
            raise ValidationError(_("Ein unzulässiger Plan kann nicht übernommen werden."))
        rows = [AcceptedRow(r.measure.pk, r.start, r.end) for r in plan.changes]
        expected_fingerprint = expected_fingerprint or plan.fingerprint
    else:
        rows = list(plan)
    measures = {m.pk: m for m in planning_measures(initiative)}
    if (
        expected_fingerprint is not None
        and fingerprint(list(measures.values())) != expected_fingerprint
    ):
        raise ValidationError(
            _(
                "Der Maßnahmenkatalog hat sich seit der Berechnung geändert. "
                "Bitte den Plan neu berechnen."
            )
        )
    changed: list[Measure] = []
    for row in rows:
        measure = measures.get(row.measure_id)
        if measure is None:
            raise ValidationError(
                _("Der Plan enthält eine Maßnahme, die nicht (mehr) geplant werden kann.")
            )
        if measure.is_pinned or row.end < row.start:
            raise ValidationError(
                _("„%(title)s“ kann so nicht übernommen werden.") % {"title": _label(measure)}
            )
        start, end = row.start.first_day, row.end.last_day
        if (measure.planned_start, measure.planned_end) == (start, end):
            continue
        before = (
            _("vorher %(start)s bis %(end)s")
            % {"start": Quarter.of(measure.planned_start), "end": Quarter.of(measure.planned_end)}
            if measure.planned_start and measure.planned_end
            else _("vorher ohne Termin")
        )
        text = _("Roadmap übernommen: geplant %(start)s bis %(end)s (%(before)s).") % {
            "start": row.start,
            "end": row.end,
            "before": before,
        }
        if note.strip():
            text = f"{text} {note.strip()}"
        changed.append(
            services.measure_update(
                actor=actor,
                measure=measure,
                data={"planned_start": start, "planned_end": end},
                note=text,
            )
        )
    audit_log(
        actor=actor,
        action="measures.roadmap.accept",
        obj=initiative,
        data={
            "measures": [[row.measure_id, str(row.start), str(row.end)] for row in rows],
            "changed": [m.pk for m in changed],
        },
    )
    return changed
