"""Django admin for superusers (officers use the app's own scoped pages). State changes of
proposals belong to the services: proposals are read-only here."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CollectiveContract,
    Congress,
    Delegate,
    HandlingDepartment,
    LabourRisk,
    Proposal,
    Session,
    Term,
)


@admin.register(Congress)
class CongressAdmin(SimpleHistoryAdmin):
    list_display = ["union", "kind"]
    raw_id_fields = ["union"]
    list_select_related = ["union"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "congress", "starts_on", "ends_on"]
    raw_id_fields = ["congress"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "union", "held_on", "state", "collection_opens_at", "collection_closes_at"]
    list_filter = ["state"]
    raw_id_fields = ["term"]
    list_select_related = ["term__congress", "union"]


@admin.register(Delegate)
class DelegateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "term", "category", "gender", "is_active"]
    list_filter = ["category", "gender", "is_active"]
    search_fields = ["name", "user__mobile"]
    raw_id_fields = ["term", "user", "delegation"]


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "session", "number", "state", "lead_department", "deadline", "rating"]
    list_filter = ["state", "category", "rating"]
    search_fields = ["subject"]
    list_select_related = ["session__term__congress", "lead_department"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(HandlingDepartment)
class HandlingDepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "union", "is_active"]
    raw_id_fields = ["union"]


@admin.register(CollectiveContract)
class CollectiveContractAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "union", "kind", "starts_on", "ends_on", "filed_on"]
    list_filter = ["kind"]
    raw_id_fields = ["union", "approved_by"]


@admin.register(LabourRisk)
class LabourRiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "union", "kind", "level", "state", "reported_on"]
    list_filter = ["kind", "level", "state"]
    raw_id_fields = ["union"]


