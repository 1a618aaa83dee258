from django.urls import path

from . import views

app_name = "authoring"

urlpatterns = [
    path("", views.section_mine, name="section-mine"),
    path("avsnitt/<uuid:code>/", views.section_detail, name="section-detail"),
    path("avsnitt/<uuid:code>/skriv/", views.section_write, name="section-write"),
    path("avsnitt/<uuid:code>/granska/", views.section_review, name="section-review"),
    path("avsnitt/<uuid:code>/figur/", views.section_figure, name="section-figure"),
    path("rapport/<uuid:code>/", views.report_overview, name="report-overview"),
    path("rapport/<uuid:code>/paminn/", views.report_remind, name="report-remind"),
    path("mallar/", views.template_list, name="template-list"),
    path("mallar/<uuid:code>/", views.template_detail, name="template-detail"),
    path("mallar/<uuid:code>/nytt/", views.template_section_create, name="template-section-create"),
    path("mallavsnitt/<uuid:code>/", views.template_section_update, name="template-section-update"),
    path("mallavsnitt/<uuid:code>/flytta/", views.template_section_move, name="template-section-move"),
    path("mallavsnitt/<uuid:code>/ta-bort/", views.template_section_delete, name="template-section-delete"),
]
