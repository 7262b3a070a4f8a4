"""The judge's score grid (keyboard only: Tab or Enter moves on, each cell is saved as it is
left, through htmx, with its message in place), the organiser's score sheet of an entry, and
recusals (回避).

A judge only ever reads and writes their own scores: the grid and the cell take the scores
of ``request.user``; an entry not assigned to the judge is a 404 (``Entry.objects.visible_to
(user, "score")``); the score sheet of an entry is for the organiser's staff ("scores").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.querystring import query_object
from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import RecusalForm
from ..models import Competition, Entry, JudgeAssignment, Recusal, Score, ScoringItem
from ..services import CompetitionError, judging
from ..services.results import judges_by_entry, label_units
from .base import ObjectActionView, ObjectFormView, SectionMixin

CELL_NAME = re.compile(r"^score-(\d+)-(\d+)$")


@dataclass
class Cell:
    entry: Entry
    item: ScoringItem
    value: object = None  # the saved value, or the text typed when it was refused
    error: str = ""
    saved: bool = False

    @property
    def name(self) -> str:
        return f"score-{self.entry.pk}-{self.item.pk}"


@dataclass
class Row:
    entry: Entry
    cells: list[Cell] = field(default_factory=list)
    recusal: Recusal | None = None
    total: Decimal | None = None


def own_total(items, values: dict) -> Decimal | None:
    """The judge's own weighted total of an entry, once every item is scored."""
    if not items or any(values.get(item.pk) is None for item in items):
        return None
    return sum((item.weight * Decimal(values[item.pk]) for item in items), Decimal(0)).quantize(Decimal("0.01"))


def grid_progress(competition, judge) -> dict:
    entries = Entry.objects.visible_to(judge, "score").filter(competition=competition).competing()
    judges = judges_by_entry(competition, entries)
    mine = [entry_id for entry_id, entry_judges in judges.items() if judge.pk in entry_judges]
    items = competition.items.count()
    given = Score.objects.filter(judge=judge, entry_id__in=mine, item__competition=competition).count()
    return {"given": given, "expected": len(mine) * items}


class ScoreGridView(SectionMixin, ScopedObjectMixin, DetailView):
    model = Competition
    scope_action = "score"
    template_name = "competitions/score_grid.html"

    def rows(self, errors=None, typed=None):
        competition, judge = self.object, self.request.user
        items = list(competition.items.all())
        entries = label_units(Entry.objects.visible_to(judge, "score").filter(competition=competition).competing()
                              .select_related("organisation").order_by("number"))
        recusals = {r.entry_id: r for r in Recusal.objects.filter(entry__in=entries, judge=judge)}
        values = {(s.entry_id, s.item_id): s.value for s in Score.objects.filter(judge=judge, entry__in=entries)}
        rows = []
        for entry in entries:
            row = Row(entry=entry, recusal=recusals.get(entry.pk))
            for item in items:
                key = (entry.pk, item.pk)
                error = (errors or {}).get(key, "")
                value = (typed or {}).get(key) if error else values.get(key)
                row.cells.append(Cell(entry=entry, item=item, value=value, error=error))
            row.total = own_total(items, {item.pk: values.get((entry.pk, item.pk)) for item in items})
            rows.append(row)
        return items, rows

    def get_context_data(self, errors=None, typed=None, **kwargs):
        items, rows = self.rows(errors, typed)
        competition = self.object
        return super().get_context_data(
            items=items, rows=rows, editable=competition.state == Competition.State.SCORING,
            progress=grid_progress(competition, self.request.user), **kwargs)

    def post(self, request, *args, **kwargs):
        """The whole grid at once, for a browser without JavaScript (Enter submits the form)."""
        self.object = self.get_object()
        values = {}
        for name, raw in request.POST.items():
            match = CELL_NAME.match(name)
            if match:
                values[(int(match.group(1)), int(match.group(2)))] = raw
        if self.object.state != Competition.State.SCORING:
            messages.error(request, _("Scores cannot be changed: the competition is at the stage “%(state)s”.")
                           % {"state": self.object.get_state_display()})
            return redirect("competitions:score_grid", pk=self.object.pk)
        allowed = set(Entry.objects.visible_to(request.user, "score").filter(competition=self.object)
                      .values_list("pk", flat=True))
        values = {key: raw for key, raw in values.items() if key[0] in allowed}
        errors = judging.scores_save_many(self.object, request.user, values)
        if errors:
            messages.error(request, _("Some scores were not saved; see the marked cells."))
            return self.render_to_response(self.get_context_data(errors=errors, typed=values))
        messages.success(request, _("Your scores were saved."))
        return redirect("competitions:score_grid", pk=self.object.pk)


class ScoreCellView(ScopedObjectMixin, SingleObjectMixin, View):
    """One cell of the grid: POST saves the judge's score of this entry on one item (the cell's
    name says which) and answers with the cell, the row's total and the progress (htmx)."""

    model = Entry
    scope_action = "score"
    http_method_names = ["get", "post"]

    def _item(self, entry, item_id):
        item = ScoringItem.objects.filter(competition_id=entry.competition_id, pk=item_id).first()
        if item is None:
            raise Http404
        return item

    def get(self, request, *args, **kwargs):
        entry = self.get_object()
        item = query_object(request.GET, "item", ScoringItem.objects.filter(competition_id=entry.competition_id))
        if item is None:
            raise Http404
        value = Score.objects.filter(entry=entry, item=item, judge=request.user).values_list("value",
                                                                                             flat=True).first()
        return self.respond(entry, Cell(entry=entry, item=item, value=value))

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        name, raw = next(((n, v) for n, v in request.POST.items()
                          if (m := CELL_NAME.match(n)) and int(m.group(1)) == entry.pk), (None, None))
        if name is None:
            raise Http404
        item = self._item(entry, int(CELL_NAME.match(name).group(2)))
        try:
            score = judging.score_save(entry, item, request.user, raw)
        except CompetitionError as error:
            cell = Cell(entry=entry, item=item, value=raw, error=error.message)
        else:
            cell = Cell(entry=entry, item=item, value=score.value if score else None, saved=True)
        if not request.htmx:
            if cell.error:
                messages.error(request, cell.error)
            return redirect("competitions:score_grid", pk=entry.competition_id)
        return self.respond(entry, cell)

    def respond(self, entry, cell):
        competition = entry.competition
        items = list(competition.items.all())
        values = dict(Score.objects.filter(entry=entry, judge=self.request.user).values_list("item_id", "value"))
        html = render_to_string("competitions/_score_cell_response.html", {
            "cell": cell, "editable": competition.state == Competition.State.SCORING,
            "row_total": own_total(items, values), "entry": entry,
            "progress": grid_progress(competition, self.request.user),
        }, request=self.request)
        return HttpResponse(html)


class EntryScoresView(SectionMixin, ScopedObjectMixin, DetailView):
    """Every judge's scores of one entry, named: for the organiser's staff only."""

    model = Entry
    scope_action = "scores"
    template_name = "competitions/entry_scores.html"

    def optimise(self, queryset):
        return queryset.select_related("competition", "organisation")

    def get_context_data(self, **kwargs):
        entry = self.object
        items = list(entry.competition.items.all())
        judges = judges_by_entry(entry.competition, [entry])[entry.pk]
        scores = {}
        for score in Score.objects.filter(entry=entry).select_related("judge"):
            scores.setdefault(score.judge, {})[score.item_id] = score.value
        assigned = {a.judge for a in JudgeAssignment.objects.filter(competition=entry.competition)
                    .select_related("judge") if a.entry_id in (None, entry.pk)}
        sheet = []
        for judge in sorted(assigned | set(scores), key=str):
            values = scores.get(judge, {})
            sheet.append({"judge": judge, "counted": judge.pk in judges,
                          "values": [values.get(item.pk) for item in items],
                          "total": own_total(items, values)})
        return super().get_context_data(items=items, sheet=sheet,
                                        recusals=entry.recusals.select_related("judge", "declared_by"), **kwargs)


class _RecusalStep(ObjectFormView):
    model = Entry
    form_class = RecusalForm

    def step_refused_message(self):
        return _("A recusal can be recorded only before the scores are locked.")


class RecuseView(_RecusalStep):
    """A judge declares a conflict of interest with an entry (回避)."""

    scope_action = "score"
    step = "recuse"

    def get_page_title(self):
        return _("Recuse yourself from “%(entry)s”") % {"entry": self.object}

    help_text = gettext_lazy("You will not score this entry, and any scores you gave it are removed. The organiser "
                             "sees the reason.")

    def get_back_url(self):
        return reverse("competitions:score_grid", args=[self.object.competition_id])

    def perform(self, form):
        judging.recusal_declare(self.object, self.request.user, by=self.request.user,
                                reason=form.cleaned_data["reason"])
        return _("You have recused yourself from “%(entry)s”.") % {"entry": self.object}


class RecusalRecordView(_RecusalStep):
    """The organiser records a judge's recusal from an entry."""

    scope_action = "manage"
    step = "record_recusal"

    def get_page_title(self):
        return _("Record a recusal from “%(entry)s”") % {"entry": self.object}

    def get_form_kwargs(self):
        from django.contrib.auth import get_user_model

        judges = judges_by_entry(self.object.competition, [self.object])[self.object.pk]
        return {**super().get_form_kwargs(), "judges": get_user_model().objects.filter(pk__in=judges)}

    def perform(self, form):
        judge = form.cleaned_data["judge"]
        judging.recusal_declare(self.object, judge, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("%(person)s recused from “%(entry)s”.") % {"person": judge, "entry": self.object}


class RecusalLiftView(ObjectActionView):
    model = Recusal
    scope_action = "change"

    def act(self, recusal):
        judging.recusal_lift(recusal, by=self.request.user)
        return _("The recusal of %(person)s was lifted; they can score “%(entry)s” again.") % {
            "person": recusal.judge, "entry": recusal.entry}

    def get_success_url(self):
        return reverse("competitions:competition_detail", args=[self.object.entry.competition_id]) + "#judges"
