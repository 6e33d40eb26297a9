"""Factories of the events app. Rows are stored directly; tests of the writes use the
services."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.events.models import Event, EventKind, Registration, Session, WaitlistEntry


def in_days(days: int, hour: int = 18) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    kind = EventKind.OPEN_HOUSE
    title = factory.Sequence(lambda n: f"Lange Nacht der Industrie {n}")
    slug = factory.Sequence(lambda n: f"lange-nacht-{n}")
    venue = "Aachen"
    starts_at = factory.LazyFunction(lambda: in_days(30, 17))
    ends_at = factory.LazyFunction(lambda: in_days(30, 23))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Werksführung {n}")
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at + dt.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=1))
    place = "Werkstor 1"
    capacity = 20


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    event = factory.LazyAttribute(lambda r: r.session.event)
    name = factory.Sequence(lambda n: f"Gast {n}")
    email = factory.Sequence(lambda n: f"gast{n}@example.org")
    target_group = "citizens"


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitlistEntry

    session = factory.SubFactory(SessionFactory)
    event = factory.LazyAttribute(lambda r: r.session.event)
    name = factory.Sequence(lambda n: f"Wartende {n}")
    email = factory.Sequence(lambda n: f"wartend{n}@example.org")
    target_group = "citizens"
