"""Project URLs. German paths for the pages; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from industriedialog.api.api import api

urlpatterns = [
    # First: the API's requests (a registration rush among them) then match at once
    # instead of after every page pattern; no page lives under /api/.
    path("api/v1/", api.urls),
    path("", include("industriedialog.web.urls")),
    path("organisationen/", include("industriedialog.actors.urls")),
    path("", include("industriedialog.dialog.urls")),
    path("", include("industriedialog.measures.urls")),
    path("", include("industriedialog.outreach.urls")),
    path("", include("industriedialog.events.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verwaltung/admin/", admin.site.urls),
]
