"""Finance: union funds (工会经费) on a balanced ledger — the chart of accounts, vouchers,
month closing and the statements — with the 2% allocation, budgets, claims, spending rules,
reports and audit around it."""
import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step

        from . import demo, documents, home

        home.register()
        documents.register()
        from .wiring import PARTS

        for part in PARTS:
            importlib.import_module(f"finance.wiring.{part}").register()
        add_demo_step(DemoStep("finance", 60, demo.load_demo_finance))
