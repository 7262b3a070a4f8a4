"""The chart of accounts: everyone with finance rights reads it; federation administrators
(and superusers) add an account, rename one or take one out of use (``may_edit_chart``). An
account is never deleted: vouchers point at it; out of use, it is no longer offered."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView

from ..forms import AccountForm, ChartFormSet
from ..models import Account
from .base import FinanceMixin, may_edit_chart


def _chart():
    return Account.objects.select_related("parent").annotate(sub_accounts=Count("children")).order_by("code")


class ChartMixin(FinanceMixin):
    model = Account
    section = "chart"

    def get_queryset(self):  # the chart is the installation's, not a union's: no visible_to
        return _chart()

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_edit_chart=may_edit_chart(self.request.user), **kwargs)


class ChartEditMixin(ChartMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_edit_chart(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccountListView(ChartMixin, ListView):
    template_name = "finance/account_list.html"
    page_title = gettext_lazy("Chart of accounts")


class ChartEditView(ChartEditMixin, FormView):
    """Rename accounts or take them out of use, the whole chart on one page."""

    template_name = "finance/chart_edit.html"
    page_title = gettext_lazy("Edit the chart of accounts")
    success_url = reverse_lazy("finance:account_list")

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return ChartFormSet(data, queryset=_chart())

    def form_valid(self, form):
        changed = form.save()
        messages.success(self.request, _("The chart was saved (%(n)s accounts changed).") % {"n": len(changed)})
        return HttpResponseRedirect(self.get_success_url())


class AccountCreateView(ChartEditMixin, FormView):
    form_class = AccountForm
    template_name = "finance/form.html"
    page_title = gettext_lazy("New account")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("finance:account_list"), **kwargs)

    def form_valid(self, form):
        account = form.save()
        messages.success(self.request, _("The account %(account)s was added.") % {"account": account})
        return HttpResponseRedirect(reverse("finance:account_list"))
