"""The catalogue's manifest."""

from django.utils.translation import gettext_lazy as _

from industriedialog.core.manifests import (
    AppManifest,
    Export,
    KeyFigure,
    NavigationEntry,
    PermissionCode,
    SeedStep,
)
from industriedialog.core.permissions import is_staff_member

from . import seed
from .api import router
from .models import Measure, Phase


def _measures(initiative) -> int:
    measures = Measure.objects.filter(is_public=True)
    if initiative is not None:
        measures = measures.filter(initiative=initiative)
    return measures.count()


def _in_implementation(initiative) -> int:
    measures = Measure.objects.filter(is_public=True, phase=Phase.IMPLEMENTATION)
    if initiative is not None:
        measures = measures.filter(initiative=initiative)
    return measures.count()


manifest = AppManifest(
    label="measures",
    name=str(_("Maßnahmen")),
    navigation=(
        NavigationEntry(_("Maßnahmen"), "measures:catalogue_index", order=10),
        NavigationEntry(
            _("Sachstand aktualisieren"),
            "measures:bulk_update_index",
            order=30,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Roadmap planen"),
            "measures:roadmap_index",
            order=31,
            visible=is_staff_member,
            staff_area=True,
        ),
    ),
    permissions=(
        PermissionCode("measures.change_measure", _("Maßnahmen pflegen")),
        PermissionCode("measures.plan_roadmap", _("Roadmap planen und übernehmen")),
    ),
    seed=SeedStep(load=seed.load, order=40),
    key_figures=(
        KeyFigure(_("Maßnahmen im Katalog"), _measures, order=20),
        KeyFigure(_("in Umsetzung"), _in_implementation, order=21),
    ),
    exports=(
        Export(_("Maßnahmenkatalog"), "measures:export_index", formats=("csv", "xlsx", "json")),
    ),
    api_router=router,
)
