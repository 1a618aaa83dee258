from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, ReminderLog, StatusReport


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "owner", "responsible"]
    list_filter = ["year"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "owner", "responsible", "parent"]


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "period", "status", "reported_by", "reported_at"]
    list_filter = ["status", "period"]
    raw_id_fields = ["commitment"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "days_before", "kind", "sent_at"]
