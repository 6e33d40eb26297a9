"""The roadmap planner: schedule measures over quarters within the office's staff capacity.

An exact model, solved to a proven optimum by OR-Tools CP-SAT (one worker, so the same
input gives the same plan) or, when OR-Tools is not installed, by HiGHS through
`scipy.optimize.milp`. Both get the same model; docs/roadmap.md has the reasoning and the
measured figures.

Variables: z[i, t] = 1 when measure i has started by quarter t ("step" variables), for t
in the measure's window [lo_i, hi_i]; z is monotone in t, and z[i, hi_i] says whether i is
scheduled at all. Constraints:

- monotony z[i, t] <= z[i, t + 1]; measures that must be scheduled (pinned, required by
  `require_all`, or needed by a pinned measure) have z[i, hi_i] = 1;
- the window carries earliest starts, pins, dependency chains and the horizon (a required
  measure also keeps room for the required measures after it);
- precedence as implications: z[i, t] <= z[j, t - d_j] for each j that i depends on;
- capacity per quarter q: sum_i e_i (z[i, q] - z[i, q - d_i]) <= C_q;
- symmetry breaking and dominance between measures (`_dominance`: provably keeps an
  optimum).

Objective: maximise the value delivered early. A measure of weight w (priority weight, x4
for flagships) that ends with quarter e yields w for every quarter of the horizon from e
on: w * (H - e); with z this is sum_t w * z[i, t] plus a constant. Measures that cannot fit
stay unscheduled and are listed with the reason, unless `require_all` is set: then an
infeasible plan names the constraint that breaks (`diagnose`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

FLAGSHIP_FACTOR = 4
PRIORITY_WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}
# Efforts and capacities have at most one decimal (person-days); the CP-SAT model counts
# in tenths of a person-day, divided by the common divisor of all efforts.
RESOLUTION = 10
EPSILON = 1e-9


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
    backend: str = ""

    @property
    def is_feasible(self) -> bool:
        return self.status in ("optimal", "time_limit") and not self.problems


class PlanningError(ValueError):
    """The input itself is inconsistent (unknown dependency, negative values…)."""


def default_label(quarter: int) -> str:
    return f"Quartal {quarter + 1}"


def number(value: float) -> str:
    """A number as a German reader expects it: 2,5 and 16 (no trailing zeros)."""
    return f"{value:g}".replace(".", ",")


def _labeller(labels: Sequence[str] | None) -> Callable[[int], str]:
    if labels is None:
        return default_label
    return lambda q: labels[q] if 0 <= q < len(labels) else default_label(q)


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
        name = task.label or task.key
        if task.duration < 1:
            raise PlanningError(f"„{name}“: Die Dauer muss mindestens ein Quartal sein.")
        if task.effort < 0:
            raise PlanningError(f"„{name}“: Der Aufwand darf nicht negativ sein.")
        if task.earliest < 0 or (task.pinned is not None and task.pinned < 0):
            raise PlanningError(f"„{name}“: Quartale zählen ab 0, dem Beginn des Zeitraums.")
        for dependency in task.depends_on:
            if dependency not in known:
                raise PlanningError(
                    f"„{name}“ hängt von einer unbekannten Maßnahme ab ({dependency})."
                )


def _cycle(tasks: Sequence[Task]) -> list[str] | None:
    """A dependency cycle as a list of keys (first = last), or None."""
    graph = {t.key: list(t.depends_on) for t in tasks}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in graph:
        if root in state:
            continue
        # Iterative depth-first search: catalogues may have long chains.
        stack: list[tuple[str, int]] = [(root, 0)]
        path = [root]
        state[root] = 1
        while stack:
            node, position = stack[-1]
            if position < len(graph[node]):
                stack[-1] = (node, position + 1)
                nxt = graph[node][position]
                if state.get(nxt) == 1:
                    return path[path.index(nxt) :] + [nxt]
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return None


def _topological(tasks: Sequence[Task]) -> list[Task]:
    """Tasks with every dependency before its dependents (the input has no cycle)."""
    by_key = {t.key: t for t in tasks}
    done: set[str] = set()
    order: list[Task] = []
    for task in tasks:
        stack = [(task.key, iter(task.depends_on))]
        while stack:
            key, children = stack[-1]
            if key in done:
                stack.pop()
                continue
            child = next((c for c in children if c not in done), None)
            if child is None:
                done.add(key)
                order.append(by_key[key])
                stack.pop()
            else:
                stack.append((child, iter(by_key[child].depends_on)))
    return order


@dataclass
class _Windows:
    """Start windows [lo, hi] of the tasks, which tasks must be scheduled, and what was
    found on the way: problems (the plan is infeasible) and reasons (a task cannot be
    scheduled at all)."""

    lo: dict[str, int]
    hi: dict[str, int]
    mandatory: set[str]
    problems: list[str]
    unschedulable: dict[str, str]


def _windows(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    *,
    require_all: bool,
    label: Callable[[int], str],
) -> _Windows:
    horizon = len(capacities)
    order = _topological(tasks)
    by_key = {t.key: t for t in tasks}
    name = {t.key: f"„{t.label or t.key}“" for t in tasks}
    problems: list[str] = []
    unschedulable: dict[str, str] = {}
    reported: set[str] = set()  # pinned tasks whose problem is already named
    # Earliest start: own earliest quarter, pin, and the ends of the dependencies.
    lo: dict[str, int] = {}
    for task in order:
        bound, reason = task.earliest, "frühester Beginn"
        for dependency in task.depends_on:
            end = lo[dependency] + by_key[dependency].duration
            if end > bound:
                bound = end
                reason = f"{name[dependency]} ist frühestens nach {label(end - 1)} fertig"
        if task.pinned is not None:
            if task.pinned < bound:
                problems.append(
                    f"{name[task.key]} ist auf {label(task.pinned)} festgelegt, kann aber "
                    f"frühestens in {label(bound)} beginnen ({reason})."
                )
                reported.add(task.key)
            bound = task.pinned
        lo[task.key] = bound
    # Which tasks must be scheduled: pinned ones, all with require_all, and everything a
    # pinned task needs.
    mandatory = {t.key for t in tasks if require_all or t.pinned is not None}
    for task in reversed(order):
        if task.key in mandatory:
            mandatory.update(task.depends_on)
    # Latest start: the horizon or the pin, and for a mandatory dependency the start of
    # the mandatory task after it.
    hi = {t.key: horizon - t.duration if t.pinned is None else t.pinned for t in tasks}
    limited_by: dict[str, str] = {}  # the task at the end of the chain that limits
    for task in reversed(order):
        if task.key not in mandatory:
            continue
        for dependency in task.depends_on:
            latest = hi[task.key] - by_key[dependency].duration
            if latest < hi[dependency]:
                hi[dependency] = latest
                limited_by[dependency] = limited_by.get(task.key, task.key)
    for task in tasks:
        if task.pinned is not None and task.pinned + task.duration > horizon:
            problems.append(
                f"{name[task.key]} ist so festgelegt, dass sie nach dem Planungszeitraum endet."
            )
            reported.add(task.key)
    max_capacity = max(capacities)
    for task in order:
        key = task.key
        reason = ""
        missing = [d for d in task.depends_on if d in unschedulable]
        if missing:
            reason = f"hängt von {name[missing[0]]} ab, die nicht eingeplant werden kann"
        elif task.effort > max_capacity + EPSILON:
            reason = (
                f"braucht {number(task.effort)} Personaltage je Quartal, mehr als jedes "
                f"Quartal bietet ({number(max_capacity)})"
            )
        elif lo[key] > hi[key]:
            if key in limited_by:
                reason = f"muss vor {name[limited_by[key]]} fertig sein und hat dafür keine Zeit"
            else:
                reason = "kann innerhalb des Planungszeitraums nicht enden"
        if reason:
            unschedulable[key] = reason
            already_named = key in reported or limited_by.get(key) in reported
            if key in mandatory and not already_named:
                what = "ist festgelegt" if task.pinned is not None else "muss eingeplant werden"
                problems.append(f"{name[key]} {what}, {reason}.")
    return _Windows(
        lo=lo, hi=hi, mandatory=mandatory, problems=problems, unschedulable=unschedulable
    )


def diagnose(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    *,
    require_all: bool,
    labels: Sequence[str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Reasons the plan cannot be made (problems) and why single measures cannot be
    scheduled at all (unschedulable), in plain German. `labels` names the quarters
    ("2026-Q3"); by default "Quartal 1", "Quartal 2", …"""
    label = _labeller(labels)
    name = {t.key: f"„{t.label or t.key}“" for t in tasks}
    cycle = _cycle(tasks)
    if cycle:
        return [
            "Die Abhängigkeiten bilden einen Kreis: " + " → ".join(name[k] for k in cycle) + "."
        ], {}
    windows = _windows(tasks, capacities, require_all=require_all, label=label)
    problems = list(windows.problems)
    horizon = len(capacities)
    # The quarters a mandatory task runs in whatever its start (its compulsory part):
    # a pinned task its whole duration, others from the latest start to the earliest end.
    compulsory = [0.0] * horizon
    pinned = [0.0] * horizon
    for task in tasks:
        key = task.key
        if key not in windows.mandatory or key in windows.unschedulable:
            continue
        for quarter in range(windows.hi[key], min(horizon, windows.lo[key] + task.duration)):
            compulsory[quarter] += task.effort
            if task.pinned is not None:
                pinned[quarter] += task.effort
    for quarter in range(horizon):
        if pinned[quarter] > capacities[quarter] + EPSILON:
            problems.append(
                f"Die festgelegten Maßnahmen brauchen in {label(quarter)} "
                f"{number(pinned[quarter])} Personaltage, die Kapazität ist "
                f"{number(capacities[quarter])}."
            )
        elif compulsory[quarter] > capacities[quarter] + EPSILON:
            problems.append(
                f"Die Maßnahmen, die eingeplant werden müssen, brauchen in {label(quarter)} "
                f"mindestens {number(compulsory[quarter])} Personaltage, die Kapazität ist "
                f"{number(capacities[quarter])}."
            )
    if require_all:
        demand = sum(t.effort * t.duration for t in tasks)
        supply = sum(capacities)
        if demand > supply + EPSILON:
            problems.append(
                f"Alle Maßnahmen zusammen brauchen {number(demand)} Personaltage, im "
                f"Planungszeitraum stehen {number(supply)} zur Verfügung."
            )
        elif not problems:
            problems.extend(_window_overloads(tasks, capacities, windows, label))
    return problems, windows.unschedulable


def _window_overloads(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    windows: _Windows,
    label: Callable[[int], str],
) -> list[str]:
    """Energy reasoning for `require_all`: the effort that has to fall into a span of
    quarters (each task's least possible overlap with it) against the span's capacity.
    Reports the span with the largest excess."""
    horizon = len(capacities)
    worst: tuple[float, int, int, float, float] | None = None
    for first in range(horizon):
        for last in range(first, horizon):
            need = 0.0
            for task in tasks:
                lo, hi, d = windows.lo[task.key], windows.hi[task.key], task.duration
                if lo > hi:
                    continue
                # The overlap is smallest at one end of the window of possible starts.
                overlap = min(max(0, min(s + d, last + 1) - max(s, first)) for s in (lo, hi))
                need += overlap * task.effort
            have = sum(capacities[first : last + 1])
            if need > have + EPSILON and (worst is None or need - have > worst[0] + EPSILON):
                worst = (need - have, first, last, need, have)
    if worst is None:
        return []
    _excess, first, last, need, have = worst
    span = label(first) if first == last else f"{label(first)} bis {label(last)}"
    return [
        f"Von {span} müssen Maßnahmen mit zusammen mindestens {number(need)} Personaltagen "
        f"laufen (frühester Beginn, Abhängigkeiten, Ende des Zeitraums), die Kapazität ist "
        f"{number(have)}."
    ]


# --- the model --------------------------------------------------------------------------


@dataclass
class _Model:
    """Columns are the z variables; implications z[a] <= z[b]; capacity rows."""

    columns: list[tuple[str, int]]  # (task key, quarter t): started by t
    index: dict[tuple[str, int], int]
    weights: list[int]
    forced: list[int]  # columns fixed to 1
    implications: list[tuple[int, int]]
    rows: list[tuple[dict[int, float], float]]  # coefficients, capacity
    offset: float  # objective of the plan = model objective + offset

    def column(self, key: str, t: int, lo: int, hi: int) -> int | None:
        """The column of "key has started by t" (None: cannot have started yet)."""
        if t < lo:
            return None
        return self.index[key, min(t, hi)]


def _dominance(
    tasks: Sequence[Task], windows: _Windows
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Pairs (a, b) such that some optimal plan starts a no later than b ("order"), and
    pairs such that some optimal plan schedules a whenever it schedules b ("presence").

    Order: a and b have the same effort and duration, a is worth at least as much, can
    start no later, needs no more measures and is needed by no fewer; swapping the two
    keeps every constraint and does not lower the value. Presence: a is no bigger and no
    longer than b, otherwise the same; putting a into b's place keeps every constraint.
    With one total order (`rank`) that refines both relations, each such exchange strictly
    lowers sum(rank position * start), so among the optimal plans there is one that meets
    every pair at once (docs/roadmap.md). Identical measures are ordered by rank: this is
    the symmetry breaking."""
    by_key = {t.key: t for t in tasks}
    keys = [t.key for t in tasks if t.key not in windows.unschedulable and t.pinned is None]
    dependents: dict[str, set[str]] = {t.key: set() for t in tasks}
    for task in tasks:
        for dependency in task.depends_on:
            dependents[dependency].add(task.key)

    def rank(key: str) -> tuple:
        t = by_key[key]
        return (
            -t.weight,
            windows.lo[key],
            t.effort,
            t.duration,
            -len(dependents[key]),
            len(t.depends_on),
            key,
        )

    order: list[tuple[str, str]] = []
    presence: list[tuple[str, str]] = []
    for a in keys:
        for b in keys:
            if a == b or rank(a) >= rank(b):
                continue
            ta, tb = by_key[a], by_key[b]
            if not (
                ta.weight >= tb.weight
                and windows.lo[a] <= windows.lo[b]
                and set(ta.depends_on) <= set(tb.depends_on)
                and dependents[b] <= dependents[a]
                and a not in tb.depends_on
                and b not in ta.depends_on
            ):
                continue
            if ta.effort == tb.effort and ta.duration == tb.duration:
                if windows.hi[a] <= windows.hi[b]:  # b may take a's later start
                    order.append((a, b))
            elif ta.effort <= tb.effort and ta.duration <= tb.duration:
                presence.append((a, b))
    return order, presence


def _build(tasks: Sequence[Task], capacities: Sequence[float], windows: _Windows) -> _Model:
    horizon = len(capacities)
    by_key = {t.key: t for t in tasks}
    keys = [t.key for t in tasks if t.key not in windows.unschedulable]
    lo, hi = windows.lo, windows.hi
    model = _Model(
        columns=[], index={}, weights=[], forced=[], implications=[], rows=[], offset=0.0
    )
    for key in keys:
        task = by_key[key]
        for t in range(lo[key], hi[key] + 1):
            model.index[key, t] = len(model.columns)
            model.columns.append((key, t))
            model.weights.append(task.weight)
        for t in range(lo[key], hi[key]):
            model.implications.append((model.index[key, t], model.index[key, t + 1]))
        if key in windows.mandatory:
            model.forced.append(model.index[key, hi[key]])
            # value w * (H - s - d + 1) = w * (hi - s + 1) + w * (H - d - hi)
            model.offset += task.weight * (horizon - task.duration - hi[key])
    for key in keys:
        for dependency in by_key[key].depends_on:
            duration = by_key[dependency].duration
            for t in range(lo[key], hi[key] + 1):
                other = model.column(dependency, t - duration, lo[dependency], hi[dependency])
                if other is None:  # cannot happen: lo[key] >= lo[dependency] + duration
                    raise AssertionError((key, dependency, t))
                model.implications.append((model.index[key, t], other))
    order, presence = _dominance(tasks, windows)
    for a, b in order:
        for t in range(lo[b], hi[b] + 1):
            other = model.column(a, t, lo[a], hi[a])
            if other is not None:
                model.implications.append((model.index[b, t], other))
    for a, b in presence:
        model.implications.append((model.index[b, hi[b]], model.index[a, hi[a]]))
    for quarter in range(horizon):
        coefficients: dict[int, float] = {}
        for key in keys:
            task = by_key[key]
            started = model.column(key, quarter, lo[key], hi[key])
            if not task.effort or started is None:
                continue
            coefficients[started] = coefficients.get(started, 0.0) + task.effort
            ended = model.column(key, quarter - task.duration, lo[key], hi[key])
            if ended is not None:
                coefficients[ended] = coefficients.get(ended, 0.0) - task.effort
        coefficients = {c: v for c, v in coefficients.items() if abs(v) > EPSILON}
        if coefficients:
            model.rows.append((coefficients, float(capacities[quarter])))
    return model


@dataclass
class _Result:
    status: str  # "optimal", "time_limit", "infeasible"
    values: list[bool] | None
    objective: float
    bound: float


def _solve_cp_sat(model: _Model, time_limit: float) -> _Result:
    from ortools.sat.python import cp_model

    # Integer units: 1/RESOLUTION person-day divided by the common divisor. Efforts are
    # rounded up and capacities down, so a plan never exceeds the real capacity.
    def units(value: float) -> int:
        return math.ceil(abs(value) * RESOLUTION - EPSILON)

    efforts = [units(v) for row, _capacity in model.rows for v in row.values()]
    divisor = math.gcd(*efforts) if efforts else 1
    cp = cp_model.CpModel()
    z = [cp.new_bool_var(f"z{c}") for c in range(len(model.columns))]
    for column in model.forced:
        cp.add(z[column] == 1)
    for a, b in model.implications:
        cp.add_implication(z[a], z[b])
    for coefficients, capacity in model.rows:
        terms = [
            (1 if v > 0 else -1) * (units(v) // divisor) * z[c] for c, v in coefficients.items()
        ]
        cp.add(sum(terms) <= math.floor(capacity * RESOLUTION + EPSILON) // divisor)
    cp.maximize(sum(w * var for w, var in zip(model.weights, z, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic; the LP-based search is the best
    solver.parameters.linearization_level = 2  # the full LP relaxation with its cuts
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = [bool(solver.value(var)) for var in z]
        if status == cp_model.OPTIMAL:
            return _Result("optimal", values, solver.objective_value, solver.objective_value)
        return _Result("time_limit", values, solver.objective_value, solver.best_objective_bound)
    if status == cp_model.INFEASIBLE:
        return _Result("infeasible", None, 0.0, 0.0)
    return _Result("time_limit", None, 0.0, 0.0)


def _solve_highs(model: _Model, time_limit: float) -> _Result:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    n = len(model.columns)
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    upper: list[float] = []
    for a, b in model.implications:
        rows += [len(upper), len(upper)]
        cols += [a, b]
        values += [1.0, -1.0]
        upper.append(0.0)
    for coefficients, capacity in model.rows:
        for column, value in coefficients.items():
            rows.append(len(upper))
            cols.append(column)
            values.append(value)
        upper.append(capacity)
    lower = np.zeros(n)
    lower[model.forced] = 1.0
    constraints = []
    if upper:
        matrix = coo_matrix((values, (rows, cols)), shape=(len(upper), n)).tocsr()
        constraints = [LinearConstraint(matrix, -np.inf, np.array(upper))]
    result = milp(
        c=-np.array(model.weights, dtype=float),
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(lower, np.ones(n)),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False},
    )
    if result.x is None:
        return _Result("time_limit" if result.status == 1 else "infeasible", None, 0.0, 0.0)
    chosen = [bool(v > 0.5) for v in result.x]
    objective = -float(result.fun)
    bound = -float(getattr(result, "mip_dual_bound", result.fun) or result.fun)
    return _Result(
        "optimal" if result.status == 0 else "time_limit", chosen, objective, max(bound, objective)
    )


def available_backends() -> list[str]:
    """The solvers that can run here, the preferred first."""
    try:
        import ortools.sat.python.cp_model  # noqa: F401
    except ImportError:
        return ["highs"]
    return ["cp-sat", "highs"]


def plan(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    *,
    require_all: bool = False,
    time_limit: float = 10.0,
    labels: Sequence[str] | None = None,
    backend: str = "auto",
) -> Plan:
    """Schedule `tasks` over len(capacities) quarters. Quarter indices start at 0.
    `backend` is "cp-sat", "highs" or "auto" (CP-SAT when OR-Tools is installed)."""
    started = time.perf_counter()
    _check_input(tasks, capacities)
    if backend == "auto":
        backend = available_backends()[0]
    if backend not in ("cp-sat", "highs"):
        raise PlanningError(f"Unbekanntes Verfahren: {backend}")
    horizon = len(capacities)
    problems, unschedulable = diagnose(tasks, capacities, require_all=require_all, labels=labels)
    if problems:
        return Plan(
            status="infeasible",
            problems=problems,
            unscheduled=unschedulable,
            seconds=time.perf_counter() - started,
            backend=backend,
        )
    windows = _windows(tasks, capacities, require_all=require_all, label=_labeller(labels))
    model = _build(tasks, capacities, windows)
    if not model.columns:
        return Plan(
            status="optimal",
            unscheduled=dict(unschedulable),
            load=[0.0] * horizon,
            seconds=time.perf_counter() - started,
            backend=backend,
        )
    solve = _solve_cp_sat if backend == "cp-sat" else _solve_highs
    result = solve(model, max(0.1, time_limit - (time.perf_counter() - started)))
    seconds = time.perf_counter() - started
    if result.values is None:
        if result.status == "time_limit":
            message = (
                "In der vorgegebenen Rechenzeit wurde kein Plan gefunden. Bitte den "
                "Zeitraum verkürzen oder weniger Maßnahmen fest einplanen."
            )
        elif require_all:
            message = (
                "Die Kapazität reicht nicht, um alle Maßnahmen unter Beachtung der "
                "Abhängigkeiten und frühesten Termine einzuplanen."
            )
            # Name the measures that do not fit: the best plan without the requirement.
            relaxed = plan(
                tasks,
                capacities,
                time_limit=max(0.1, time_limit - seconds),
                labels=labels,
                backend=backend,
            )
            if relaxed.status == "optimal" and relaxed.unscheduled:
                names = ", ".join(
                    f"„{task.label or task.key}“"
                    for task in tasks
                    if task.key in relaxed.unscheduled
                )
                message += f" Im besten Plan ohne diese Vorgabe bleiben ungeplant: {names}."
            seconds = time.perf_counter() - started
        else:
            message = (
                "Die Kombination aus festen Terminen, Abhängigkeiten und Kapazität "
                "lässt keinen Plan zu."
            )
        return Plan(
            status=result.status,
            problems=[message],
            unscheduled=dict(unschedulable),
            seconds=seconds,
            backend=backend,
        )
    starts: dict[str, int] = {}
    for column, chosen in enumerate(result.values):
        key, t = model.columns[column]
        if chosen and key not in starts:
            starts[key] = t  # columns run in t order: the first t by which it has started
    return _finish(
        tasks, capacities, starts, dict(unschedulable), result, model.offset, seconds, backend
    )


def _finish(
    tasks: Sequence[Task],
    capacities: Sequence[float],
    starts: dict[str, int],
    unschedulable: dict[str, str],
    result: _Result,
    offset: float,
    seconds: float,
    backend: str,
) -> Plan:
    horizon = len(capacities)
    by_key = {t.key: t for t in tasks}
    for task in tasks:
        if task.key in starts or task.key in unschedulable:
            continue
        missing = [d for d in task.depends_on if d not in starts]
        if missing:
            other = by_key[missing[0]]
            unschedulable[task.key] = (
                f"hängt von „{other.label or other.key}“ ab, die nicht eingeplant ist"
            )
        else:
            unschedulable[task.key] = "findet im Planungszeitraum keinen Platz in der Kapazität"
    load = [0.0] * horizon
    for key, start in starts.items():
        for quarter in range(start, start + by_key[key].duration):
            load[quarter] += by_key[key].effort
    # The model guarantees this; checked again because a wrong plan must never be shown.
    for quarter, (used, capacity) in enumerate(zip(load, capacities, strict=True)):
        if used > capacity + 1e-6:
            raise AssertionError(f"Quartal {quarter + 1}: {used} > {capacity}")
    objective = float(
        sum(by_key[k].weight * (horizon - s - by_key[k].duration + 1) for k, s in starts.items())
    )
    bound = objective if result.status == "optimal" else max(objective, result.bound + offset)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    return Plan(
        status=result.status,
        starts=starts,
        unscheduled=unschedulable,
        load=load,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        backend=backend,
    )
