"""The finance XLSX files: the voucher book (one row per line) and a statement laid out as the
printed form (title, union, period, unit, the two columns, the signature line).

As the project's other exports: XlsxWriter never turns a string into a formula or a link, text
is neutralised (unionadmin/spreadsheets.py), and each export is an AuditEvent (EXPORT). The
statement's title, its 编制单位/单位：元 lines and the signature line (单位负责人, 财务负责人,
复核, 制表) are the document's own Chinese words, not UI strings."""
from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.models import AuditEvent
from unionadmin.spreadsheets import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNATURES = ("单位负责人：", "财务负责人：", "复核：", "制表：")
STATEMENT_TITLES = {"income": "收入支出表", "balance": "资产负债表"}


def _workbook():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    return buffer, workbook


def _response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def voucher_book_rows(vouchers):
    for voucher in vouchers:
        for line in voucher.lines.all():
            yield [voucher.organisation.name, voucher.year, voucher.display_number, voucher.date, voucher.summary,
                   line.account.code, line.account.name, line.summary, line.debit or None, line.credit or None]


def voucher_book_response(request, vouchers, *, union=None, filters=None) -> HttpResponse:
    buffer, workbook = _workbook()
    sheet = workbook.add_worksheet(_("Voucher book")[:31])
    bold = workbook.add_format({"bold": True, "border": 1, "bg_color": "#E2EFDA"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    headers = [_("Union"), _("Year"), _("Number"), _("Date"), _("Summary"), _("Account code"), _("Account"),
               _("Line summary"), _("Debit"), _("Credit")]
    for col, title in enumerate(headers):
        sheet.write_string(0, col, str(title), bold)
    count = 0
    for row, values in enumerate(voucher_book_rows(vouchers), start=1):
        count += 1
        for col, value in enumerate(values):
            if value is None:
                continue
            if col == 3:
                sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), day)
            elif col in (8, 9):
                sheet.write_number(row, col, float(value), money)
            elif col == 1:
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, neutralise(str(value)))
    sheet.freeze_panes(1, 0)
    for col, width in enumerate([20, 6, 7, 11, 30, 9, 16, 24, 14, 14]):
        sheet.set_column(col, col, width)
    workbook.close()
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=union,
                      detail=str(_("Voucher book: %(count)s lines") % {"count": count}), rows=count,
                      filters=filters or {})
    return _response(buffer.getvalue(), f"voucher-book-{timezone.localdate():%Y%m%d}.xlsx")


def statement_workbook(statement, kind: str) -> bytes:
    buffer, workbook = _workbook()
    title = STATEMENT_TITLES[kind]
    sheet = workbook.add_worksheet(title)
    heading = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    plain = workbook.add_format({})
    head = workbook.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#E2EFDA"})
    cell = workbook.add_format({"border": 1})
    sub = workbook.add_format({"border": 1, "indent": 2})
    part = workbook.add_format({"border": 1, "bold": True})
    money = workbook.add_format({"border": 1, "num_format": "#,##0.00"})
    total = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.00"})
    sheet.merge_range(0, 0, 0, 2, title, heading)
    sheet.write_string(1, 0, neutralise(f"编制单位：{statement.organisation.name}"), plain)
    period = (f"{statement.year}年{statement.month}月" if kind == "income"
              else f"{statement.period_end.year}年{statement.period_end.month}月{statement.period_end.day}日")
    sheet.write_string(1, 1, period, plain)
    sheet.write_string(1, 2, "单位：元", plain)
    columns = ("本月数", "本年累计数") if kind == "income" else ("年初数", "期末数")
    for col, text in enumerate(("项目", *columns)):
        sheet.write_string(3, col, text, head)
    row = 4
    for line in statement.rows:
        if line.kind == "heading":
            sheet.write_string(row, 0, neutralise(line.label), part)
            sheet.write_blank(row, 1, None, part)
            sheet.write_blank(row, 2, None, part)
        else:
            is_total = line.kind == "total"
            sheet.write_string(row, 0, neutralise(line.label), part if is_total else (sub if line.depth else cell))
            sheet.write_number(row, 1, float(line.first), total if is_total else money)
            sheet.write_number(row, 2, float(line.second), total if is_total else money)
        row += 1
    row += 1
    sheet.write_string(row, 0, "　　".join(f"{label}＿＿＿＿" for label in SIGNATURES[:2]), plain)
    sheet.write_string(row, 1, f"{SIGNATURES[2]}＿＿＿＿", plain)
    sheet.write_string(row, 2, f"{SIGNATURES[3]}＿＿＿＿", plain)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 2, 20)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def statement_response(request, statement, kind: str) -> HttpResponse:
    if statement is None:
        raise Http404
    data = statement_workbook(statement, kind)
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=statement.organisation,
                      detail=f"{STATEMENT_TITLES[kind]} {statement.year}-{statement.month:02d}", rows=len(statement.rows))
    return _response(data, f"{'income-expenditure' if kind == 'income' else 'balance-sheet'}-"
                           f"{statement.year}{statement.month:02d}.xlsx")
