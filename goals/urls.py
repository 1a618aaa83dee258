from django.urls import path

from . import revision_views, views

app_name = "goals"

urlpatterns = [
    path("", views.goal_tree, name="goal-tree"),
    path("visioner/", views.vision_list, name="vision-list"),
    path("visioner/ny/", views.vision_create, name="vision-create"),
    path("visioner/<uuid:code>/andra/", views.vision_update, name="vision-update"),
    path("inriktningar/ny/", views.direction_create, name="direction-create"),
    path("inriktningar/<uuid:code>/andra/", views.direction_update, name="direction-update"),
    path("namnd/<uuid:code>/", views.board_detail, name="board-detail"),
    path("namnd/<uuid:code>/verksamhetside/", views.board_profile_update, name="board-profile-update"),
    path("namnd/<uuid:code>/<int:year>/nytt-mal/", views.goal_create, name="goal-create"),
    path("namnd/<uuid:code>/<int:year>/kopiera/", views.board_goals_copy, name="board-goals-copy"),
    path("mal/<uuid:code>/", views.goal_detail, name="goal-detail"),
    path("mal/<uuid:code>/andra/", views.goal_update, name="goal-update"),
    path("mal/<uuid:code>/anta/", views.goal_adopt, name="goal-adopt"),
    path("mal/<uuid:code>/andring/anta/", revision_views.revision_adopt, name="revision-adopt"),
    path("mal/<uuid:code>/andring/kasta/", revision_views.revision_discard, name="revision-discard"),
    path(
        "mal/<uuid:code>/andring/indikator/<uuid:key>/",
        revision_views.revision_indicator_update,
        name="revision-indicator-update",
    ),
    path("mal/<uuid:code>/bedomning/", views.assessment_set, name="assessment-set"),
    path("mal/<uuid:code>/ny-indikator/", views.indicator_create, name="indicator-create"),
    path("indikatorer/<uuid:code>/andra/", views.indicator_update, name="indicator-update"),
    path("indikatorer/<uuid:code>/malniva/", views.target_set, name="target-set"),
    path("indikatorer/<uuid:code>/utfall/", views.outcome_set, name="outcome-set"),
    path("indikatorer/<uuid:code>/kolada/", views.kolada_import, name="kolada-import"),
    path("indikatorer/<uuid:code>/kolada/koppla/", views.indicator_kolada_link, name="indicator-kolada-link"),
    path("kolada/", views.kolada_search, name="kolada-search"),
]
