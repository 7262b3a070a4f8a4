"""Plans: the list (mine and from above), creating or copying, the detail page, the editor
page with its header form and live preview, state changes and acknowledgements."""
from __future__ import annotations

from csp.decorators import csp
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.querystring import query_object
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin
from unionadmin.views.objects import ObjectActionView

from .. import services
from ..filters import PlanFilter
from ..forms import AcknowledgeForm, WorkPlanCreateForm, WorkPlanHeaderForm
from ..models import PlanAcknowledgement, PlanItem, WorkPlan, staff_paths
from ..rendering import render_html
from .base import htmx_response, refuse_if_not_editable


def acknowledged_by_me_q(user):
    """An Exists() for "a unit where the user holds a staff role has acknowledged the plan"."""
    return Exists(PlanAcknowledgement.objects.filter(plan=OuterRef("pk"), organisation__path__in=staff_paths(user)))


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
        self.filterset = PlanFilter(
            self.request.GET or None,
            queryset=WorkPlan.objects.select_related("issuer").order_by("-year", "issuer__path", "-pk"),
        )
        plans = self.filterset.qs
        # "Ours" is the issuer's side (those who may track the plan); the units below only
        # receive what is issued, listed apart with whether they have acknowledged it.
        ours = plans.visible_to(user, "track")
        self.from_above = list(plans.from_above(user).exclude(pk__in=ours.values("pk"))
                               .annotate(acknowledged=acknowledged_by_me_q(user))[:50])
        return ours.annotate(acknowledgement_count=Count("acknowledgements", distinct=True))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filterset.form, from_above=self.from_above,
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
            # Signed by its issuer unless the header says otherwise (it may be left out).
            plan.signing_organ = plan.issuer.name
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
        allowed = plan.allowed_actions(user)
        context = {"allowed": allowed, "attachments": plan.attachments.all()}
        if "follow_acknowledgements" in allowed:
            acknowledgements = list(plan.acknowledgements.select_related("organisation", "user"))
            done = {a.organisation_id for a in acknowledgements}
            expected = list(services.expected_acknowledgers(plan))
            context.update(acknowledgements=acknowledgements,
                           not_yet=[o for o in expected if o.pk not in done],
                           expected_count=len(expected))
        if "acknowledge" in allowed:
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
    "font-src": ["data:"],  # the zero-wide space of the justified paragraphs (work_plan_screen.css)
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
    """A change of state through its service; refused (with a message) unless the plan offers
    the step to this person now."""

    model = WorkPlan
    scope_action = "approve"
    service = None
    success = ""

    def act(self, plan):
        type(self).service(plan, self.request.user)
        return self.success


class PlanApproveView(_StateView):
    step = "approve"
    service = services.plan_approve
    success = gettext_lazy("The plan was approved.")


class PlanReopenView(_StateView):
    step = "reopen"
    service = services.plan_reopen
    success = gettext_lazy("The plan is a draft again and can be changed.")


class PlanIssueView(_StateView):
    step = "issue"
    service = services.plan_issue
    success = gettext_lazy("The plan was issued; the units below can now read and acknowledge it.")


class PlanCopyView(ObjectActionView):
    """Start a new draft (for next year, or a new version of an issued plan) from this one."""

    model = WorkPlan
    scope_action = "change"
    step = "copy"
    copy = None

    def act(self, plan):
        try:
            year = int(self.request.POST.get("year") or plan.year + 1)
        except ValueError:
            year = plan.year + 1
        if not 2000 <= year <= 2100:
            raise services.PlanError(_("Choose a year between 2000 and 2100."))
        self.copy = services.plan_copy(plan, self.request.user, year=year)
        return _("A new draft was made from “%(title)s”. Check the dates and the document number.") % {
            "title": plan.title}

    def get_success_url(self):
        return reverse("planning:plan_edit", args=[self.copy.pk]) if self.copy else super().get_success_url()


class PlanDeleteView(ObjectActionView):
    model = WorkPlan
    scope_action = "change"
    step = "delete"
    deleted = False

    def act(self, plan):
        title = plan.title
        plan.delete()
        self.deleted = True
        return _("The draft “%(title)s” was deleted.") % {"title": title}

    def get_success_url(self):
        return reverse("planning:plan_list") if self.deleted else super().get_success_url()


class PlanAcknowledgeView(ObjectActionView):
    """A unit below the issuer acknowledges the issued plan (once per unit)."""

    model = WorkPlan
    scope_action = "acknowledge"
    step = "acknowledge"

    def act(self, plan):
        form = AcknowledgeForm(self.request.POST,
                               organisations=services.acknowledging_organisations(plan, self.request.user))
        if not form.is_valid():
            raise services.PlanError(_("Choose the unit you acknowledge the plan for."))
        unit = form.cleaned_data["organisation"]
        services.plan_acknowledge(plan, self.request.user, unit)
        return _("Acknowledged for %(unit)s.") % {"unit": unit}
