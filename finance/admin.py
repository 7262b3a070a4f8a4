"""The Django admin (superusers only) reads the books; it never edits them: a posted voucher
is changed only by a reversal (finance.services), and the database refuses any other change."""
from django.contrib import admin

from .models import Account, ClosedMonth, Voucher, VoucherLine


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VoucherLineInline(admin.TabularInline):
    model = VoucherLine
    fields = ["position", "account", "summary", "debit", "credit"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "number", "date", "summary", "posted_by"]
    list_filter = ["year"]
    search_fields = ["summary", "organisation__name"]
    list_select_related = ["organisation", "posted_by"]
    inlines = [VoucherLineInline]


@admin.register(ClosedMonth)
class ClosedMonthAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "month", "closed_by", "closed_at"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "element", "parent", "is_active"]
    list_filter = ["element", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False
