from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetCalendar, BudgetRequest, Directive, EnvironmentAnalysis, StrategyPlan


@admin.register(BudgetCalendar)
class BudgetCalendarAdmin(SimpleHistoryAdmin):
    list_display = ["year", "directive_date", "requests_due", "plan_date"]


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ["year", "decision_date", "decision_paragraph"]


@admin.register(EnvironmentAnalysis)
class EnvironmentAnalysisAdmin(SimpleHistoryAdmin):
    list_display = ["board", "year"]


@admin.register(BudgetRequest)
class BudgetRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "year", "amount", "status", "decision"]
    list_filter = ["status", "decision", "year"]


@admin.register(StrategyPlan)
class StrategyPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "status", "decision_date"]
