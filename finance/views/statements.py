"""The two monthly statements of one union's books, as a page (printable) and as XLSX."""
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..exports import statement_response
from ..forms import StatementQuery
from ..models import ClosedMonth, Voucher
from ..statements import balance_sheet, income_expenditure
from .base import FinanceMixin

BUILDERS = {"income": income_expenditure, "balance": balance_sheet}


class StatementMixin(FinanceMixin):
    model = Voucher

    def statement(self):
        self.query = StatementQuery(self.request.GET, user=self.request.user)
        values = self.query.values
        self.kind = values["kind"]
        if values["union"] is None:
            return None
        return BUILDERS[values["kind"]](values["union"], values["year"], values["month"])


class StatementView(StatementMixin, TemplateView):
    template_name = "finance/statement.html"
    section = "statements"
    page_title = gettext_lazy("Statements")

    def get_context_data(self, **kwargs):
        statement = self.statement()
        closed = (ClosedMonth.objects.visible_to(self.request.user)
                  .filter(organisation=statement.organisation, year=statement.year, month=statement.month).first()
                  if statement else None)
        return super().get_context_data(statement=statement, closed_month=closed,
                                        pdf_options={"kind": self.kind}, query=self.query.shown(), values=self.query.values,
                                        union=statement.organisation if statement else None, **kwargs)


class StatementExportView(StatementMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        statement = self.statement()
        return statement_response(request, statement, self.kind)
