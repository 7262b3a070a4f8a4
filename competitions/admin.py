"""The Django admin (superusers only): a read-mostly look at the competitions' rows. Scores are
not editable here; they change only through the judges' grid."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwardTier,
    Competition,
    Entry,
    EntryMaterial,
    EventMatch,
    EventParticipant,
    EventPhoto,
    ImprovementProposal,
    JudgeAssignment,
    Recusal,
    Score,
    ScoringItem,
    SportsEvent,
    TieBreak,
)


class ScoringItemInline(admin.TabularInline):
    model = ScoringItem
    extra = 0


class AwardTierInline(admin.TabularInline):
    model = AwardTier
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organiser", "year", "kind", "state"]
    list_filter = ["state", "kind", "year"]
    search_fields = ["title", "organiser__name"]
    raw_id_fields = ["organiser", "created_by"]
    inlines = [ScoringItemInline, AwardTierInline]


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "competition", "organisation", "status", "total", "rank", "award"]
    list_filter = ["status"]
    raw_id_fields = ["competition", "organisation", "members", "created_by", "award"]


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["entry", "item", "judge", "value"]
    raw_id_fields = ["entry", "item", "judge"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImprovementProposal)
class ImprovementProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "union", "kind", "year", "state", "annual_benefit"]
    list_filter = ["state", "kind", "year"]
    raw_id_fields = ["union", "evaluator", "created_by"]


for model in (TieBreak, JudgeAssignment, Recusal, EntryMaterial, SportsEvent, EventParticipant, EventMatch,
              EventPhoto):
    admin.site.register(model, SimpleHistoryAdmin)
