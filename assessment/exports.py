"""The assessment as XLSX workbooks (XlsxWriter).

No cell can become a formula: XlsxWriter is told never to turn strings into formulas, links
or numbers, and text starting with = + - @ (or a tab or carriage return) gets a leading
apostrophe, so a sheet copied onward into CSV stays harmless too. Points are written as
numbers with two decimals. The views record every export as an AuditEvent (EXPORT).
"""
from __future__ import annotations

import tempfile
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionadmin.models import Organisation
from unionadmin.spreadsheets import neutralise

from .models import Appeal, Evidence, ItemScore, RubricItem, UnitAssessment
from .outline import version_outline
from .services import results as results_service
from .services.rubrics import rule_text


class Book:
    def __init__(self):
        # Constant-memory mode (one row in memory at a time) writes through a temporary file.
        self.file = tempfile.TemporaryFile()
        self.workbook = xlsxwriter.Workbook(self.file, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.bold = self.workbook.add_format({"bold": True, "bg_color": "#F1F1F1", "border": 1})
        self.points = self.workbook.add_format({"num_format": "0.00"})
        self.date = self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})

    def sheet(self, title: str, headers: list[str], widths: list[int]):
        sheet = self.workbook.add_worksheet(neutralise(title)[:31])
        for col, (header, width) in enumerate(zip(headers, widths)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, header, self.bold)
        sheet.freeze_panes(1, 0)
        return Writer(self, sheet)

    def close(self) -> bytes:
        self.workbook.close()
        self.file.seek(0)
        content = self.file.read()
        self.file.close()
        return content


class Writer:
    def __init__(self, book: Book, sheet):
        self.book, self.sheet, self.row = book, sheet, 0

    def add(self, values):
        self.row += 1
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.sheet.write_string(self.row, col, _("Yes") if value else _("No"))
            elif isinstance(value, Decimal):
                self.sheet.write_number(self.row, col, float(value), self.book.points)
            elif isinstance(value, (int, float)):
                self.sheet.write_number(self.row, col, value)
            elif isinstance(value, datetime):
                self.sheet.write_datetime(self.row, col, timezone.localtime(value).replace(tzinfo=None),
                                          self.book.date)
            else:
                self.sheet.write_string(self.row, col, neutralise(str(value)))
        return self.row


CATEGORY = dict(Organisation.Category.choices)
STATES = dict(UnitAssessment.State.choices)
KINDS = dict(RubricItem.Kind.choices)
OUTCOMES = dict(Appeal.Outcome.choices)


def _results(book, rows):
    w = book.sheet(_("Results"), [_("Category"), pgettext("ranking", "Rank"), _("Unit"), _("Points"), _("Bonus points"),
                                  _("Deductions"), _("Total"), _("Vetoed"), _("Grade")],
                   [12, 6, 36, 10, 10, 10, 10, 8, 22])
    for r in rows:
        w.add([CATEGORY.get(r.category, r.category), r.rank, r.unit_name, r.standard, r.bonus, r.deductions, r.total,
               r.vetoed, r.grade_label if r.grade else (_("Vetoed") if r.vetoed else _("Not up to standard"))])
    return w.row


def _rubric(book, layout):
    w = book.sheet(_("Rubric"), [_("No."), _("Area"), _("Kind"), _("What is assessed"), _("Scoring guidance"),
                                 _("Deductions"), _("Maximum points"), _("Evidence required"), _("Measured by"),
                                 _("Rule")], [7, 16, 12, 40, 40, 30, 10, 10, 18, 30])
    areas = {b.area.pk: b.area.name for b in layout.areas}
    for item in layout.items:
        indicator = item.indicator
        w.add([item.number, areas.get(item.area_id, ""), KINDS.get(item.kind), item.title, item.guidance,
               item.deduction_rules, item.maximum, item.evidence_required,
               str(indicator.label) if indicator else item.indicator_code, rule_text(item.rule) if item.rule else ""])
    return w.row


def _scores(book, scores, numbers, *, reviewed: bool):
    headers = [_("Unit"), _("No."), _("What is assessed"), _("Kind"), _("Maximum points"), _("Self-assessed points"),
               _("Applies (self-assessed)"), _("Note"), _("Proposed points"), _("Measured value"), _("Evidence files")]
    widths = [30, 7, 40, 10, 10, 10, 10, 30, 10, 10, 8]
    if reviewed:
        headers += [_("Reviewed points"), _("Applies (reviewed)"), _("Reviewer's remark"), _("Appeal"),
                    _("Outcome"), _("Answer")]
        widths += [10, 10, 30, 30, 12, 30]
    w = book.sheet(_("Scores"), headers, widths)
    for s in scores:
        veto = s["kind"] == RubricItem.Kind.VETO
        row = [s["assessment__unit__name"], numbers.get(s["item_id"], ""), s["item__title"], KINDS.get(s["kind"]),
               None if veto else s["maximum"], s["self_points"], s["self_vetoed"] if veto else None, s["self_note"],
               s["proposed_points"], s["measured_value"], s["evidence_count"]]
        if reviewed:
            row += [s["reviewed_points"], s["reviewed_vetoed"] if veto else None, s["review_remark"],
                    s["appeal__reason"], OUTCOMES.get(s["appeal__outcome"]) if s["appeal__reason"] else None,
                    s["appeal__answer"]]
        w.add(row)
    return w.row


SCORE_FIELDS = ("assessment__unit__name", "item_id", "item__title", "kind", "maximum", "self_points", "self_vetoed",
                "self_note", "proposed_points", "measured_value", "reviewed_points", "reviewed_vetoed",
                "review_remark", "appeal__reason", "appeal__outcome", "appeal__answer")


def _score_rows(queryset):
    return (queryset.annotate(evidence_count=Count("evidence")).order_by("assessment__unit__path", "item__position",
                                                                         "item_id")
            .values(*SCORE_FIELDS, "evidence_count").iterator(chunk_size=2000))


def _evidence(book, queryset, numbers):
    w = book.sheet(_("Evidence"), [_("Unit"), _("No."), _("File name"), _("Size in bytes"), _("Type"),
                                   _("Uploaded by"), _("Uploaded at")], [30, 7, 40, 12, 10, 14, 17])
    for e in queryset.order_by("score__assessment__unit__path", "score__item__position", "pk").values(
            "score__assessment__unit__name", "score__item_id", "file_name", "size", "content_kind",
            "uploaded_by__full_name", "uploaded_by__username", "uploaded_at").iterator(chunk_size=2000):
        w.add([e["score__assessment__unit__name"], numbers.get(e["score__item_id"], ""), e["file_name"], e["size"],
               e["content_kind"], e["uploaded_by__full_name"] or e["uploaded_by__username"], e["uploaded_at"]])
    return w.row


def rubric_workbook(rubric) -> tuple[bytes, dict]:
    book = Book()
    counts = {}
    version = rubric.current_version
    if version is not None:
        rows = results_service.results_for(rubric)
        counts["results"] = _results(book, rows)
        w = book.sheet(_("Sheets"), [_("Unit"), _("Category"), _("State"), _("Submitted at"), _("Self-assessed total"),
                                     _("Reviewed total")], [36, 12, 18, 17, 12, 12])
        sheets = UnitAssessment.objects.filter(rubric=rubric)
        self_sums = {r["pk"]: r for r in results_service.sheet_sums(sheets, reviewed=False)}
        submitted = dict(sheets.values_list("pk", "submitted_at"))
        from .grading import sheet_total

        for r in results_service.sheet_sums(sheets, reviewed=True):
            mine = self_sums[r["pk"]]
            w.add([r["unit__name"], CATEGORY.get(r["unit__category"]), STATES.get(r["state"]), submitted.get(r["pk"]),
                   sheet_total(mine["standard"], mine["bonus"], mine["deduction"], version.bonus_cap),
                   sheet_total(r["standard"], r["bonus"], r["deduction"], version.bonus_cap)
                   if r["standard"] is not None else None])
        counts["sheets"] = w.row
        layout = version_outline(version)
        numbers = {item.pk: item.number for item in layout.items}
        counts["scores"] = _scores(book, _score_rows(ItemScore.objects.filter(assessment__rubric=rubric)), numbers,
                                   reviewed=True)
        _rubric(book, layout)
        counts["evidence"] = _evidence(book, Evidence.objects.filter(score__assessment__rubric=rubric), numbers)
    return book.close(), counts


def sheet_workbook(sheet, *, reviewed: bool) -> tuple[bytes, dict]:
    book = Book()
    layout = version_outline(sheet.version)
    numbers = {item.pk: item.number for item in layout.items}
    counts = {"scores": _scores(book, _score_rows(ItemScore.objects.filter(assessment=sheet)), numbers,
                                reviewed=reviewed)}
    _rubric(book, layout)
    counts["evidence"] = _evidence(book, Evidence.objects.filter(score__assessment=sheet), numbers)
    return book.close(), counts
