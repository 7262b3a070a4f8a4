"""Collective contracts and the employer's yearly reports on them."""
from __future__ import annotations

import os

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..filters import ContractFilter
from ..forms import CollectiveContractForm, ContractReportForm
from ..models import CollectiveContract, ContractReport
from .base import FileDownloadView, ObjectFormView


class ContractListView(ScopedObjectMixin, ListView):
    model = CollectiveContract
    template_name = "congress/contract_list.html"
    paginate_by = 50

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_queryset(self):
        filterset = ContractFilter(self.request.GET, queryset=super().get_queryset())
        self.filter = filterset.chosen("show", "all")
        return filterset.qs.order_by("union__path", "-starts_on")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filter, today=timezone.localdate(),
            can_create=organisations_where(self.request.user, CollectiveContract, "change").exists(), **kwargs,
        )


class ContractFormMixin(ScopedObjectMixin, UserFormKwargsMixin):
    model = CollectiveContract
    form_class = CollectiveContractForm
    scope_action = "change"
    template_name = "congress/form.html"

    def form_valid(self, form):
        messages.success(self.request, _("The collective contract was saved."))
        return super().form_valid(form)


class ContractCreateView(ContractFormMixin, CreateView):
    extra_context = {"page_title": gettext_lazy("New collective contract")}


class ContractUpdateView(ContractFormMixin, UpdateView):
    extra_context = {"page_title": gettext_lazy("Edit the collective contract")}


class ContractDetailView(ScopedObjectMixin, DetailView):
    model = CollectiveContract
    template_name = "congress/contract_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "approved_by__term__congress")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=self.object.reports.select_related("session__term__congress"),
            can_change=user_can(self.request.user, "change", self.object), **kwargs,
        )


class ContractFileView(FileDownloadView):
    model = CollectiveContract

    def download_name(self, contract):
        return str(contract) + os.path.splitext(contract.file.name)[1]


class ContractReportCreateView(ObjectFormView):
    model = CollectiveContract
    scope_action = "change"
    form_class = ContractReportForm
    page_title = gettext_lazy("New performance report")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ContractReport(contract=self.object),
                "contract": self.object, "user": self.request.user}

    def perform(self, form):
        form.save()
        return _("The report was recorded.")
