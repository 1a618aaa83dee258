from django.urls import path

from . import analysis_views, views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_mine, name="commitment-mine"),
    path("uppfoljning/", views.rollup_index, name="rollup-index"),
    path("uppfoljning/<uuid:code>/", views.rollup, name="rollup"),
    path("enhet/<uuid:code>/", views.unit_commitments, name="unit-commitments"),
    path("enhet/<uuid:code>/nytt/", views.commitment_create, name="commitment-create"),
    path("enhet/<uuid:code>/overfor/", views.carry_over, name="commitment-carry-over"),
    path("enhet/<uuid:code>/analys/<uuid:period_code>/", analysis_views.unit_analysis, name="unit-analysis"),
    path("<uuid:code>/", views.commitment_detail, name="commitment-detail"),
    path("<uuid:code>/andra/", views.commitment_update, name="commitment-update"),
    path("<uuid:code>/delegera/", views.commitment_delegate, name="commitment-delegate"),
    path(
        "<uuid:code>/delegera/<int:delegation_id>/ta-bort/",
        views.commitment_undelegate,
        name="commitment-undelegate",
    ),
    path("<uuid:code>/kopiera-nedat/", views.commitment_copy_down, name="commitment-copy-down"),
    path("<uuid:code>/medarbetare/", views.commitment_break_down, name="commitment-break-down"),
    path("<uuid:code>/rapport/<uuid:period_code>/", views.report_update, name="report-update"),
]
