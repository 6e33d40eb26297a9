"""The events app's manifest: navigation, permissions, key figures, API."""

from django.utils import timezone
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
from .models import Event, Registration
from .permissions import host_organisation_id


def _events(initiative) -> int:
    events = Event.objects.filter(is_public=True).exclude(status=Event.Status.DRAFT)
    if initiative is not None:
        events = events.filter(initiative=initiative)
    return events.count()


def _registrations(initiative) -> int:
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, event__is_public=True
    )
    if initiative is not None:
        registrations = registrations.filter(event__initiative=initiative)
    return registrations.count()


def _upcoming(initiative) -> int:
    events = Event.objects.filter(
        is_public=True, status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()
    )
    if initiative is not None:
        events = events.filter(initiative=initiative)
    return events.count()


def _is_host_member(user) -> bool:
    """Company and partner members may host sessions; decided without a query (a member
    whose organisation hosts nothing finds an empty list)."""
    return host_organisation_id(user) is not None


manifest = AppManifest(
    label="events",
    name=str(_("Veranstaltungen")),
    navigation=(
        NavigationEntry(_("Veranstaltungen"), "events:calendar", order=20),
        NavigationEntry(
            _("Meine Führungen"), "events:host_session_list", order=92, visible=_is_host_member
        ),
        NavigationEntry(
            _("Veranstaltungen: Führungen, Wartelisten, Einlass"),
            "events:staff_event_list",
            order=30,
            visible=is_staff_member,
            staff_area=True,
        ),
    ),
    permissions=(
        PermissionCode("events.manage_event", _("Veranstaltungen und Führungen anlegen")),
        PermissionCode(
            "events.export_registrations", _("Anmeldungen, Wartelisten und Exporte sehen")
        ),
        PermissionCode(
            "events.check_in", _("Am Einlass prüfen (Gastgeber für ihre eigenen Führungen)")
        ),
    ),
    key_figures=(
        KeyFigure(_("Veranstaltungen"), _events, order=50),
        KeyFigure(_("kommende Veranstaltungen"), _upcoming, order=51),
        KeyFigure(_("Anmeldungen"), _registrations, order=52),
    ),
    seed=SeedStep(load=seed.load, order=60),
    api_router=router,
)
