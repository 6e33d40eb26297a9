from django.urls import path

from . import views_checkin, views_public, views_staff, views_tokens

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
    # staff, hosts and the door (views_staff, views_checkin)
    path("verwaltung/veranstaltungen/", views_staff.staff_event_list, name="staff_event_list"),
    path(
        "verwaltung/veranstaltungen/neu/",
        views_staff.staff_event_create,
        name="staff_event_create",
    ),
    path(
        "verwaltung/veranstaltungen/<slug:slug>/",
        views_staff.staff_event_detail,
        name="staff_event_detail",
    ),
    path(
        "verwaltung/veranstaltungen/<slug:slug>/bearbeiten/",
        views_staff.staff_event_update,
        name="staff_event_update",
    ),
    path(
        "verwaltung/fuehrungen/<int:pk>/bearbeiten/",
        views_staff.staff_session_update,
        name="staff_session_update",
    ),
    path(
        "verwaltung/veranstaltungen/<slug:slug>/anmeldungen.<str:file_format>",
        views_staff.staff_event_export,
        name="staff_event_export",
    ),
    path("gastgeber/fuehrungen/", views_staff.host_session_list, name="host_session_list"),
    path(
        "gastgeber/fuehrungen/<int:pk>/",
        views_staff.host_session_detail,
        name="host_session_detail",
    ),
    path("einlass/<int:session_id>/", views_checkin.checkin, name="checkin"),
    path("einlass/<int:session_id>/stand/", views_checkin.checkin_count, name="checkin_count"),
]
