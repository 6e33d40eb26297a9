from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiativen/<slug:slug>/", views.initiative, name="initiative"),
    path("initiative-wechseln/", views.switch_initiative, name="switch_initiative"),
    path("impressum/", views.legal_page, {"page": "impressum"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"page": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/", views.legal_page, {"page": "barrierefreiheit"}, name="barrierefreiheit"
    ),
    path("leichte-sprache/", views.legal_page, {"page": "leichte_sprache"}, name="leichte_sprache"),
    path("barrierefreiheit/feedback/", views.feedback, name="feedback"),
    path("verwaltung/", views.back_office, name="back_office"),
    path("verwaltung/rueckmeldungen/", views.feedback_list, name="feedback_list"),
    path("verwaltung/protokoll/", views.audit_log_list, name="audit_log"),
    path("healthz", views.healthz, name="healthz"),
]
