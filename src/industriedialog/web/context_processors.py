"""Values every page needs: navigation from the manifests, initiatives for the switcher."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from industriedialog.core.manifests import registry
from industriedialog.core.selectors import initiatives_visible_to


def platform(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    resolver = getattr(request, "resolver_match", None)
    current_slug = (resolver.kwargs.get("slug") if resolver and resolver.url_name == "initiative"
                    else request.session.get("initiative") if hasattr(request, "session")
                    else None)
    return {
        "platform_city": settings.PLATFORM_CITY,
        "demo_mode": settings.DEMO_MODE,
        "nav_entries": registry.navigation_for(user),
        "staff_nav_entries": registry.navigation_for(user, staff_area=True),
        "switcher_initiatives": list(
            initiatives_visible_to(user).select_related(None).only("slug", "name", "short_name")
        ),
        "current_initiative_slug": current_slug,
    }
