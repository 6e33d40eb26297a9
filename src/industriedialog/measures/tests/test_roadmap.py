"""The roadmap solver (roadmap.py) and the planning glue (planning.py): worked instances with
known optima, properties over random instances (checked against brute force and across
both solvers), the German diagnoses of infeasible plans, and the conversion of measures
into planning tasks."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industriedialog.measures import roadmap
from industriedialog.measures.planning import Quarter, quarter_range, tasks_for
from industriedialog.measures.roadmap import PlanningError, Task, diagnose, plan

BACKENDS = ["cp-sat", "highs"]  # OR-Tools is a dependency; HiGHS is the fallback


def value(tasks, horizon, starts) -> int:
    by_key = {t.key: t for t in tasks}
    return sum(by_key[k].weight * (horizon - s - by_key[k].duration + 1) for k, s in starts.items())


def brute_force(tasks, capacities, *, require_all=False) -> float | None:
    """The best objective by trying every combination of starts (None = unscheduled)."""
    horizon = len(capacities)
    best = None
    options = []
    for task in tasks:
        starts = list(range(task.earliest, horizon - task.duration + 1))
        if task.pinned is not None:
            starts = [task.pinned] if task.pinned + task.duration <= horizon else []
        options.append(starts if require_all or task.pinned is not None else [None, *starts])
    for combination in itertools.product(*options):
        starts = {t.key: s for t, s in zip(tasks, combination, strict=True) if s is not None}
        if is_valid(tasks, capacities, starts):
            score = value(tasks, horizon, starts)
            best = score if best is None else max(best, score)
    return best


def is_valid(tasks, capacities, starts) -> bool:
    by_key = {t.key: t for t in tasks}
    for quarter, capacity in enumerate(capacities):
        load = sum(
            by_key[k].effort for k, s in starts.items() if s <= quarter < s + by_key[k].duration
        )
        if load > capacity + 1e-9:
            return False
    for key, start in starts.items():
        task = by_key[key]
        if start < task.earliest or start + task.duration > len(capacities):
            return False
        if task.pinned is not None and start != task.pinned:
            return False
        for dependency in task.depends_on:
            if dependency not in starts or start < starts[dependency] + by_key[dependency].duration:
                return False
    return all(t.key in starts for t in tasks if t.pinned is not None)


# --- worked instances ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_flagships_and_priorities_go_first_when_only_one_fits_at_a_time(backend):
    # Given three equal measures and room for one at a time
    tasks = [
        Task(key="low", effort=6, duration=1, priority=5),
        Task(key="flagship", effort=6, duration=1, priority=3, is_flagship=True),
        Task(key="high", effort=6, duration=1, priority=1),
    ]

    # When planning three quarters
    result = plan(tasks, [10, 10, 10], backend=backend)

    # Then the weights order them: high (16) and flagship (4 × 4 = 16) before low (1)
    assert result.status == "optimal"
    assert result.starts["low"] == 2
    assert {result.starts["high"], result.starts["flagship"]} == {0, 1}
    assert result.objective == 16 * 3 + 16 * 2 + 1 * 1
    assert result.load == [6, 6, 6]
    assert result.gap == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_long_important_measure_waits_for_two_short_ones_only_when_that_is_worth_more(backend):
    # Given a big measure (weight 8, two quarters) and two small ones (weight 4, one quarter)
    # that cannot run beside it
    tasks = [
        Task(key="big", effort=10, duration=2, priority=2),
        Task(key="small-a", effort=6, duration=1, priority=3),
        Task(key="small-b", effort=6, duration=1, priority=3),
    ]

    result = plan(tasks, [12, 12, 12, 12], backend=backend)

    # Then: big first is worth 8·3 + 4·2 + 4·1 = 36; small ones first (both in quarter 1)
    # 4·4 + 4·4 + 8·2 = 48: the two small measures share quarter 1.
    assert result.starts == {"small-a": 0, "small-b": 0, "big": 1}
    assert result.objective == 48


@pytest.mark.parametrize("backend", BACKENDS)
def test_dependencies_earliest_starts_and_pins_give_exact_quarters(backend):
    tasks = [
        Task(key="study", effort=4, duration=2, earliest=1, label="Studie"),
        Task(key="pilot", effort=6, duration=1, depends_on=("study",), priority=1),
        Task(key="fair", effort=5, duration=1, pinned=2, label="Messe"),
        Task(key="network", effort=3, duration=3, priority=4),
    ]

    result = plan(tasks, [10, 10, 10, 10, 10, 10], backend=backend)

    # The study can start in quarter 1 at the earliest (beside the fair in 2: 4 + 5 ≤ 10),
    # the pilot (weight 16) follows as soon as it ends, in 3; the network (weight 2) would
    # overload quarter 2 if it started at once, so it waits until 3 (6 + 3 ≤ 10).
    assert result.starts == {"study": 1, "pilot": 3, "fair": 2, "network": 3}
    assert result.load == [0, 4, 9, 9, 3, 3]
    assert result.objective == 4 * 4 + 16 * 3 + 4 * 4 + 2 * 1 == 82
    assert result.objective == brute_force(tasks, [10] * 6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_worked_plan_with_tight_capacity(backend):
    # Capacity 10: a (8, 2 quarters, weight 16) and b (5, 1, weight 4) cannot overlap, c
    # (2, 3 quarters, weight 2) fits beside a.
    tasks = [
        Task(key="a", effort=8, duration=2, priority=1),
        Task(key="b", effort=5, duration=1, priority=3),
        Task(key="c", effort=2, duration=3, priority=4),
    ]

    result = plan(tasks, [10, 10, 10, 10], backend=backend)

    assert result.starts == {"a": 0, "c": 0, "b": 2}
    assert result.load == [10, 10, 7, 0]
    assert result.objective == 16 * 3 + 2 * 2 + 4 * 2
    assert result.objective == brute_force(tasks, [10, 10, 10, 10])


@pytest.mark.parametrize("backend", BACKENDS)
def test_identical_measures_are_ordered_by_worth_and_nothing_is_lost(backend):
    # Six identical measures of which only two fit per quarter: the symmetry breaking
    # must not cost value.
    tasks = [Task(key=f"m{i}", effort=5, duration=2, priority=1 + i % 3) for i in range(6)]

    result = plan(tasks, [10, 10, 10, 10, 10, 10], backend=backend)

    assert result.status == "optimal"
    assert result.objective == brute_force(tasks, [10] * 6)
    first = sorted(result.starts, key=lambda k: (result.starts[k], k))[:2]
    assert {tasks[int(k[1])].priority for k in first} == {1}


def test_require_all_keeps_room_for_the_chain_after_a_measure():
    # a must end before b, b before c: with require_all a has to start in quarter 0.
    tasks = [
        Task(key="a", effort=1, duration=2, priority=5),
        Task(key="b", effort=1, duration=1, depends_on=("a",), priority=5),
        Task(key="c", effort=1, duration=1, depends_on=("b",), priority=5),
    ]

    result = plan(tasks, [1, 1, 1, 1], require_all=True)

    assert result.starts == {"a": 0, "b": 2, "c": 3}


def test_quarter_labels_name_the_quarters_in_messages():
    tasks = [
        Task(key="a", effort=8, duration=1, pinned=1, label="A"),
        Task(key="b", effort=8, duration=1, pinned=1, label="B"),
    ]

    result = plan(tasks, [10, 10], labels=["2027-Q1", "2027-Q2"])

    assert result.problems == [
        "Die festgelegten Maßnahmen brauchen in 2027-Q2 16 Personaltage, die Kapazität ist 10."
    ]


# --- infeasible plans ----------------------------------------------------------------------


def test_a_cycle_is_named_with_its_measures():
    tasks = [
        Task(key="a", effort=1, duration=1, depends_on=("c",), label="Ausstellung"),
        Task(key="b", effort=1, duration=1, depends_on=("a",), label="Broschüre"),
        Task(key="c", effort=1, duration=1, depends_on=("b",), label="Club"),
    ]

    result = plan(tasks, [5, 5, 5])

    assert result.status == "infeasible"
    assert result.problems == [
        "Die Abhängigkeiten bilden einen Kreis: „Ausstellung“ → „Club“ → „Broschüre“ → "
        "„Ausstellung“."
    ]
    assert result.starts == {}


def test_pinned_overload_names_quarter_demand_and_capacity():
    tasks = [
        Task(key="a", effort=6.5, duration=2, pinned=0, label="A"),
        Task(key="b", effort=5, duration=1, pinned=1, label="B"),
    ]

    result = plan(tasks, [12, 11, 12])

    assert result.status == "infeasible"
    assert result.problems == [
        "Die festgelegten Maßnahmen brauchen in Quartal 2 11,5 Personaltage, die Kapazität ist 11."
    ]


def test_pinned_before_its_dependency_ends_names_the_dependency():
    tasks = [
        Task(key="study", effort=1, duration=3, earliest=1, label="Studie"),
        Task(key="pilot", effort=1, duration=1, pinned=2, depends_on=("study",), label="Pilot"),
    ]

    result = plan(tasks, [5] * 6)

    assert result.status == "infeasible"
    assert result.problems == [
        "„Pilot“ ist auf Quartal 3 festgelegt, kann aber frühestens in Quartal 5 beginnen "
        "(„Studie“ ist frühestens nach Quartal 4 fertig)."
    ]


def test_pinned_before_its_own_earliest_start():
    result = plan([Task(key="a", effort=1, duration=1, earliest=3, pinned=1, label="A")], [5] * 5)

    assert result.problems == [
        "„A“ ist auf Quartal 2 festgelegt, kann aber frühestens in Quartal 4 beginnen "
        "(frühester Beginn)."
    ]


def test_require_all_beyond_total_capacity():
    tasks = [
        Task(key="a", effort=10, duration=3, label="A"),
        Task(key="b", effort=6, duration=2, label="B"),
    ]

    result = plan(tasks, [10, 10, 10, 10], require_all=True)

    assert result.status == "infeasible"
    assert result.problems == [
        "Alle Maßnahmen zusammen brauchen 42 Personaltage, im Planungszeitraum stehen 40 zur "
        "Verfügung."
    ]


def test_require_all_overloaded_in_a_single_quarter_it_must_use():
    # a and b (two quarters, from quarter 2 on) must both run in quarters 2 and 3 of 3.
    tasks = [
        Task(key="a", effort=6, duration=2, earliest=1, label="A"),
        Task(key="b", effort=6, duration=2, earliest=1, label="B"),
    ]

    result = plan(tasks, [10, 10, 10], require_all=True)

    assert result.status == "infeasible"
    assert result.problems == [
        "Die Maßnahmen, die eingeplant werden müssen, brauchen in Quartal 2 mindestens 12 "
        "Personaltage, die Kapazität ist 10.",
        "Die Maßnahmen, die eingeplant werden müssen, brauchen in Quartal 3 mindestens 12 "
        "Personaltage, die Kapazität ist 10.",
    ]


def test_require_all_within_total_capacity_but_not_in_the_span_it_must_use():
    # Total demand 24 ≤ 30, but all four measures (earliest quarter 2) fall into quarters
    # 2–3: 24 person-days against 20.
    tasks = [Task(key=k, effort=6, duration=1, earliest=1, label=k.upper()) for k in "abcd"]

    result = plan(tasks, [10, 10, 10], require_all=True)

    assert result.status == "infeasible"
    assert result.problems == [
        "Von Quartal 2 bis Quartal 3 müssen Maßnahmen mit zusammen mindestens 24 "
        "Personaltagen laufen (frühester Beginn, Abhängigkeiten, Ende des Zeitraums), die "
        "Kapazität ist 20."
    ]


def test_require_all_with_a_measure_that_cannot_end_in_time():
    tasks = [Task(key="a", effort=1, duration=4, earliest=2, label="Späte Maßnahme")]

    result = plan(tasks, [5] * 5, require_all=True)

    assert result.problems == [
        "„Späte Maßnahme“ muss eingeplant werden, kann innerhalb des Planungszeitraums nicht enden."
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_infeasibility_only_the_solver_finds_gets_its_general_message(backend):
    # 18 person-days in 2 quarters of 10 and no quarter or span overloaded in advance, but
    # two measures of 6 never share a quarter of 10: only two of the three fit.
    tasks = [Task(key=k, effort=6, duration=1, label=k.upper()) for k in "abc"]

    problems, _unschedulable = diagnose(tasks, [10, 10], require_all=True)
    result = plan(tasks, [10, 10], require_all=True, backend=backend)

    assert problems == []
    assert result.status == "infeasible"
    assert result.problems == [
        "Die Kapazität reicht nicht, um alle Maßnahmen unter Beachtung der Abhängigkeiten und "
        "frühesten Termine einzuplanen. Im besten Plan ohne diese Vorgabe bleiben ungeplant: "
        "„C“."
    ]


def test_without_require_all_unfitting_measures_stay_unscheduled_with_reasons():
    tasks = [
        Task(key="big", effort=30, duration=1, label="Groß"),
        Task(key="late", effort=1, duration=3, earliest=2, label="Spät"),
        Task(key="after", effort=1, duration=1, depends_on=("late",), label="Danach"),
        Task(key="fits", effort=5, duration=1, label="Passt"),
        Task(key="crowded", effort=8, duration=3, priority=5, label="Verdrängt"),
    ]

    result = plan(tasks, [10, 10, 10])

    assert result.status == "optimal"
    assert result.starts == {"fits": 0}
    assert result.unscheduled == {
        "big": "braucht 30 Personaltage je Quartal, mehr als jedes Quartal bietet (10)",
        "late": "kann innerhalb des Planungszeitraums nicht enden",
        "after": "hängt von „Spät“ ab, die nicht eingeplant werden kann",
        "crowded": "findet im Planungszeitraum keinen Platz in der Kapazität",
    }


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        ([Task(key="a", effort=1, duration=0)], "Die Dauer muss mindestens ein Quartal sein"),
        ([Task(key="a", effort=-1, duration=1)], "Der Aufwand darf nicht negativ sein"),
        (
            [Task(key="a", effort=1, duration=1), Task(key="a", effort=1, duration=1)],
            "nur einmal vorkommen",
        ),
    ],
)
def test_inconsistent_input_is_an_error(tasks, message):
    with pytest.raises(PlanningError, match=message):
        plan(tasks, [5])


# --- properties ----------------------------------------------------------------------------

task_spec = st.tuples(
    st.integers(0, 8),  # effort
    st.integers(1, 3),  # duration
    st.integers(0, 2),  # earliest
    st.integers(1, 5),  # priority
    st.booleans(),  # flagship
    st.one_of(st.none(), st.integers(0, 3)),  # pin
    st.lists(st.integers(0, 5), max_size=2),  # dependencies (on earlier measures)
)


def _tasks(specs) -> list[Task]:
    tasks = []
    for i, (effort, duration, earliest, priority, flagship, pin, dependencies) in enumerate(specs):
        tasks.append(
            Task(
                key=f"m{i}",
                effort=effort,
                duration=duration,
                earliest=earliest,
                priority=priority,
                is_flagship=flagship,
                pinned=pin if i % 3 == 0 else None,
                depends_on=tuple(sorted({f"m{d}" for d in dependencies if d < i})),
                label=f"Maßnahme {i}",
            )
        )
    return tasks


@settings(max_examples=60, deadline=None)
@given(
    specs=st.lists(task_spec, min_size=1, max_size=5),
    capacities=st.lists(st.integers(0, 14), min_size=2, max_size=5),
    require_all=st.booleans(),
)
def test_plans_are_valid_and_optimal_against_brute_force(specs, capacities, require_all):
    tasks = _tasks(specs)

    result = plan(tasks, capacities, require_all=require_all)

    best = brute_force(tasks, capacities, require_all=require_all)
    if result.status == "infeasible":
        assert best is None, result.problems
        assert result.problems
        return
    assert result.status == "optimal"
    assert is_valid(tasks, capacities, result.starts)
    assert result.objective == value(tasks, len(capacities), result.starts) == best
    assert result.gap == 0
    if require_all:
        assert set(result.starts) == {t.key for t in tasks}
    assert set(result.starts) | set(result.unscheduled) == {t.key for t in tasks}
    by_key = {t.key: t for t in tasks}
    for quarter, capacity in enumerate(capacities):
        load = sum(
            by_key[k].effort
            for k, s in result.starts.items()
            if s <= quarter < s + by_key[k].duration
        )
        assert result.load[quarter] == load <= capacity


@settings(max_examples=25, deadline=None)
@given(
    specs=st.lists(task_spec, min_size=3, max_size=9),
    capacities=st.lists(st.integers(4, 16), min_size=4, max_size=8),
    require_all=st.booleans(),
)
def test_both_solvers_reach_the_same_optimum(specs, capacities, require_all):
    tasks = _tasks(specs)

    by_cp_sat = plan(tasks, capacities, require_all=require_all, backend="cp-sat")
    by_highs = plan(tasks, capacities, require_all=require_all, backend="highs")

    assert by_cp_sat.status == by_highs.status
    # (which measures a tie leaves out may differ, the diagnosis may not)
    assert [p.split(" Im besten Plan")[0] for p in by_cp_sat.problems] == [
        p.split(" Im besten Plan")[0] for p in by_highs.problems
    ]
    if by_cp_sat.status == "infeasible":
        return
    assert by_cp_sat.objective == by_highs.objective
    assert is_valid(tasks, capacities, by_cp_sat.starts)
    assert is_valid(tasks, capacities, by_highs.starts)


def test_without_or_tools_the_planner_falls_back_to_highs(monkeypatch):
    assert roadmap.available_backends() == ["cp-sat", "highs"]
    monkeypatch.setitem(sys.modules, "ortools.sat.python.cp_model", None)  # import fails
    tasks = [Task(key="a", effort=6, duration=1), Task(key="b", effort=6, duration=1, priority=1)]

    result = plan(tasks, [10, 10])

    assert roadmap.available_backends() == ["highs"]
    assert (result.backend, result.status, result.starts) == ("highs", "optimal", {"b": 0, "a": 1})


def test_efforts_with_decimals_never_exceed_the_capacity():
    # 3 × 3.4 = 10.2 > 10.1: the integer model must not round the efforts down.
    tasks = [Task(key=f"m{i}", effort=3.4, duration=1) for i in range(3)]

    result = plan(tasks, [10.1, 10.1])

    assert sorted(result.starts.values()) == [0, 0, 1]
    assert max(result.load) == pytest.approx(6.8)


# --- planning: quarters and tasks ----------------------------------------------------------


def test_quarters_have_labels_days_and_arithmetic():
    quarter = Quarter.parse("2026-q3")

    assert str(quarter) == "2026-Q3"
    assert (quarter.first_day, quarter.last_day) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert Quarter(2026, 4).plus(1) == Quarter(2027, 1)
    assert Quarter(2027, 2).minus(Quarter(2026, 4)) == 2
    assert Quarter.of(dt.date(2024, 2, 29)).last_day == dt.date(2024, 3, 31)
    assert [str(q) for q in quarter_range(Quarter(2026, 3), 3)] == ["2026-Q3", "2026-Q4", "2027-Q1"]
    with pytest.raises(ValueError, match="2026-Q3"):
        Quarter.parse("Q3/2026")


class FakeDependencies(list):
    def all(self):
        return self


class FakeMeasure:
    """Just the attributes tasks_for reads (no database)."""

    def __init__(self, pk, **values):
        self.pk = pk
        self.number = ""
        self.title = f"Maßnahme {pk}"
        self.phase = values.pop("phase", "idea")
        self.effort_person_days = Decimal(values.pop("effort", "5"))
        self.duration_quarters = values.pop("duration", 2)
        self.earliest_start = values.pop("earliest_start", None)
        self.planned_start = values.pop("planned_start", None)
        self.is_pinned = values.pop("is_pinned", False)
        self.priority = values.pop("priority", 3)
        self.is_flagship = values.pop("is_flagship", False)
        self.depends_on = FakeDependencies(values.pop("depends_on", []))
        assert not values


def test_tasks_for_converts_dates_into_quarter_indices():
    quarters = quarter_range(Quarter(2027, 1), 8)
    done = FakeMeasure(9, phase="completed")
    measures = [
        FakeMeasure(1, earliest_start=dt.date(2027, 5, 15)),  # → quarter index 1
        FakeMeasure(2, earliest_start=dt.date(2025, 1, 1), depends_on=[done]),  # past → 0
        FakeMeasure(3, is_pinned=True, planned_start=dt.date(2027, 10, 1), duration=3),
        FakeMeasure(4, is_pinned=True, planned_start=dt.date(2026, 7, 1), duration=4),
        FakeMeasure(5, is_pinned=True, planned_start=dt.date(2028, 10, 1), duration=4),
        FakeMeasure(6, is_pinned=True, planned_start=dt.date(2030, 1, 1)),
        FakeMeasure(7, is_pinned=True, planned_start=None, depends_on=[FakeMeasure(1)]),
    ]

    tasks, blocked = tasks_for(measures, quarters)

    by_key = {t.key: t for t in tasks}
    assert (by_key["1"].earliest, by_key["1"].pinned) == (1, None)
    assert (by_key["2"].earliest, by_key["2"].depends_on) == (0, ())
    assert (by_key["3"].pinned, by_key["3"].duration) == (3, 3)
    # began in 2026-Q3, four quarters: two remain inside the horizon
    assert (by_key["4"].pinned, by_key["4"].duration) == (0, 2)
    # begins in 2028-Q4, four quarters: one lies inside the horizon
    assert (by_key["5"].pinned, by_key["5"].duration) == (7, 1)
    # pinned without a date: planned like any other measure
    assert (by_key["7"].pinned, by_key["7"].depends_on) == (None, ("1",))
    assert [(b.measure.pk, b.reason) for b in blocked] == [
        (6, "ist mit festem Termin (2030-Q1) außerhalb des Planungszeitraums geplant")
    ]


def test_tasks_for_blocks_measures_that_depend_on_deferred_ones_transitively():
    quarters = quarter_range(Quarter(2027, 1), 4)
    deferred = FakeMeasure(1, phase="deferred")
    second = FakeMeasure(2, depends_on=[deferred])
    third = FakeMeasure(3, depends_on=[second])
    free = FakeMeasure(4)

    tasks, blocked = tasks_for([second, third, free], quarters)

    assert [t.key for t in tasks] == ["4"]
    assert [(b.measure.pk, b.reason) for b in blocked] == [
        (2, "hängt von der zurückgestellten Maßnahme „Maßnahme 1“ ab"),
        (3, "hängt von „Maßnahme 2“ ab, die nicht eingeplant wird"),
    ]
