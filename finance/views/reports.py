"""The reports pages: one page of a union's reports, the 决算 of a year (page, XLSX, PDF) with
closing the year (the carry-forward), and the members' disclosures — prepared, previewed and
published by the finance officer or the chair, read by members without logging in at
``/finance/disclosure/<token>/``."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, FormView, ListView, TemplateView

from unionadmin.scoping import user_can
from unionadmin.views.objects import ObjectActionView

from ..exports import final_accounts_response
from ..forms_reports import CarryForwardForm, DisclosureForm, ReportsQuery
from ..models import ClosedMonth, Disclosure, Voucher
from ..reports import (
    carry_forward,
    carry_forward_refusal,
    discloses_for,
    disclosure_figures,
    final_accounts,
    prepare_disclosure,
    publish,
    published,
    unpublish,
)
from ..services import FinanceError
from .base import FinanceMixin
from .months import month_rows


def _budget_execution_url() -> str | None:
    try:
        return reverse("finance:budget_execution")
    except NoReverseMatch:
        return None


class ReportListView(FinanceMixin, TemplateView):
    """A union's reports in one place: the month statements, 决算 by year, the budget's
    execution and the disclosures."""

    model = Disclosure
    template_name = "finance/reports/report_list.html"
    section = "reports"
    page_title = gettext_lazy("Final accounts and disclosure")

    def get_context_data(self, **kwargs):
        query = ReportsQuery(self.request.GET, user=self.request.user)
        union, year = query.values["union"], query.values["year"]
        context = {"query": query.shown(), "union": union, "year": year, "budget_execution_url": None}
        if union is not None:
            years = (Voucher.objects.filter(organisation=union).order_by("-year").values("year")
                     .annotate(vouchers=Count("pk")))
            carried = set(Voucher.objects.filter(organisation=union, source_kind="year_end")
                          .values_list("source_id", flat=True))
            closed = set(ClosedMonth.objects.filter(organisation=union, month=12).values_list("year", flat=True))
            context.update(
                months=month_rows(union, year),
                years=[{**row, "carried": row["year"] in carried, "closed": row["year"] in closed} for row in years],
                disclosures=(Disclosure.objects.visible_to(self.request.user).filter(organisation=union)
                             .order_by("-year", "-month", "-pk")[:10]),
                may_disclose=discloses_for(self.request.user, union),
                budget_execution_url=_budget_execution_url(),
            )
        return super().get_context_data(**context, **kwargs)


# --- 决算 ------------------------------------------------------------------------------------


class FinalAccountsMixin(FinanceMixin):
    model = ClosedMonth

    def final_accounts(self):
        today = timezone.localdate()
        self.query = ReportsQuery(self.request.GET, user=self.request.user, default_year=today.year - 1)
        union, year = self.query.values["union"], self.query.values["year"]
        return final_accounts(union, year) if union is not None else None


class FinalAccountsView(FinalAccountsMixin, TemplateView):
    template_name = "finance/reports/final_accounts.html"
    section = "reports"
    page_title = gettext_lazy("Final accounts (决算)")

    def get_context_data(self, **kwargs):
        accounts = self.final_accounts()
        context = {"accounts": accounts, "query": self.query.shown(), "values": self.query.values}
        if accounts is not None:
            union = accounts.organisation
            may_close = user_can(self.request.user, "close", ClosedMonth(organisation=union))
            context.update(may_close=may_close,
                           refusal=carry_forward_refusal(union, accounts.year) if may_close else None,
                           budget_execution_url=_budget_execution_url())
        return super().get_context_data(**context, **kwargs)


class FinalAccountsExportView(FinalAccountsMixin, View):
    def get(self, request, *args, **kwargs):
        return final_accounts_response(request, self.final_accounts())


class CarryForwardView(FinanceMixin, View):
    """POST union, year: carry the year forward into 331 结余 and close December."""

    model = ClosedMonth
    needs = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CarryForwardForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("That year cannot be closed here: choose a year of books you keep."))
            return HttpResponseRedirect(reverse("finance:final_accounts"))
        union, year = form.cleaned_data["union"], form.cleaned_data["year"]
        try:
            voucher = carry_forward(union, year, user=request.user)
        except FinanceError as error:
            messages.error(request, error.message)
        else:
            if voucher is None:
                messages.success(request, _("%(year)s had no income or spending to carry forward; December is "
                                            "closed.") % {"year": year})
            else:
                messages.success(request, _("%(year)s is carried forward into 331 结余 by voucher %(number)s, and "
                                            "December is closed.") % {"year": year, "number": voucher.display_number})
        return HttpResponseRedirect(reverse("finance:final_accounts") + "?" + urlencode({"union": union.pk,
                                                                                         "year": year}))


# --- disclosures -----------------------------------------------------------------------------


class DisclosureListView(FinanceMixin, ListView):
    model = Disclosure
    template_name = "finance/reports/disclosure_list.html"
    section = "reports"
    page_title = gettext_lazy("Disclosures to members")
    paginate_by = 25

    def optimise(self, queryset):
        return queryset.select_related("organisation", "published_by").order_by("organisation__path", "-year",
                                                                                 "-month", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_disclose=DisclosureForm(user=self.request.user).fields["organisation"].queryset.exists(), **kwargs)


class DisclosureCreateView(FinanceMixin, FormView):
    model = Disclosure
    form_class = DisclosureForm
    template_name = "finance/form.html"
    section = "reports"
    page_title = gettext_lazy("Prepare a disclosure")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Preview"), cancel_url=reverse("finance:disclosure_list"),
                                        **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = prepare_disclosure(data["organisation"], year=data["year"], month=data["month"],
                                             title=data["title"], note=data["note"], user=self.request.user)
        except FinanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("finance:disclosure_detail", args=[self.object.pk]))


class DisclosureDetailView(FinanceMixin, DetailView):
    """The preview (live figures) of a disclosure not yet published, or what members read."""

    model = Disclosure
    template_name = "finance/reports/disclosure_detail.html"
    section = "reports"

    def optimise(self, queryset):
        return queryset.select_related("organisation", "published_by")

    def get_context_data(self, **kwargs):
        disclosure = self.object
        figures = disclosure.figures or disclosure_figures(disclosure.organisation, disclosure.year, disclosure.month)
        return super().get_context_data(
            page_title=disclosure.title, figures=figures, frozen=bool(disclosure.figures),
            may_publish=discloses_for(self.request.user, disclosure.organisation),
            public_url=self.request.build_absolute_uri(reverse("finance:disclosure_public", args=[disclosure.token])),
            **kwargs)


class DisclosureStepView(FinanceMixin, ObjectActionView):
    model = Disclosure
    scope_action = "change"
    domain_errors = (FinanceError,)

    def get_success_url(self):
        return reverse("finance:disclosure_detail", args=[self.object.pk])


class DisclosurePublishView(DisclosureStepView):
    def act(self, obj):
        publish(obj, user=self.request.user)
        return _("The disclosure is published: members with the link can read it.")


class DisclosureUnpublishView(DisclosureStepView):
    def act(self, obj):
        unpublish(obj, user=self.request.user)
        return _("The disclosure is withdrawn: its link no longer opens.")


@cache_control(private=True, max_age=60)  # a withdrawal shows within a minute
def disclosure_public(request, token):
    """What members read, without logging in: the frozen figures of a published disclosure,
    one query. No person, no bank account, no voucher."""
    disclosure = published(token)
    if disclosure is None:
        raise Http404
    return render(request, "finance/reports/disclosure_public.html",
                  {"disclosure": disclosure, "figures": disclosure.figures})

