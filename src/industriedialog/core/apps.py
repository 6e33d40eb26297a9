from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "industriedialog.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from industriedialog.core.manifest import manifest
        from industriedialog.core.manifests import registry

        registry.register(manifest)
