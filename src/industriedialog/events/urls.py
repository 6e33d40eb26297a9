from django.urls import path

from . import views_public, views_tokens

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", views_public.calendar, name="calendar"),
    path("veranstaltungen.ics", views_public.feed, name="feed"),
    path(
        "veranstaltungen/<slug:initiative>.ics",
        views_public.initiative_feed,
        name="initiative_feed",
    ),
    path("veranstaltung/<slug:slug>/", views_public.event_detail, name="event_detail"),
    path("veranstaltung/<slug:slug>/kalender.ics", views_public.event_feed, name="event_feed"),
    path(
        "veranstaltung/<slug:slug>/anmelden/<int:session_id>/",
        views_public.register,
        name="register",
    ),
    path("anmeldung/<str:token>/", views_tokens.ticket, name="ticket"),
    path("anmeldung/<str:token>/stornieren/", views_tokens.cancel, name="cancel"),
    path("anmeldung/<str:token>/annehmen/", views_tokens.offer_accept, name="offer_accept"),
]
