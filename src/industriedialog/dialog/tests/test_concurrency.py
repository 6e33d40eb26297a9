"""A member cannot vote twice, a non-member not at all, also under concurrent requests.

Every test starts its threads together at a barrier; each thread has its own database
connection and closes it at its end. The tests run against the real engine: PostgreSQL
(the vote row lock, `select_for_update`) and SQLite (an immediate write transaction takes
the database's write lock at its start). The in-memory SQLite test database cannot be
shared between connections, so on SQLite this module runs on a file copy of it (see the
`django_db_setup` fixture below); the rest of the suite keeps the in-memory database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import UserFactory
from industriedialog.dialog import selectors, services
from industriedialog.dialog.models import Ballot, Vote, VoteParticipation
from industriedialog.dialog.tests.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREAD_TIMEOUT = 60


@pytest.fixture(scope="module")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, move this module to a file copy of the in-memory test database, which
    several connections can open at once; restore the in-memory database afterwards."""
    memory = connections["default"]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield
        return
    path = tmp_path_factory.mktemp("concurrency") / "industriedialog.sqlite3"
    with django_db_blocker.unblock():
        memory.ensure_connection()
        copy = sqlite3.connect(path)
        memory.connection.backup(copy)
        copy.close()
    memory_settings = connections.settings["default"]
    file_settings = {**memory_settings, "NAME": str(path)}
    # New threads build their connection from connections.settings; this thread gets a
    # wrapper of its own. `memory` stays open (and untouched), so the in-memory database
    # survives for the tests that follow.
    connections.settings["default"] = file_settings
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connections["default"].close()
        connections.settings["default"] = memory_settings
        connections["default"] = memory


def in_parallel(calls: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run the calls in threads that start together; ("ok", result) or ("error", exc)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            connections["default"].ensure_connection()
            barrier.wait(timeout=THREAD_TIMEOUT)
            outcomes[index] = ("ok", call())
        except BaseException as error:  # noqa: BLE001 - reported to the test
            outcomes[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THREAD_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return outcomes


def errors(outcomes) -> list[BaseException]:
    return [value for kind, value in outcomes if kind == "error"]


@pytest.fixture
def staff(transactional_db):
    return UserFactory(username="wirtschaftsfoerderung", role="staff", is_staff=True)


@pytest.fixture
def body(transactional_db):
    return BodyFactory(name="Industrie-Forum", slug="industrie-forum-test")


def member(body, *, role: str = "member", **membership):
    person = PersonFactory()
    user = UserFactory(role="company", person=person, organisation=OrganisationFactory())
    MembershipFactory(
        body=body, person=person, organisation=user.organisation, role=role, **membership
    )
    return user


def open_vote(staff, body, *, method: str = Vote.Method.APPROVAL) -> Vote:
    vote = services.vote_create(
        actor=staff,
        body=body,
        title="Nächstes Schwerpunktthema",
        options=["Jobticket", "Innovationscluster", "Lehrerpraktika"],
        method=method,
    )
    return services.vote_open(actor=staff, vote=vote)


def first_option(vote: Vote) -> int:
    return vote.options.order_by("position").values_list("pk", flat=True)[0]


def casts() -> int:
    return AuditEvent.objects.filter(action="dialog.vote.cast").count()


def test_the_test_runs_on_a_database_several_connections_share():
    assert connection.vendor in ("sqlite", "postgresql")
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()


def test_eight_concurrent_ballots_of_one_member_count_once(staff, body):
    voter = member(body)
    vote = open_vote(staff, body)
    option = first_option(vote)

    outcomes = in_parallel(
        [lambda: services.ballot_cast(actor=voter, vote=vote, approvals=[option]) for _ in range(8)]
    )

    refused = errors(outcomes)
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert len(refused) == 7
    assert all(type(error) is services.AlreadyVoted for error in refused), refused
    assert VoteParticipation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.get(vote=vote).approvals == [option]
    assert casts() == 1


def test_the_unique_constraint_is_what_refuses_the_second_ballot(staff, body):
    """Control: the refusals come from the database's unique constraint (the
    IntegrityError behind AlreadyVoted), not from a check in Python that concurrent
    requests could pass together. Without the constraint this test fails."""
    voter = member(body)
    vote = open_vote(staff, body)
    option = first_option(vote)

    outcomes = in_parallel(
        [lambda: services.ballot_cast(actor=voter, vote=vote, approvals=[option]) for _ in range(8)]
    )

    from_constraint = [
        error for error in errors(outcomes) if isinstance(error.__context__, IntegrityError)
    ]
    assert len(from_constraint) >= 1
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, VoteParticipation._meta.db_table
        )
    assert any(
        c["unique"] and sorted(c["columns"]) == ["person_id", "vote_id"]
        for c in constraints.values()
    )


def test_ten_members_voting_at_once_are_all_counted(staff, body):
    voters = [member(body) for _ in range(10)]
    vote = open_vote(staff, body, method=Vote.Method.RANKED)
    ranking = list(vote.options.order_by("position").values_list("pk", flat=True))

    outcomes = in_parallel(
        [
            (lambda user=user: services.ballot_cast(actor=user, vote=vote, ranking=ranking))
            for user in voters
        ]
    )

    assert errors(outcomes) == []
    assert VoteParticipation.objects.filter(vote=vote).count() == 10
    assert Ballot.objects.filter(vote=vote).count() == 10
    assert set(VoteParticipation.objects.filter(vote=vote).values_list("person_id", flat=True)) == {
        user.person_id for user in voters
    }
    assert casts() == 10


def test_concurrent_attempts_of_non_members_are_refused_and_write_nothing(staff, body):
    outsider = UserFactory(
        role="company", person=PersonFactory(), organisation=OrganisationFactory()
    )
    guest = member(body, role="guest")
    former = member(body)
    services.membership_end(
        actor=staff, membership=former.person.memberships.get(), end_date=dt.date(2024, 12, 31)
    )
    vote = open_vote(staff, body)
    option = first_option(vote)
    events = AuditEvent.objects.count()

    outcomes = in_parallel(
        [
            (lambda user=user: services.ballot_cast(actor=user, vote=vote, approvals=[option]))
            for user in [outsider] * 4 + [guest] * 2 + [former] * 2
        ]
    )

    refused = errors(outcomes)
    assert len(refused) == 8
    assert all(type(error) is PermissionDenied for error in refused), refused
    assert not VoteParticipation.objects.filter(vote=vote).exists()
    assert not Ballot.objects.filter(vote=vote).exists()
    assert AuditEvent.objects.count() == events


def test_a_vote_closed_while_ballots_arrive_counts_each_ballot_or_refuses_it(staff, body):
    voters = [member(body) for _ in range(12)]
    vote = open_vote(staff, body)
    option = first_option(vote)

    calls: list[Callable[[], Any]] = [
        (lambda user=user: services.ballot_cast(actor=user, vote=vote, approvals=[option]))
        for user in voters
    ]
    calls.insert(6, lambda: services.vote_close(actor=staff, vote=vote))
    outcomes = in_parallel(calls)

    closing = outcomes.pop(6)
    assert closing[0] == "ok", closing
    counted = [voters[i] for i, (kind, _) in enumerate(outcomes) if kind == "ok"]
    refused = errors(outcomes)
    assert len(counted) + len(refused) == 12
    for error in refused:
        assert type(error) is ValidationError, error
        assert error.messages == ["Diese Abstimmung ist nicht geöffnet."]
    vote.refresh_from_db()
    participations = VoteParticipation.objects.filter(vote=vote)
    assert vote.status == Vote.Status.CLOSED
    assert set(participations.values_list("person_id", flat=True)) == {
        user.person_id for user in counted
    }
    assert all(p.cast_at <= vote.closed_at for p in participations)
    assert Ballot.objects.filter(vote=vote).count() == len(counted)
    close_event = AuditEvent.objects.get(action="dialog.vote.close")
    assert close_event.data == {"ballots": len(counted), "eligible": 12}
    result = selectors.vote_result(vote)
    assert (result.ballots, result.approval.counts[option]) == (len(counted), len(counted))
