"""Plans: the list (mine and from above), creating or copying, the detail page, the editor
page with its header form and live preview, state changes and acknowledgements."""
from __future__ import annotations

from csp.decorators import csp
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.querystring import query_object
from unionadmin.roles import STAFF_ROLES
from unionadmin.scoping import role_paths, scope_q, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from .. import services
from ..forms import AcknowledgeForm, PlanFilterForm, WorkPlanCreateForm, WorkPlanHeaderForm
from ..models import PlanAcknowledgement, PlanItem, WorkPlan, issued_from_above_q
from ..rendering import render_html
from .base import ObjectActionView, htmx_response, refuse_if_not_editable


def _staff_paths(user) -> list[str]:
    return sorted({p for role in STAFF_ROLES for p in role_paths(user).get(role, [])})


def acknowledged_by_me_q(user):
    """An Exists() for "a unit where the user holds a staff role has acknowledged the plan"."""
    return Exists(PlanAcknowledgement.objects.filter(plan=OuterRef("pk"), organisation__path__in=_staff_paths(user)))


def outline_with_targets(plan):
    items = list(PlanItem.objects.filter(plan=plan).select_related("owner_user").prefetch_related("targets"))
    return plan.outline(items)


class PlanListView(ScopedObjectMixin, ListView):
    """The plans of the user's own organisations, and issued plans from the levels above."""

    model = WorkPlan
    paginate_by = 50
    template_name = "planning/plan_list.html"

    def get_queryset(self):
        user = self.request.user
        self.filter_form = PlanFilterForm(self.request.GET or None)
        base = WorkPlan.objects.select_related("issuer").order_by("-year", "issuer__path", "-pk")
        if self.filter_form.is_valid():
            if self.filter_form.cleaned_data.get("year"):
                base = base.filter(year=self.filter_form.cleaned_data["year"])
            if self.filter_form.cleaned_data.get("state"):
                base = base.filter(state=self.filter_form.cleaned_data["state"])
        own_q = Q() if user.is_superuser else scope_q(user, WorkPlan.scope, "view")
        above_q = issued_from_above_q(user)
        self.from_above = []
        if above_q is not None:
            above = base.filter(above_q)
            if own_q is not None:
                above = above.exclude(own_q)
            self.from_above = list(above.annotate(acknowledged=acknowledged_by_me_q(user))[:50])
        if own_q is None:
            return base.none()
        return base.filter(own_q).annotate(
            acknowledgement_count=Count("acknowledgements", distinct=True),
        )

    def get_context_data(self, **kwargs):
        from unionadmin.scoping import organisations_where

        return super().get_context_data(
            filter_form=self.filter_form, from_above=self.from_above,
            can_create=organisations_where(self.request.user, WorkPlan, "change").exists(), **kwargs,
        )


class PlanCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = WorkPlan
    form_class = WorkPlanCreateForm
    scope_action = "change"
    template_name = "planning/plan_create.html"

    def get_initial(self):
        initial = super().get_initial()
        source = query_object(self.request.GET, "copy", WorkPlan.objects.visible_to(self.request.user, "change"))
        if source:
            initial.update(copy_from=source, issuer=source.issuer, year=source.year + 1)
        return initial

    def form_valid(self, form):
        source = form.cleaned_data.get("copy_from")
        if source is not None:
            plan = services.plan_copy(source, self.request.user, year=form.cleaned_data["year"])
            if form.cleaned_data.get("title"):
                plan.title = form.cleaned_data["title"]
                plan.save(update_fields=["title"])
            messages.success(self.request, _("A new draft was made from “%(title)s”. Check the dates and the "
                                             "document number.") % {"title": source.title})
        else:
            plan = form.save(commit=False)
            plan.drafted_by = self.request.user
            if not plan.title:
                plan.title = _("%(organisation)s work plan for %(year)s") % {
                    "organisation": plan.issuer.name, "year": plan.year}
            plan.save()
            messages.success(self.request, _("The plan was created. Write its sections below."))
        self.object = plan
        return redirect("planning:plan_edit", pk=plan.pk)


class PlanDetailView(ScopedObjectMixin, DetailView):
    model = WorkPlan
    template_name = "planning/plan_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("issuer", "drafted_by", "approved_by", "issued_by", "copied_from")

    def get_context_data(self, **kwargs):
        plan, user = self.object, self.request.user
        issuer_side = user.is_superuser or WorkPlan.objects.filter(
            scope_q(user, WorkPlan.scope, "view") or Q(pk__in=[]), pk=plan.pk).exists()
        context = {
            "can_change": user_can(user, "change", plan),
            "can_approve": user_can(user, "approve", plan),
            "issuer_side": issuer_side,
            "attachments": plan.attachments.all(),
        }
        if plan.state == WorkPlan.State.ISSUED:
            if issuer_side:
                acknowledgements = list(plan.acknowledgements.select_related("organisation", "user"))
                done = {a.organisation_id for a in acknowledgements}
                expected = list(services.expected_acknowledgers(plan))
                context.update(acknowledgements=acknowledgements,
                               not_yet=[o for o in expected if o.pk not in done],
                               expected_count=len(expected))
            mine = services.acknowledging_organisations(plan, user)
            done_here = set(plan.acknowledgements.filter(organisation__in=mine).values_list("organisation_id",
                                                                                               flat=True))
            pending = mine.exclude(pk__in=done_here)
            context["my_acknowledgements"] = plan.acknowledgements.filter(organisation__in=mine).select_related(
                "organisation", "user")
            if pending.exists():
                context["acknowledge_form"] = AcknowledgeForm(organisations=pending)
        return super().get_context_data(**context, **kwargs)


class PlanEditView(ScopedObjectMixin, UpdateView):
    """The editor: header form, the items (htmx partials) and the live preview."""

    model = WorkPlan
    form_class = WorkPlanHeaderForm
    scope_action = "change"
    template_name = "planning/plan_edit.html"

    def optimise(self, queryset):
        return queryset.select_related("issuer")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            plan = self.get_object()
            refusal = refuse_if_not_editable(request, plan)
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nodes=outline_with_targets(self.object),
            attachments=self.object.attachments.all(), **kwargs,
        )

    def form_valid(self, form):
        self.object = form.save()
        if self.request.htmx:
            return htmx_response(self.request, "planning/_header_form.html",
                                 {"form": WorkPlanHeaderForm(instance=self.object), "object": self.object,
                                  "saved": True}, changed=True)
        messages.success(self.request, _("Changes saved."))
        return redirect("planning:plan_edit", pk=self.object.pk)

    def form_invalid(self, form):
        if self.request.htmx:
            return htmx_response(self.request, "planning/_header_form.html", {"form": form, "object": self.object})
        return super().form_invalid(form)


class PlanPreviewView(ScopedObjectMixin, DetailView):
    """The live preview: an iframe showing PlanPreviewPageView (htmx replaces it on every change)."""

    model = WorkPlan
    template_name = "planning/_preview.html"


# The printed page carries its stylesheet inline (<style>, style="" for the red mark's size and the
# signature's indent), as WeasyPrint needs it. The site's policy refuses inline style, and an iframe
# srcdoc would inherit that policy; so the preview is a document of its own with its own policy:
# inline style only, no script, nothing fetched, framed by this site's pages only, sandboxed.
PREVIEW_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
    "sandbox": True,
}


@method_decorator([never_cache, xframe_options_sameorigin, csp(PREVIEW_POLICY)], name="dispatch")
class PlanPreviewPageView(ScopedObjectMixin, DetailView):
    """The printed page's HTML, exactly as the PDF pipeline renders it, for the preview's iframe."""

    model = WorkPlan

    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(render_html(self.object))


# --- States -------------------------------------------------------------------------------
class _StateView(ObjectActionView):
    model = WorkPlan
    scope_action = "approve"
    service = None
    success = ""

    def act(self, request, plan):
        try:
            type(self).service(plan, request.user)
        except services.PlanError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success)
        return redirect("planning:plan_detail", pk=plan.pk)


class PlanApproveView(_StateView):
    service = services.plan_approve
    success = gettext_lazy("The plan was approved.")


class PlanReopenView(_StateView):
    service = services.plan_reopen
    success = gettext_lazy("The plan is a draft again and can be changed.")


class PlanIssueView(_StateView):
    service = services.plan_issue
    success = gettext_lazy("The plan was issued; the units below can now read and acknowledge it.")


class PlanCopyView(ObjectActionView):
    """Start a new draft (for next year, or a new version of an issued plan) from this one."""

    model = WorkPlan
    scope_action = "change"

    def act(self, request, plan):
        try:
            year = int(request.POST.get("year") or plan.year + 1)
        except ValueError:
            year = plan.year + 1
        if not 2000 <= year <= 2100:
            messages.error(request, _("Choose a year between 2000 and 2100."))
            return redirect("planning:plan_detail", pk=plan.pk)
        new = services.plan_copy(plan, request.user, year=year)
        messages.success(request, _("A new draft was made from “%(title)s”. Check the dates and the document "
                                    "number.") % {"title": plan.title})
        return redirect("planning:plan_edit", pk=new.pk)


class PlanDeleteView(ObjectActionView):
    model = WorkPlan
    scope_action = "change"

    def act(self, request, plan):
        if plan.state != WorkPlan.State.DRAFT:
            messages.error(request, _("Only a draft can be deleted."))
            return redirect("planning:plan_detail", pk=plan.pk)
        title = plan.title
        plan.delete()
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": title})
        return redirect("planning:plan_list")


class PlanAcknowledgeView(ObjectActionView):
    """A unit below the issuer acknowledges the issued plan (once per unit)."""

    model = WorkPlan
    scope_action = "acknowledge"

    def act(self, request, plan):
        organisations = services.acknowledging_organisations(plan, request.user)
        form = AcknowledgeForm(request.POST, organisations=organisations)
        if not form.is_valid():
            messages.error(request, _("Choose the unit you acknowledge the plan for."))
        else:
            try:
                services.plan_acknowledge(plan, request.user, form.cleaned_data["organisation"])
            except services.PlanError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Acknowledged for %(unit)s.") % {"unit": form.cleaned_data["organisation"]})
        return redirect("planning:plan_detail", pk=plan.pk)
