"""Django admin for superusers (officers use the app's own scoped pages)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ArchiveEntry,
    CadrePost,
    CardBatch,
    DuesPayment,
    DuesRule,
    FundReceipt,
    Honour,
    ImportJob,
    Member,
    TrainingRecord,
    Transfer,
)


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gender", "union", "status", "joined_on", "card_number", "is_model_worker", "is_cadre"]
    list_filter = ["status", "gender", "employment_type", "political_status", "is_model_worker", "is_cadre"]
    search_fields = ["name", "id_number", "phone", "card_number"]
    autocomplete_fields = ["union"]
    raw_id_fields = ["card_batch"]
    list_select_related = ["union"]


@admin.register(Transfer)
class TransferAdmin(SimpleHistoryAdmin):
    list_display = ["member", "from_union", "to_union", "state", "sent_at", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["member", "from_union", "to_union", "placed_in", "sent_by", "decided_by"]
    list_select_related = ["member", "from_union", "to_union"]


@admin.register(CardBatch)
class CardBatchAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "union", "count", "issued_on"]
    raw_id_fields = ["union", "issued_by"]


@admin.register(DuesRule)
class DuesRuleAdmin(SimpleHistoryAdmin):
    list_display = ["union", "rate", "arrears_months", "tracked_from"]
    raw_id_fields = ["union"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(SimpleHistoryAdmin):
    list_display = ["member", "period", "amount", "paid_on", "union"]
    list_filter = ["period"]
    raw_id_fields = ["member", "union", "recorded_by"]


@admin.register(FundReceipt)
class FundReceiptAdmin(SimpleHistoryAdmin):
    list_display = ["union", "period", "payroll", "amount", "received_on"]
    raw_id_fields = ["union", "recorded_by"]


@admin.register(CadrePost)
class CadrePostAdmin(SimpleHistoryAdmin):
    list_display = ["member", "position", "organisation", "term_start", "term_end"]
    list_filter = ["position"]
    raw_id_fields = ["member", "organisation"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["member", "course", "level", "started_on", "hours"]
    raw_id_fields = ["member"]


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    list_display = ["member", "title", "kind", "level", "year"]
    list_filter = ["kind", "level"]
    raw_id_fields = ["member"]


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(SimpleHistoryAdmin):
    list_display = ["member", "kind", "date", "summary"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "recorded_by"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "union", "state", "total_rows", "error_count", "created", "updated", "created_at"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    exclude = ["errors"]

    def has_add_permission(self, request):
        return False
