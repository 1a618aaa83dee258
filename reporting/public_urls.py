"""The citizens' results site, under /resultat/ (no login)."""

from django.urls import path

from . import public_views as views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("mal/", views.goal_list, name="goal-list"),
    path("mal/<uuid:code>/", views.goal_detail, name="goal-detail"),
    path("rapporter/", views.report_list, name="report-list"),
    path("rapporter/<uuid:code>/", views.report_detail, name="report-detail"),
    path("rapporter/<uuid:code>/pdf/", views.report_pdf, name="report-pdf"),
    path("oppna-data/", views.open_data, name="open-data"),
    path("oppna-data/<slug:slug>.csv", views.dataset_csv, name="dataset-csv"),
    path("oppna-data/<slug:slug>.json", views.dataset_json, name="dataset-json"),
]
