from django.urls import path

app_name = "outreach"

urlpatterns: list = []
