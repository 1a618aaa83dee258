from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("ideer/", views.idea_list, name="idea-list"),
    path("ideer/<slug:kind>/", views.idea_detail, name="idea-detail"),
    path("version/<uuid:code>/anta/", views.version_adopt, name="version-adopt"),
    path("namnd/<uuid:code>/verksamhetside/", views.board_idea, name="board-idea"),
    path("namnd/<uuid:code>/", views.board_plan, name="board-plan"),
    path("enhet/<uuid:code>/", views.unit_plan, name="unit-plan"),
    path("<uuid:code>/<int:year>/pdf/", views.plan_pdf, name="plan-pdf"),
]
