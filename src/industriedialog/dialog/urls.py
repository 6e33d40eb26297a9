from django.urls import path

from . import views

app_name = "dialog"

urlpatterns = [
    path("gremien/", views.body_list, name="body_list"),
    path("gremien/<slug:slug>/", views.body_detail, name="body_detail"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("abstimmungen/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("meine-aufgaben/", views.my_tasks, name="my_tasks"),
]
