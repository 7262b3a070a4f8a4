"""The budget execution as XLSX and as a PDF through the document pipeline, laid out as the
paper form: title 预算执行情况表, 编制单位, the year, 单位：元, the columns, and the signature
line (单位负责人, 财务负责人, 复核, 制表 — finance.exports.SIGNATURES). These words are the
document's own Chinese; the column headings too, as on the other finance forms.

The PDF's object is a budget version (``Budget``): the pipeline scopes the request and the
download by the budget's policy (the union's finance officer, chair, 经审会 and the union
above). Its figures are the execution of that version as of the moment it is made."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy

from unionadmin.models import AuditEvent
from unionadmin.spreadsheets import neutralise

from .budgets import execution
from .exports import SIGNATURES, _response, _workbook

TITLE = "预算执行情况表"
COLUMNS = ("项目", "预算数", "已支出（已收入）", "已报未付", "结余", "执行率（%）")
DOCUMENT_KIND = "budget_execution"


def row_label(row) -> str:
    label = f"{row.account.code} {row.account.name}"
    if row.kind == "subtotal":
        return f"{label}（小计）"
    if row.kind == "unbudgeted":
        return f"{label}（预算外）"
    return label


def execution_workbook(rows, union, year) -> bytes:
    buffer, workbook = _workbook()
    sheet = workbook.add_worksheet(TITLE)
    heading = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    plain = workbook.add_format({})
    head = workbook.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#E2EFDA"})
    cell = workbook.add_format({"border": 1})
    sub = workbook.add_format({"border": 1, "indent": 2})
    bold = workbook.add_format({"border": 1, "bold": True})
    money = workbook.add_format({"border": 1, "num_format": "#,##0.00"})
    total = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.00"})
    over = workbook.add_format({"border": 1, "num_format": "#,##0.00", "font_color": "#C00000", "bold": True})
    rate = workbook.add_format({"border": 1, "num_format": "0.0"})
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, TITLE, heading)
    sheet.write_string(1, 0, neutralise(f"编制单位：{union.name}"), plain)
    version = f"（第{rows.budget.version}版）" if rows.budget and rows.budget.version > 1 else ""
    sheet.write_string(1, 2, f"{year}年度{version}", plain)
    sheet.write_string(1, len(COLUMNS) - 1, "单位：元", plain)
    for col, text in enumerate(COLUMNS):
        sheet.write_string(3, col, text, head)
    line = 4
    for row in rows:
        strong = row.kind == "subtotal"
        sheet.write_string(line, 0, neutralise(row_label(row)), bold if strong else (sub if row.depth else cell))
        for col, value in enumerate((row.budget, row.spent, row.committed), start=1):
            sheet.write_number(line, col, float(value), total if strong else money)
        sheet.write_number(line, 4, float(row.left), over if row.over else (total if strong else money))
        if row.rate is None:
            sheet.write_blank(line, 5, None, cell)
        else:
            sheet.write_number(line, 5, float(row.rate), rate)
        line += 1
    totals = rows.totals
    for label, budgeted, actual, committed in (
            ("收入合计", totals.income_budget, totals.income_received, None),
            ("支出合计", totals.expenditure_budget, totals.expenditure_spent, totals.expenditure_committed)):
        sheet.write_string(line, 0, label, bold)
        sheet.write_number(line, 1, float(budgeted), total)
        sheet.write_number(line, 2, float(actual), total)
        if committed is None:
            sheet.write_blank(line, 3, None, cell)
            sheet.write_number(line, 4, float(budgeted - actual), total)
            value = totals.income_rate
        else:
            sheet.write_number(line, 3, float(committed), total)
            sheet.write_number(line, 4, float(totals.expenditure_left), total)
            value = totals.rate
        if value is None:
            sheet.write_blank(line, 5, None, cell)
        else:
            sheet.write_number(line, 5, float(value), rate)
        line += 1
    line += 1
    sheet.write_string(line, 0, "　　".join(f"{label}＿＿＿＿" for label in SIGNATURES[:2]), plain)
    sheet.write_string(line, 2, f"{SIGNATURES[2]}＿＿＿＿", plain)
    sheet.write_string(line, 4, f"{SIGNATURES[3]}＿＿＿＿", plain)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 4, 16)
    sheet.set_column(5, 5, 12)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def execution_response(request, rows, union, year):
    if union is None or rows is None:
        raise Http404
    data = execution_workbook(rows, union, year)
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=union,
                      detail=f"{TITLE} {year}", rows=len(rows))
    return _response(data, f"budget-execution-{year}.xlsx")


# --- the PDF -------------------------------------------------------------------------------


def _context(budget, options):
    rows = execution(budget.organisation, budget.year, budget=budget)
    return {"rows": rows, "budget": budget, "title": TITLE, "signatures": SIGNATURES}


def _filename(budget, options):
    return f"{TITLE} {budget.organisation.name} {budget.year} v{budget.version}.pdf"


def register_document():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from .models import Budget

    registry.register(DocumentKind(
        code=DOCUMENT_KIND, label=gettext_lazy("Budget execution"), model=Budget,
        template="finance/budgets/execution_pdf.html", context=_context, filename=_filename,
    ))
