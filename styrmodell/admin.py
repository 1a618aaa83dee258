from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import OrgUnit, Period, PeriodReopening, RoleGrant, User, Year


@admin.register(User)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("title",)}),)


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ["name", "short_name", "kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "permission", "content_object", "granted_at"]
    list_select_related = ["user", "permission", "content_object"]
    raw_id_fields = ["user", "content_object"]


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


@admin.register(Year)
class YearAdmin(SimpleHistoryAdmin):
    inlines = [PeriodInline]


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(SimpleHistoryAdmin):
    list_display = ["period", "step", "unit", "reopened_by", "reopened_at", "until", "revoked_at"]
    raw_id_fields = ["unit", "reopened_by"]
