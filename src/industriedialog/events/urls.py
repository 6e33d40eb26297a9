from django.urls import path

from . import views_tokens

app_name = "events"

urlpatterns = [
    path("anmeldung/<str:token>/", views_tokens.ticket, name="ticket"),
    path("anmeldung/<str:token>/stornieren/", views_tokens.cancel, name="cancel"),
    path("anmeldung/<str:token>/annehmen/", views_tokens.offer_accept, name="offer_accept"),
]
