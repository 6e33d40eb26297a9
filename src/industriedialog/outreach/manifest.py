"""The outreach app's manifest: navigation, permissions, key figure, API."""

from django.utils.translation import gettext_lazy as _

from industriedialog.core.manifests import (
    AppManifest,
    KeyFigure,
    NavigationEntry,
    PermissionCode,
    SeedStep,
)
from industriedialog.core.permissions import is_staff_member

from . import seed
from .api import router
from .models import CampaignTarget, TargetStatus
from .permissions import partner_organisation_id


def _visited_firms(initiative) -> int:
    targets = CampaignTarget.objects.filter(status=TargetStatus.VISITED)
    if initiative is not None:
        targets = targets.filter(campaign__initiative=initiative)
    return targets.values("organisation_id").distinct().count()


def _sees_follow_ups(user) -> bool:
    return bool(is_staff_member(user) or partner_organisation_id(user) is not None)


def _partner_only(user) -> bool:
    return partner_organisation_id(user) is not None


manifest = AppManifest(
    label="outreach",
    name=str(_("Bestandspflege")),
    navigation=(
        NavigationEntry(
            _("Bestandspflege"), "outreach:campaign_list", order=40, visible=is_staff_member
        ),
        NavigationEntry(
            _("Wiedervorlagen"), "outreach:follow_up_list", order=91, visible=_partner_only
        ),
        NavigationEntry(
            _("Bestandspflege: Kampagnen"),
            "outreach:campaign_list",
            order=40,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Frühwarnliste"),
            "outreach:early_warning",
            order=41,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Wirtschaftsstruktur der Stadt"),
            "outreach:economic_structure",
            order=43,
            visible=is_staff_member,
            staff_area=True,
        ),
        NavigationEntry(
            _("Wiedervorlagen an Partner"),
            "outreach:follow_up_list",
            order=42,
            visible=_sees_follow_ups,
            staff_area=True,
        ),
    ),
    permissions=(
        PermissionCode("outreach.manage_campaign", _("Kampagnen, Besuche und Signale führen")),
        PermissionCode("outreach.view_visit_notes", _("Besuchsnotizen lesen (protokolliert)")),
        PermissionCode("outreach.view_early_warning", _("Frühwarnliste sehen")),
        PermissionCode(
            "outreach.handle_follow_up",
            _("Wiedervorlagen der eigenen Organisation beantworten (Partner)"),
        ),
    ),
    seed=SeedStep(load=seed.load, order=50),
    key_figures=(KeyFigure(_("Besuchte Industriebetriebe"), _visited_firms, order=40),),
    api_router=router,
    api_prefix="/outreach",
)
