"""The problems sheet: the rows an import refused, as the officer's file had them, to fix and upload.

Each refused row keeps its cells as they were written (text stays text, so an ID number is
never turned into a rounded number; dates stay dates; numbers stay numbers), followed by its
row number in the original file and every reason in the reader's language. The offending
cells are filled and carry the reason as a cell comment. The sheet's header is the file's own,
so the corrected sheet imports as a file of its own; the two added columns fill no field.
A sheet made from a re-uploaded problems sheet keeps the first file's row numbers.
"""
from __future__ import annotations

import datetime
import io
from collections import defaultdict

import xlsxwriter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.spreadsheets import neutralise

from .messages import describe
from .reading import Sheet
from .values import text

# Cell comments are the slowest part of the sheet to write (a drawing each); past this many,
# the fill and the Problems column say it alone.
MAX_COMMENTS = 500
ROW_HEADER = gettext_lazy("Row in the original file")
PROBLEMS_HEADER = gettext_lazy("Problems")


def _added_header_keys(label) -> set[str]:
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.add(text(str(label)).lower())
    return keys


def added_column(headers: list, label) -> int | None:
    """The index of a column this module added (a problems sheet uploaded again), if any."""
    keys = _added_header_keys(label)
    return next((i for i, h in enumerate(headers) if text(h).lower() in keys), None)


def original_row_numbers(sheet: Sheet) -> dict[int, int]:
    """{row number in this file: row number in the first file} for a re-uploaded problems sheet."""
    index = added_column(sheet.headers, ROW_HEADER)
    if index is None:
        return {}
    numbers = {}
    for number, row in sheet.rows:
        cell = row[index] if index < len(row) else None
        try:
            original = int(float(text(cell)))
        except (ValueError, OverflowError):  # "inf", "1e400": not a row number we wrote
            continue
        if 1 <= original <= 10**7:
            numbers[number] = original
    return numbers


def mark_original_rows(sheet: Sheet, *entry_lists: list[dict]) -> None:
    """On a re-uploaded problems sheet, each error and warning also names its row in the first
    file (``original_row``), which the officer knows it by."""
    numbers = original_row_numbers(sheet)
    if numbers:
        for entries in entry_lists:
            for entry in entries:
                if entry["row"] in numbers:
                    entry["original_row"] = numbers[entry["row"]]


def _column_of(error: dict, mapping: dict[str, str], headers: list) -> int | None:
    by_field = {field: int(index) for index, field in mapping.items() if field}
    if error.get("field") in by_field:
        return by_field[error["field"]]
    column = error.get("column")
    return next((i for i, h in enumerate(headers) if text(h) == column), None)


def problems_workbook(sheet: Sheet, mapping: dict[str, str], errors: list[dict], refused_rows: list[int],
                      warnings: list[dict] = ()) -> bytes:
    """The XLSX of ``refused_rows`` of ``sheet``, in the active language (see the module's text).

    ``errors`` and ``warnings`` are the check's ({row, field, column, code, params}); a warning
    of a refused row is listed, marked as one."""
    refused = set(refused_rows)
    by_row: dict[int, list[tuple[int | None, str, str]]] = defaultdict(list)  # row → [(column, header, reason)]
    worded: dict[str, str] = {}  # a file repeats the same few reasons many times
    for entry, warning in [(e, False) for e in errors] + [(w, True) for w in warnings]:
        if entry["row"] not in refused:
            continue
        key = f"{entry['code']}|{sorted((entry.get('params') or {}).items())}"
        if key not in worded:
            worded[key] = describe(entry["code"], entry.get("params"))
        reason = worded[key]
        if warning:
            reason = _("To check (does not stop the import): %(reason)s") % {"reason": reason}
        by_row[entry["row"]].append((_column_of(entry, mapping, sheet.headers), entry.get("column", ""), reason))

    headers = list(sheet.headers)
    row_col = added_column(headers, ROW_HEADER)
    problems_col = added_column(headers, PROBLEMS_HEADER)
    width = max([len(headers)] + [len(cells) for number, cells in sheet.rows if number in refused])
    if row_col is None:
        row_col, width = width, width + 1
    if problems_col is None:
        problems_col, width = width, width + 1

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    worksheet = workbook.add_worksheet(_("Rows with problems")[:31])
    header_format = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    added_format = workbook.add_format({"bold": True, "bg_color": "#FFEB9C", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    time_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    # Excel's own "bad" style: light red fill, dark red text (readable when printed in grey too).
    bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    bad_date = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "yyyy-mm-dd"})
    bad_time = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                    "num_format": "yyyy-mm-dd hh:mm:ss"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    # What the officer types again into an ID, card or phone column stays text (Excel would
    # round an 18-digit number).
    text_columns = {int(i) for i, f in mapping.items() if f in ("id_number", "card_number", "phone")}
    text_format = workbook.add_format({"num_format": "@"})
    for col in range(width):
        if col in text_columns:
            worksheet.set_column(col, col, 21, text_format)
        elif col not in (row_col, problems_col):
            worksheet.set_column(col, col, 14)
    worksheet.set_column(row_col, row_col, 10)
    worksheet.set_column(problems_col, problems_col, 60)
    for col, header in enumerate(headers):
        if col not in (row_col, problems_col) and header not in (None, ""):
            _write(worksheet, 0, col, header, header_format, header_format, header_format)
    worksheet.write_string(0, row_col, str(ROW_HEADER), added_format)
    worksheet.write_string(0, problems_col, str(PROBLEMS_HEADER), added_format)
    worksheet.freeze_panes(1, 0)

    out_row, comments = 0, 0
    for number, cells in sheet.rows:
        if number not in refused:
            continue
        out_row += 1
        reasons = by_row.get(number, [])
        cell_reasons: dict[int, list[str]] = defaultdict(list)
        for col, _header, reason in reasons:
            if col is not None:
                cell_reasons[col].append(reason)
        for col, value in enumerate(cells):
            if col in (row_col, problems_col):
                continue
            marked = col in cell_reasons
            _write(worksheet, out_row, col, value, bad if marked else None, bad_date if marked else date_format,
                   bad_time if marked else time_format)
        for col, found in cell_reasons.items():
            if col in (row_col, problems_col):
                continue
            if col >= len(cells) or cells[col] in (None, ""):
                worksheet.write_blank(out_row, col, None, bad)
            if comments < MAX_COMMENTS:
                worksheet.write_comment(out_row, col, "\n".join(found), {"x_scale": 2, "y_scale": 1.5})
                comments += 1
        original = cells[row_col] if row_col < len(cells) and cells[row_col] not in (None, "") else number
        _write(worksheet, out_row, row_col, original, None, date_format, time_format)
        listed = [_("%(column)s: %(reason)s") % {"column": header, "reason": reason} if header else reason
                  for _col, header, reason in reasons]
        if not listed:  # beyond the number of problems a check keeps
            listed = [_("This row has a problem that was not listed (too many problems in the file); correct the "
                        "rows listed first, then check the file again.")]
        worksheet.write_string(out_row, problems_col, "\n".join(listed), wrap)
    workbook.close()
    return out.getvalue()


def _write(worksheet, row, col, value, cell_format, date_format, time_format):
    """A cell as the file had it: text as text (neutralised), numbers as numbers, dates as dates."""
    if value is None or value == "":
        if cell_format is not None:
            worksheet.write_blank(row, col, None, cell_format)
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, col, value, cell_format)
    elif isinstance(value, datetime.datetime):
        worksheet.write_datetime(row, col, value, date_format if value.time() == datetime.time() else time_format)
    elif isinstance(value, datetime.date):
        worksheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), date_format)
    else:  # text, and the odd time or duration cell, as the text it showed
        worksheet.write_string(row, col, neutralise(value if isinstance(value, str) else str(value)), cell_format)


def problems_filename(original_name: str) -> str:
    """"花名册.xlsx" → "花名册-问题行.xlsx" (in the active language)."""
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    return _("%(name)s-rows with problems") % {"name": stem or _("roster")} + ".xlsx"
