from django.urls import path

from . import views, views_exchange, views_roadmap

app_name = "measures"

urlpatterns = [
    # Catalogue and measure pages (views.py)
    path("massnahmen/", views.catalogue_index, name="catalogue_index"),
    path("massnahmen/<slug:initiative>/", views.catalogue, name="catalogue"),
    path("massnahmen/<slug:initiative>/matrix/", views.partner_matrix, name="partner_matrix"),
    path("massnahmen/<slug:initiative>/sachstand/", views.bulk_update, name="bulk_update"),
    path("massnahme/<slug:external_id>/", views.measure_detail, name="measure_detail"),
    path("massnahme/<slug:external_id>/bearbeiten/", views.measure_update, name="measure_update"),
    path("verwaltung/sachstand/", views.bulk_update_index, name="bulk_update_index"),
    # Import and export (views_exchange.py)
    path("massnahmen/<slug:initiative>/export/", views_exchange.export, name="export"),
    path(
        "massnahmen/<slug:initiative>/matrix/export/",
        views_exchange.matrix_export,
        name="matrix_export",
    ),
    path("massnahmen/<slug:initiative>/import/", views_exchange.import_measures, name="import"),
    path("verwaltung/massnahmen-export/", views_exchange.export_index, name="export_index"),
    # Roadmap planner (views_roadmap.py)
    path("massnahmen/<slug:initiative>/roadmap/", views_roadmap.roadmap, name="roadmap"),
    path("verwaltung/roadmap/", views_roadmap.roadmap_index, name="roadmap_index"),
]
