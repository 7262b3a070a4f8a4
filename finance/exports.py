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


def _formats(workbook) -> dict:
    return {
        "heading": workbook.add_format({"bold": True, "font_size": 16, "align": "center"}),
        "plain": workbook.add_format({}),
        "head": workbook.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#E2EFDA"}),
        "cell": workbook.add_format({"border": 1}),
        "sub": workbook.add_format({"border": 1, "indent": 2}),
        "part": workbook.add_format({"border": 1, "bold": True}),
        "money": workbook.add_format({"border": 1, "num_format": "#,##0.00"}),
        "total": workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.00"}),
    }


def _form_sheet(workbook, formats, title: str, union: str, period: str, headers, rows) -> None:
    """One printed form on its own sheet: title, 编制单位/period/单位：元, the column heads,
    ``rows`` as (label, kind, depth, values) — kind "heading" (no values), "account" or
    "total", a value None is left blank — and the signature line."""
    f = formats
    sheet = workbook.add_worksheet(title[:31])
    last = len(headers) - 1
    sheet.merge_range(0, 0, 0, last, title, f["heading"])
    sheet.write_string(1, 0, neutralise(f"编制单位：{union}"), f["plain"])
    sheet.write_string(1, 1, period, f["plain"])
    sheet.write_string(1, last, "单位：元", f["plain"])
    for col, text in enumerate(headers):
        sheet.write_string(3, col, text, f["head"])
    row = 4
    for label, kind, depth, values in rows:
        if kind == "heading":
            sheet.write_string(row, 0, neutralise(label), f["part"])
            for col in range(1, last + 1):
                sheet.write_blank(row, col, None, f["part"])
        else:
            is_total = kind == "total"
            sheet.write_string(row, 0, neutralise(label), f["part"] if is_total else (f["sub"] if depth else f["cell"]))
            for col, value in enumerate(values, start=1):
                if value is None:
                    sheet.write_blank(row, col, None, f["cell"])
                else:
                    sheet.write_number(row, col, float(value), f["total"] if is_total else f["money"])
        row += 1
    row += 1
    sheet.write_string(row, 0, "　　".join(f"{label}＿＿＿＿" for label in SIGNATURES[:2]), f["plain"])
    sheet.write_string(row, 1, f"{SIGNATURES[2]}＿＿＿＿", f["plain"])
    sheet.write_string(row, last, f"{SIGNATURES[3]}＿＿＿＿", f["plain"])
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, last, 18)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _statement_rows(statement):
    return [(row.label, row.kind, row.depth, (row.first, row.second)) for row in statement.rows]


def _day(date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def statement_workbook(statement, kind: str) -> bytes:
    buffer, workbook = _workbook()
    period = f"{statement.year}年{statement.month}月" if kind == "income" else _day(statement.period_end)
    columns = ("本月数", "本年累计数") if kind == "income" else ("年初数", "期末数")
    _form_sheet(workbook, _formats(workbook), STATEMENT_TITLES[kind], statement.organisation.name, period,
                ("项目", *columns), _statement_rows(statement))
    workbook.close()
    return buffer.getvalue()


def execution_rows(execution):
    """The budget's execution as form rows: (label, kind, depth, (budget, actual, rate %))."""
    return [(f"{row.account}（预算外）" if row.kind == "unbudgeted" else str(row.account),
             "total" if row.kind == "subtotal" else "account", row.depth, (row.budget, row.spent, row.rate))
            for row in execution]


def final_accounts_workbook(accounts) -> bytes:
    """决算: 收入支出表 (本年数, 上年数), 资产负债表 (年初数, 期末数) and 预算执行 on three sheets."""
    buffer, workbook = _workbook()
    formats = _formats(workbook)
    union, year = accounts.organisation.name, accounts.year
    income = [(row.label, row.kind, row.depth, (this, last)) for row, this, last in accounts.income_rows]
    _form_sheet(workbook, formats, f"{year}年度收入支出决算表", union, f"{year}年度", ("项目", "本年数", "上年数"), income)
    _form_sheet(workbook, formats, f"{year}年度资产负债表", union, _day(accounts.balance.period_end),
                ("项目", "年初数", "期末数"), _statement_rows(accounts.balance))
    _form_sheet(workbook, formats, f"{year}年度预算执行情况表", union, f"{year}年度", ("项目", "预算数", "实际数", "执行率%"),
                execution_rows(accounts.execution))
    workbook.close()
    return buffer.getvalue()


def final_accounts_response(request, accounts) -> HttpResponse:
    if accounts is None:
        raise Http404
    data = final_accounts_workbook(accounts)
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=accounts.organisation,
                      detail=f"决算 {accounts.year}", rows=len(accounts.income.rows) + len(accounts.balance.rows))
    return _response(data, f"final-accounts-{accounts.year}.xlsx")


def statement_response(request, statement, kind: str) -> HttpResponse:
    if statement is None:
        raise Http404
    data = statement_workbook(statement, kind)
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=statement.organisation,
                      detail=f"{STATEMENT_TITLES[kind]} {statement.year}-{statement.month:02d}", rows=len(statement.rows))
    return _response(data, f"{'income-expenditure' if kind == 'income' else 'balance-sheet'}-"
                           f"{statement.year}{statement.month:02d}.xlsx")
