"""A union's year of months, open or closed, and closing one (finance.services.close_month)."""
import datetime

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from unionadmin.scoping import user_can

from ..forms import BooksQuery, CloseMonthForm
from ..models import ClosedMonth, Voucher
from ..services import FinanceError, close_month, closed_through
from .base import FinanceMixin


def month_rows(union, year: int) -> list[dict]:
    """The twelve months of ``union``'s ``year``: vouchers in each, closed or not, begun or not."""
    through = closed_through(union)
    counts = dict(Voucher.objects.filter(organisation=union, year=year).annotate(m=ExtractMonth("date"))
                  .order_by().values("m").annotate(n=Count("pk")).values_list("m", "n"))
    closed = {c.month: c for c in ClosedMonth.objects.filter(organisation=union, year=year).select_related("closed_by")}
    today = timezone.localdate()
    return [{
        "month": month, "first_day": datetime.date(year, month, 1), "vouchers": counts.get(month, 0),
        "closed": through is not None and (year, month) <= through, "closing": closed.get(month),
        "begun": (year, month) <= (today.year, today.month),
    } for month in range(1, 13)]


class MonthListView(FinanceMixin, TemplateView):
    model = ClosedMonth
    template_name = "finance/month_list.html"
    section = "months"
    page_title = gettext_lazy("Months")

    def get_context_data(self, **kwargs):
        query = BooksQuery(self.request.GET, user=self.request.user)
        values = query.values
        union, year = values["union"], values["year"]
        return super().get_context_data(
            query=query.shown(), union=union, year=year, months=month_rows(union, year) if union else [],
            may_close=union is not None and user_can(self.request.user, "close", ClosedMonth(organisation=union)),
            **kwargs)


class MonthCloseView(FinanceMixin, View):
    """POST union, year, month: close that month of the union's books."""

    model = ClosedMonth
    needs = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CloseMonthForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("That month cannot be closed here: choose a month of books you keep."))
            return HttpResponseRedirect(reverse("finance:month_list"))
        union, year, month = (form.cleaned_data[k] for k in ("union", "year", "month"))
        try:
            close_month(union, year, month, user=request.user)
        except FinanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(year)s-%(month)02d is closed: no voucher may be dated in it any more.")
                             % {"year": year, "month": month})
        return HttpResponseRedirect(reverse("finance:month_list") + "?" + urlencode({"union": union.pk, "year": year}))
