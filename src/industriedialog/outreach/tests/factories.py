"""Factories of the outreach app. They store rows directly; tests of the writes use the
services."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.outreach.models import (
    Campaign,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Need,
    RiskFlag,
    Severity,
    TargetStatus,
    Visit,
)
from industriedialog.outreach.taxonomy import NeedTopic


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Kampagne {n}")
    slug = factory.Sequence(lambda n: f"kampagne-{n}")
    starts_on = dt.date(2026, 1, 1)


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    organisation = factory.SubFactory(OrganisationFactory, wz_code="28.41", wz_version="WZ2008")
    status = TargetStatus.NOT_CONTACTED


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    target = factory.SubFactory(CampaignTargetFactory)
    attempted_on = dt.date(2026, 2, 1)
    channel = ContactAttempt.Channel.PHONE
    outcome = ContactAttempt.Outcome.REACHED


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    target = factory.SubFactory(CampaignTargetFactory, status=TargetStatus.VISITED)
    visited_on = dt.date(2026, 3, 1)
    company_participants = "Anna Beispiel, Geschäftsführerin"
    notes = "Vertrauliche Notiz: Die Geschäftsführerin denkt über eine Verlagerung nach."


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    organisation = factory.SubFactory(OrganisationFactory)
    topic = NeedTopic.NETWORKING_COMPANIES
    description = "Mehr Kontakt zu Nachbarbetrieben"
    recorded_on = dt.date(2026, 3, 1)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    organisation = factory.SubFactory(OrganisationFactory)
    partner = factory.SubFactory(OrganisationFactory, kind="chamber")
    title = factory.Sequence(lambda n: f"Wiedervorlage {n}")
    request = "Bitte zur Ausbildungsberatung Kontakt aufnehmen."
    due_on = dt.date(2026, 4, 1)
    routed_at = factory.LazyFunction(timezone.now)


class RiskFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskFlag

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "succession"
    severity = Severity.MEDIUM
    observed_on = factory.LazyFunction(timezone.localdate)
