from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogConfig(AppConfig):
    name = "industriedialog.dialog"
    label = "dialog"
    verbose_name = _("Gremien")

    def ready(self) -> None:
        from industriedialog.core.manifests import registry
        from industriedialog.dialog.manifest import manifest

        registry.register(manifest)
