from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "status", "published_at", "signing_ends"]
    list_filter = ["status", "topic"]
    # Personal data stays out of the admin's lists and search; moderation happens on the app's own pages.
    exclude = ["submitter_name", "submitter_email", "token_hash", "token_expires"]
