from django.urls import path

from . import views, views_import

app_name = "actors"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("neu/", views.organisation_create, name="organisation_create"),
    path("export/", views_import.organisation_export, name="organisation_export"),
    path("import/", views_import.organisation_import, name="organisation_import"),
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/bearbeiten/", views.organisation_update, name="organisation_update"),
]
