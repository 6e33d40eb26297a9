import datetime as dt

import factory
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.dialog.models import (
    ActionItem,
    Body,
    BodyKind,
    JoinRequest,
    Meeting,
    Membership,
    Vote,
    VoteOption,
)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    initiative = factory.SubFactory(InitiativeFactory)
    kind = BodyKind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    slug = factory.Sequence(lambda n: f"gremium-{n}")
    topic = "Fachkräfte"
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"
    start_date = dt.date(2024, 1, 1)
    is_listed = True


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"{n}. Sitzung")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    location = "Rathaus Aachen, Ratssaal"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    assignee = factory.SubFactory(PersonFactory)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    body = factory.SubFactory(BodyFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    """A vote with options; `options=["A", "B"]` names them (default: three)."""

    class Meta:
        model = Vote
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Abstimmung {n}")

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        labels = extracted or ["Option A", "Option B", "Option C"]
        for position, label in enumerate(labels):
            VoteOption.objects.create(vote=self, label=label, position=position)
