import factory
from django.utils.text import slugify

from industriedialog.actors.models import Organisation, Person
from industriedialog.actors.services import prepare_organisation
from industriedialog.core import search


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Organisations as the service would store them: derived fields and search entry."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = "company"
    name = factory.Sequence(lambda n: f"Testbetrieb {n} GmbH")
    slug = factory.LazyAttribute(lambda o: slugify(o.name.replace("ß", "ss")))
    city = "Aachen"
    postal_code = "52062"
    municipality_key = "05334002"
    is_public = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organisation = model_class(*args, **kwargs)
        prepare_organisation(organisation)
        organisation.save()
        search.index_object(organisation)
        return organisation


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    is_public = True
