from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/kalender/", views.calendar_update, name="calendar-update"),
    path("<int:year>/budgetdirektiv/", views.directive_detail, name="directive-detail"),
    path("<int:year>/budgetdirektiv/andra/", views.directive_update, name="directive-update"),
    path("<int:year>/namnder/<uuid:code>/", views.board_detail, name="board-detail"),
    path("<int:year>/namnder/<uuid:code>/omvarldsanalys/", views.analysis_update, name="analysis-update"),
    path("<int:year>/namnder/<uuid:code>/askanden/nytt/", views.request_create, name="request-create"),
    path("<int:year>/namnder/<uuid:code>/arbetsbudget/", views.working_budget, name="working-budget"),
    path(
        "<int:year>/namnder/<uuid:code>/arbetsbudget/mall.xlsx",
        views.working_budget_template,
        name="working-budget-template",
    ),
    path(
        "<int:year>/namnder/<uuid:code>/arbetsbudget/import/",
        views.working_budget_import,
        name="working-budget-import",
    ),
    path("askanden/<uuid:code>/", views.request_detail, name="request-detail"),
    path("askanden/<uuid:code>/andra/", views.request_update, name="request-update"),
    path("askanden/<uuid:code>/lamna-in/", views.request_submit, name="request-submit"),
    path("askanden/<uuid:code>/ta-tillbaka/", views.request_withdraw, name="request-withdraw"),
    path("askanden/<uuid:code>/ta-bort/", views.request_delete, name="request-delete"),
    path("askanden/<uuid:code>/beslut/", views.request_decide, name="request-decide"),
    path("<int:year>/budgetberedning/", views.preparation, name="preparation"),
    path("<int:year>/budget-och-strategiplan/", views.plan_detail, name="plan-detail"),
    path("<int:year>/budget-och-strategiplan/skapa/", views.plan_create, name="plan-create"),
    path("<int:year>/budget-och-strategiplan/andra/", views.plan_update, name="plan-update"),
    path("<int:year>/budget-och-strategiplan/uppdatera-ramar/", views.plan_refresh, name="plan-refresh"),
    path("<int:year>/budget-och-strategiplan/anta/", views.plan_adopt, name="plan-adopt"),
    path("<int:year>/budget-och-strategiplan/arkiv.pdf", views.plan_pdf, name="plan-pdf"),
    path("<int:year>/budget-och-strategiplan/arkiv.html", views.plan_html, name="plan-html"),
]
