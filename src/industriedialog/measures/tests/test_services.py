"""The writes of the catalogue (services) and the history reads (selectors): the timeline,
completion, the all-or-nothing bulk update, partners, dependencies, and the earlier state
of a measure from django-simple-history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures import selectors, services
from industriedialog.measures.models import Measure, MeasurePartner, MeasureUpdate, Phase
from industriedialog.measures.tests.factories import (
    ActionFieldFactory,
    MeasureFactory,
    MeasurePartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(users):
    return users["staff"]


@pytest.fixture
def field():
    return ActionFieldFactory(
        initiative=InitiativeFactory(slug="fachkraefte"),
        number="2.1",
        title="Qualifizierte Zuwanderung",
    )


@pytest.fixture
def measure(field):
    return MeasureFactory(
        field=field,
        number="2.1.1",
        title="Arbeitskreis Zuwanderung",
        phase=Phase.CONCEPT,
        progress=40,
    )


def counts() -> tuple[int, int, int, int]:
    return (
        Measure.objects.count(),
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
        MeasurePartner.objects.count(),
    )


# --- timeline ------------------------------------------------------------------------------


def test_phase_change_is_on_the_timeline_with_before_and_after(staff, measure):
    # Given a measure in conception at 40 %
    # When staff move it to implementation with a note and a date
    services.measure_update(
        actor=staff,
        measure=measure,
        data={"phase": Phase.IMPLEMENTATION},
        note="  Start mit dem Jobcenter.  ",
        date=dt.date(2025, 3, 31),
    )

    # Then the timeline has one entry with the phase before and after, and nothing else
    entry = MeasureUpdate.objects.get(measure=measure)
    assert (entry.date, entry.author, entry.phase_before, entry.phase_after) == (
        dt.date(2025, 3, 31),
        staff,
        "concept",
        "implementation",
    )
    assert (entry.progress_before, entry.progress_after) == (None, None)
    assert entry.changed_fields == ["phase"]
    assert entry.note == "Start mit dem Jobcenter."
    event = AuditEvent.objects.get(action="measures.measure.update")
    assert (event.actor, event.object_id, event.data) == (
        staff,
        str(measure.pk),
        {"changed": ["phase"]},
    )


def test_progress_change_is_on_the_timeline(staff, measure):
    services.measure_update(actor=staff, measure=measure, data={"progress": 55})

    entry = MeasureUpdate.objects.get(measure=measure)
    assert (entry.progress_before, entry.progress_after, entry.phase_before, entry.phase_after) == (
        40,
        55,
        "",
        "",
    )
    assert entry.changed_fields == ["progress"]
    assert entry.date == timezone.localdate()


def test_text_change_is_on_the_timeline_without_phase_or_progress(staff, measure):
    services.measure_update(
        actor=staff,
        measure=measure,
        data={"title": "Arbeitskreis Integration", "description": "Neu."},
    )

    entry = MeasureUpdate.objects.get(measure=measure)
    assert entry.changed_fields == ["title", "description"]
    assert (entry.phase_before, entry.phase_after, entry.progress_before, entry.progress_after) == (
        "",
        "",
        None,
        None,
    )


def test_unrelated_change_is_audited_but_not_on_the_timeline(staff, measure):
    services.measure_update(
        actor=staff, measure=measure, data={"is_public": False, "cost": "funded", "priority": 1}
    )

    measure.refresh_from_db()
    assert (measure.is_public, measure.cost, measure.priority) == (False, "funded", 1)
    assert not MeasureUpdate.objects.exists()
    assert AuditEvent.objects.get(action="measures.measure.update").data == {
        "changed": ["is_public", "cost", "priority"]
    }


def test_unchanged_values_write_nothing(staff, measure):
    before = counts()

    services.measure_update(
        actor=staff, measure=measure, data={"phase": Phase.CONCEPT, "progress": 40}
    )

    assert counts() == before


def test_changing_the_phase_clears_the_inferred_flag(staff, field):
    inferred = MeasureFactory(field=field, phase=Phase.IDEA, phase_inferred=True)

    services.measure_update(actor=staff, measure=inferred, data={"phase": Phase.CONCEPT})

    inferred.refresh_from_db()
    assert inferred.phase_inferred is False


# --- completion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"phase": Phase.COMPLETED},
        {"phase": Phase.COMPLETED, "progress": 40},  # as forms send it: progress unchanged
    ],
    ids=["phase-only", "progress-unchanged"],
)
def test_completing_forces_progress_100_and_records_it(staff, measure, data):
    services.measure_update(actor=staff, measure=measure, data=data)

    measure.refresh_from_db()
    assert (measure.phase, measure.progress) == ("completed", 100)
    entry = MeasureUpdate.objects.get(measure=measure)
    assert (entry.phase_before, entry.phase_after, entry.progress_before, entry.progress_after) == (
        "concept",
        "completed",
        40,
        100,
    )
    assert entry.changed_fields == ["phase", "progress"]


def test_completing_with_another_progress_on_purpose_is_refused(staff, measure):
    before = counts()

    with pytest.raises(ValidationError) as error:
        services.measure_update(
            actor=staff, measure=measure, data={"phase": Phase.COMPLETED, "progress": 80}
        )

    assert error.value.message_dict == {
        "progress": ["Eine abgeschlossene Maßnahme hat 100 % Fortschritt."]
    }
    measure.refresh_from_db()
    assert (measure.phase, measure.progress) == ("concept", 40)
    assert counts() == before


# --- bulk update ---------------------------------------------------------------------------


def test_bulk_update_writes_every_row_with_the_date(staff, field, measure):
    other = MeasureFactory(field=field, phase=Phase.IDEA, progress=0)

    updated = services.measures_bulk_update(
        actor=staff,
        initiative=field.initiative,
        date=dt.date(2025, 6, 30),
        rows=[
            services.BulkRow(
                measure_id=measure.pk, phase=Phase.IMPLEMENTATION, progress=50, note="Läuft."
            ),
            services.BulkRow(measure_id=other.pk, phase=Phase.IDEA, progress=10),
        ],
    )

    assert [m.pk for m in updated] == [measure.pk, other.pk]
    rows = {
        u.measure_id: (
            u.date,
            u.phase_before,
            u.phase_after,
            u.progress_before,
            u.progress_after,
            u.note,
        )
        for u in MeasureUpdate.objects.all()
    }
    assert rows == {
        measure.pk: (dt.date(2025, 6, 30), "concept", "implementation", 40, 50, "Läuft."),
        other.pk: (dt.date(2025, 6, 30), "", "", 0, 10, ""),
    }


def test_bulk_update_is_all_or_nothing_with_errors_per_row(staff, field, measure):
    # Given a valid row, a row completing with 80 % and a measure of another initiative
    other = MeasureFactory(field=field, phase=Phase.IDEA, progress=0)
    foreign = MeasureFactory(field=ActionFieldFactory())
    before = counts()

    # When staff save them together
    with pytest.raises(ValidationError) as error:
        services.measures_bulk_update(
            actor=staff,
            initiative=field.initiative,
            rows=[
                services.BulkRow(measure_id=measure.pk, phase=Phase.IMPLEMENTATION, progress=50),
                services.BulkRow(measure_id=other.pk, phase=Phase.COMPLETED, progress=80),
                services.BulkRow(measure_id=foreign.pk, phase=Phase.IDEA, progress=5),
            ],
        )

    # Then each failing row has its own message and nothing at all was written
    assert error.value.message_dict == {
        str(other.pk): ["Eine abgeschlossene Maßnahme hat 100 % Fortschritt."],
        str(foreign.pk): ["Unbekannte Maßnahme."],
    }
    assert counts() == before
    measure.refresh_from_db()
    assert (measure.phase, measure.progress) == ("concept", 40)


# --- partners and dependencies -------------------------------------------------------------


def test_partners_are_set_changed_and_removed(staff, measure):
    chamber = OrganisationFactory(kind="chamber")
    company = OrganisationFactory()
    university = OrganisationFactory(kind="university")
    MeasurePartnerFactory(measure=measure, organisation=chamber)
    MeasurePartnerFactory(measure=measure, organisation=company)

    services.measure_set_partners(
        actor=staff,
        measure=measure,
        partners=[(chamber, MeasurePartner.Role.LEAD), (university, MeasurePartner.Role.FUNDER)],
    )

    assert set(measure.partners.values_list("organisation_id", "role")) == {
        (chamber.pk, "lead"),
        (university.pk, "funder"),
    }
    assert AuditEvent.objects.get(action="measures.measure.partners").data == {
        "partners": sorted([chamber.pk, university.pk])
    }


def test_one_organisation_with_two_roles_is_refused(staff, measure):
    chamber = OrganisationFactory(kind="chamber")
    before = counts()

    with pytest.raises(ValidationError) as error:
        services.measure_set_partners(
            actor=staff,
            measure=measure,
            partners=[(chamber, MeasurePartner.Role.LEAD), (chamber, MeasurePartner.Role.PARTNER)],
        )

    assert error.value.messages == ["Jede Organisation hat bei einer Maßnahme genau eine Rolle."]
    assert counts() == before


def test_dependencies_are_set(staff, field, measure):
    first = MeasureFactory(field=field)
    second = MeasureFactory(field=field)

    services.measure_set_dependencies(actor=staff, measure=measure, depends_on=[first, second])

    assert set(measure.depends_on.all()) == {first, second}
    assert set(first.dependents.all()) == {measure}


@pytest.mark.parametrize("shape", ["direct", "transitive", "self"])
def test_a_cycle_of_dependencies_is_refused(staff, field, measure, shape):
    # Given measure <- middle <- last (last depends on middle, middle on measure)
    middle = MeasureFactory(field=field)
    last = MeasureFactory(field=field)
    services.measure_set_dependencies(actor=staff, measure=middle, depends_on=[measure])
    services.measure_set_dependencies(actor=staff, measure=last, depends_on=[middle])
    target = {"direct": middle, "transitive": last, "self": measure}[shape]
    before = counts()

    # When measure should depend on one of them (or on itself)
    with pytest.raises(ValidationError) as error:
        services.measure_set_dependencies(actor=staff, measure=measure, depends_on=[target])

    # Then it is refused in German and nothing changed
    assert error.value.messages == [
        "Eine Maßnahme kann nicht von sich selbst abhängen."
        if shape == "self"
        else "Diese Abhängigkeit ergäbe einen Kreis."
    ]
    assert list(measure.depends_on.all()) == []
    assert counts() == before


def test_dependency_on_another_initiative_is_refused(staff, measure):
    foreign = MeasureFactory(field=ActionFieldFactory())

    with pytest.raises(ValidationError) as error:
        services.measure_set_dependencies(actor=staff, measure=measure, depends_on=[foreign])

    assert error.value.messages == ["Abhängigkeiten nur innerhalb einer Initiative."]


# --- who may write -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "public", "company", "partner"])
def test_only_staff_may_write(users, field, measure, role):
    actor = users[role]
    organisation = OrganisationFactory()
    before = counts()
    calls = [
        lambda: services.measure_create(
            actor=actor, initiative=field.initiative, data={"field": field, "title": "Neu"}
        ),
        lambda: services.measure_update(actor=actor, measure=measure, data={"progress": 90}),
        lambda: services.measures_bulk_update(
            actor=actor,
            initiative=field.initiative,
            rows=[services.BulkRow(measure_id=measure.pk, phase=Phase.IDEA, progress=1)],
        ),
        lambda: services.measure_set_partners(
            actor=actor, measure=measure, partners=[(organisation, "lead")]
        ),
        lambda: services.measure_set_dependencies(actor=actor, measure=measure, depends_on=[]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before


def test_create_starts_the_timeline(staff, field):
    measure = services.measure_create(
        actor=staff,
        initiative=field.initiative,
        data={"field": field, "number": "2.1.9", "title": "Willkommenslotsen", "phase": "idea"},
    )

    assert measure.external_id == "fachkraefte-willkommenslotsen"
    entry = measure.updates.get()
    assert (entry.changed_fields, entry.phase_after, entry.progress_after, entry.note) == (
        ["created"],
        "idea",
        0,
        "Maßnahme angelegt.",
    )


# --- history -------------------------------------------------------------------------------


def _backdate(measure: Measure, day: dt.date) -> None:
    """Pretend every version so far was saved at noon on `day`."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Measure.history.filter(id=measure.pk).update(history_date=moment)


def test_measure_state_on_returns_the_earlier_state(staff, measure):
    _backdate(measure, dt.date(2025, 1, 10))
    services.measure_update(
        actor=staff, measure=measure, data={"phase": Phase.IMPLEMENTATION, "progress": 70}
    )

    before = selectors.measure_state_on(measure, dt.date(2025, 2, 1))
    assert (before.phase, before.progress) == ("concept", 40)
    now = selectors.measure_state_on(measure, timezone.localdate())
    assert (now.phase, now.progress) == ("implementation", 70)
    assert selectors.measure_state_on(measure, dt.date(2025, 1, 9)) is None


def test_changes_since_lists_changed_measures_with_their_earlier_state(
    staff, users, field, measure
):
    unchanged = MeasureFactory(field=field, title="Unverändert")
    hidden = MeasureFactory(field=field, title="Intern", is_public=False, progress=10)
    for each in (measure, unchanged, hidden):
        _backdate(each, dt.date(2025, 1, 10))
    services.measure_update(actor=staff, measure=measure, data={"progress": 60})
    services.measure_update(actor=staff, measure=hidden, data={"progress": 20})
    services.measure_update(actor=staff, measure=unchanged, data={"source": "Vorlage"})
    created_later = MeasureFactory(field=field, title="Neu")

    changes = selectors.changes_since(staff, field.initiative, dt.date(2025, 2, 1))

    summary = {m.title: (before.progress if before else None) for m, before in changes}
    assert summary == {"Arbeitskreis Zuwanderung": 40, "Intern": 10, created_later.title: None}
    public_titles = {
        m.title
        for m, _before in selectors.changes_since(
            users["public"], field.initiative, dt.date(2025, 2, 1)
        )
    }
    assert public_titles == {"Arbeitskreis Zuwanderung", "Neu"}
