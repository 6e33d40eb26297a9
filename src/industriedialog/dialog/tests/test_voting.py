"""Counting votes (dialog/voting.py): the Schulze method against worked examples with known
outcomes, approval counting, and hypothesis properties of the Schulze method.

The worked examples are those of Markus Schulze, "A new monotonic, clone-independent,
reversal symmetric, and Condorcet-consistent single-winner election method", Social Choice
and Welfare 36 (2011), section 3, and the 45-voter example of the Wikipedia article on the
method. A ballot is written as "A>C=D>B*5": five voters rank A first, C and D equally
second, B last; candidates a ballot leaves out share its last place.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from industriedialog.dialog import voting

PROPERTIES = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.filter_too_much],
)


def parse(profile: str, candidates: str) -> list[list]:
    """Ballots as the service stores them: option ids best first, ties as lists."""
    ballots: list[list] = []
    for line in profile.split():
        order, count = line.split("*")
        ranking: list = []
        for group in order.split(">"):
            ids = [candidates.index(name) + 1 for name in group.split("=")]
            ranking.append(ids[0] if len(ids) == 1 else ids)
        ballots += [ranking] * int(count)
    return ballots


def count(profile: str, candidates: str) -> voting.SchulzeResult:
    return voting.schulze(list(range(1, len(candidates) + 1)), parse(profile, candidates))


def names(ids, candidates: str) -> str:
    return "".join(sorted(candidates[i - 1] for i in ids))


def order(result: voting.SchulzeResult, candidates: str) -> list[str]:
    """The ranking as strings, tied candidates together: ["E", "A", "BD"]."""
    return [names(group, candidates) for group in result.ranking]


def matrix(table: dict[int, dict[int, int]], candidates: str) -> dict[str, int]:
    return {
        candidates[a - 1] + candidates[b - 1]: value
        for a, row in table.items()
        for b, value in row.items()
    }


# --- worked examples -------------------------------------------------------------------

WIKIPEDIA = """
    A>C>B>E>D*5 A>D>E>C>B*5 B>E>D>A>C*8 C>A>B>E>D*3
    C>A>E>B>D*7 C>B>A>D>E*2 D>C>E>B>A*7 E>B>A>D>C*8
"""


def test_wikipedia_example_with_45_voters():
    result = count(WIKIPEDIA, "ABCDE")

    assert result.ballots == 45
    assert matrix(result.pairwise, "ABCDE") == {
        "AB": 20,
        "AC": 26,
        "AD": 30,
        "AE": 22,
        "BA": 25,
        "BC": 16,
        "BD": 33,
        "BE": 18,
        "CA": 19,
        "CB": 29,
        "CD": 17,
        "CE": 24,
        "DA": 15,
        "DB": 12,
        "DC": 28,
        "DE": 14,
        "EA": 23,
        "EB": 27,
        "EC": 21,
        "ED": 31,
    }
    assert matrix(result.strongest_paths, "ABCDE") == {
        "AB": 28,
        "AC": 28,
        "AD": 30,
        "AE": 24,
        "BA": 25,
        "BC": 28,
        "BD": 33,
        "BE": 24,
        "CA": 25,
        "CB": 29,
        "CD": 29,
        "CE": 24,
        "DA": 25,
        "DB": 28,
        "DC": 28,
        "DE": 24,
        "EA": 25,
        "EB": 28,
        "EC": 28,
        "ED": 31,
    }
    assert order(result, "ABCDE") == ["E", "A", "C", "B", "D"]
    assert names(result.winners, "ABCDE") == "E"


def test_schulze_paper_example_1_has_a_single_winner():
    result = count("A>C>D>B*8 B>A>D>C*2 C>D>B>A*4 D>B>A>C*4 D>C>B>A*3", "ABCD")

    assert result.ballots == 21
    assert names(result.winners, "ABCD") == "D"
    assert order(result, "ABCD") == ["D", "A", "C", "B"]


def test_schulze_paper_example_2_ends_in_a_tie():
    result = count("A>B>C>D*3 D>A>B>C*2 D>B>C>A*2 C>B>D>A*2", "ABCD")

    assert names(result.winners, "ABCD") == "BD"
    assert order(result, "ABCD") == ["BD", "AC"]
    # The tie is real: both strongest paths between B and D are equally strong.
    b, d = 2, 4
    assert result.strongest_paths[b][d] == result.strongest_paths[d][b] == 5


def test_schulze_paper_example_3():
    result = count("A>B>C>D*12 A>D>B>C*6 B>C>D>A*9 C>D>A>B*15 D>B>A>C*21", "ABCD")

    assert names(result.winners, "ABCD") == "D"


def test_schulze_paper_example_4_ends_in_a_tie():
    result = count("A>C>D>B*6 B>A>D>C*1 C>B>D>A*3 D>B>A>C*3 D>C>B>A*2", "ABCD")

    assert names(result.winners, "ABCD") == "AD"


def test_schulze_paper_example_with_equal_ranks_and_incomplete_ballots():
    """Ballots rank several candidates equally ("A=C>D") or only one ("B"); with the
    winning-votes strength used here, D wins (margins would elect A, ratios B)."""
    result = count(
        """
        A>B>C>D*6 A=B*8 A=C*8 A=C>D*18 A=C=D*8 B*40
        C>B>D*4 C>D>A*9 C=D*8 D>A>B*14 D>B>C*11 D>C>A*4
    """,
        "ABCD",
    )

    assert result.ballots == 138
    # B over A: "B*40", and "C>B>D*4", "D>B>C*11", where A is left out; "A=B*8" is a tie.
    assert matrix(result.pairwise, "ABCD")["BA"] == 40 + 4 + 11
    assert names(result.winners, "ABCD") == "D"


SCHULZE_EXAMPLE_5 = """
    A>D>E>B>C*3 B>F>E>C>D*3 C>A>B>F>D*4 D>B>C>E>F*1
    D>E>F>A>B*4 E>C>B>D>F*2 F>A>C>D>B*2
"""


def test_schulze_paper_example_5_more_ballots_ranking_the_winner_first_can_unseat_it():
    """Schulze's method is monotonic but fails the participation criterion: here two more
    voters who rank A first turn A from the winner into a loser. So "a ballot that ranks
    the winner first never makes it lose" is not a property of the method; the properties
    below test what does hold (raising the winner, adding a ballot for the winner alone)."""
    before = count(SCHULZE_EXAMPLE_5, "ABCDEF")
    after = count(SCHULZE_EXAMPLE_5 + " A>E>F>C>B*2", "ABCDEF")

    assert names(before.winners, "ABCDEF") == "A"
    assert names(after.winners, "ABCDEF") == "D"


def test_without_ballots_nobody_wins():
    result = voting.schulze([1, 2, 3], [])

    assert result.ballots == 0
    assert result.winners == []
    assert result.ranking == [[1, 2, 3]]


def test_a_ballot_naming_an_option_twice_is_rejected():
    with pytest.raises(ValueError, match="Option 1 kommt im Stimmzettel mehrfach vor"):
        voting.schulze([1, 2], [[1, [1, 2]]])


def test_approval_counting():
    result = voting.approval_count(
        [10, 20, 30, 40],
        [[10, 20], [20], [20, 30, 30], [10, 30], [99], []],
    )

    assert result.ballots == 6
    assert result.counts == {10: 2, 20: 3, 30: 2, 40: 0}  # 30 approved twice counts once
    assert result.winners == [20]


def test_approval_counting_shares_first_place_and_needs_an_approval():
    tie = voting.approval_count([1, 2, 3], [[1], [2], [1, 2]])
    nothing = voting.approval_count([1, 2], [[], []])

    assert tie.winners == [1, 2]
    assert (nothing.winners, nothing.ballots, nothing.counts) == ([], 2, {1: 0, 2: 0})


# --- properties ------------------------------------------------------------------------


@st.composite
def weak_orders(draw, options: list[int]) -> list:
    """A ballot: some or all options in an order of the voter's choice, with ties."""
    chosen = draw(st.permutations(options))
    chosen = chosen[: draw(st.integers(1, len(chosen)))]
    ties = draw(st.lists(st.booleans(), min_size=len(chosen) - 1, max_size=len(chosen) - 1))
    groups = [[chosen[0]]]
    for option, tied in zip(chosen[1:], ties, strict=True):
        if tied:
            groups[-1].append(option)
        else:
            groups.append([option])
    return [group[0] if len(group) == 1 else group for group in groups]


@st.composite
def elections(draw, max_options: int = 5, max_ballots: int = 15) -> tuple[list, list]:
    options = list(range(1, draw(st.integers(2, max_options)) + 1))
    ballots = draw(st.lists(weak_orders(options), min_size=1, max_size=max_ballots))
    return options, ballots


def groups_of(ranking: list) -> list[set[int]]:
    return [{entry} if isinstance(entry, int) else set(entry) for entry in ranking]


def brute_force_strongest_paths(options, pairwise) -> dict[int, dict[int, int]]:
    """Widest paths by trying every simple path: slow, but independent of the
    Floyd–Warshall variant in voting.py."""

    def link(a, b):
        return pairwise[a][b] if pairwise[a][b] > pairwise[b][a] else 0

    best = {a: {b: 0 for b in options if b != a} for a in options}
    for a, b in itertools.permutations(options, 2):
        middle = [o for o in options if o not in (a, b)]
        for length in range(len(middle) + 1):
            for via in itertools.permutations(middle, length):
                path = (a, *via, b)
                strength = min(link(x, y) for x, y in itertools.pairwise(path))
                best[a][b] = max(best[a][b], strength)
    return best


@PROPERTIES
@given(elections())
def test_strongest_paths_are_the_widest_paths(election):
    options, ballots = election

    result = voting.schulze(options, ballots)

    assert result.strongest_paths == brute_force_strongest_paths(options, result.pairwise)


@PROPERTIES
@given(elections(max_ballots=25))
def test_a_condorcet_winner_always_wins(election):
    options, ballots = election
    winner = voting.condorcet_winner(options, ballots)
    assume(winner is not None)

    result = voting.schulze(options, ballots)

    assert result.winners == [winner]
    assert result.ranking[0] == [winner]


@PROPERTIES
@given(elections())
def test_the_ranking_is_a_partition_of_all_options(election):
    options, ballots = election

    ranking = voting.schulze(options, ballots).ranking

    placed = [option for group in ranking for option in group]
    assert all(ranking)
    assert sorted(placed) == options
    # Nobody in a later group beats anybody in an earlier one.
    paths = voting.schulze(options, ballots).strongest_paths
    for earlier, later in itertools.combinations(ranking, 2):
        for a, b in itertools.product(earlier, later):
            assert paths[a][b] >= paths[b][a]


@PROPERTIES
@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(
            st.just(list(range(1, n + 1))), weak_orders(list(range(1, n + 1))), st.integers(1, 9)
        )
    )
)
def test_unanimous_ballots_give_exactly_that_order(case):
    options, ballot, voters = case

    result = voting.schulze(options, [ballot] * voters)

    expected = groups_of(ballot)
    left_out = set(options) - set().union(*expected)
    if left_out:
        expected.append(left_out)
    assert [set(group) for group in result.ranking] == expected


def raise_to_top(ballot: list, option: int) -> list:
    """The same ballot with `option` moved above everything else."""
    rest = []
    for entry in ballot:
        group = [entry] if isinstance(entry, int) else list(entry)
        group = [o for o in group if o != option]
        if group:
            rest.append(group[0] if len(group) == 1 else group)
    return [option, *rest]


@PROPERTIES
@given(elections(), st.data())
def test_raising_a_winner_on_a_ballot_never_makes_it_lose(election, data):
    options, ballots = election
    winners = voting.schulze(options, ballots).winners
    winner = data.draw(st.sampled_from(winners))
    index = data.draw(st.integers(0, len(ballots) - 1))
    raised = [*ballots[:index], raise_to_top(ballots[index], winner), *ballots[index + 1 :]]

    assert winner in voting.schulze(options, raised).winners


@PROPERTIES
@given(elections(), st.data(), st.integers(1, 5))
def test_adding_ballots_for_a_winner_alone_never_makes_it_lose(election, data, voters):
    options, ballots = election
    before = voting.schulze(options, ballots)
    winner = data.draw(st.sampled_from(before.winners))

    after = voting.schulze(options, ballots + [[winner]] * voters)

    assert winner in after.winners
    if before.winners == [winner]:
        assert after.winners == [winner]


@PROPERTIES
@given(elections(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_ballots(election, rng: random.Random):
    options, ballots = election
    shuffled = list(ballots)
    rng.shuffle(shuffled)

    assert voting.schulze(options, shuffled) == voting.schulze(options, ballots)
    approvals = [[o for group in groups_of(b) for o in group] for b in ballots]
    shuffled_approvals = [[o for group in groups_of(b) for o in group] for b in shuffled]
    assert voting.approval_count(options, shuffled_approvals) == voting.approval_count(
        options, approvals
    )
