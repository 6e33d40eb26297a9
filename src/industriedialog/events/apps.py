from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "industriedialog.events"
    label = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from industriedialog.core.manifests import registry

        from .manifest import manifest

        registry.register(manifest)
