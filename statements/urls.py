from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kontoplan/", views.mapping, name="mapping"),
    path("kontoplan/rader/<int:line_id>/nytt-intervall/", views.range_create, name="range-create"),
    path("kontoplan/intervall/<int:range_id>/andra/", views.range_update, name="range-update"),
    path("kontoplan/intervall/<int:range_id>/ta-bort/", views.range_delete, name="range-delete"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/namnder/<uuid:code>/", views.board_detail, name="board-detail"),
    path("<int:year>/balanskrav/", views.balance_requirement_update, name="balance-requirement-update"),
    path("<int:year>/god-ekonomisk-hushallning/", views.sound_finances_update, name="sound-finances-update"),
]
