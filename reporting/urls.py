from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("jobb/<uuid:code>/", views.job_detail, name="job-detail"),
    path("jobb/<uuid:code>/ladda-ned/", views.job_download, name="job-download"),
    path("arshjul/", views.cycle_current, name="cycle-current"),
    path("arshjul/<int:year>/", views.cycle_detail, name="cycle-detail"),
    path("arshjul/<int:year>/standard/", views.milestone_defaults, name="milestone-defaults"),
    path("arshjul/<int:year>/ny/", views.milestone_create, name="milestone-create"),
    path("milstolpe/<uuid:code>/", views.milestone_update, name="milestone-update"),
    path("milstolpe/<uuid:code>/ta-bort/", views.milestone_delete, name="milestone-delete"),
    path("ekonomi/<uuid:code>/<int:year>/", views.economy_detail, name="economy-detail"),
    path("ekonomi/<uuid:code>/<int:year>/budget/", views.economy_budget, name="economy-budget"),
    path("ekonomi/<uuid:code>/period/<uuid:period>/", views.economy_figure, name="economy-figure"),
    path("namnd/<uuid:code>/", views.board_reports, name="board-reports"),
    path("namnd/<uuid:code>/starta/", views.report_start, name="report-start"),
    path("kommun/starta/", views.compilation_start, name="compilation-start"),
    path("rapport/<uuid:code>/", views.report_detail, name="report-detail"),
    path("rapport/<uuid:code>/pdf/", views.report_pdf, name="report-pdf"),
    path("rapport/<uuid:code>/bygg/", views.report_build, name="report-build"),
    path("rapport/<uuid:code>/sammanfattning/", views.report_summary, name="report-summary"),
    path("rapport/<uuid:code>/kommentar/", views.report_comment, name="report-comment"),
    path("rapport/<uuid:code>/klar/", views.report_ready, name="report-ready"),
    path("rapport/<uuid:code>/anta/", views.report_adopt, name="report-adopt"),
    path("utseende/", views.report_style, name="report-style"),
    path("arkiv/<uuid:code>/", views.archived_detail, name="archived-detail"),
    path("arkiv/<uuid:code>/dokument/", views.archived_html, name="archived-html"),
    path("arkiv/<uuid:code>/pdf/", views.archived_pdf, name="archived-pdf"),
    path("excel/<uuid:code>/<uuid:period>/", views.excel_export, name="excel-export"),
    path("excel/<uuid:code>/<uuid:period>/mall/", views.excel_template, name="excel-template"),
    path("excel/<uuid:code>/<uuid:period>/import/", views.excel_import, name="excel-import"),
]
