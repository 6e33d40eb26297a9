"""The outreach services: target selection, the state machine, the visit report in one
transaction, follow-ups and who may handle them, retention of visit notes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures.tests.factories import MeasureFactory
from industriedialog.outreach import selectors, services
from industriedialog.outreach.models import (
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Interest,
    Need,
    RiskFlag,
    TargetStatus,
    Visit,
)
from industriedialog.outreach.taxonomy import NeedField, NeedTopic

from .factories import CampaignFactory, CampaignTargetFactory, FollowUpFactory, VisitFactory

TODAY = timezone.localdate()


def _firm(name, **kwargs):
    defaults = {"wz_code": "28.41", "wz_version": "WZ2008", "municipality_key": "05334002"}
    return OrganisationFactory(name=name, **{**defaults, **kwargs})


def test_a_campaign_targets_exactly_what_its_filter_selects(users):
    given_industry = [_firm("Maschinenbau Eins GmbH"), _firm("Gießerei Zwei GmbH", wz_code="24.51")]
    _firm("Softwarehaus Drei GmbH", wz_code="62.01")  # section J: not industry
    _firm("Maschinenbau Vier GmbH", municipality_key="05334004")  # another town
    OrganisationFactory(name="Kammer", kind="chamber", wz_code="94.11", wz_version="WZ2008")

    campaign = services.campaign_create(
        actor=users["staff"],
        initiative=InitiativeFactory(),
        data={"name": "Bestandspflege 2026", "starts_on": dt.date(2026, 1, 1)},
        target_filter={"wz_sections": ["B", "C", "D", "E"], "municipality_key": "05334002"},
    )

    targets = CampaignTarget.objects.filter(campaign=campaign)
    assert {t.organisation for t in targets} == set(given_industry)
    assert {t.status for t in targets} == {TargetStatus.NOT_CONTACTED}
    event = AuditEvent.objects.get(action="outreach.campaign.create")
    assert event.data["targets"] == 2 and event.actor == users["staff"]


def test_a_filter_that_selects_nobody_is_refused_and_writes_nothing(users):
    with pytest.raises(ValidationError, match="kein Unternehmen"):
        services.campaign_create(
            actor=users["staff"],
            initiative=InitiativeFactory(),
            data={"name": "Leer", "starts_on": dt.date(2026, 1, 1)},
            target_filter={"wz_sections": ["B"], "municipality_key": "99999999"},
        )
    assert not CampaignTarget.objects.exists()
    assert not AuditEvent.objects.filter(action="outreach.campaign.create").exists()


@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_only_staff_open_campaigns(users, role):
    _firm("Maschinenbau GmbH")
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=users[role],
            initiative=InitiativeFactory(),
            data={"name": "X", "starts_on": dt.date(2026, 1, 1)},
            target_filter={},
        )


@pytest.mark.parametrize(
    ("start", "new", "allowed"),
    [
        (TargetStatus.NOT_CONTACTED, TargetStatus.CONTACTED, True),
        (TargetStatus.NOT_CONTACTED, TargetStatus.VISITED, False),
        (TargetStatus.NOT_CONTACTED, TargetStatus.DECLINED, False),
        (TargetStatus.CONTACTED, TargetStatus.DECLINED, True),
        (TargetStatus.CONTACTED, TargetStatus.VISIT_PLANNED, True),
        (TargetStatus.CONTACTED, TargetStatus.VISITED, False),
        (TargetStatus.VISIT_PLANNED, TargetStatus.VISITED, True),
        (TargetStatus.DECLINED, TargetStatus.CONTACTED, True),
        (TargetStatus.DECLINED, TargetStatus.VISITED, False),
        (TargetStatus.VISITED, TargetStatus.NOT_CONTACTED, False),
    ],
)
def test_status_follows_the_state_machine(users, start, new, allowed):
    target = CampaignTargetFactory(status=start)
    if allowed:
        services.target_transition(actor=users["staff"], target=target, status=new)
        target.refresh_from_db()
        assert target.status == new
        assert AuditEvent.objects.get(action="outreach.target.status").data == {
            "from": start,
            "to": new,
        }
    else:
        with pytest.raises(ValidationError) as error:
            services.target_transition(actor=users["staff"], target=target, status=new)
        assert "kann nicht zu" in str(error.value)
        target.refresh_from_db()
        assert target.status == start
        assert not AuditEvent.objects.filter(action="outreach.target.status").exists()


def test_declining_sets_no_interest(users):
    target = CampaignTargetFactory(status=TargetStatus.CONTACTED)
    services.target_transition(actor=users["staff"], target=target, status=TargetStatus.DECLINED)
    target.refresh_from_db()
    assert target.interest == Interest.NONE


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (ContactAttempt.Outcome.NOT_REACHED, TargetStatus.NOT_CONTACTED),
        (ContactAttempt.Outcome.REACHED, TargetStatus.CONTACTED),
        (ContactAttempt.Outcome.CALLBACK, TargetStatus.CONTACTED),
        (ContactAttempt.Outcome.DECLINED, TargetStatus.DECLINED),
        (ContactAttempt.Outcome.VISIT_AGREED, TargetStatus.VISIT_PLANNED),
    ],
)
def test_a_contact_attempt_moves_the_target_on(users, outcome, status):
    target = CampaignTargetFactory()
    services.contact_attempt_record(
        actor=users["staff"],
        target=target,
        attempted_on=TODAY,
        channel=ContactAttempt.Channel.PHONE,
        outcome=outcome,
        visit_planned_on=TODAY + dt.timedelta(days=7),
    )
    target.refresh_from_db()
    assert target.status == status
    assert target.contact_attempts.count() == 1


def test_a_reached_call_after_the_visit_was_planned_keeps_the_plan(users):
    target = CampaignTargetFactory(status=TargetStatus.VISIT_PLANNED)
    services.contact_attempt_record(
        actor=users["staff"],
        target=target,
        attempted_on=TODAY,
        channel=ContactAttempt.Channel.EMAIL,
        outcome=ContactAttempt.Outcome.REACHED,
    )
    target.refresh_from_db()
    assert target.status == TargetStatus.VISIT_PLANNED


def test_a_contact_attempt_in_the_future_is_refused(users):
    target = CampaignTargetFactory()
    with pytest.raises(ValidationError, match="Zukunft"):
        services.contact_attempt_record(
            actor=users["staff"],
            target=target,
            attempted_on=TODAY + dt.timedelta(days=1),
            channel=ContactAttempt.Channel.PHONE,
            outcome=ContactAttempt.Outcome.REACHED,
        )
    assert not ContactAttempt.objects.exists()
    target.refresh_from_db()
    assert target.status == TargetStatus.NOT_CONTACTED


def _report(partner, measure, **overrides):
    values = {
        "visited_on": TODAY,
        "notes": "Geschäftsführer denkt über Nachfolge nach.",
        "company_participants": "Hans Beispiel, Geschäftsführer",
        "knew_dialogue": True,
        "interest": Interest.HIGH,
        "needs": [
            services.NeedInput(topic=NeedTopic.TRAINING, measures=[measure]),
            services.NeedInput(topic=NeedTopic.ENERGY_COSTS, description="Strompreis"),
        ],
        "follow_ups": [
            services.FollowUpInput(
                partner=partner,
                title="Ausbildungsberatung",
                request="Bitte zur Ausbildung beraten.",
                due_on=TODAY + dt.timedelta(days=14),
                need_index=0,
            )
        ],
        "signals": [services.SignalInput(kind="succession", severity=3, note="Nachfolge offen")],
    }
    return services.VisitInput(**{**values, **overrides})


def test_the_visit_report_writes_everything_at_once(
    users, partner_organisation, django_capture_on_commit_callbacks
):
    partner_organisation.email = "bestandspflege@ihk.example"
    partner_organisation.save()
    target = CampaignTargetFactory(status=TargetStatus.CONTACTED)
    measure = MeasureFactory(initiative=target.campaign.initiative)

    with django_capture_on_commit_callbacks(execute=True):
        visit = services.visit_record(
            actor=users["staff"],
            target=target,
            data=_report(partner_organisation, measure, staff_participants=[users["staff"]]),
        )

    target.refresh_from_db()
    assert target.status == TargetStatus.VISITED
    assert target.knew_dialogue is True and target.interest == Interest.HIGH
    assert list(visit.staff_participants.all()) == [users["staff"]]
    needs = Need.objects.filter(visit=visit).order_by("topic")
    assert [(n.topic, n.field) for n in needs] == [
        (NeedTopic.ENERGY_COSTS, NeedField.FRAMEWORK),
        (NeedTopic.TRAINING, NeedField.SKILLED_WORKERS),
    ]
    assert list(needs.get(topic=NeedTopic.TRAINING).measures.all()) == [measure]
    follow_up = FollowUp.objects.get()
    assert follow_up.need.topic == NeedTopic.TRAINING
    assert follow_up.target == target and follow_up.partner == partner_organisation
    assert RiskFlag.objects.get().kind == "succession"
    assert mail.outbox[0].to == ["bestandspflege@ihk.example"]
    assert "Geschäftsführer denkt" not in mail.outbox[0].body  # never the visit notes
    assert AuditEvent.objects.get(action="outreach.visit.record").data["to"] == "visited"


def test_a_bad_visit_report_writes_nothing_and_names_each_problem(users, partner_organisation):
    company = OrganisationFactory(name="Nachbar GmbH", kind="company")
    target = CampaignTargetFactory(status=TargetStatus.CONTACTED)
    measure = MeasureFactory()
    bad = _report(
        partner_organisation,
        measure,
        needs=[services.NeedInput(topic=NeedTopic.OTHER)],
        follow_ups=[
            services.FollowUpInput(
                partner=company,
                title="",
                request="x",
                due_on=TODAY - dt.timedelta(days=1),
                need_index=4,
            )
        ],
        signals=[services.SignalInput(kind="unbekannt", severity=7)],
    )

    with pytest.raises(ValidationError) as error:
        services.visit_record(actor=users["staff"], target=target, data=bad)

    messages = error.value.message_dict
    assert messages["needs"] == ["Bedarf 1: Bei „Sonstiges“ bitte den Bedarf beschreiben."]
    assert "Wiedervorlage 1: Bitte einen Betreff angeben." in messages["follow_ups"]
    assert any("nicht an ein Unternehmen" in m for m in messages["follow_ups"])
    assert any("Vergangenheit" in m for m in messages["follow_ups"])
    assert "Signal 1: unbekannte Art." in messages["signals"]
    assert not Visit.objects.exists() and not Need.objects.exists()
    assert not FollowUp.objects.exists() and not RiskFlag.objects.exists()
    target.refresh_from_db()
    assert target.status == TargetStatus.CONTACTED


@pytest.mark.parametrize("status", [TargetStatus.NOT_CONTACTED, TargetStatus.DECLINED])
def test_no_visit_before_contact_or_after_a_refusal(users, partner_organisation, status):
    target = CampaignTargetFactory(status=status)
    with pytest.raises(ValidationError, match="erst erfasst werden"):
        services.visit_record(
            actor=users["staff"],
            target=target,
            data=services.VisitInput(visited_on=TODAY),
        )
    assert not Visit.objects.exists()


def test_a_partner_answers_and_closes_only_its_own_follow_ups(users, partner_organisation):
    own = FollowUpFactory(partner=partner_organisation)
    other = FollowUpFactory()

    services.follow_up_answer(actor=users["partner"], follow_up=own, answer="Termin vereinbart.")
    own.refresh_from_db()
    assert own.status == FollowUp.Status.ANSWERED and own.answered_at is not None
    services.follow_up_close(actor=users["partner"], follow_up=own)
    own.refresh_from_db()
    assert own.status == FollowUp.Status.CLOSED

    with pytest.raises(PermissionDenied):
        services.follow_up_answer(actor=users["partner"], follow_up=other, answer="Fremd")
    other.refresh_from_db()
    assert other.status == FollowUp.Status.OPEN and other.answer == ""
    with pytest.raises(ValidationError, match="bereits erledigt"):
        services.follow_up_answer(actor=users["partner"], follow_up=own, answer="nochmal")


@pytest.mark.parametrize("role", ["anonymous", "public", "company"])
def test_nobody_else_answers_follow_ups(users, partner_organisation, role):
    follow_up = FollowUpFactory(partner=partner_organisation)
    with pytest.raises(PermissionDenied):
        services.follow_up_answer(actor=users[role], follow_up=follow_up, answer="x")


def test_follow_up_to_a_person_of_another_organisation_is_refused(users, partner_organisation):
    stranger = PersonFactory()
    with pytest.raises(ValidationError, match="gehört nicht zu"):
        services.follow_up_create(
            actor=users["staff"],
            organisation=OrganisationFactory(),
            data=services.FollowUpInput(
                partner=partner_organisation,
                contact_person=stranger,
                title="Förderberatung",
                request="Bitte beraten.",
                due_on=TODAY,
            ),
        )
    assert not FollowUp.objects.exists()


def test_response_times_per_partner(users, partner_organisation):
    routed = timezone.now() - dt.timedelta(days=10)
    for days in (2, 4, 9):
        FollowUpFactory(
            partner=partner_organisation,
            routed_at=routed,
            answered_at=routed + dt.timedelta(days=days),
            status=FollowUp.Status.ANSWERED,
        )
    FollowUpFactory(partner=partner_organisation, due_on=TODAY - dt.timedelta(days=1))

    (row,) = selectors.follow_up_response_times()
    assert (row.partner, row.total, row.open, row.overdue, row.answered) == (
        partner_organisation.name,
        4,
        1,
        1,
        3,
    )
    assert (row.median_days, row.max_days) == (4.0, 9.0)


def test_visit_notes_are_purged_after_the_retention_period(users):
    campaign = CampaignFactory(note_retention_months=12)
    old = VisitFactory(target__campaign=campaign, visited_on=dt.date(2024, 1, 31))
    recent = VisitFactory(target__campaign=campaign, visited_on=dt.date(2025, 3, 1))
    surviving = Need.objects.create(
        organisation=old.target.organisation, visit=old, topic="funding", recorded_on=old.visited_on
    )

    assert services.visit_notes_purge(today=dt.date(2025, 2, 1)) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.notes, old.company_participants) == ("", "")
    assert old.notes_purged_at is not None
    assert recent.notes.startswith("Vertrauliche Notiz")
    assert Need.objects.filter(pk=surviving.pk).exists()
    assert AuditEvent.objects.filter(action="outreach.visit.purge_notes").count() == 1
    assert services.visit_notes_purge(today=dt.date(2025, 2, 1)) == 0  # idempotent


def test_funnel_counts_each_state(users):
    campaign = CampaignFactory()
    for status, interest, knew in [
        (TargetStatus.NOT_CONTACTED, "", None),
        (TargetStatus.DECLINED, Interest.NONE, False),
        (TargetStatus.VISIT_PLANNED, Interest.BASIC, True),
        (TargetStatus.VISITED, Interest.HIGH, True),
        (TargetStatus.VISITED, Interest.BASIC, False),
    ]:
        CampaignTargetFactory(
            campaign=campaign, status=status, interest=interest, knew_dialogue=knew
        )

    funnel = selectors.campaign_funnel(campaign)

    assert (funnel.targets, funnel.contacted, funnel.declined) == (5, 4, 1)
    assert (funnel.visits_planned_or_done, funnel.high_interest) == (3, 1)
    assert funnel.informed_share == 0.5


def test_coverage_lists_needs_no_measure_addresses(users):
    campaign = CampaignFactory()
    target = CampaignTargetFactory(campaign=campaign)
    measure = MeasureFactory(initiative=campaign.initiative)
    covered = Need.objects.create(
        organisation=target.organisation, target=target, topic="training", recorded_on=TODAY
    )
    covered.measures.add(measure)
    for _index in range(2):
        Need.objects.create(
            organisation=target.organisation, target=target, topic="transport", recorded_on=TODAY
        )

    rows = selectors.need_coverage(campaign=campaign)

    assert [(r.topic, r.needs, r.covered, r.uncovered) for r in rows] == [
        ("transport", 2, 0, 2),
        ("training", 1, 1, 0),
    ]
    assert rows[1].measures == [measure]


def test_the_retention_command_purges_and_says_how_many(users):
    from io import StringIO

    from django.core.management import CommandError, call_command

    VisitFactory(
        target__campaign=CampaignFactory(note_retention_months=1), visited_on=dt.date(2020, 1, 1)
    )
    out = StringIO()
    call_command("outreach_retention", stdout=out)
    assert out.getvalue().strip() == "Die Notizen eines Besuchs wurden gelöscht."
    assert Visit.objects.get().notes == ""
    with pytest.raises(CommandError, match="JJJJ-MM-TT"):
        call_command("outreach_retention", "--date", "01.01.2020")
