"""The 2% allocation pages: the federation's table (and its XLSX), a unit's terms and twelve
months, taking the unit's receipts, reminders, 建会筹备金, and posting income (a month's dues,
an allocation's money) into the union's books. The rules are finance/allocation.py's."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView

from unionadmin.integrity import saved_once
from unionadmin.models import AuditEvent
from unionadmin.pagination import Paginator
from unionadmin.spreadsheets import neutralise
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from .. import allocation as rules
from ..exports import _response, _workbook
from ..forms import books_of
from ..forms_allocation import (
    AllocationQuery,
    DuesQuery,
    MonthFormSet,
    NewTermsForm,
    PostDuesForm,
    PreparatoryFundForm,
    ReminderForm,
    ReturnFundForm,
    TakeReceiptsForm,
    TermsForm,
    YearQuery,
    units_kept_by,
)
from ..models import Voucher
from ..models.allocation import Allocation, AllocationTerms, PreparatoryFund
from ..services import FinanceError
from .base import FinanceMixin


class AllocationTableMixin(FinanceMixin):
    model = AllocationTerms

    def table(self):
        self.query = AllocationQuery(self.request.GET, user=self.request.user)
        values = self.query.values
        self.year = self.query.chosen_year
        self.filters = {"root": values["union"], "mode": values["mode"], "arrears_only": values["arrears"]}
        return rules.unit_rows(self.request.user, self.year, order=values["order"] or "name", **self.filters)


class AllocationListView(AllocationTableMixin, ListView):
    """The federation's table: one row per unit (a page of them), the totals of all of them,
    reminders to the units in arrears."""

    template_name = "finance/allocation/list.html"
    section = "allocation"
    page_title = gettext_lazy("2% allocation")
    paginate_by = 100

    def get_queryset(self):
        return self.table()

    def get_paginator(self, queryset, per_page, **kwargs):
        # The pages are counted with the totals (plain queries), not by counting the grouped rows.
        self.totals = rules.table_totals(self.request.user, self.year, **self.filters)
        return Paginator(queryset, per_page, known_count=self.totals.units, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        for row in rows:
            row.rate = rules.arrival_rate(row.paid, row.due)
            row.masked_account = rules.mask_account(row.bank_account)
        may_keep = units_kept_by(self.request.user).exists()
        context.update(
            rows=rows, year=self.year, query=self.query, querystring=self.request.GET.urlencode(),
            totals=self.totals,
            may_keep=may_keep, may_post_dues=books_of(self.request.user, "change").exists(),
            reminder_form=ReminderForm(initial={"year": self.year}, user=self.request.user) if may_keep else None)
        return context


class AllocationExportView(AllocationTableMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        rows = list(self.table())
        # What the form read, never the raw parameters (a NUL byte is no JSON the database takes).
        filters = {name: getattr(value, "pk", value) for name, value in self.query.values.items() if value}
        filters["year"] = self.year
        return allocation_response(request, rows, year=self.year, filters=filters)


def allocation_response(request, rows, *, year, filters):
    """The federation's table as XLSX (an AuditEvent EXPORT): one row per unit and the totals."""
    buffer, workbook = _workbook()
    sheet = workbook.add_worksheet(f"拨缴{year}")
    bold = workbook.add_format({"bold": True, "border": 1, "bg_color": "#E2EFDA"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    total_money = workbook.add_format({"num_format": "#,##0.00", "bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    headers = [_("Union"), _("Collection mode"), _("Payroll"), _("Due (2%)"), _("Paid"), _("Arrival rate (%)"),
               _("Share sent up"), _("Share returned"), _("Arrears"), _("Small payer"), _("Last paid on")]
    for col, title in enumerate(headers):
        sheet.write_string(0, col, str(title), bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_string(number, 0, neutralise(row.organisation.name))
        sheet.write_string(number, 1, str(row.get_mode_display()))
        for col, name in ((2, "payroll"), (3, "due"), (4, "paid"), (6, "sent_up"), (7, "returned"), (8, "arrears")):
            sheet.write_number(number, col, float(getattr(row, name)), money)
        rate = rules.arrival_rate(row.paid, row.due)
        if rate is not None:
            sheet.write_number(number, 5, float(rate))
        sheet.write_string(number, 9, str(_("yes")) if row.small_payer else "")
        if row.last_paid:
            sheet.write_datetime(number, 10, datetime.datetime(row.last_paid.year, row.last_paid.month,
                                                               row.last_paid.day), day)
    totals = rules.totals_of(rows)
    last = len(rows) + 1
    sheet.write_string(last, 0, str(_("Total")), bold)
    for col, name in ((2, "payroll"), (3, "due"), (4, "paid"), (6, "sent_up"), (7, "returned"), (8, "arrears")):
        sheet.write_number(last, col, float(getattr(totals, name)), total_money)
    if totals.rate is not None:
        sheet.write_number(last, 5, float(totals.rate))
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 10, 14)
    workbook.close()
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT,
                      detail=str(_("2%% allocation %(year)s: %(count)s unions") % {"year": year, "count": len(rows)}),
                      rows=len(rows), filters=filters)
    return _response(buffer.getvalue(), f"allocation-{year}-{timezone.localdate():%Y%m%d}.xlsx")


class TermsCreateView(FinanceMixin, CreateView):
    """Terms for a unit without any: the first step before its months are kept here."""

    model = AllocationTerms
    form_class = NewTermsForm
    template_name = "finance/form.html"
    section = "allocation"
    page_title = gettext_lazy("Allocation terms of a union")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            with saved_once(FinanceError):
                return super().form_valid(form)
        except FinanceError as error:  # the same unit's terms saved twice at once
            form.add_error(None, error.message)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("finance:allocation_list"), **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class UnitView(FinanceMixin, DetailView):
    """One unit: its terms and the twelve months of a year — entered here by the federation,
    read by the unit; each month whose money reached the union can be posted to its books."""

    model = AllocationTerms
    template_name = "finance/allocation/unit.html"
    section = "allocation"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def year(self):
        return YearQuery(self.request.GET if self.request.method == "GET" else self.request.POST).chosen_year

    def get_context_data(self, **kwargs):
        terms, year = self.object, self.year()
        recorded = rules.year_rows(terms.organisation, year)
        vouchers = rules.posted_vouchers(recorded.values())
        months = []
        for month in range(1, 13):
            row = recorded.get(month)
            income = rules.allocation_income(row) if row else None
            months.append({"month": month, "row": row, "income": income,
                           "voucher": vouchers.get(row.pk) if row else None})
        may_change = self.can("change", terms)
        formset = kwargs.pop("formset", None)
        if formset is None and may_change:
            formset = MonthFormSet(prefix="months", initial=[
                {"month": m, **({f: getattr(recorded[m], f) for f in rules.FIELDS} if m in recorded else {})}
                for m in range(1, 13)])
        from members.models import FundReceipt

        return super().get_context_data(
            page_title=_("2%% allocation of %(union)s") % {"union": terms.organisation}, terms=terms, year=year,
            months=months, totals=rules.totals_of(recorded.values()),
            formset=formset, may_keep=may_change,
            may_post=books_of(self.request.user, "change").filter(pk=terms.organisation_id).exists(),
            receipts_waiting=FundReceipt.objects.filter(union=terms.organisation, period__year=year,
                                                        allocation__isnull=True)
            .exclude(period__in=[r.period for r in recorded.values()]).count() if may_change else 0,
            year_query=YearQuery({"year": year}), reminders=terms.organisation.allocation_reminders.all()[:5],
            **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.can("change", self.object):
            raise PermissionDenied
        formset = MonthFormSet(request.POST, prefix="months")
        year = self.year()
        if not formset.is_valid():
            messages.error(request, _("Some months were not saved; correct the marked fields."))
            return self.render_to_response(self.get_context_data(formset=formset))
        try:
            with saved_once(FinanceError):  # the same months sent twice at once: one is saved
                changed = rules.record_months(self.object.organisation, year, formset.months(), user=request.user)
        except FinanceError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(f"{self.object.get_absolute_url()}?year={year}")
        messages.success(request, _("%(count)s months of %(year)s were saved.") % {"count": changed, "year": year})
        return HttpResponseRedirect(f"{self.object.get_absolute_url()}?year={year}")


class TermsEditView(FinanceMixin, ObjectFormView):
    model = AllocationTerms
    scope_action = "change"
    form_class = TermsForm
    template_name = "finance/form.html"
    section = "allocation"
    submit_label = gettext_lazy("Save")

    def get_page_title(self):
        return _("Allocation terms of %(union)s") % {"union": self.object.organisation}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        form.save()
        return _("The terms were saved.")


class TakeReceiptsView(FinanceMixin, ObjectActionView):
    """The unit's own monthly receipts become its allocation rows (once each)."""

    model = AllocationTerms
    scope_action = "change"

    def act(self, terms):
        form = TakeReceiptsForm(self.request.POST)
        self.year = form.cleaned_data["year"] if form.is_valid() else None
        if self.year is None:
            raise FinanceError(_("Choose the year whose receipts to take."))
        made = rules.take_from_receipts(terms.organisation, self.year, user=self.request.user)
        if not made:
            return _("There was no receipt left to take for %(year)s.") % {"year": self.year}
        return _("%(count)s months were taken from the union's receipts.") % {"count": made}

    def get_success_url(self):
        year = getattr(self, "year", None)
        return self.object.get_absolute_url() + (f"?year={year}" if year else "")


class AllocationPostView(FinanceMixin, ObjectActionView):
    """Post the money of one month that reached the union into its books (once)."""

    model = Allocation

    def act(self, allocation):
        try:
            voucher = rules.post_allocation_income(allocation, user=self.request.user)
        except FinanceError as error:
            posted = getattr(error, "voucher", None)
            if posted is None:
                raise
            messages.info(self.request, error.message)
            return None
        return _("Voucher %(number)s of %(year)s was posted.") % {"number": voucher.display_number,
                                                                  "year": voucher.year}

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReminderView(FinanceMixin, FormView):
    """Remind the chosen units in arrears (once a day each)."""

    model = AllocationTerms
    form_class = ReminderForm
    http_method_names = ["post"]
    needs = "view"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return HttpResponseRedirect(reverse("finance:allocation_list"))

    def form_valid(self, form):
        data = form.cleaned_data
        sent, refused = rules.send_reminders(data["units"], data["year"], user=self.request.user,
                                             message=data["message"])
        if sent:
            messages.success(self.request, _("%(count)s reminders were sent.") % {"count": len(sent)})
        for message in refused:
            messages.warning(self.request, message)
        return HttpResponseRedirect(f"{reverse('finance:allocation_list')}?year={data['year']}&arrears=on")


class PreparatoryListView(FinanceMixin, ListView):
    model = PreparatoryFund
    template_name = "finance/allocation/preparatory_list.html"
    section = "allocation"
    page_title = gettext_lazy("Union preparation funds (建会筹备金)")
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("federation", "returned_to").order_by("-period", "employer")

    def get_context_data(self, **kwargs):
        return super().get_context_data(totals=rules.preparatory_totals(self.object_list),
                                        may_record=self.form_class_allowed(), **kwargs)

    def form_class_allowed(self):
        return PreparatoryFundForm(user=self.request.user).fields["federation"].queryset.exists()


class PreparatoryCreateView(FinanceMixin, CreateView):
    model = PreparatoryFund
    form_class = PreparatoryFundForm
    template_name = "finance/form.html"
    section = "allocation"
    page_title = gettext_lazy("Record a union preparation fund")
    needs = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("finance:preparatory_list"), **kwargs)

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        try:
            with saved_once(FinanceError):
                response = super().form_valid(form)
        except FinanceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The fund was recorded."))
        return response

    def get_success_url(self):
        return reverse("finance:preparatory_list")


class PreparatoryReturnView(FinanceMixin, ObjectFormView):
    model = PreparatoryFund
    scope_action = "change"
    form_class = ReturnFundForm
    template_name = "finance/form.html"
    section = "allocation"
    submit_label = gettext_lazy("Return to the new union")

    def get_page_title(self):
        return _("Return the fund paid by %(employer)s") % {"employer": self.object.employer}

    def get_back_url(self):
        return reverse("finance:preparatory_list")

    def refusal(self):
        if self.object.status == PreparatoryFund.Status.RETURNED:
            return _("This fund was already returned, to %(union)s on %(date)s.") % {
                "union": self.object.returned_to, "date": self.object.returned_on.isoformat()}
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fund": self.object}

    def perform(self, form):
        data = form.cleaned_data
        rules.return_preparatory_fund(self.object, data["union"], data["returned_on"], user=self.request.user)
        return _("The fund was returned to %(union)s.") % {"union": data["union"]}


class DuesIncomeView(FinanceMixin, FormView):
    """Post a month's dues into the union's books: the count and sum first, then one voucher."""

    model = Voucher
    form_class = PostDuesForm
    template_name = "finance/allocation/dues.html"
    section = "vouchers"
    page_title = gettext_lazy("Post a month's dues")
    needs = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def figures(self):
        self.query = DuesQuery(self.request.GET, user=self.request.user)
        chosen = self.query.chosen
        return rules.dues_month(chosen["union"], chosen["year"], chosen["month"]) if chosen["union"] else None

    def get_context_data(self, **kwargs):
        figures = kwargs.pop("figures", None) or self.figures()
        if "form" not in kwargs and figures is not None:
            kwargs["form"] = self.form_class(user=self.request.user, initial={
                "union": figures.union.pk, "year": figures.year, "month": figures.month,
                "date": figures.default_date})
        return super().get_context_data(figures=figures, query=self.query, **kwargs)

    def form_invalid(self, form):
        self.query = DuesQuery(self.request.POST, user=self.request.user)
        data = form.cleaned_data
        figures = (rules.dues_month(data["union"], data["year"], data["month"])
                   if {"union", "year", "month"} <= data.keys() else None)
        return self.render_to_response(self.get_context_data(form=form, figures=figures))

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            voucher = rules.post_dues_income(data["union"], data["year"], data["month"], self.request.user,
                                             date=data["date"])
        except FinanceError as error:
            posted = getattr(error, "voucher", None)
            if posted is not None:
                messages.info(self.request, error.message)
                return HttpResponseRedirect(reverse("finance:voucher_detail", args=[posted.pk]))
            form.add_error("date" if error.field == "date" else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Voucher %(number)s of %(year)s was posted.")
                         % {"number": voucher.display_number, "year": voucher.year})
        return HttpResponseRedirect(reverse("finance:voucher_detail", args=[voucher.pk]))
