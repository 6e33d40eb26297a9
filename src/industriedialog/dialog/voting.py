"""Counting votes: approval voting and the Schulze method for ranked ballots.

Pure functions over option ids, so they can be checked against worked examples and with
hypothesis properties without a database.

Schulze (Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", 2011): d[a][b] counts the voters who
rank a above b; p[a][b] is the strength of the strongest path from a to b, where a path's
strength is its weakest link and a link a→b exists when d[a][b] > d[b][a]. a is ranked
above b when p[a][b] > p[b][a]; the winners are those beaten by nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Ranking = Sequence[int | Sequence[int]]


@dataclass(frozen=True)
class ApprovalResult:
    counts: dict[int, int]
    winners: list[int]
    ballots: int


@dataclass(frozen=True)
class SchulzeResult:
    pairwise: dict[int, dict[int, int]]
    strongest_paths: dict[int, dict[int, int]]
    ranking: list[list[int]]
    ballots: int
    winners: list[int] = field(default_factory=list)


def approval_count(options: Sequence[int], ballots: Iterable[Iterable[int]]) -> ApprovalResult:
    """Each ballot approves a set of options; the most approved win (ties share)."""
    counts = {option: 0 for option in options}
    total = 0
    for approvals in ballots:
        total += 1
        for option in set(approvals):
            if option in counts:
                counts[option] += 1
    top = max(counts.values(), default=0)
    winners = [option for option in options if counts[option] == top and top > 0]
    return ApprovalResult(counts=counts, winners=winners, ballots=total)


def rank_positions(ranking: Ranking, options: Sequence[int]) -> dict[int, int]:
    """Position of each option in a ballot (0 = best). Tied options share a position;
    options the voter left out share the last position."""
    positions: dict[int, int] = {}
    for position, entry in enumerate(ranking):
        group = [entry] if isinstance(entry, int) else list(entry)
        for option in group:
            if option in positions:
                raise ValueError(f"Option {option} kommt im Stimmzettel mehrfach vor.")
            positions[option] = position
    last = len(ranking)
    for option in options:
        positions.setdefault(option, last)
    return positions


def pairwise_preferences(
    options: Sequence[int], rankings: Iterable[Ranking]
) -> tuple[dict[int, dict[int, int]], int]:
    d = {a: {b: 0 for b in options if b != a} for a in options}
    total = 0
    for ranking in rankings:
        total += 1
        positions = rank_positions(ranking, options)
        for a in options:
            for b in options:
                if a != b and positions[a] < positions[b]:
                    d[a][b] += 1
    return d, total


def schulze(options: Sequence[int], rankings: Iterable[Ranking]) -> SchulzeResult:
    options = list(options)
    d, total = pairwise_preferences(options, rankings)
    p = {a: {b: (d[a][b] if d[a][b] > d[b][a] else 0) for b in options if b != a} for a in options}
    for i in options:
        for j in options:
            if i == j:
                continue
            for k in options:
                if k in (i, j):
                    continue
                p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    # Order: repeatedly take the options that no remaining option beats.
    remaining = list(options)
    ranking: list[list[int]] = []
    while remaining:
        unbeaten = [a for a in remaining if all(p[a][b] >= p[b][a] for b in remaining if b != a)]
        if not unbeaten:  # cannot happen (the Schulze relation is transitive); be safe
            unbeaten = list(remaining)
        ranking.append(unbeaten)
        remaining = [a for a in remaining if a not in unbeaten]
    winners = ranking[0] if ranking and total else []
    return SchulzeResult(
        pairwise=d, strongest_paths=p, ranking=ranking, ballots=total, winners=list(winners)
    )


def condorcet_winner(options: Sequence[int], rankings: Iterable[Ranking]) -> int | None:
    """The option that beats every other one head to head, if there is one."""
    d, _total = pairwise_preferences(options, list(rankings))
    for a in options:
        if all(d[a][b] > d[b][a] for b in options if b != a):
            return a
    return None
