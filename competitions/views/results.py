"""The results page: ranks, item results, totals and awards.

* The organiser's staff see the provisional ranking while scoring, the frozen results once
  the scores are locked, and every judge's scores by name.
* Everyone else who may see the competition (the units below, the judges) sees the frozen
  results only during the public notice and after publication; each judge's scores (numbered,
  never named) only if the organiser chose to publish them, and only once published.
* Certificates: after publication, a unit gets its own entries' certificates; the organiser
  all of them in one PDF.
"""
from __future__ import annotations

from django.views.generic import DetailView

from unionadmin.views.mixins import ScopedObjectMixin

from ..models import Competition, Entry
from ..services.results import judge_sheets, result_rows
from .base import SectionMixin


class CompetitionResultsView(SectionMixin, ScopedObjectMixin, DetailView):
    model = Competition
    template_name = "competitions/competition_results.html"

    def optimise(self, queryset):
        return queryset.select_related("organiser")

    def get_context_data(self, **kwargs):
        competition, user = self.object, self.request.user
        organiser_staff = self.can("export", competition)
        shown = organiser_staff or competition.results_public
        provisional = organiser_staff and competition.state == Competition.State.SCORING
        rows = result_rows(competition, provisional=provisional) if shown and (
            competition.results_frozen or provisional) else []
        published = competition.is_published
        sheets = []
        if rows and (organiser_staff or (published and competition.publish_judge_scores)):
            sheets = judge_sheets(competition)
        viewable = set(Entry.objects.visible_to(user).filter(competition=competition).values_list("pk", flat=True))
        certificate_entries = set()
        if published:
            certificate_entries = {row.entry.pk for row in rows if row.entry.pk in viewable and row.award}
        return super().get_context_data(
            organiser_staff=organiser_staff, shown=shown, provisional=provisional, rows=rows,
            items=list(competition.items.all()), sheets=sheets, show_judge_names=organiser_staff,
            published=published, certificate_entries=certificate_entries, viewable_entries=viewable,
            tie_breaks=list(competition.tie_breaks.select_related("item")), **kwargs)
