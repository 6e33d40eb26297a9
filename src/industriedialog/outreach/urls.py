from django.urls import path

from . import views, views_early_warning, views_structure

app_name = "outreach"

urlpatterns = [
    path("bestandspflege/", views.campaign_list, name="campaign_list"),
    path("bestandspflege/neue-kampagne/", views.campaign_create, name="campaign_create"),
    path("bestandspflege/meine-unternehmen/", views.my_targets, name="my_targets"),
    path("bestandspflege/kampagnen/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path(
        "bestandspflege/kampagnen/<slug:slug>/unternehmen/",
        views.target_list,
        name="target_list",
    ),
    path("bestandspflege/kampagnen/<slug:slug>/bedarfe/", views.need_list, name="need_list"),
    path("bestandspflege/ziel/<int:pk>/", views.target_detail, name="target_detail"),
    path("bestandspflege/ziel/<int:pk>/besuch/", views.visit_create, name="visit_create"),
    path("bestandspflege/besuch/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("bestandspflege/wiedervorlagen/", views.follow_up_list, name="follow_up_list"),
    path(
        "bestandspflege/wiedervorlagen/<int:pk>/",
        views.follow_up_detail,
        name="follow_up_detail",
    ),
    path("bestandspflege/fruehwarnung/", views_early_warning.early_warning, name="early_warning"),
    path(
        "bestandspflege/wirtschaftsstruktur/",
        views_structure.economic_structure,
        name="economic_structure",
    ),
]
