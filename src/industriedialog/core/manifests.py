"""The manifest registry: each app declares what it adds to the platform in one place.

Navigation, the permission matrix, `industriedialog seed`, the start-page key figures, the
exports and the committee report iterate this registry instead of importing every app.
Apps register their manifest in `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from ninja import Router

    from industriedialog.core.models import Initiative, User


UserPredicate = Callable[[Any], bool]
Label = str | Promise


def everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavigationEntry:
    """A link in the main navigation. `visible` decides per user."""

    label: Label
    url_name: str
    order: int = 100
    visible: UserPredicate = everyone
    staff_area: bool = False

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class PermissionCode:
    code: str
    description: Label


@dataclass(frozen=True)
class KeyFigure:
    """A number for an initiative's start page. `compute(initiative)` returns an int;
    initiative is None for the platform-wide start page."""

    label: Label
    compute: Callable[[Initiative | None], int]
    order: int = 100


@dataclass(frozen=True)
class Export:
    label: Label
    url_name: str
    formats: tuple[str, ...] = ("csv", "xlsx")
    visible: UserPredicate = everyone


@dataclass(frozen=True)
class SeedStep:
    """Loads the app's part of a data set idempotently. `order` runs lower first."""

    load: Callable[..., Any]
    order: int = 100
    synthetic: Callable[..., int] | None = None


@dataclass(frozen=True)
class AppManifest:
    label: str
    name: str
    navigation: tuple[NavigationEntry, ...] = ()
    permissions: tuple[PermissionCode, ...] = ()
    seed: SeedStep | None = None
    key_figures: tuple[KeyFigure, ...] = ()
    exports: tuple[Export, ...] = ()
    api_router: Router | None = None
    api_prefix: str = ""
    report_section: Callable[..., Any] | None = None


@dataclass
class ManifestRegistry:
    _manifests: dict[str, AppManifest] = field(default_factory=dict)

    def register(self, manifest: AppManifest) -> None:
        if manifest.label in self._manifests and self._manifests[manifest.label] is not manifest:
            raise ValueError(f"A manifest for {manifest.label!r} is registered already.")
        self._manifests[manifest.label] = manifest

    def all(self) -> list[AppManifest]:
        return list(self._manifests.values())

    def get(self, label: str) -> AppManifest:
        return self._manifests[label]

    def navigation_for(
        self, user: User | Any, *, staff_area: bool = False
    ) -> list[NavigationEntry]:
        entries: Iterable[NavigationEntry] = (
            entry for manifest in self.all() for entry in manifest.navigation
        )
        return sorted(
            (e for e in entries if e.staff_area == staff_area and e.visible(user)),
            key=lambda e: (e.order, e.label),
        )

    def permission_codes(self) -> list[PermissionCode]:
        return [code for manifest in self.all() for code in manifest.permissions]

    def key_figures(self) -> list[KeyFigure]:
        figures = [figure for manifest in self.all() for figure in manifest.key_figures]
        return sorted(figures, key=lambda f: f.order)

    def seed_steps(self) -> list[tuple[str, SeedStep]]:
        steps = [(m.label, m.seed) for m in self.all() if m.seed is not None]
        return sorted(steps, key=lambda item: item[1].order)

    def exports_for(self, user: Any) -> list[Export]:
        return [e for m in self.all() for e in m.exports if e.visible(user)]


registry = ManifestRegistry()
