from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Idea, IdeaVersion


class IdeaVersionInline(admin.TabularInline):
    model = IdeaVersion
    extra = 0
    fields = ["text", "change_note", "status", "decision_date", "decision_paragraph"]


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "board"]
    list_filter = ["kind"]
    inlines = [IdeaVersionInline]
