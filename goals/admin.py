from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BoardProfile,
    Direction,
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorOutcome,
    IndicatorTarget,
    Vision,
)


@admin.register(Vision)
class VisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "valid_from", "valid_to", "is_active"]


@admin.register(Direction)
class DirectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "vision", "valid_from", "valid_to", "position"]


@admin.register(BoardProfile)
class BoardProfileAdmin(SimpleHistoryAdmin):
    list_display = ["board"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "better", "tolerance", "kolada_kpi"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "year", "status"]
    list_filter = ["status", "year", "board"]
    search_fields = ["title"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "goal", "unit", "better", "kolada_kpi"]
    search_fields = ["name", "kolada_kpi"]


admin.site.register(IndicatorTarget, SimpleHistoryAdmin)
admin.site.register(IndicatorOutcome, SimpleHistoryAdmin)
admin.site.register(GoalAssessment, SimpleHistoryAdmin)
