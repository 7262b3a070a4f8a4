"""Labour-relations early warning: the log of disputes and risks."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..filters import RiskFilter
from ..forms import LabourRiskForm
from ..models import LabourRisk


class RiskListView(ScopedObjectMixin, ListView):
    model = LabourRisk
    template_name = "congress/risk_list.html"
    paginate_by = 50

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_queryset(self):
        filterset = RiskFilter(self.request.GET, queryset=super().get_queryset())
        self.shown = filterset.chosen("state")
        return filterset.qs

    def get_context_data(self, **kwargs):
        counts = LabourRisk.objects.visible_to(self.request.user).aggregate(
            open=Count("pk", filter=~Q(state=LabourRisk.State.RESOLVED)),
            serious=Count("pk", filter=~Q(state=LabourRisk.State.RESOLVED) & Q(level=LabourRisk.Level.SERIOUS)),
        )
        return super().get_context_data(
            shown=self.shown, states=LabourRisk.State.choices, counts=counts,
            can_create=organisations_where(self.request.user, LabourRisk, "change").exists(), **kwargs,
        )


class RiskFormMixin(ScopedObjectMixin, UserFormKwargsMixin):
    model = LabourRisk
    form_class = LabourRiskForm
    scope_action = "change"
    template_name = "congress/form.html"

    def form_valid(self, form):
        messages.success(self.request, _("The record was saved."))
        return super().form_valid(form)


class RiskCreateView(RiskFormMixin, CreateView):
    extra_context = {"page_title": gettext_lazy("New labour-relations warning")}


class RiskUpdateView(RiskFormMixin, UpdateView):
    extra_context = {"page_title": gettext_lazy("Edit the labour-relations warning")}


class RiskDetailView(ScopedObjectMixin, DetailView):
    model = LabourRisk
    template_name = "congress/risk_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=user_can(self.request.user, "change", self.object), **kwargs)
