from django.urls import path

from . import views

app_name = "personnel"

urlpatterns = [
    path("", views.figures_latest, name="figures-latest"),
    path("import/", views.import_figures, name="import"),
    path("import/mall.csv", views.template_csv, name="template-csv"),
    path("import/mall.xlsx", views.template_xlsx, name="template-xlsx"),
    path("<uuid:period>/", views.figures, name="figures"),
    path("<uuid:period>/namnd/<uuid:code>/", views.board_figures, name="board-figures"),
]
