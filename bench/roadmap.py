"""Roadmap benchmark (not a test): the exact planner (measures/roadmap.py) on catalogue-like
instances of 60 measures over 20 quarters.

    .venv/bin/python bench/roadmap.py [--repeat 3] [--time-limit 10] [--no-baseline]
                                      [--no-write]

Each instance is generated from a fixed seed (see `instance`): durations 1–8 quarters and
efforts 2–15 person-days per quarter drawn from the round values estimates cluster on,
about 30 % of the measures depending on one or two of the fifteen before them (shallow
chains), half of them free to start at once and the rest from a quarter of the first two
years, about 10 % flagships, priorities 1–5, two measures pinned to early quarters, and a
capacity per quarter (lower in the summer quarter) of `tightness` × total effort / 20, so
that the schedule spreads over the years. The "standard" set (tightness 1.5) is the
issue's figure; the "tight" set (1.3) shows where the limits are.

For every instance it runs the planner (CP-SAT, then the same model on HiGHS) and, unless
--no-baseline, the first formulation (time-indexed x[i, s] on HiGHS, kept below for the
comparison), each --repeat times; it reports the median wall time, the CPU time, status,
objective, bound and gap, and rewrites the "## Roadmap" section of docs/benchmarks.md
(other sections are kept). The machine is shared: the load average is recorded too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from _benchdoc import BENCHMARKS_DOC, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import scipy  # noqa: E402

from industriedialog.measures import roadmap  # noqa: E402
from industriedialog.measures.roadmap import Task  # noqa: E402

MEASURES = 60
QUARTERS = 20
TARGET_SECONDS = 2.0
SETS = {"standard": (1.5, [11, 12, 13, 14, 15]), "tight": (1.3, [21, 22, 23, 24, 25])}
# Wider samples of the same two distributions, CP-SAT only, one run each: how often the
# target is missed, not just on the five instances above.
SAMPLES = {
    "standard sample": (1.5, list(range(101, 121))),
    "tight sample": (1.3, list(range(201, 211))),
}
DURATIONS = ([1, 2, 3, 4, 5, 6, 7, 8], [8, 20, 8, 22, 4, 10, 2, 12])
EFFORTS = ([2, 3, 4, 5, 6, 8, 10, 12, 15], [10, 12, 10, 16, 10, 12, 12, 6, 6])
PRIORITIES = ([1, 2, 3, 4, 5], [1, 3, 4, 2, 1])


def instance(seed: int, tightness: float) -> tuple[list[Task], list[float]]:
    """A catalogue-like instance (deterministic for the seed)."""
    rng = random.Random(seed)
    tasks = []
    for i in range(MEASURES):
        duration = rng.choices(*DURATIONS)[0]
        effort = rng.choices(*EFFORTS)[0]
        earliest = 0 if rng.random() < 0.5 else rng.randint(1, 8)
        dependencies: tuple[str, ...] = ()
        if i >= 5 and rng.random() < 0.3:
            picks = {f"m{rng.randrange(max(0, i - 15), i)}" for _ in range(rng.choice([1, 1, 2]))}
            dependencies = tuple(sorted(picks))
        tasks.append(
            Task(
                key=f"m{i}",
                effort=float(effort),
                duration=duration,
                earliest=earliest,
                priority=rng.choices(*PRIORITIES)[0],
                is_flagship=rng.random() < 0.1,
                depends_on=dependencies,
                label=f"Maßnahme {i + 1}",
            )
        )
    # Two measures that are already fixed: pinned to early quarters, no dependencies.
    free = [
        i
        for i, t in enumerate(tasks)
        if not t.depends_on
        and t.effort <= 8
        and not any(t.key in other.depends_on for other in tasks)
    ]
    for position, i in enumerate(rng.sample(free, 2)):
        task = tasks[i]
        tasks[i] = Task(
            key=task.key,
            effort=task.effort,
            duration=task.duration,
            pinned=position * 2,
            priority=task.priority,
            is_flagship=task.is_flagship,
            label=task.label,
        )
    base = sum(t.effort * t.duration for t in tasks) / QUARTERS * tightness
    capacities = [float(round(base * (0.8 if q % 4 == 2 else 1.0))) for q in range(QUARTERS)]
    return tasks, capacities


# --- the first formulation, for comparison ------------------------------------------------


def first_formulation(tasks: list[Task], capacities: list[float], time_limit: float):
    """The formulation this change replaced: binary x[i, s] = "i starts in s" on HiGHS,
    time-indexed precedence, capacity rows over the x of the running measures, objective
    on the value of each start. Same problem, same optimum."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    horizon = len(capacities)
    windows = roadmap._windows(tasks, capacities, require_all=False, label=roadmap.default_label)
    keys = [t.key for t in tasks if t.key not in windows.unschedulable]
    by_key = {t.key: t for t in tasks}
    columns = [(k, s) for k in keys for s in range(windows.lo[k], windows.hi[k] + 1)]
    index = {c: n for n, c in enumerate(columns)}
    cost = [-by_key[k].weight * (horizon - s - by_key[k].duration + 1) for k, s in columns]
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(coefficients: dict[int, float], low: float, high: float) -> None:
        for column, value in coefficients.items():
            rows.append(len(upper))
            cols.append(column)
            values.append(value)
        lower.append(low)
        upper.append(high)

    for k in keys:
        mine = [index[k, s] for s in range(windows.lo[k], windows.hi[k] + 1)]
        add(dict.fromkeys(mine, 1.0), 1.0 if by_key[k].pinned is not None else 0.0, 1.0)
        for dependency in by_key[k].depends_on:
            duration = by_key[dependency].duration
            for t in range(horizon):
                coefficients = {
                    index[k, s]: 1.0 for s in range(windows.lo[k], t + 1) if (k, s) in index
                }
                if not coefficients:
                    continue
                for s in range(windows.lo[dependency], t - duration + 1):
                    if (dependency, s) in index:
                        coefficients[index[dependency, s]] = -1.0
                add(coefficients, -np.inf, 0.0)
    for quarter in range(horizon):
        add(
            {
                n: by_key[k].effort
                for n, (k, s) in enumerate(columns)
                if s <= quarter < s + by_key[k].duration
            },
            -np.inf,
            capacities[quarter],
        )
    matrix = coo_matrix((values, (rows, cols)), shape=(len(upper), len(columns))).tocsr()
    result = milp(
        c=np.array(cost, dtype=float),
        constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
        integrality=np.ones(len(columns)),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False},
    )
    objective = -float(result.fun) if result.fun is not None else 0.0
    bound = -float(getattr(result, "mip_dual_bound", result.fun) or 0.0)
    status = "optimal" if result.status == 0 else "time_limit"
    return status, objective, max(bound, objective)


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Run:
    set_name: str
    seed: int
    solver: str
    status: str
    objective: float
    bound: float
    gap: float
    wall: float  # median seconds
    cpu: float  # median CPU seconds
    walls: list[float]


def measure(
    set_name: str, seed: int, solver: str, tasks, capacities, repeat: int, time_limit: float
) -> Run:
    walls, cpus = [], []
    status, objective, bound = "", 0.0, 0.0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        if solver == "first formulation (HiGHS)":
            status, objective, bound = first_formulation(tasks, capacities, time_limit)
        else:
            backend = "cp-sat" if solver.startswith("CP-SAT") else "highs"
            result = roadmap.plan(tasks, capacities, time_limit=time_limit, backend=backend)
            status, objective, bound = result.status, result.objective, result.bound
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    gap = (bound - objective) / bound if bound else 0.0
    return Run(
        set_name,
        seed,
        solver,
        status,
        objective,
        bound,
        gap,
        statistics.median(walls),
        statistics.median(cpus),
        walls,
    )


def machine() -> dict[str, str]:
    def first_line(path: str, prefix: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    memory = first_line("/proc/meminfo", "MemTotal")
    if memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB"
    from scipy.optimize._highspy import _core  # the HiGHS bundled with SciPy

    try:
        ortools_version = metadata.version("ortools")
    except metadata.PackageNotFoundError:
        ortools_version = "not installed"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return {
        "CPU": first_line("/proc/cpuinfo", "model name"),
        "nproc": str(cpus),
        "RAM": memory,
        "Python": platform.python_version(),
        "SciPy / HiGHS": f"{scipy.__version__} / "
        f"{_core.HIGHS_VERSION_MAJOR}.{_core.HIGHS_VERSION_MINOR}."
        f"{_core.HIGHS_VERSION_PATCH}",
        "OR-Tools (CP-SAT)": ortools_version,
        "load average (1, 5, 15 min) at the start": load,
    }


def section(
    runs: list[Run], info: dict[str, str], started: dt.datetime, repeat: int, time_limit: float
) -> str:
    lines = [
        "## Roadmap",
        "",
        f"`bench/roadmap.py`, {started:%Y-%m-%d %H:%M} UTC: the exact roadmap planner on "
        f"catalogue-like instances of {MEASURES} measures over {QUARTERS} quarters "
        "(generator and formulation: docs/roadmap.md). Target: a proven optimum (gap 0) in "
        f"at most {TARGET_SECONDS:g} s. Median wall time of {repeat} runs, CPU time of the "
        f"process, time limit {time_limit:g} s.",
        "",
        "Machine: " + "; ".join(f"{key} {value}" for key, value in info.items()) + ".",
        "",
    ]
    for set_name, (tightness, _seeds) in {**SETS, **SAMPLES}.items():
        subset = [run for run in runs if run.set_name == set_name]
        if not subset:
            continue
        lines += [
            f"### {set_name} (capacity {tightness:g} × effort / quarters)",
            "",
        ]
        if set_name in SAMPLES:
            lines += [f"{len(subset)} further instances, CP-SAT only, one run each.", ""]
        lines += [
            "| seed | solver | status | wall s | CPU s | objective | bound | gap |",
            "|---:|---|---|---:|---:|---:|---:|---:|",
        ]
        for run in subset:
            lines.append(
                f"| {run.seed} | {run.solver} | {run.status} | {run.wall:.2f} | {run.cpu:.2f} "
                f"| {run.objective:.0f} | {run.bound:.0f} | {100 * run.gap:.2f} % |"
            )
        lines.append("")
        for solver in dict.fromkeys(run.solver for run in subset):
            mine = [run for run in subset if run.solver == solver]
            proven = sum(run.status == "optimal" for run in mine)
            within = sum(run.status == "optimal" and run.wall <= TARGET_SECONDS for run in mine)
            # On a loaded machine the wall time follows the load; the CPU time of the one
            # solver thread is what it would take on an idle core.
            within_cpu = sum(run.status == "optimal" and run.cpu <= TARGET_SECONDS for run in mine)
            lines.append(
                f"- {solver}: {proven}/{len(mine)} proven optimal, {within}/{len(mine)} "
                f"within {TARGET_SECONDS:g} s wall ({within_cpu}/{len(mine)} within "
                f"{TARGET_SECONDS:g} s CPU); wall max {max(r.wall for r in mine):.2f} s, "
                f"median {statistics.median(r.wall for r in mine):.2f} s; CPU max "
                f"{max(r.cpu for r in mine):.2f} s, median "
                f"{statistics.median(r.cpu for r in mine):.2f} s"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--sets", default=",".join(SETS), help="standard,tight")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the first formulation (HiGHS on x[i, s])"
    )
    parser.add_argument("--no-highs", action="store_true", help="skip the new model on HiGHS")
    parser.add_argument("--no-sample", action="store_true", help="skip the wider samples")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    started = dt.datetime.now(dt.UTC)
    info = machine()
    print("; ".join(f"{k}: {v}" for k, v in info.items()), flush=True)
    solvers = []
    if "cp-sat" in roadmap.available_backends():
        solvers.append("CP-SAT (this model)")
    if not args.no_highs:
        solvers.append("HiGHS (this model)")
    if not args.no_baseline:
        solvers.append("first formulation (HiGHS)")
    runs = []
    for set_name in args.sets.split(","):
        tightness, seeds = SETS[set_name]
        for seed in seeds:
            tasks, capacities = instance(seed, tightness)
            for solver in solvers:
                run = measure(
                    set_name, seed, solver, tasks, capacities, args.repeat, args.time_limit
                )
                runs.append(run)
                print(
                    f"{set_name:8} seed {seed:2} {solver:26} {run.status:10} "
                    f"wall {run.wall:6.2f} s (runs {', '.join(f'{w:.2f}' for w in run.walls)}) "
                    f"CPU {run.cpu:6.2f} s  objective {run.objective:7.0f}  bound "
                    f"{run.bound:7.0f}  gap {100 * run.gap:.2f} %",
                    flush=True,
                )
    if not args.no_sample and "cp-sat" in roadmap.available_backends():
        for set_name, (tightness, seeds) in SAMPLES.items():
            for seed in seeds:
                tasks, capacities = instance(seed, tightness)
                run = measure(
                    set_name, seed, "CP-SAT (this model)", tasks, capacities, 1, args.time_limit
                )
                runs.append(run)
                print(
                    f"{set_name:15} seed {seed:3} {run.status:10} wall {run.wall:6.2f} s "
                    f"CPU {run.cpu:6.2f} s  gap {100 * run.gap:.2f} %",
                    flush=True,
                )
    info["at the end"] = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    text = section(runs, info, started, args.repeat, args.time_limit)
    print()
    print(text)
    if not args.no_write:
        write_section("Roadmap", text)
        print(f"written to {BENCHMARKS_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
