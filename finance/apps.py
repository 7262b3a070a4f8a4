"""Finance: union funds (工会经费) on a balanced ledger — the chart of accounts, vouchers,
month closing and the statements; later the 2% allocation, budgets, claims and audit."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")
