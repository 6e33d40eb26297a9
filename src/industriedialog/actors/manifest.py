"""The register's manifest."""

from django.utils.translation import gettext_lazy as _

from industriedialog.actors import seed
from industriedialog.actors.api import router
from industriedialog.actors.models import Organisation, OrganisationKind
from industriedialog.core.manifests import (
    AppManifest,
    Export,
    KeyFigure,
    NavigationEntry,
    PermissionCode,
    SeedStep,
)
from industriedialog.core.permissions import is_staff_member


def _public_organisations(initiative) -> int:
    return Organisation.objects.filter(is_public=True).count()


def _companies(initiative) -> int:
    return Organisation.objects.filter(is_public=True, kind=OrganisationKind.COMPANY).count()


def _training_companies(initiative) -> int:
    return Organisation.objects.filter(
        is_public=True, kind=OrganisationKind.COMPANY, is_training_company=True
    ).count()


manifest = AppManifest(
    label="actors",
    name=str(_("Register")),
    navigation=(
        NavigationEntry(_("Organisationen"), "actors:organisation_list", order=20),
        NavigationEntry(
            _("Organisation anlegen"),
            "actors:organisation_create",
            order=20,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Register importieren"),
            "actors:organisation_import",
            order=21,
            visible=is_staff_member,
            staff_area=True,
        ),
    ),
    permissions=(
        PermissionCode("actors.add_organisation", _("Organisationen anlegen")),
        PermissionCode("actors.change_organisation", _("Organisationen bearbeiten")),
        PermissionCode("actors.import_organisation", _("Register importieren")),
        PermissionCode("actors.view_private_fields", _("Kontaktdaten und Notizen sehen")),
    ),
    seed=SeedStep(load=seed.load, order=10, synthetic=seed.generate_synthetic),
    key_figures=(
        KeyFigure(_("Organisationen im Register"), _public_organisations, order=10),
        KeyFigure(_("Unternehmen im Register"), _companies, order=11),
        KeyFigure(_("Ausbildungsbetriebe"), _training_companies, order=12),
    ),
    exports=(Export(_("Register"), "actors:organisation_export"),),
    api_router=router,
)
