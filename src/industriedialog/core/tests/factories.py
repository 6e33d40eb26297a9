import datetime as dt

import factory

from industriedialog.core.models import Initiative, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"benutzer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda u: u.username.title())
    role = Role.PUBLIC
    password = factory.django.Password("geheimes-passwort-123")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    start_date = dt.date(2023, 1, 1)
    description = "Eine Initiative für Tests."
