"""The editor's htmx partials: items (add, edit inline, move, indent, delete), their targets,
and the plan's attachments. Each change answers with the part of the page it changed and
tells the page to refresh the live preview; without htmx it redirects to the editor."""
from __future__ import annotations

import os

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView
from django.views.generic.edit import FormMixin

from unionadmin.models import AuditEvent
from unionadmin.querystring import ObjectQuery
from unionadmin.views.files import UploadedFileView
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView

from .. import services
from ..forms import PlanAttachmentForm, PlanItemForm, PlanTargetForm
from ..models import PlanAttachment, PlanItem, PlanTarget, WorkPlan
from .base import editor_url, htmx_response, refuse_if_not_editable
from .plans import outline_with_targets


def items_response(request, plan, *, error=None, changed=True):
    """The whole list (numbers change); retargeted, since a new item's form asked for its own <li>."""
    response = htmx_response(request, "planning/_items.html",
                             {"plan": plan, "nodes": outline_with_targets(plan), "error": error}, changed=changed)
    response["HX-Retarget"] = "#plan-items"
    response["HX-Reswap"] = "outerHTML"
    return response


def row_response(request, item, *, changed=False):
    node = next(n for n in outline_with_targets(item.plan) if n.pk == item.pk)
    return htmx_response(request, "planning/_item_row.html", {"plan": item.plan, "node": node}, changed=changed)


def _after_change(request, plan, *, anchor="items"):
    if request.htmx:
        return items_response(request, plan)
    return redirect(editor_url(plan, anchor))


class _EditorMixin(ScopedObjectMixin):
    """Every editor view changes a draft; anything else is refused with a message."""

    scope_action = "change"

    def plan_of(self, obj) -> WorkPlan:
        return obj if isinstance(obj, WorkPlan) else obj.plan if hasattr(obj, "plan") else obj.item.plan

    def dispatch(self, request, *args, **kwargs):
        # A method the view does not handle is answered 405 before any lookup.
        if request.user.is_authenticated and hasattr(self, request.method.lower()) \
                and request.method.lower() in self.http_method_names:
            self.object = self.get_object()
            refusal = refuse_if_not_editable(request, self.plan_of(self.object))
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)


class ItemNewView(_EditorMixin, FormMixin, DetailView):
    """GET: the form for a new item (as a sub-item of ``parent``, after ``after``, or a new
    section at the end); POST: create it and answer with the whole list (numbers change)."""

    model = WorkPlan
    form_class = PlanItemForm
    template_name = "planning/_item_form.html"

    def _anchor(self, source):
        plan = self.object
        items = PlanItem.objects.filter(plan=plan)
        anchor = ObjectQuery.read(source, parent=items, after=items)
        return anchor["parent"], anchor["after"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = PlanItem(plan=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        parent, after = self._anchor(self.request.POST or self.request.GET)
        return super().get_context_data(plan=self.object, parent=parent, after=after, new=True, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(editor_url(self.object, "items"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        parent, after = self._anchor(request.POST)
        try:
            services.item_add(self.object, parent=parent, after=after, **form.cleaned_data)
        except services.PlanError as error:
            if request.htmx:
                return items_response(request, self.object, error=error.message, changed=False)
            messages.error(request, error.message)
        return _after_change(request, self.object)


class ItemRowView(ScopedObjectMixin, DetailView):
    """One row of the editor's list (used by "cancel")."""

    model = PlanItem
    scope_action = "change"

    def get(self, request, *args, **kwargs):
        item = self.get_object()
        if not request.htmx:
            return redirect(editor_url(item.plan, f"item-{item.pk}"))
        return row_response(request, item)


class ItemUpdateView(_EditorMixin, UpdateView):
    model = PlanItem
    form_class = PlanItemForm
    template_name = "planning/_item_form.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(editor_url(self.object.plan, f"item-{self.object.pk}"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.object.plan, item=self.object, **kwargs)

    def form_valid(self, form):
        item = form.save()
        services.plan_touched(item.plan)
        if self.request.htmx:
            return row_response(self.request, item, changed=True)
        return redirect(editor_url(item.plan, f"item-{item.pk}"))


class _EditorActionView(_EditorMixin, ObjectActionView):
    """A POST-only change in the editor; ``plan`` is set by ``act``. The answer is the changed
    list (htmx) or the editor."""

    plan = None

    def done(self, message):
        return _after_change(self.request, self.plan)


class ItemMoveView(_EditorActionView):
    """POST direction=up|down|indent|outdent."""

    model = PlanItem

    def act(self, item):
        self.plan = item.plan
        direction = self.request.POST.get("direction", "")
        if direction not in {"up", "down", "indent", "outdent"}:
            raise services.PlanError(_("Unknown move."))
        services.item_move(item, direction)

    def done(self, message):
        return _after_change(self.request, self.plan, anchor=f"item-{self.object.pk}")

    def refused(self, message):
        if self.request.htmx:
            return items_response(self.request, self.plan, error=message, changed=False)
        messages.error(self.request, message)
        return redirect(editor_url(self.plan, "items"))


class ItemDeleteView(_EditorActionView):
    model = PlanItem

    def act(self, item):
        self.plan = item.plan
        services.item_delete(item)

    def refused(self, message):
        messages.error(self.request, message)
        return self.done(None)


# --- Targets ------------------------------------------------------------------------------
class TargetNewView(_EditorMixin, FormMixin, DetailView):
    """A target on an item; GET the form (in place of the item's row), POST to add it."""

    model = PlanItem
    form_class = PlanTargetForm
    template_name = "planning/_target_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = PlanTarget(item=self.object, position=self.object.targets.count())
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.object.plan, item=self.object, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(editor_url(self.object.plan, f"item-{self.object.pk}"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        services.plan_touched(self.object.plan)
        if request.htmx:
            return row_response(request, self.object, changed=True)
        return redirect(editor_url(self.object.plan, f"item-{self.object.pk}"))


class TargetUpdateView(_EditorMixin, UpdateView):
    model = PlanTarget
    form_class = PlanTargetForm
    template_name = "planning/_target_form.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(editor_url(self.object.item.plan, f"item-{self.object.item_id}"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.object.item.plan, item=self.object.item, target=self.object,
                                        **kwargs)

    def form_valid(self, form):
        target = form.save()
        if self.request.htmx:
            return row_response(self.request, target.item, changed=True)
        return redirect(editor_url(target.item.plan, f"item-{target.item_id}"))


class TargetDeleteView(_EditorActionView):
    model = PlanTarget

    def act(self, target):
        self.item = target.item
        target.delete()

    def done(self, message):
        if self.request.htmx:
            return row_response(self.request, self.item, changed=True)
        return redirect(editor_url(self.item.plan, f"item-{self.item.pk}"))


# --- Attachments --------------------------------------------------------------------------
class AttachmentCreateView(_EditorMixin, FormMixin, DetailView):
    model = WorkPlan
    form_class = PlanAttachmentForm
    template_name = "planning/attachment_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=PlanAttachment(plan=self.object, position=self.object.attachments.count()),
                      user=self.request.user)
        return kwargs

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        services.plan_touched(self.object)
        messages.success(request, _("The attachment was added."))
        return redirect(editor_url(self.object, "attachments"))


class AttachmentDeleteView(_EditorActionView):
    model = PlanAttachment

    def act(self, attachment):
        self.plan = attachment.plan
        attachment.delete()  # the stored file stays: a copied plan may share it
        services.plan_touched(self.plan)
        return _("The attachment was removed.")

    def done(self, message):
        messages.success(self.request, message)
        return redirect(editor_url(self.plan, "attachments"))


class AttachmentDownloadView(UploadedFileView):
    """The uploaded file of an attachment, to whoever may see the plan."""

    model = PlanAttachment

    def download_name(self, attachment):
        return attachment.file_name or os.path.basename(attachment.file.name)

    def downloaded(self, attachment):
        AuditEvent.record(actor=self.request.user, verb=AuditEvent.Verb.DOWNLOAD, organisation=attachment.plan.issuer,
                          target=attachment, detail=attachment.title)
