"""The dialog app's manifest: navigation, permissions, seed, key figures, API."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industriedialog.core.manifests import (
    AppManifest,
    KeyFigure,
    NavigationEntry,
    PermissionCode,
    SeedStep,
)
from industriedialog.core.permissions import is_signed_in

from . import seed
from .api import router
from .models import Body, Meeting


def _bodies(initiative) -> int:
    bodies = Body.objects.filter(is_public=True, status="active")
    if initiative is not None:
        bodies = bodies.filter(initiative=initiative)
    return bodies.count()


def _meetings_held(initiative) -> int:
    meetings = Meeting.objects.filter(
        Q(status=Meeting.Status.HELD) | Q(starts_at__lt=timezone.now()), body__is_public=True
    ).exclude(status=Meeting.Status.CANCELLED)
    if initiative is not None:
        meetings = meetings.filter(body__initiative=initiative)
    return meetings.count()


manifest = AppManifest(
    label="dialog",
    name=str(_("Gremien")),
    navigation=(
        NavigationEntry(_("Gremien"), "dialog:body_list", order=30),
        NavigationEntry(_("Meine Aufgaben"), "dialog:my_tasks", order=90, visible=is_signed_in),
    ),
    permissions=(
        PermissionCode("dialog.add_body", _("Gremien anlegen")),
        PermissionCode("dialog.change_body", _("Gremien bearbeiten")),
        PermissionCode(
            "dialog.manage_body",
            _("Sitzungen, Mitglieder und Abstimmungen eines Gremiums führen (Vorsitz)"),
        ),
        PermissionCode("dialog.vote", _("In einem Gremium abstimmen (Mitglieder)")),
    ),
    seed=SeedStep(load=seed.load, order=30),
    key_figures=(
        KeyFigure(_("Aktive Gremien"), _bodies, order=30),
        KeyFigure(_("Sitzungen"), _meetings_held, order=31),
    ),
    api_router=router,
)
