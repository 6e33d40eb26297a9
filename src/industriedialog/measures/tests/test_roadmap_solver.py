"""The exact roadmap solver (measures/roadmap.py) on small instances with known optima."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industriedialog.measures.roadmap import PlanningError, Task, plan


def test_flagship_goes_first_when_capacity_allows_only_one_at_a_time():
    tasks = [
        Task(key="regular", effort=10, duration=2, priority=3),
        Task(key="flagship", effort=10, duration=2, priority=3, is_flagship=True),
    ]

    result = plan(tasks, [10, 10, 10, 10])

    assert result.status == "optimal"
    assert result.starts == {"flagship": 0, "regular": 2}
    assert result.load == [10, 10, 10, 10]
    assert result.gap == 0


def test_dependency_and_earliest_start_are_respected():
    tasks = [
        Task(key="platform", effort=5, duration=2, earliest=1),
        Task(key="campaign", effort=5, duration=1, depends_on=("platform",), priority=1),
    ]

    result = plan(tasks, [20, 20, 20, 20, 20])

    assert result.starts == {"platform": 1, "campaign": 3}


def test_a_measure_that_never_fits_is_listed_with_its_reason():
    result = plan([Task(key="big", effort=50, duration=1, label="Großprojekt")], [20, 20])

    assert result.starts == {}
    assert "mehr als jedes Quartal bietet" in result.unscheduled["big"]


@pytest.mark.parametrize(
    ("tasks", "capacities", "require_all", "message"),
    [
        (
            [
                Task(key="a", effort=1, duration=1, depends_on=("b",), label="A"),
                Task(key="b", effort=1, duration=1, depends_on=("a",), label="B"),
            ],
            [5, 5],
            False,
            "Die Abhängigkeiten bilden einen Kreis",
        ),
        (
            [
                Task(key="a", effort=8, duration=1, pinned=0, label="A"),
                Task(key="b", effort=8, duration=1, pinned=0, label="B"),
            ],
            [10, 10],
            False,
            "Die festgelegten Maßnahmen brauchen in Quartal 1 16 Personaltage, "
            "die Kapazität ist 10.",
        ),
        (
            [
                Task(key="a", effort=1, duration=2, label="A"),
                Task(key="b", effort=1, duration=1, pinned=1, depends_on=("a",), label="B"),
            ],
            [5, 5, 5],
            False,
            "„B“ ist auf Quartal 2 festgelegt, kann aber frühestens in Quartal 3 beginnen",
        ),
        (
            [
                Task(key="a", effort=10, duration=2, label="A"),
                Task(key="b", effort=10, duration=2, label="B"),
            ],
            [10, 10, 10],
            True,
            "Alle Maßnahmen zusammen brauchen 40 Personaltage",
        ),
    ],
)
def test_infeasible_plans_name_the_constraint_that_breaks(tasks, capacities, require_all, message):
    result = plan(tasks, capacities, require_all=require_all)

    assert result.status == "infeasible"
    assert any(message in problem for problem in result.problems), result.problems


def test_unknown_dependency_is_an_input_error():
    with pytest.raises(PlanningError, match="unbekannten Maßnahme"):
        plan([Task(key="a", effort=1, duration=1, depends_on=("x",))], [5])


task_strategy = st.builds(
    lambda effort, duration, earliest, priority: (effort, duration, earliest, priority),
    st.integers(0, 8),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(1, 5),
)


@settings(max_examples=40, deadline=None)
@given(
    specs=st.lists(task_strategy, min_size=1, max_size=6),
    capacities=st.lists(st.integers(0, 12), min_size=3, max_size=6),
    chain=st.booleans(),
)
def test_plans_never_exceed_capacity_and_respect_order(specs, capacities, chain):
    tasks = [
        Task(
            key=f"m{i}",
            effort=effort,
            duration=duration,
            earliest=earliest,
            priority=priority,
            depends_on=(f"m{i - 1}",) if chain and i else (),
        )
        for i, (effort, duration, earliest, priority) in enumerate(specs)
    ]

    result = plan(tasks, capacities)

    assert result.status == "optimal"
    by_key = {t.key: t for t in tasks}
    for quarter, capacity in enumerate(capacities):
        load = sum(
            by_key[k].effort
            for k, s in result.starts.items()
            if s <= quarter < s + by_key[k].duration
        )
        assert load <= capacity
    for key, start in result.starts.items():
        task = by_key[key]
        assert start >= task.earliest
        assert start + task.duration <= len(capacities)
        for dependency in task.depends_on:
            assert dependency in result.starts
            assert start >= result.starts[dependency] + by_key[dependency].duration
