"""The voucher book (list, XLSX, print), entering a voucher, a voucher's page and reversing it."""
from django.contrib import messages
from django.db.models import Prefetch, Sum
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from unionadmin.views.objects import ObjectFormView

from ..exports import voucher_book_response
from ..filters import VoucherFilter
from ..forms import ReverseForm, VoucherForm, VoucherLineFormSet
from ..models import Voucher, VoucherLine
from ..services import FinanceError, post_voucher, reverse_voucher
from .base import FinanceMixin

ENTRY_SOURCE = "entry"  # Voucher.source_kind of a voucher entered on the page (the key: VoucherForm.entry_key)


def _with_lines(queryset):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("lines", queryset=VoucherLine.objects.select_related("account").order_by("position", "pk")))


class VoucherListView(FinanceMixin, ListView):
    """The voucher book (凭证簿): one union's or every readable union's vouchers, newest first."""

    model = Voucher
    template_name = "finance/voucher_list.html"
    section = "vouchers"
    page_title = gettext_lazy("Voucher book")
    paginate_by = 50

    def get_queryset(self):
        queryset = _with_lines(super().get_queryset()).order_by("-date", "-year", "-number")
        self.filterset = VoucherFilter(self.request.GET or None, queryset=queryset, user=self.request.user)
        return self.filterset.result

    def get_context_data(self, **kwargs):
        totals = VoucherLine.objects.filter(voucher__in=self.object_list.values("pk")).aggregate(
            debit=Sum("debit"), credit=Sum("credit"))
        return super().get_context_data(filterset=self.filterset, totals=totals,
                                        query=self.request.GET.urlencode(), **kwargs)


class VoucherExportView(FinanceMixin, ListView):
    """The voucher book as XLSX, one row per line, with the book's filters."""

    model = Voucher

    def get(self, request, *args, **kwargs):
        queryset = _with_lines(self.get_queryset()).order_by("organisation__path", "year", "number")
        filterset = VoucherFilter(request.GET or None, queryset=queryset, user=request.user)
        applied = filterset.is_bound and filterset.is_valid()
        filters = {k: v for k, v in filterset.form.data.items() if v and k in filterset.filters} if applied else {}
        union = filterset.form.cleaned_data.get("union") if applied else None
        return voucher_book_response(request, filterset.result, union=union, filters=filters)


class VoucherCreateView(FinanceMixin, FormView):
    """Enter a voucher: the header and its lines; saved, it is posted (finance.services)."""

    model = Voucher
    form_class = VoucherForm
    template_name = "finance/voucher_form.html"
    section = "vouchers"
    page_title = gettext_lazy("Enter a voucher")
    needs = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return VoucherLineFormSet(data, prefix="lines")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        data = form.cleaned_data
        try:
            voucher = post_voucher(data["organisation"], date=data["date"], summary=data["summary"],
                                   lines=formset.lines(), user=request.user, receipts=data["receipts"],
                                   source=(ENTRY_SOURCE, data["entry_key"]))
        except FinanceError as error:
            posted = getattr(error, "voucher", None)
            if posted is not None and posted.source_kind == ENTRY_SOURCE:  # the same page sent twice
                messages.info(request, _("This voucher was already posted as number %(number)s; it is shown "
                                         "here (the form was sent twice).") % {"number": posted.display_number})
                return HttpResponseRedirect(reverse("finance:voucher_detail", args=[posted.pk]))
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, error.message)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("Voucher %(number)s of %(year)s was posted.")
                         % {"number": voucher.display_number, "year": voucher.year})
        return HttpResponseRedirect(reverse("finance:voucher_detail", args=[voucher.pk]))


def reversal_of(voucher):
    """The voucher reversing ``voucher``, or None."""
    try:
        return voucher.reversed_by
    except Voucher.DoesNotExist:
        return None


class VoucherDetailView(FinanceMixin, DetailView):
    model = Voucher
    template_name = "finance/voucher_detail.html"
    section = "vouchers"

    def get_queryset(self):
        return _with_lines(super().get_queryset()).select_related("posted_by", "reverses")

    def get_context_data(self, **kwargs):
        voucher = self.object
        lines = list(voucher.lines.all())
        reversed_by = reversal_of(voucher)
        return super().get_context_data(
            page_title=_("Voucher %(number)s of %(year)s") % {"number": voucher.display_number, "year": voucher.year},
            lines=lines, debit=sum(line.debit for line in lines), credit=sum(line.credit for line in lines),
            reversed_by=reversed_by,
            may_reverse=(self.can("change", voucher) and reversed_by is None and voucher.reverses_id is None),
            **kwargs)


class VoucherReverseView(FinanceMixin, ObjectFormView):
    """Reverse a voucher (a mirror entry dated in the current period); the reason is required."""

    model = Voucher
    scope_action = "change"
    form_class = ReverseForm
    template_name = "finance/form.html"
    section = "vouchers"
    submit_label = gettext_lazy("Reverse the voucher")

    def get_back_url(self):
        return reverse("finance:voucher_detail", args=[self.object.pk])

    def get_page_title(self):
        return _("Reverse voucher %(number)s of %(year)s") % {"number": self.object.display_number,
                                                              "year": self.object.year}

    def refusal(self):
        if self.object.reverses_id is not None:
            return _("A reversal is not reversed; post the original entry again instead.")
        if self.object.source_kind == "year_end":
            return _("The year-end carry-forward is not reversed.")
        done = reversal_of(self.object)
        if done is not None:
            return _("This voucher is already reversed, by voucher %(number)s of %(year)s.") % {
                "number": done.display_number, "year": done.year}
        return None

    def perform(self, form):
        self.reversal = reverse_voucher(self.object, user=self.request.user, reason=form.cleaned_data["reason"])
        return _("Voucher %(number)s was reversed by voucher %(by)s.") % {
            "number": self.object.display_number, "by": self.reversal.display_number}

    def get_success_url(self):
        return reverse("finance:voucher_detail", args=[self.reversal.pk])
