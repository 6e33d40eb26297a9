from django.urls import path

from . import views

app_name = "dialog"

urlpatterns = [
    path("gremien/", views.body_list, name="body_list"),
    path("gremien/neu/", views.body_create, name="body_create"),
    path("gremien/<slug:slug>/", views.body_detail, name="body_detail"),
    path("gremien/<slug:slug>/bearbeiten/", views.body_update, name="body_update"),
    path("gremien/<slug:slug>/mitglieder/neu/", views.membership_add, name="membership_add"),
    path(
        "gremien/<slug:slug>/mitglieder/<int:pk>/beenden/",
        views.membership_end,
        name="membership_end",
    ),
    path(
        "gremien/<slug:slug>/mitarbeit-anfragen/",
        views.join_request_create,
        name="join_request_create",
    ),
    path(
        "gremien/<slug:slug>/anfragen/<int:pk>/entscheiden/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("gremien/<slug:slug>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("gremien/<slug:slug>/abstimmungen/neu/", views.vote_create, name="vote_create"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sitzungen/<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("sitzungen/<int:pk>/bearbeiten/", views.meeting_update, name="meeting_update"),
    path("sitzungen/<int:pk>/tagesordnung/neu/", views.agenda_item_add, name="agenda_item_add"),
    path("sitzungen/<int:pk>/einladen/", views.meeting_invite, name="meeting_invite"),
    path("sitzungen/<int:pk>/anwesenheit/", views.attendance_record, name="attendance_record"),
    path("sitzungen/<int:pk>/protokoll/", views.minutes_save, name="minutes_save"),
    path("sitzungen/<int:pk>/beschluesse/neu/", views.decision_add, name="decision_add"),
    path("sitzungen/<int:pk>/aufgaben/neu/", views.action_item_create, name="action_item_create"),
    path("abstimmungen/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("abstimmungen/<int:pk>/oeffnen/", views.vote_open, name="vote_open"),
    path("abstimmungen/<int:pk>/schliessen/", views.vote_close, name="vote_close"),
    path("meine-aufgaben/", views.my_tasks, name="my_tasks"),
    path("aufgaben/<int:pk>/status/", views.action_item_status, name="action_item_status"),
]
