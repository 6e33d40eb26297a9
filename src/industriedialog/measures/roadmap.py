"""The roadmap planner: schedule measures over quarters within the office's staff capacity.

An exact mixed-integer programme solved by HiGHS (scipy.optimize.milp). Variable
x[i, s] = 1 when measure i starts in quarter s. Constraints:

- each measure starts at most once (exactly once when `require_all`); pinned measures
  start in their pinned quarter;
- no measure starts before its earliest quarter and every measure ends within the horizon;
- a measure starts only after each measure it depends on has ended (and only if those are
  scheduled too);
- in every quarter the effort of the running measures is at most the capacity.

Objective: maximise the value delivered early: a measure of weight w that ends after
quarter e yields w for every remaining quarter of the horizon, w = priority weight × 4 for
flagships. Measures that cannot fit stay unscheduled (and are listed with the reason),
unless `require_all` is set: then an infeasible plan names the constraint that breaks.
See docs/roadmap.md.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

FLAGSHIP_FACTOR = 4
PRIORITY_WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}


@dataclass(frozen=True)
class Task:
    key: str
    effort: float  # person-days per quarter while running
    duration: int  # quarters
    earliest: int = 0  # quarter index
    pinned: int | None = None  # quarter index
    priority: int = 3
    is_flagship: bool = False
    depends_on: tuple[str, ...] = ()
    label: str = ""

    @property
    def weight(self) -> int:
        return PRIORITY_WEIGHTS.get(self.priority, 1) * (FLAGSHIP_FACTOR if self.is_flagship else 1)


@dataclass
class Plan:
    status: str  # "optimal", "infeasible", "time_limit"
    starts: dict[str, int] = field(default_factory=dict)
    unscheduled: dict[str, str] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def is_feasible(self) -> bool:
        return self.status in ("optimal", "time_limit") and not self.problems


class PlanningError(ValueError):
    """The input itself is inconsistent (unknown dependency, negative values…)."""


def _check_input(tasks: Sequence[Task], capacities: Sequence[float]) -> None:
    keys = [t.key for t in tasks]
    if len(set(keys)) != len(keys):
        raise PlanningError("Jede Maßnahme darf nur einmal vorkommen.")
    if not capacities:
        raise PlanningError("Es ist kein Quartal mit Kapazität angegeben.")
    if any(c < 0 for c in capacities):
        raise PlanningError("Kapazitäten dürfen nicht negativ sein.")
    known = set(keys)
    for task in tasks:
        if task.duration < 1:
            raise PlanningError(
                f"„{task.label or task.key}“: Die Dauer muss mindestens ein Quartal sein."
            )
        if task.effort < 0:
            raise PlanningError(f"„{task.label or task.key}“: Der Aufwand darf nicht negativ sein.")
        for dependency in task.depends_on:
            if dependency not in known:
                raise PlanningError(
                    f"„{task.label or task.key}“ hängt von einer unbekannten "
                    f"Maßnahme ab ({dependency})."
                )


def _cycle(tasks: Sequence[Task]) -> list[str] | None:
    graph = {t.key: list(t.depends_on) for t in tasks}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for key in graph:
        if state.get(key) is None:
            found = visit(key)
            if found:
                return found
    return None


def _earliest_finishes(tasks: Sequence[Task]) -> dict[str, int]:
    """Earliest possible start of each task given earliest starts, pins and dependencies."""
    by_key = {t.key: t for t in tasks}
    memo: dict[str, int] = {}

    def start(key: str) -> int:
        if key in memo:
            return memo[key]
        task = by_key[key]
        value = task.earliest
        for dependency in task.depends_on:
            value = max(value, start(dependency) + by_key[dependency].duration)
        memo[key] = value
        return value

    return {t.key: start(t.key) for t in tasks}


def diagnose(
    tasks: Sequence[Task], capacities: Sequence[float], *, require_all: bool
) -> tuple[list[str], dict[str, str]]:
    """Reasons the plan cannot be made (problems) and why single measures cannot be
    scheduled at all (unschedulable), in plain German."""
    horizon = len(capacities)
    name = {t.key: (t.label or t.key) for t in tasks}
    problems: list[str] = []
    unschedulable: dict[str, str] = {}
    cycle = _cycle(tasks)
    if cycle:
        return [
            (
                "Die Abhängigkeiten bilden einen Kreis: "
                + " → ".join(f"„{name[k]}“" for k in cycle)
                + "."
            )
        ], {}
    earliest = _earliest_finishes(tasks)
    max_capacity = max(capacities)
    for task in tasks:
        if task.effort > max_capacity:
            unschedulable[task.key] = (
                f"braucht {task.effort:g} Personaltage je Quartal, "
                f"mehr als jedes Quartal bietet ({max_capacity:g})"
            )
        elif earliest[task.key] + task.duration > horizon:
            unschedulable[task.key] = "kann innerhalb des Planungszeitraums nicht enden"
        if task.pinned is not None:
            if task.pinned < earliest[task.key]:
                problems.append(
                    f"„{name[task.key]}“ ist auf Quartal {task.pinned + 1} "
                    f"festgelegt, kann aber frühestens in Quartal "
                    f"{earliest[task.key] + 1} beginnen (frühester Beginn oder "
                    "Abhängigkeiten)."
                )
            if task.pinned + task.duration > horizon:
                problems.append(
                    f"„{name[task.key]}“ ist so festgelegt, dass sie nach dem "
                    "Planungszeitraum endet."
                )
            if task.key in unschedulable:
                problems.append(f"„{name[task.key]}“ ist festgelegt, {unschedulable[task.key]}.")
    pinned_load = [0.0] * horizon
    for task in tasks:
        if task.pinned is not None:
            for quarter in range(task.pinned, min(horizon, task.pinned + task.duration)):
                pinned_load[quarter] += task.effort
    for quarter, (load, capacity) in enumerate(zip(pinned_load, capacities, strict=True)):
        if load > capacity + 1e-9:
            problems.append(
                f"Die festgelegten Maßnahmen brauchen in Quartal {quarter + 1} "
                f"{load:g} Personaltage, die Kapazität ist {capacity:g}."
            )
    if require_all:
        for key, reason in unschedulable.items():
            problems.append(f"„{name[key]}“ {reason}.")
        demand = sum(t.effort * t.duration for t in tasks)
        supply = sum(capacities)
        if demand > supply + 1e-9:
            problems.append(
                f"Alle Maßnahmen zusammen brauchen {demand:g} Personaltage, im "
                f"Planungszeitraum stehen {supply:g} zur Verfügung."
            )
    return problems, unschedulable


def plan(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    *,
    require_all: bool = False,
    time_limit: float = 10.0,
) -> Plan:
    """Schedule `tasks` over len(capacities) quarters. Quarter indices start at 0."""
    started = time.perf_counter()
    _check_input(tasks, capacities)
    horizon = len(capacities)
    problems, unschedulable = diagnose(tasks, capacities, require_all=require_all)
    if problems:
        return Plan(
            status="infeasible",
            problems=problems,
            unscheduled=unschedulable,
            seconds=time.perf_counter() - started,
        )
    index = {t.key: i for i, t in enumerate(tasks)}
    earliest = _earliest_finishes(tasks)
    # Variables: (task, start) pairs that respect earliest start, pin and horizon.
    columns: list[tuple[int, int]] = []
    for i, task in enumerate(tasks):
        if task.key in unschedulable:
            continue
        candidates = (
            [task.pinned]
            if task.pinned is not None
            else range(earliest[task.key], horizon - task.duration + 1)
        )
        columns.extend((i, s) for s in candidates)
    n = len(columns)
    if n == 0:
        return Plan(
            status="optimal",
            unscheduled=unschedulable,
            load=[0.0] * horizon,
            seconds=time.perf_counter() - started,
        )
    by_task: dict[int, list[int]] = {}
    for column, (i, _s) in enumerate(columns):
        by_task.setdefault(i, []).append(column)
    cost = np.zeros(n)
    for column, (i, s) in enumerate(columns):
        task = tasks[i]
        quarters_of_value = horizon - (s + task.duration) + 1
        cost[column] = -task.weight * quarters_of_value
    rows_lower: list[float] = []
    rows_upper: list[float] = []
    entries: list[tuple[int, int, float]] = []

    def add_row(coefficients: dict[int, float], lower: float, upper: float) -> None:
        row = len(rows_lower)
        for column, value in coefficients.items():
            if value:
                entries.append((row, column, value))
        rows_lower.append(lower)
        rows_upper.append(upper)

    for i, task in enumerate(tasks):
        if i not in by_task:
            continue
        must = require_all or task.pinned is not None
        add_row({c: 1.0 for c in by_task[i]}, 1.0 if must else 0.0, 1.0)
    for i, task in enumerate(tasks):
        if i not in by_task:
            continue
        for dependency in task.depends_on:
            j = index[dependency]
            if j not in by_task:
                # The dependency can never be scheduled, so neither can this task.
                add_row({c: 1.0 for c in by_task[i]}, 0.0, 0.0)
                continue
            # Started i by quarter t only if j started by t - d_j (so it has ended):
            # the time-indexed precedence, much tighter than a big-M formulation.
            duration = tasks[j].duration
            for t in range(horizon):
                coefficients = {c: 1.0 for c in by_task[i] if columns[c][1] <= t}
                if not coefficients:
                    continue
                for c in by_task[j]:
                    if columns[c][1] <= t - duration:
                        coefficients[c] = coefficients.get(c, 0.0) - 1.0
                add_row(coefficients, -np.inf, 0.0)
    for quarter in range(horizon):
        coefficients = {}
        for column, (i, s) in enumerate(columns):
            if s <= quarter < s + tasks[i].duration and tasks[i].effort:
                coefficients[column] = tasks[i].effort
        if coefficients:
            add_row(coefficients, -np.inf, float(capacities[quarter]))
    matrix = lil_matrix((len(rows_lower), n))
    for row, column, value in entries:
        matrix[row, column] += value
    result = milp(
        c=cost,
        constraints=LinearConstraint(matrix.tocsr(), np.array(rows_lower), np.array(rows_upper)),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        message = (
            "Die Kombination aus festen Terminen, Abhängigkeiten und Kapazität lässt "
            "keinen Plan zu."
        )
        if require_all:
            message = (
                "Die Kapazität reicht nicht, um alle Maßnahmen unter Beachtung der "
                "Abhängigkeiten und frühesten Termine einzuplanen."
            )
        return Plan(
            status="infeasible", problems=[message], unscheduled=unschedulable, seconds=seconds
        )
    starts: dict[str, int] = {}
    for column, value in enumerate(result.x):
        if value > 0.5:
            i, s = columns[column]
            starts[tasks[i].key] = s
    for task in tasks:
        if task.key not in starts and task.key not in unschedulable:
            unschedulable[task.key] = "findet im Planungszeitraum keinen Platz in der Kapazität"
    load = [0.0] * horizon
    for key, s in starts.items():
        task = tasks[index[key]]
        for quarter in range(s, s + task.duration):
            load[quarter] += task.effort
    objective = -float(result.fun)
    bound = -float(getattr(result, "mip_dual_bound", result.fun) or result.fun)
    gap = float(getattr(result, "mip_gap", 0.0) or 0.0)
    status = "optimal" if result.status == 0 else "time_limit"
    return Plan(
        status=status,
        starts=starts,
        unscheduled=unschedulable,
        load=load,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
    )
