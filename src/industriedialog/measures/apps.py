from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "industriedialog.measures"
    label = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self) -> None:
        from industriedialog.core import search
        from industriedialog.core.manifests import registry
        from industriedialog.core.search import SearchableKind

        from .manifest import manifest
        from .models import Measure

        registry.register(manifest)
        search.register(
            SearchableKind(
                model=Measure,
                title=lambda m: m.title,
                text=lambda m: f"{m.number}\n{m.description}",
                is_public=lambda m: m.is_public,
            )
        )
