"""Tracking through the year: targets with today's values, items with owners, due dates and
progress notes (htmx), the year-end summary draft, and the DOCX exports."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, UpdateView

from unionadmin.models import AuditEvent
from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin

from .. import services
from ..docx import plan_docx, summary_docx
from ..forms import ItemTrackingForm, ProgressForm, TargetValueForm
from ..models import ItemProgress, PlanItem, PlanTarget, WorkPlan
from ..rendering import filename as pdf_filename
from .base import htmx_response
from .plans import outline_with_targets

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def tracking_rows(plan, outline=None):
    """Each item with its notes (one query), latest percentage and overdue flag."""
    outline = outline if outline is not None else outline_with_targets(plan)
    notes: dict[int, list[ItemProgress]] = {}
    for note in ItemProgress.objects.filter(item__plan=plan).select_related("recorded_by").order_by("date", "pk"):
        notes.setdefault(note.item_id, []).append(note)
    today = timezone.localdate()
    rows = []
    for node in outline:
        item_notes = notes.get(node.pk, [])
        latest = next((n.percent for n in reversed(item_notes) if n.percent is not None), None)
        rows.append({
            "node": node, "item": node.item, "notes": item_notes, "percent": latest,
            "overdue": bool(node.item.due_date and node.item.due_date < today and latest != 100),
        })
    return rows


def _row_for(plan, item):
    outline = outline_with_targets(plan)
    return next(row for row in tracking_rows(plan, outline) if row["item"].pk == item.pk)


class PlanTrackingView(ScopedObjectMixin, DetailView):
    model = WorkPlan
    scope_action = "track"
    template_name = "planning/plan_tracking.html"

    def optimise(self, queryset):
        return queryset.select_related("issuer")

    def get_context_data(self, **kwargs):
        plan = self.object
        outline = outline_with_targets(plan)
        return super().get_context_data(
            statuses=services.target_statuses(plan, outline), rows=tracking_rows(plan, outline),
            can_track=user_can(self.request.user, "change", plan), progress_form=ProgressForm(), **kwargs,
        )


class _TrackingChange(ScopedObjectMixin, UpdateView):
    """Tracking changes (notes, owner, due date, typed values) are allowed in every state:
    they follow the plan, they do not change the document."""

    scope_action = "change"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return redirect(self.tracking_url())

    def tracking_url(self):
        return reverse("planning:plan_tracking", args=[self.plan().pk])


class ProgressAddView(_TrackingChange):
    model = PlanItem
    form_class = ProgressForm
    template_name = "planning/_tracking_item.html"

    def plan(self):
        return self.object.plan

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ItemProgress(item=self.object, recorded_by=self.request.user)
        return kwargs

    def _respond(self, form):
        if self.request.htmx:
            return htmx_response(self.request, self.template_name, {
                "row": _row_for(self.object.plan, self.object), "plan": self.object.plan, "can_track": True,
                "progress_form": form,
            })
        return redirect(self.tracking_url() + f"#track-{self.object.pk}")

    def form_valid(self, form):
        services.progress_add(self.object, self.request.user, **form.cleaned_data)
        return self._respond(ProgressForm())

    def form_invalid(self, form):
        return self._respond(form)


class ItemTrackingUpdateView(_TrackingChange):
    model = PlanItem
    form_class = ItemTrackingForm
    template_name = "planning/_tracking_item.html"

    def plan(self):
        return self.object.plan

    def _respond(self, form=None):
        if self.request.htmx:
            return htmx_response(self.request, self.template_name, {
                "row": _row_for(self.object.plan, self.object), "plan": self.object.plan, "can_track": True,
                "progress_form": ProgressForm(), "tracking_form": form,
            })
        return redirect(self.tracking_url() + f"#track-{self.object.pk}")

    def form_valid(self, form):
        form.save()
        return self._respond()

    def form_invalid(self, form):
        return self._respond(form)


class TargetValueView(_TrackingChange):
    model = PlanTarget
    form_class = TargetValueForm
    template_name = "planning/_target_status.html"

    def plan(self):
        return self.object.item.plan

    def _respond(self, form=None):
        if self.request.htmx:
            plan = self.object.item.plan
            status = next(s for s in services.target_statuses(plan) if s.target.pk == self.object.pk)
            return htmx_response(self.request, self.template_name,
                                 {"status": status, "plan": plan, "can_track": True, "value_form": form})
        return redirect(self.tracking_url() + "#targets")

    def form_valid(self, form):
        if self.object.kind == PlanTarget.Kind.NUMBER:
            form.save()
        return self._respond()

    def form_invalid(self, form):
        return self._respond(form)


class PlanSummaryView(ScopedObjectMixin, DetailView):
    model = WorkPlan
    scope_action = "track"
    template_name = "planning/plan_summary.html"

    def get_context_data(self, **kwargs):
        summary = services.plan_summary(self.object)
        return super().get_context_data(summary=summary, summary_text=summary.as_text(), **kwargs)


def _docx_response(data: bytes, name: str) -> HttpResponse:
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response


class PlanSummaryDocxView(ScopedObjectMixin, DetailView):
    model = WorkPlan
    scope_action = "track"

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        summary = services.plan_summary(plan)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=plan.issuer, target=plan,
                          detail=summary.title)
        return _docx_response(summary_docx(plan, summary), summary.title.replace("/", "_")[:100] + ".docx")


class PlanDocxView(ScopedObjectMixin, DetailView):
    """The plan as DOCX, rendered in the request: it takes a few milliseconds."""

    model = WorkPlan

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=plan.issuer, target=plan,
                          detail=str(plan)[:200])
        return _docx_response(plan_docx(plan), pdf_filename(plan)[:-4] + ".docx")
