"""The core app's manifest: initiatives, audit log, feedback."""

from django.utils.translation import gettext_lazy as _

from industriedialog.core import seed
from industriedialog.core.api import router
from industriedialog.core.manifests import AppManifest, NavigationEntry, PermissionCode, SeedStep
from industriedialog.core.permissions import is_staff_member

manifest = AppManifest(
    label="core",
    name=str(_("Grundlagen")),
    navigation=(
        NavigationEntry(
            _("Rückmeldungen"),
            "web:feedback_list",
            order=80,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Protokoll"), "web:audit_log", order=90, visible=is_staff_member, staff_area=True
        ),
    ),
    permissions=(
        PermissionCode("core.view_audit_log", _("Protokoll einsehen")),
        PermissionCode("core.view_feedback", _("Rückmeldungen einsehen")),
        PermissionCode("core.change_initiative", _("Initiativen bearbeiten")),
    ),
    seed=SeedStep(load=seed.load, order=20),
    api_router=router,
    api_prefix="",
)
