from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "industriedialog.actors"
    label = "actors"
    verbose_name = _("Register")

    def ready(self) -> None:
        from industriedialog.actors.manifest import manifest
        from industriedialog.core import search
        from industriedialog.core.manifests import registry

        from .searchables import ORGANISATION, PERSON

        registry.register(manifest)
        search.register(ORGANISATION)
        search.register(PERSON)
