from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Control, ControlPlan, ControlResult, Process, Risk, RiskMatrix


@admin.register(RiskMatrix)
class RiskMatrixAdmin(SimpleHistoryAdmin):
    list_display = ["version", "is_current", "medium_from", "high_from", "very_high_from"]


@admin.register(ControlPlan)
class ControlPlanAdmin(SimpleHistoryAdmin):
    list_display = ["board", "year", "status", "decision_date"]
    list_filter = ["status", "year"]


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "owner"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["description", "plan", "category", "score"]
    list_filter = ["category"]


@admin.register(Control)
class ControlAdmin(SimpleHistoryAdmin):
    list_display = ["what", "risk", "frequency", "owner"]


@admin.register(ControlResult)
class ControlResultAdmin(SimpleHistoryAdmin):
    list_display = ["control", "occurrence", "outcome", "performed_on", "is_current"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_date", "status"]
