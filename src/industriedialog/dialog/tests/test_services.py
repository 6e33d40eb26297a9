"""The rules of the dialog services: members, join requests, meetings and invitations, the
meeting rhythm, action items and votes. Every write is audited; a refused write leaves
nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory, UserFactory
from industriedialog.dialog import selectors, services
from industriedialog.dialog.models import (
    ActionItem,
    Ballot,
    Body,
    JoinRequest,
    Meeting,
    Membership,
    Vote,
    VoteParticipation,
)
from industriedialog.dialog.tests.factories import (
    ActionItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def member_user(
    body: Body,
    *,
    role: str = "member",
    user_role: str = "company",
    organisation=None,
    email: str | None = None,
):
    """A signed-in user with a person who holds a seat in `body`."""
    person = PersonFactory(email=email or "")
    user = UserFactory(
        role=user_role, person=person, organisation=organisation or OrganisationFactory()
    )
    MembershipFactory(body=body, person=person, organisation=user.organisation, role=role)
    return user


@pytest.fixture
def body(db):
    return BodyFactory(name="AG Fachkräfte", slug="ag-fachkraefte", cadence_months=3)


@pytest.fixture
def staff(users):
    return users["staff"]


# --- bodies and members --------------------------------------------------------------------


def test_body_create_by_staff_is_audited(staff):
    initiative = InitiativeFactory(slug="industrie-dialog")
    forum = services.body_create(
        actor=staff,
        initiative=initiative,
        data={"kind": "forum", "name": "Industrie-Forum", "min_company_members": 30},
    )

    group = services.body_create(
        actor=staff,
        initiative=initiative,
        data={
            "kind": "working_group",
            "name": "AG Flächen",
            "parent": forum,
            "topic": "Gewerbeflächen",
        },
    )

    assert (forum.slug, group.slug) == (
        "industrie-dialog-industrie-forum",
        "industrie-dialog-ag-flachen",
    )
    assert group.parent == forum
    assert actions() == ["dialog.body.create", "dialog.body.create"]


def test_body_create_refuses_parent_of_another_initiative_and_non_staff(staff, users):
    other = BodyFactory()

    with pytest.raises(ValidationError) as error:
        services.body_create(
            actor=staff,
            initiative=InitiativeFactory(),
            data={"kind": "working_group", "name": "AG X", "parent": other},
        )
    with pytest.raises(PermissionDenied):
        services.body_create(
            actor=users["company"],
            initiative=other.initiative,
            data={"kind": "working_group", "name": "AG Y"},
        )

    assert error.value.message_dict == {
        "parent": ["Das übergeordnete Gremium gehört zu einer anderen Initiative."]
    }
    assert Body.objects.count() == 1
    assert actions() == []


def test_membership_of_a_company_is_member_and_of_a_chamber_intermediary(body, staff):
    company = OrganisationFactory(kind="company")
    chamber = OrganisationFactory(kind="chamber")

    from_company = services.membership_add(
        actor=staff, body=body, person=PersonFactory(), organisation=company
    )
    from_chamber = services.membership_add(
        actor=staff, body=body, person=PersonFactory(), organisation=chamber
    )
    chair_from_chamber = services.membership_add(
        actor=staff, body=body, person=PersonFactory(), organisation=chamber, role="chair"
    )

    assert (from_company.role, from_chamber.role, chair_from_chamber.role) == (
        "member",
        "intermediary",
        "chair",
    )
    composition = selectors.composition_of(body)
    assert (composition.companies, composition.intermediaries) == (1, 2)
    assert actions() == ["dialog.membership.add"] * 3


def test_membership_no_second_open_seat(body, staff):
    person = PersonFactory(first_name="Jana", last_name="Beispiel")
    organisation = OrganisationFactory()
    services.membership_add(actor=staff, body=body, person=person, organisation=organisation)

    with pytest.raises(ValidationError) as error:
        services.membership_add(actor=staff, body=body, person=person, organisation=organisation)

    assert error.value.messages == ["Jana Beispiel ist bereits Mitglied in AG Fachkräfte."]
    assert Membership.objects.count() == 1
    assert actions() == ["dialog.membership.add"]


def test_membership_end_and_rejoin(body, staff):
    person = PersonFactory()
    membership = services.membership_add(
        actor=staff,
        body=body,
        person=person,
        organisation=OrganisationFactory(),
        start_date=dt.date(2024, 1, 1),
    )

    with pytest.raises(ValidationError) as error:
        services.membership_end(actor=staff, membership=membership, end_date=dt.date(2023, 12, 31))
    services.membership_end(actor=staff, membership=membership, end_date=dt.date(2025, 6, 30))
    services.membership_add(
        actor=staff, body=body, person=person, organisation=membership.organisation
    )

    assert error.value.message_dict == {
        "end_date": ["Das Ende liegt vor dem Beginn der Mitgliedschaft."]
    }
    assert list(body.memberships.order_by("pk").values_list("end_date", flat=True)) == [
        dt.date(2025, 6, 30),
        None,
    ]


def test_membership_add_only_by_staff_or_chair(body, users):
    chair = member_user(body, role="chair")
    member = member_user(body)

    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=member, body=body, person=PersonFactory(), organisation=OrganisationFactory()
        )
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=users["partner"],
            body=body,
            person=PersonFactory(),
            organisation=OrganisationFactory(),
        )
    added = services.membership_add(
        actor=chair, body=body, person=PersonFactory(), organisation=OrganisationFactory()
    )

    assert added.body == body
    assert body.memberships.count() == 3
    assert actions() == ["dialog.membership.add"]


# --- join requests -------------------------------------------------------------------------


@pytest.fixture
def applicant(users):
    user = users["company"]
    user.person = PersonFactory(first_name="Karl", last_name="Antrag", email="karl@example.org")
    user.save()
    return user


def test_join_request_accepted_makes_member_and_mails(
    body, staff, applicant, django_capture_on_commit_callbacks
):
    join_request = services.join_request_create(
        actor=applicant, body=body, message="  Wir möchten mitarbeiten.  "
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            actor=staff, join_request=join_request, accept=True, note="Willkommen im Team."
        )

    join_request.refresh_from_db()
    membership = Membership.objects.get(body=body, person=applicant.person)
    assert (join_request.status, join_request.decided_by, join_request.message) == (
        "accepted",
        staff,
        "Wir möchten mitarbeiten.",
    )
    assert (membership.organisation, membership.role) == (applicant.organisation, "member")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert mail.outbox[0].subject == "Ihre Anfrage: AG Fachkräfte"
    assert "wurde angenommen" in mail.outbox[0].body
    assert "Begründung: Willkommen im Team." in mail.outbox[0].body
    assert actions() == [
        "dialog.join_request.create",
        "dialog.membership.add",
        "dialog.join_request.decide",
    ]


def test_join_request_declined_by_chair_mails_and_adds_nobody(
    body, applicant, django_capture_on_commit_callbacks
):
    chair = member_user(body, role="chair")
    join_request = services.join_request_create(actor=applicant, body=body)

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=chair, join_request=join_request, accept=False)

    assert JoinRequest.objects.get().status == "declined"
    assert not Membership.objects.filter(person=applicant.person).exists()
    assert len(mail.outbox) == 1
    assert "leider abgelehnt" in mail.outbox[0].body


def test_join_request_of_a_partner_member_becomes_intermediary(
    body, staff, users, django_capture_on_commit_callbacks
):
    partner = users["partner"]
    partner.person = PersonFactory()
    partner.save()
    join_request = services.join_request_create(actor=partner, body=body)

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=staff, join_request=join_request, accept=True)

    assert Membership.objects.get(person=partner.person).role == "intermediary"


def test_join_request_duplicate_pending_is_refused(body, applicant):
    services.join_request_create(actor=applicant, body=body)

    with pytest.raises(ValidationError) as error:
        services.join_request_create(actor=applicant, body=body, message="Nochmal")

    assert error.value.messages == ["Ihre Anfrage für dieses Gremium liegt bereits vor."]
    assert JoinRequest.objects.count() == 1
    assert actions() == ["dialog.join_request.create"]


def test_join_request_refused_for_public_staff_missing_person_and_members(body, users):
    member = member_user(body)
    without_person = UserFactory(role="company", organisation=OrganisationFactory())

    for actor in (users["public"], users["staff"], without_person, None):
        with pytest.raises(PermissionDenied):
            services.join_request_create(actor=actor, body=body)
    with pytest.raises(ValidationError) as error:
        services.join_request_create(actor=member, body=body)

    assert error.value.messages == ["Sie sind bereits Mitglied in diesem Gremium."]
    assert JoinRequest.objects.count() == 0
    assert actions() == []


def test_join_request_decided_only_once_and_only_by_managers(
    body, staff, applicant, django_capture_on_commit_callbacks
):
    member = member_user(body)
    join_request = services.join_request_create(actor=applicant, body=body)

    with pytest.raises(PermissionDenied):
        services.join_request_decide(actor=member, join_request=join_request, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=staff, join_request=join_request, accept=False)
    with pytest.raises(ValidationError) as error:
        services.join_request_decide(actor=staff, join_request=join_request, accept=True)

    assert error.value.messages == ["Über diese Anfrage ist bereits entschieden."]
    assert JoinRequest.objects.get().status == "declined"
    assert len(mail.outbox) == 1


# --- meetings ------------------------------------------------------------------------------


def test_meeting_create_with_agenda_and_german_time_error(body, staff):
    start = timezone.now() + dt.timedelta(days=7)

    meeting = services.meeting_create(
        actor=staff,
        body=body,
        data={"title": "3. Sitzung", "starts_at": start, "ends_at": start + dt.timedelta(hours=2)},
        agenda=["Begrüßung", "  ", "Bericht Flächenbedarf"],
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=staff, body=body, data={"title": "Falsch", "starts_at": start, "ends_at": start}
        )

    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "Begrüßung"),
        (2, "Bericht Flächenbedarf"),
    ]
    assert error.value.message_dict == {
        "ends_at": ["Das Ende der Sitzung muss nach ihrem Beginn liegen."]
    }
    assert Meeting.objects.count() == 1


def test_meeting_invite_mails_current_members_once_with_calendar(
    body, staff, django_capture_on_commit_callbacks
):
    member_user(body, email="anna@example.org")
    member_user(body, role="chair", email="bert@example.org")
    member_user(body, email="")  # no address: nobody to write to
    former = MembershipFactory(
        body=body,
        person=PersonFactory(email="alt@example.org"),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2023, 1, 1),
    )
    MembershipFactory(person=PersonFactory(email="fremd@example.org"))  # another body
    meeting = MeetingFactory(body=body, title="Frühjahrssitzung")
    meeting.agenda_items.create(position=1, title="Begrüßung")

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=staff, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == "invited" and meeting.invitation_sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == ["anna@example.org", "bert@example.org"]
    assert former.person.email not in message.bcc + message.to
    assert message.subject.startswith("Einladung: AG Fachkräfte am ")
    assert "TOP 1: Begrüßung" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("sitzung.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VCALENDAR" in text
    assert "SUMMARY:AG Fachkräfte: Frühjahrssitzung" in text
    assert actions() == ["dialog.meeting.invite"]


def test_meeting_invite_refused_for_past_or_cancelled_meetings(body, staff):
    past = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=1))
    cancelled = MeetingFactory(body=body, status="cancelled")

    with pytest.raises(ValidationError) as past_error:
        services.meeting_invite(actor=staff, meeting=past)
    with pytest.raises(ValidationError) as cancelled_error:
        services.meeting_invite(actor=staff, meeting=cancelled)

    assert past_error.value.messages == ["Die Sitzung liegt in der Vergangenheit."]
    assert cancelled_error.value.messages == ["Zu einer abgesagten Sitzung wird nicht eingeladen."]
    assert len(mail.outbox) == 0
    assert actions() == []


def test_minutes_attendance_decisions_are_audited(body, staff):
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(hours=3))
    person = PersonFactory()
    MembershipFactory(body=body, person=person)
    future = MeetingFactory(body=body)

    services.attendance_record(actor=staff, meeting=meeting, person=person, status="present")
    services.attendance_record(actor=staff, meeting=meeting, person=person, status="excused")
    services.minutes_save(actor=staff, meeting=meeting, minutes=" Protokolltext ")
    services.decision_add(actor=staff, meeting=meeting, text="Die AG tagt künftig online.")
    with pytest.raises(ValidationError) as error:
        services.minutes_save(actor=staff, meeting=future, minutes="zu früh")

    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == ("held", "Protokolltext")
    assert list(meeting.attendances.values_list("status", flat=True)) == ["excused"]
    assert error.value.messages == [
        "Eine Sitzung in der Zukunft kann nicht als durchgeführt gelten."
    ]
    assert actions() == [
        "dialog.attendance.record",
        "dialog.attendance.record",
        "dialog.meeting.minutes",
        "dialog.decision.add",
    ]


# --- the meeting rhythm --------------------------------------------------------------------


def test_cadence_quarterly_body_four_months_after_last_meeting_is_overdue(body):
    today = timezone.localdate()
    last_start = timezone.now() - dt.timedelta(days=122)
    MeetingFactory(body=body, starts_at=last_start, status="held")

    cadence = selectors.cadence_of(body, today=today)

    last_day = timezone.localtime(last_start).date()
    assert cadence.is_overdue is True
    assert cadence.proposed_date == selectors.add_months(last_day, 3)
    assert cadence.proposed_date < today
    assert selectors.overdue_bodies(today=today) == [(body, cadence)]


def test_cadence_with_a_planned_meeting_is_not_overdue(body):
    MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=122))
    upcoming = MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=5))

    cadence = selectors.cadence_of(body)

    assert (cadence.is_overdue, cadence.proposed_date, cadence.next_meeting) == (
        False,
        None,
        upcoming,
    )


def test_cadence_within_rhythm_proposes_a_date_and_is_not_overdue(body):
    last_start = timezone.now() - dt.timedelta(days=30)
    MeetingFactory(body=body, starts_at=last_start)

    cadence = selectors.cadence_of(body)

    assert cadence.is_overdue is False
    assert cadence.proposed_date == selectors.add_months(timezone.localtime(last_start).date(), 3)


def test_add_months_keeps_the_end_of_month():
    assert selectors.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert selectors.add_months(dt.date(2025, 12, 1), 3) == dt.date(2026, 3, 1)


# --- action items --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("open", "in_progress"),
        ("open", "done"),
        ("open", "cancelled"),
        ("in_progress", "open"),
        ("in_progress", "done"),
        ("in_progress", "cancelled"),
        ("done", "open"),
        ("cancelled", "open"),
    ],
)
def test_action_item_legal_transitions(body, start, target):
    assignee = member_user(body)
    item = ActionItemFactory(body=body, assignee=assignee.person, status=start)

    changed = services.action_item_set_status(actor=assignee, item=item, status=target)

    item.refresh_from_db()
    assert changed.status == item.status == target
    event = AuditEvent.objects.get()
    assert (event.action, event.data) == (
        "dialog.action_item.status",
        {"from": start, "to": target},
    )


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("done", "in_progress", "Von „erledigt“ kann die Aufgabe nicht auf „in Arbeit“ wechseln."),
        ("done", "cancelled", "Von „erledigt“ kann die Aufgabe nicht auf „entfallen“ wechseln."),
        ("cancelled", "done", "Von „entfallen“ kann die Aufgabe nicht auf „erledigt“ wechseln."),
        ("open", "open", "Von „offen“ kann die Aufgabe nicht auf „offen“ wechseln."),
        ("open", "erledigt", "Von „offen“ kann die Aufgabe nicht auf „erledigt“ wechseln."),
    ],
)
def test_action_item_illegal_transitions_change_nothing(body, start, target, message):
    assignee = member_user(body)
    item = ActionItemFactory(body=body, assignee=assignee.person, status=start)

    with pytest.raises(ValidationError) as error:
        services.action_item_set_status(actor=assignee, item=item, status=target)

    item.refresh_from_db()
    assert error.value.messages == [message]
    assert item.status == start
    assert actions() == []


def test_action_item_status_only_by_assignee_staff_or_chair(body, users):
    assignee = member_user(body)
    other_member = member_user(body)
    chair = member_user(body, role="chair")
    item = ActionItemFactory(body=body, assignee=assignee.person)

    for actor in (other_member, users["company"], users["public"], users["partner"], None):
        with pytest.raises(PermissionDenied):
            services.action_item_set_status(actor=actor, item=item, status="done")
    services.action_item_set_status(actor=chair, item=item, status="in_progress")
    services.action_item_set_status(actor=users["staff"], item=item, status="done")

    assert ActionItem.objects.get().status == "done"
    assert actions() == ["dialog.action_item.status"] * 2


def test_my_action_items_open_first_then_by_due_date(body):
    user = member_user(body)
    person = user.person
    today = timezone.localdate()
    done = ActionItemFactory(
        body=body,
        assignee=person,
        title="Erledigt",
        status="done",
        due_date=today - dt.timedelta(days=30),
    )
    later = ActionItemFactory(
        body=body, assignee=person, title="Später", due_date=today + dt.timedelta(days=30)
    )
    undated = ActionItemFactory(body=body, assignee=person, title="Ohne Datum")
    overdue = ActionItemFactory(
        body=body,
        assignee=person,
        title="Überfällig",
        status="in_progress",
        due_date=today - dt.timedelta(days=1),
    )
    ActionItemFactory(body=body, title="Fremde Aufgabe")

    items = list(selectors.my_action_items(user))

    assert items == [overdue, later, undated, done]
    assert [item.is_overdue for item in items] == [True, False, False, False]


# --- votes ---------------------------------------------------------------------------------


@pytest.fixture
def electorate(body):
    """Four voting members, a guest and a former member."""
    voters = [member_user(body) for _ in range(3)] + [member_user(body, role="chair")]
    guest = member_user(body, role="guest")
    former = member_user(body)
    Membership.objects.filter(person=former.person).update(end_date=dt.date(2024, 6, 30))
    return {"voters": voters, "guest": guest, "former": former}


def open_vote(body, staff, **kwargs) -> Vote:
    vote = services.vote_create(
        actor=staff,
        body=body,
        title=kwargs.pop("title", "Wahl"),
        options=kwargs.pop("options", ["A", "B", "C"]),
        **kwargs,
    )
    return services.vote_open(actor=staff, vote=vote)


def option_ids(vote: Vote) -> dict[str, int]:
    return {option.label: option.pk for option in vote.options.all()}


def counts() -> tuple[int, int, int]:
    return (VoteParticipation.objects.count(), Ballot.objects.count(), AuditEvent.objects.count())


def test_only_current_non_guest_members_vote(body, staff, users, electorate):
    vote = open_vote(body, staff)
    ids = option_ids(vote)
    before = counts()

    for actor in (
        electorate["guest"],
        electorate["former"],
        users["company"],
        users["public"],
        users["staff"],
        None,
    ):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=actor, vote=vote, approvals=[ids["A"]])

    assert counts() == before
    assert selectors.eligible_voters(body).count() == 4


def test_a_member_votes_once(body, staff, electorate):
    vote = open_vote(body, staff)
    ids = option_ids(vote)
    voter = electorate["voters"][0]
    services.ballot_cast(actor=voter, vote=vote, approvals=[ids["A"]])
    before = counts()

    with pytest.raises(services.AlreadyVoted) as error:
        services.ballot_cast(actor=voter, vote=vote, approvals=[ids["B"]])

    assert error.value.messages == ["Sie haben in dieser Abstimmung bereits abgestimmt."]
    assert counts() == before
    assert Ballot.objects.get().approvals == [ids["A"]]
    assert selectors.has_voted(voter, vote) is True


def test_no_ballot_before_opening_or_after_closing(body, staff, electorate):
    voter = electorate["voters"][0]
    draft = services.vote_create(actor=staff, body=body, title="Entwurf", options=["A", "B"])
    closed = open_vote(body, staff, title="Vorbei")
    services.vote_close(actor=staff, vote=closed)
    before = counts()

    for vote in (draft, closed):
        with pytest.raises(ValidationError) as error:
            services.ballot_cast(actor=voter, vote=vote, approvals=[vote.options.first().pk])
        assert error.value.messages == ["Diese Abstimmung ist nicht geöffnet."]

    assert counts() == before


def test_ballot_content_is_validated(body, staff, electorate):
    voter = electorate["voters"][0]
    vote = open_vote(body, staff)
    ranked = open_vote(body, staff, title="Rangfolge", method="ranked")
    foreign = option_ids(ranked)["A"]

    with pytest.raises(ValidationError) as empty:
        services.ballot_cast(actor=voter, vote=vote, approvals=[])
    with pytest.raises(ValidationError) as unknown:
        services.ballot_cast(actor=voter, vote=vote, approvals=[foreign])
    with pytest.raises(ValidationError) as twice:
        services.ballot_cast(
            actor=voter, vote=ranked, ranking=[foreign, [foreign, option_ids(ranked)["B"]]]
        )

    assert empty.value.messages == ["Bitte wählen Sie mindestens eine Option."]
    assert unknown.value.messages == ["Unbekannte Option."]
    assert twice.value.messages == ["Jede Option darf nur einen Rang haben."]
    assert VoteParticipation.objects.count() == 0


def test_secret_ballots_carry_no_voter_open_ones_do(body, staff, electorate):
    voter = electorate["voters"][0]
    secret = open_vote(body, staff, title="Geheim", secrecy="secret")
    public = open_vote(body, staff, title="Offen")

    services.ballot_cast(actor=voter, vote=secret, approvals=[option_ids(secret)["A"]])
    services.ballot_cast(actor=voter, vote=public, approvals=[option_ids(public)["A"]])

    secret_ballot = Ballot.objects.get(vote=secret)
    assert secret_ballot.voter is None
    assert VoteParticipation.objects.filter(vote=secret, person=voter.person).exists()
    assert Ballot.objects.get(vote=public).voter.person == voter.person


def test_vote_create_needs_two_distinct_options(body, staff):
    with pytest.raises(ValidationError) as too_few:
        services.vote_create(actor=staff, body=body, title="Frage", options=["A", " "])
    with pytest.raises(ValidationError) as repeated:
        services.vote_create(actor=staff, body=body, title="Frage", options=["A", "A"])

    assert too_few.value.message_dict == {
        "options": ["Eine Abstimmung braucht mindestens zwei Optionen."]
    }
    assert repeated.value.message_dict == {"options": ["Jede Option darf nur einmal vorkommen."]}
    assert Vote.objects.count() == 0


def test_approval_result_with_turnout_after_closing(body, staff, electorate):
    vote = open_vote(body, staff, title="Schwerpunkt 2026")
    ids = option_ids(vote)
    first, second, third, _fourth = electorate["voters"]
    services.ballot_cast(actor=first, vote=vote, approvals=[ids["A"], ids["B"]])
    services.ballot_cast(actor=second, vote=vote, approvals=[ids["B"]])
    services.ballot_cast(actor=third, vote=vote, approvals=[ids["B"], ids["C"]])

    with pytest.raises(Http404):
        selectors.vote_result(vote)
    services.vote_close(actor=staff, vote=vote)
    vote.refresh_from_db()
    result = selectors.vote_result(vote)

    assert (result.ballots, result.eligible, result.turnout) == (3, 4, 0.75)
    assert result.approval.counts == {ids["A"]: 1, ids["B"]: 3, ids["C"]: 1}
    assert result.approval.winners == [ids["B"]]
    assert sorted(result.voters) == sorted(u.person.full_name for u in (first, second, third))
    assert actions() == (
        ["dialog.vote.create", "dialog.vote.open"]
        + ["dialog.vote.cast"] * 3
        + ["dialog.vote.close"]
    )
    assert AuditEvent.objects.filter(action="dialog.vote.close").get().data == {
        "ballots": 3,
        "eligible": 4,
    }


def test_ranked_result_schulze_with_ties_and_secret_voters(body, staff, electorate):
    vote = open_vote(
        body, staff, title="Reihenfolge der Projekte", method="ranked", secrecy="secret"
    )
    a, b, c = (option_ids(vote)[label] for label in "ABC")
    first, second, third, fourth = electorate["voters"]
    services.ballot_cast(actor=first, vote=vote, ranking=[a, b, c])
    services.ballot_cast(actor=second, vote=vote, ranking=[a, c, b])
    services.ballot_cast(actor=third, vote=vote, ranking=[[b, c], a])  # B and C tie first
    services.ballot_cast(actor=fourth, vote=vote, ranking=[c])  # A and B unranked: last

    services.vote_close(actor=staff, vote=vote)
    vote.refresh_from_db()
    result = selectors.vote_result(vote)

    # A beats B 2:1, C beats B 2:1, A and C tie 2:2.
    assert result.schulze.pairwise == {a: {b: 2, c: 2}, b: {a: 1, c: 1}, c: {a: 2, b: 2}}
    assert result.schulze.ranking == [[a, c], [b]]
    assert result.ranked_labels() == [["A", "C"], ["B"]]
    assert (result.ballots, result.eligible, result.turnout) == (4, 4, 1.0)
    assert result.voters == []


def test_vote_open_and_close_only_by_managers_and_in_order(body, staff, electorate):
    member = electorate["voters"][0]
    vote = services.vote_create(actor=staff, body=body, title="Frage", options=["Ja", "Nein"])

    with pytest.raises(PermissionDenied):
        services.vote_open(actor=member, vote=vote)
    with pytest.raises(ValidationError) as early_close:
        services.vote_close(actor=staff, vote=vote)
    services.vote_open(actor=electorate["voters"][3], vote=vote)  # the chair
    with pytest.raises(ValidationError) as reopen:
        services.vote_open(actor=staff, vote=vote)

    assert early_close.value.messages == ["Nur eine laufende Abstimmung kann geschlossen werden."]
    assert reopen.value.messages == ["Nur ein Entwurf kann geöffnet werden."]
    assert Vote.objects.get().status == "open"
