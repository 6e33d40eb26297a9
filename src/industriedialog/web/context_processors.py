"""Values every page needs: navigation from the manifests, initiatives for the switcher."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from industriedialog.core.manifests import registry
from industriedialog.core.selectors import initiatives_visible_to


def platform(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    resolver = getattr(request, "resolver_match", None)
    kwargs = resolver.kwargs if resolver else {}
    current_slug = kwargs.get("initiative")
    if current_slug is None and resolver and resolver.url_name == "initiative":
        current_slug = kwargs.get("slug")
    if current_slug is None and hasattr(request, "session"):
        current_slug = request.session.get("initiative")
    path = request.path
    navigation = []
    for entry in registry.navigation_for(user):
        url = entry.url()
        navigation.append(
            {
                "label": entry.label,
                "url": url,
                "is_current": path == url or (url != "/" and path.startswith(url)),
            }
        )
    return {
        "platform_city": settings.PLATFORM_CITY,
        "demo_mode": settings.DEMO_MODE,
        "nav_entries": navigation,
        "staff_nav_entries": registry.navigation_for(user, staff_area=True),
        "switcher_initiatives": list(
            initiatives_visible_to(user).select_related(None).only("slug", "name", "short_name")
        ),
        "current_initiative_slug": current_slug,
    }
