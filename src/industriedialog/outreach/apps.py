from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "industriedialog.outreach"
    label = "outreach"
    verbose_name = _("Bestandspflege")

    def ready(self) -> None:
        from industriedialog.core.manifests import registry

        from . import need_counts
        from .manifest import manifest

        registry.register(manifest)
        need_counts.connect()
