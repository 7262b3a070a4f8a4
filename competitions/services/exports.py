"""The scores of a competition as an XLSX workbook (for the organiser's staff).

Sheet 1 is the results (frozen once the scores are locked; provisional before, and named
so); sheet 2 every counted judge's raw scores, named; sheet 3 the recusals. No cell can
become a formula: XlsxWriter never turns strings into formulas or links, and text starting
with = + - @ (or a tab or carriage return) gets a leading apostrophe. Scores and results are
numbers with two decimals shown, exactly as published.
"""
from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionadmin.spreadsheets import neutralise

from ..models import Competition, Recusal
from . import results


class _Sheet:
    def __init__(self, workbook, name, formats):
        self.sheet = workbook.add_worksheet(name[:31])
        self.formats = formats
        self.row = 0

    def write_row(self, values, header=False):
        for col, value in enumerate(values):
            if header:
                self.sheet.write_string(self.row, col, neutralise(str(value)), self.formats["header"])
            elif value is None or value == "":
                self.sheet.write_blank(self.row, col, None)
            elif isinstance(value, Decimal):
                self.sheet.write_number(self.row, col, float(value), self.formats["score"])
            elif isinstance(value, int) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value)
            else:
                self.sheet.write_string(self.row, col, neutralise(str(value)))
        self.row += 1


def scores_workbook(competition: Competition) -> tuple[bytes, int]:
    """(the workbook, the number of entries in it)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True}),
        "score": workbook.add_format({"num_format": "0.00"}),
    }
    items = list(competition.items.all())
    frozen = competition.results_frozen
    rows = results.result_rows(competition, provisional=not frozen)

    sheet = _Sheet(workbook, _("Results") if frozen else _("Provisional results"), formats)
    sheet.write_row([_("Rank"), _("No."), pgettext("competition entry", "Entry"), _("Entering unit"),
                     _("Kind of entry"), *[f"{item.name} (≤{item.max_score} ×{item.weight})" for item in items],
                     _("Total"), pgettext("noun: prize", "Award")],
                    header=True)
    for row in rows:
        unit = getattr(row.entry, "unit_label", row.entry.organisation.name)
        sheet.write_row([row.rank, row.entry.number, row.entry.name, unit,
                         row.entry.get_kind_display(), *row.items, row.total, row.award.name if row.award else ""])
    sheet.sheet.freeze_panes(1, 3)
    sheet.sheet.set_column(0, 1, 6)
    sheet.sheet.set_column(2, 3, 24)
    sheet.sheet.set_column(4, 5 + len(items), 12)

    scores = _Sheet(workbook, _("Judges' scores"), formats)
    scores.write_row([_("No."), pgettext("competition entry", "Entry"), _("Judge"), *[item.name for item in items],
                      _("Judge's total")],
                     header=True)
    entries = {row.entry.pk: row.entry for row in rows}
    for judge_sheet in results.judge_sheets(competition):
        for entry_id, entry in sorted(entries.items(), key=lambda p: p[1].number):
            values = [judge_sheet.scores.get((entry_id, item.pk)) for item in items]
            if all(v is None for v in values):
                continue
            scores.write_row([entry.number, entry.name, str(judge_sheet.judge), *values,
                              judge_sheet.totals.get(entry_id)])
    scores.sheet.freeze_panes(1, 3)
    scores.sheet.set_column(1, 2, 20)

    recusals = _Sheet(workbook, _("Recusals"), formats)
    recusals.write_row([_("No."), pgettext("competition entry", "Entry"), _("Judge"), _("Reason"), _("Declared at")],
                       header=True)
    for recusal in Recusal.objects.filter(entry__competition=competition).select_related("entry", "judge"):
        recusals.write_row([recusal.entry.number, recusal.entry.name, str(recusal.judge), recusal.reason,
                            recusal.declared_at.strftime("%Y-%m-%d %H:%M")])
    workbook.close()
    return buffer.getvalue(), len(rows)
