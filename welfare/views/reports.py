"""Welfare reports: aid by programme, unit and year; households by category and status; the
exit rate. Every figure starts from visible_to querysets, so a report never counts rows the
person may not see."""
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from unionadmin.indicators import registry
from unionadmin.models import Organisation

from ..filters import ReportQuery
from ..models import Grant, HardshipFile
from ..scope import welfare_organisations, welfare_paths
from .base import WelfareMixin


class ReportView(WelfareMixin, TemplateView):
    model = Grant
    template_name = "welfare/reports.html"
    section = "reports"
    page_title = gettext_lazy("Welfare reports")

    def get_context_data(self, **kwargs):
        user = self.request.user
        this_year = timezone.localdate().year
        choices = welfare_organisations(user, HardshipFile, "view").exclude(level=Organisation.Level.GROUP)
        query = ReportQuery.read(self.request.GET, choices=choices)
        year, within = query["year"] or this_year, query["within"]
        if within:
            roots = [within]
        elif user.is_superuser:
            roots = list(Organisation.objects.filter(parent__isnull=True))
        else:
            roots = list(Organisation.objects.filter(path__in=welfare_paths(user, HardshipFile.scope, "view")))
        return super().get_context_data(
            year=year, years=list(range(this_year, this_year - 6, -1)), within=within, choices=choices,
            reports=[self.report(root, year) for root in roots], **kwargs,
        )

    def report(self, root, year):
        user = self.request.user
        grants = Grant.objects.visible_to(user).filter(union__path__startswith=root.path, status=Grant.Status.APPROVED)
        this_year = grants.filter(year=year)
        by_programme = list(this_year.values("programme__name").annotate(count=Count("pk"), total=Sum("amount"))
                            .order_by("-total"))
        by_union = dict(this_year.values("union__path").annotate(total=Sum("amount"), count=Count("pk"))
                        .order_by().values_list("union__path", "total"))
        units = []
        for unit in Organisation.objects.subtree_of(root).grassroots().order_by("path"):
            total = sum((t for p, t in by_union.items() if p.startswith(unit.path)), Decimal("0"))
            if total:
                units.append({"unit": unit, "total": total})
        by_year = list(grants.filter(year__gt=year - 5, year__lte=year).values("year")
                       .annotate(total=Sum("amount"), count=Count("pk")).order_by("year"))

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
        edge = files.open().filter(is_edge=True).count()
        rate = registry.get("hardship_exit_rate").measure(root, year) if "hardship_exit_rate" in registry else None
        return {
            "root": root,
            "by_programme": by_programme,
            "programme_total": sum((r["total"] for r in by_programme), Decimal("0")),
            "by_unit": units,
            "by_year": by_year,
            "statuses": [label for _, label in statuses],
            "table": table,
            "status_totals": status_totals,
            "edge": edge,
            "exit_rate": rate,
            "files_total": sum(status_totals),
            "due": files.filter(recheck_due_soon=True).count(),
            "counts": files.aggregate(open=Count("pk", filter=Q(status__in=HardshipFile.OPEN_STATUSES))),
        }
