from django.urls import path

from . import views_early_warning

app_name = "outreach"

urlpatterns: list = [
    path("bestandspflege/fruehwarnung/", views_early_warning.early_warning, name="early_warning"),
]
