from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, IndicatorFeed


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "category", "unit", "status", "received_at", "answer_by"]
    list_filter = ["status", "category", "cause"]
    search_fields = ["number"]


@admin.register(IndicatorFeed)
class IndicatorFeedAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "measure", "unit"]
