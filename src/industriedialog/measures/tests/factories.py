"""Factories of the catalogue: fields of action, measures, partners, timeline entries.

Measures are stored as the service stores them (sort key, search entry); use the services
in tests of the writes themselves."""

from __future__ import annotations

import factory

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core import search
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures.models import (
    ActionField,
    Measure,
    MeasurePartner,
    MeasureUpdate,
    Phase,
    number_sort_key,
)


class ActionFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionField

    initiative = factory.SubFactory(InitiativeFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Handlungsfeld {n + 1}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    field = factory.SubFactory(ActionFieldFactory)
    initiative = factory.LazyAttribute(lambda m: m.field.initiative)
    number = ""
    external_id = factory.Sequence(lambda n: f"massnahme-{n}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Eine Maßnahme für Tests."
    phase = Phase.IDEA
    progress = 0
    is_public = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        measure = model_class(*args, **kwargs)
        measure.sort_key = number_sort_key(measure.number or "9999")
        measure.save()
        search.index_object(measure)
        return measure


class MeasurePartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasurePartner

    measure = factory.SubFactory(MeasureFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="chamber")
    role = MeasurePartner.Role.PARTNER


class MeasureUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureUpdate

    measure = factory.SubFactory(MeasureFactory)
    note = "Sachstand für Tests."


def catalogue_scenario() -> dict:
    """A small catalogue for page and permission tests (not the Aachen data):

    - "fachkraefte" (public) with fields 1, 2 > 2.1 and 3 and four measures: a public
      flagship in implementation with a lead, a partner and a non-public partner company;
      an idea whose phase was inferred; a quick win in conception; and a non-public
      measure (staff only);
    - "intern" (non-public initiative) with one measure (staff only)."""
    from industriedialog.dialog.tests.factories import BodyFactory

    initiative = InitiativeFactory(slug="fachkraefte", name="Fachkräftesicherung")
    internal = InitiativeFactory(slug="intern", name="Interne Initiative", is_public=False)
    network = ActionFieldFactory(
        initiative=initiative, number="1", title="Vernetzungsaktivitäten intensivieren"
    )
    potentials = ActionFieldFactory(
        initiative=initiative, number="2", title="Fachkräfte-Potenziale erschließen"
    )
    migration = ActionFieldFactory(
        initiative=initiative, number="2.1", parent=potentials, title="Qualifizierte Zuwanderung"
    )
    training = ActionFieldFactory(
        initiative=initiative, number="3", title="Aus- und Weiterbildung stärken"
    )
    body = BodyFactory(
        initiative=initiative, name="Arbeitskreis Zuwanderung", slug="ak-zuwanderung"
    )
    chamber = OrganisationFactory(name="IHK Testregion", slug="ihk-testregion", kind="chamber")
    university = OrganisationFactory(
        name="Testhochschule", slug="testhochschule", kind="university"
    )
    company = OrganisationFactory(name="Offene Maschinenbau GmbH", slug="offene-maschinenbau")
    hidden_company = OrganisationFactory(
        name="Verdeckte Gießerei GmbH", slug="verdeckte-giesserei", is_public=False
    )
    circle = MeasureFactory(
        field=migration,
        number="2.1.1",
        external_id="fk-arbeitskreis",
        title="Regionaler Arbeitskreis Zuwanderung",
        description="Ein interdisziplinäres Gremium zur Integration von Zugewanderten.",
        phase=Phase.IMPLEMENTATION,
        is_flagship=True,
        progress=40,
        responsible_body=body,
    )
    videos = MeasureFactory(
        field=migration,
        number="2.1.2",
        external_id="fk-kurzvideos",
        title="Kurzvideos für Arbeitgeber",
        phase=Phase.IDEA,
        phase_inferred=True,
        description="Wie gelingt die Migration ausgebildeter Fachkräfte?",
    )
    switch = MeasureFactory(
        field=training,
        number="3.1",
        external_id="fk-switch",
        title="SWITCH weiterführen",
        phase=Phase.CONCEPT,
        kind="quick_win",
        progress=20,
        description="Studienabbrechende wechseln in eine Ausbildung.",
    )
    hidden = MeasureFactory(
        field=network,
        number="1.1",
        external_id="fk-intern",
        title="Interne Vorbereitung",
        is_public=False,
    )
    foreign = MeasureFactory(
        field=ActionFieldFactory(initiative=internal, number="1"),
        external_id="intern-massnahme",
        title="Maßnahme der internen Initiative",
    )
    MeasurePartnerFactory(measure=circle, organisation=chamber, role=MeasurePartner.Role.LEAD)
    MeasurePartnerFactory(measure=circle, organisation=company)
    MeasurePartnerFactory(measure=circle, organisation=hidden_company)
    MeasurePartnerFactory(measure=switch, organisation=university, role=MeasurePartner.Role.FUNDER)
    MeasurePartnerFactory(measure=hidden, organisation=chamber)
    return {
        "initiative": initiative,
        "internal": internal,
        "body": body,
        "fields": {"1": network, "2": potentials, "2.1": migration, "3": training},
        "circle": circle,
        "videos": videos,
        "switch": switch,
        "hidden": hidden,
        "foreign": foreign,
        "chamber": chamber,
        "university": university,
        "company": company,
        "hidden_company": hidden_company,
    }
