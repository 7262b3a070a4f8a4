"""The spending rules (the table, kept by federation administrators like the chart), the
breaches recorded on claims (for the 经审会 and the federation, with an XLSX export), and
posting again a welfare grant whose voucher the books refused.

The rule table is the installation's, not a union's, so its URLs name no rule by pk: ending or
deleting one is a POST whose form names the rule (``finance.forms_rules``)."""
from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, ListView, TemplateView

from unionadmin.models import AuditEvent
from unionadmin.spreadsheets import neutralise

from ..exports import _response, _workbook
from ..forms import books_of
from ..forms_rules import BreachQuery, DeleteRuleForm, EndRuleForm, GrantPostForm, RuleQuery, SpendingRuleForm
from ..grants import post_grant, unposted_grants
from ..models import RuleBreach, SpendingRule
from ..services import FinanceError
from ..spending_rules import delete_rule, end_rule
from .base import FinanceMixin, may_edit_chart


def _rule_list_url(province: str) -> str:
    return f"{reverse('finance:rule_list')}?{urlencode({'province': province})}"


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class RuleListView(FinanceMixin, TemplateView):
    """The rule table of a province, grouped by item; the forbidden forms of payment last."""

    template_name = "finance/rules/rule_list.html"
    section = "rules"
    page_title = gettext_lazy("Spending rules")

    def get_context_data(self, **kwargs):
        query = RuleQuery(self.request.GET, user=self.request.user)
        groups: OrderedDict[str, list] = OrderedDict()
        forbidden = []
        for rule in query.rules():
            if rule.kind == SpendingRule.Kind.FORBIDDEN:
                forbidden.append(rule)
            else:
                groups.setdefault(rule.get_item_display(), []).append(rule)
        return super().get_context_data(
            query=query, province=query.values["province"], year=query.values["year"], groups=groups,
            forbidden=forbidden, may_edit=may_edit_chart(self.request.user), this_year=timezone.localdate().year,
            named=set(RuleBreach.objects.filter(rule__province=query.values["province"])
                      .values_list("rule_id", flat=True)),
            **kwargs)


class RuleEditMixin(FinanceMixin):
    section = "rules"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_edit_chart(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RuleCreateView(RuleEditMixin, CreateView):
    model = SpendingRule
    form_class = SpendingRuleForm
    template_name = "finance/form.html"
    page_title = gettext_lazy("New spending rule")

    def get_queryset(self):  # the rule table is the installation's: no visible_to
        return SpendingRule.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("finance:rule_list"), **kwargs)

    def form_valid(self, form):
        rule = form.save()
        messages.success(self.request, _("The rule “%(rule)s” was added.") % {"rule": rule})
        return HttpResponseRedirect(_rule_list_url(rule.province))


class RuleStepView(RuleEditMixin, FormView):
    """A POST from the rule table naming the rule; the answer is the table with a message."""

    http_method_names = ["post"]

    def act(self, data) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        rule = form.cleaned_data["rule"]
        try:
            messages.success(self.request, self.act(form.cleaned_data))
        except FinanceError as error:
            messages.error(self.request, error.message)
        return HttpResponseRedirect(_rule_list_url(rule.province))

    def form_invalid(self, form):
        messages.error(self.request, _form_errors(form))
        return HttpResponseRedirect(reverse("finance:rule_list"))


class RuleEndView(RuleStepView):
    form_class = EndRuleForm

    def act(self, data) -> str:
        rule = end_rule(data["rule"], data["year_to"])
        return _("The rule “%(rule)s” is in force until %(year)s.") % {"rule": rule, "year": rule.year_to}


class RuleDeleteView(RuleStepView):
    form_class = DeleteRuleForm

    def act(self, data) -> str:
        delete_rule(data["rule"])
        return _("The rule “%(rule)s” was deleted.") % {"rule": data["rule"]}


# --- breaches --------------------------------------------------------------------------------


class BreachMixin(FinanceMixin):
    model = RuleBreach
    section = "breaches"

    def breaches(self):
        self.query = BreachQuery(self.request.GET, user=self.request.user)
        queryset = self.query.filter(super().get_queryset())
        return queryset.select_related("claim", "claim__organisation", "item", "rule", "budget_line",
                                       "budget_line__account", "recorded_by").order_by("-recorded_at", "-pk")


class BreachListView(BreachMixin, ListView):
    """Every breach recorded on the claims of the unions in scope: the rule, the figures, the
    reason given to proceed, the claim."""

    template_name = "finance/rules/breach_list.html"
    page_title = gettext_lazy("Breaches of rules and budgets")
    paginate_by = 50

    def get_queryset(self):
        return self.breaches()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, querystring=self.request.GET.urlencode(), **kwargs)


def breach_rows(breaches):
    for b in breaches:
        what = str(b.rule) if b.rule_id else str(b.budget_line.account) if b.budget_line_id else ""
        yield [b.claim.organisation.name, b.claim.year, f"{b.claim.year}-{b.claim.number:04d}", b.claim.title,
               b.get_kind_display(), what, b.item.description if b.item_id else "", b.message, b.reason,
               str(b.recorded_by or ""), b.recorded_at]


class BreachExportView(BreachMixin, ListView):
    """The breach list as XLSX, with the list's filters; recorded as an export."""

    def get(self, request, *args, **kwargs):
        breaches = self.breaches()
        buffer, workbook = _workbook()
        sheet = workbook.add_worksheet(_("Breaches")[:31])
        bold = workbook.add_format({"bold": True, "border": 1, "bg_color": "#E2EFDA"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"})
        headers = [_("Union"), _("Year"), _("Claim"), _("What for"), _("Kind"), _("Rule or budget line"),
                   _("Claim item"), _("What was found"), _("Reason to proceed"), _("Recorded by"), _("Recorded at")]
        for col, title in enumerate(headers):
            sheet.write_string(0, col, str(title), bold)
        count = 0
        for row, values in enumerate(breach_rows(breaches), start=1):
            count += 1
            for col, value in enumerate(values):
                if col == 1:
                    sheet.write_number(row, col, value, wrap)
                elif col == 10:
                    local = timezone.localtime(value)
                    sheet.write_datetime(row, col, datetime(local.year, local.month, local.day, local.hour,
                                                            local.minute), day)
                else:
                    sheet.write_string(row, col, neutralise(str(value)), wrap)
        sheet.freeze_panes(1, 0)
        for col, width in enumerate([20, 6, 10, 20, 10, 22, 18, 50, 30, 12, 16]):
            sheet.set_column(col, col, width)
        workbook.close()
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=self.query.values["union"],
                          detail=str(_("Breaches: %(count)s rows") % {"count": count}), rows=count,
                          filters=self.query.applied())
        return _response(buffer.getvalue(), f"breaches-{timezone.localdate():%Y%m%d}.xlsx")


# --- welfare grants not posted -----------------------------------------------------------------


class GrantPostView(FinanceMixin, FormView):
    """Post an approved welfare grant whose voucher was refused when it was approved."""

    form_class = GrantPostForm
    http_method_names = ["post"]
    needs = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "grants": unposted_grants(books_of(self.request.user, "change"))}

    def form_valid(self, form):
        grant = form.cleaned_data["grant"]
        try:
            voucher = post_grant(grant)
        except FinanceError as error:
            messages.error(self.request, _("The grant to %(name)s was not posted: %(reason)s")
                           % {"name": grant.member.name, "reason": error.message})
            return HttpResponseRedirect(reverse("home"))
        if voucher is None:
            messages.info(self.request, _("This grant needs no voucher in these books."))
            return HttpResponseRedirect(reverse("home"))
        messages.success(self.request, _("Voucher %(number)s of %(year)s was posted.")
                         % {"number": voucher.display_number, "year": voucher.year})
        return HttpResponseRedirect(reverse("finance:voucher_detail", args=[voucher.pk]))

    def form_invalid(self, form):
        messages.error(self.request, _form_errors(form))
        return HttpResponseRedirect(reverse("home"))
