from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, Notification, Organisation, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "mobile", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "mobile"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Profile"), {"fields": ["full_name", "mobile", "language"]}),)
    inlines = [RoleAssignmentInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "category", "employee_count", "home_rating", "parent"]
    list_filter = ["level", "category", "home_rating", "sector"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["parent"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "organisation", "detail"]
    list_filter = ["verb"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "verb", "created_at", "read_at"]
    list_filter = ["verb"]
    raw_id_fields = ["recipient", "organisation"]
