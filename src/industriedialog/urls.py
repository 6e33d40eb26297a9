"""Project URLs. German paths for the pages; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from industriedialog.api.api import api

urlpatterns = [
    path("", include("industriedialog.web.urls")),
    path("organisationen/", include("industriedialog.actors.urls")),
    path("", include("industriedialog.dialog.urls")),
    path("", include("industriedialog.measures.urls")),
    path("", include("industriedialog.outreach.urls")),
    path("", include("industriedialog.events.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("verwaltung/admin/", admin.site.urls),
]
