from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ItemProgress, PlanAcknowledgement, PlanAttachment, PlanItem, PlanTarget, WorkPlan


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ["parent", "position", "heading", "owner_text", "due_date"]
    extra = 0
    show_change_link = True


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "issuer", "year", "state", "sequence"]
    list_filter = ["state", "year"]
    search_fields = ["title", "issuer__name"]
    raw_id_fields = ["issuer", "copied_from", "drafted_by", "approved_by", "issued_by"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "position"]
    raw_id_fields = ["plan", "parent", "owner_user"]


for model in (ItemProgress, PlanTarget, PlanAttachment, PlanAcknowledgement):
    admin.site.register(model, SimpleHistoryAdmin)
