"""Welfare reports: aid by programme, unit and year; households by category and status; the
exit rate. The figures the dashboard also shows (aid paid, per unit and per year, and the exit
rate) come from the indicator registry (welfare/indicators.py), so the report and the
dashboard never disagree; the breakdowns only this page shows (by programme, category and
status) start from visible_to querysets. Either way the roots are the person's own scope, so
a report never counts rows the person may not see."""
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from unionadmin.indicators import Tally, registry
from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where

from ..filters import ReportQuery
from ..models import Grant, HardshipFile
from .base import WelfareMixin

YEARS_BACK = 5  # the "aid by year" table


class ReportView(WelfareMixin, TemplateView):
    model = Grant
    template_name = "welfare/reports.html"
    section = "reports"
    page_title = gettext_lazy("Welfare reports")

    def get_context_data(self, **kwargs):
        user = self.request.user
        this_year = timezone.localdate().year
        choices = organisations_where(user, HardshipFile, "view").exclude(level=Organisation.Level.GROUP)
        query = ReportQuery.read(self.request.GET, choices=choices)
        year, within = query["year"] or this_year, query["within"]
        if within:
            roots = [within]
        elif user.is_superuser:
            roots = list(Organisation.objects.filter(parent__isnull=True))
        else:
            roots = list(Organisation.objects.filter(path__in=HardshipFile.scope.organisation_paths(user, "view")))
        return super().get_context_data(
            year=year, years=list(range(this_year, this_year - 6, -1)), within=within, choices=choices,
            reports=[self.report(root, year) for root in roots], **kwargs,
        )

    def report(self, root, year):
        aid, exit_rate = registry.get("aid_paid"), registry.get("hardship_exit_rate")
        tally = Tally(root)
        years = list(range(year - YEARS_BACK + 1, year + 1))
        tally.prefetch([aid, exit_rate], years)
        paid_by_unit = {pk: m.numerator for pk, m in tally.units(aid, year).items() if m.numerator}
        units = Organisation.objects.filter(pk__in=paid_by_unit).order_by("path")
        by_year = [{"year": y, "total": tally.whole(aid, y).numerator} for y in years]

        user = self.request.user
        this_year = Grant.objects.visible_to(user).filter(
            union__path__startswith=root.path, status=Grant.Status.APPROVED, year=year)
        by_programme = list(this_year.values("programme__name").annotate(count=Count("pk"), total=Sum("amount"))
                            .order_by("-total"))

        files = HardshipFile.objects.visible_to(user).filter(union__path__startswith=root.path)
        matrix = {(row["category"], row["status"]): row["n"] for row in
                  files.values("category", "status").annotate(n=Count("pk")).order_by()}
        statuses = HardshipFile.Status.choices
        categories = [*HardshipFile.Category.choices, ("", gettext_lazy("Not yet confirmed"))]
        table = [
            {"label": label, "cells": [matrix.get((code, status), 0) for status, _ in statuses],
             "total": sum(matrix.get((code, status), 0) for status, _ in statuses)}
            for code, label in categories
        ]
        table = [row for row in table if row["total"]]
        status_totals = [sum(matrix.get((c, s), 0) for c, _ in categories) for s, _ in statuses]
        return {
            "root": root,
            "aid_paid": Decimal(tally.whole(aid, year).numerator),
            "by_programme": by_programme,
            "by_unit": [{"unit": unit, "total": paid_by_unit[unit.pk]} for unit in units],
            "by_year": [row for row in by_year if row["total"]],
            "statuses": [label for _, label in statuses],
            "table": table,
            "status_totals": status_totals,
            "edge": files.open().filter(is_edge=True).count(),
            "exit_rate": tally.whole(exit_rate, year),
            "files_total": sum(status_totals),
            "due": files.filter(recheck_due_soon=True).count(),
            "counts": files.aggregate(open=Count("pk", filter=Q(status__in=HardshipFile.OPEN_STATUSES))),
        }
