"""Rows out of a file: python-calamine for XLSX, XLS and ODS; the csv module for text."""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from typing import Iterator

from python_calamine import CalamineWorkbook, PasswordError

from .columns import header_score
from .files import MAX_ROWS, ImportRefused, detect_encoding

HEADER_SEARCH_ROWS = 20
logger = logging.getLogger("members.imports")


@dataclass
class Sheet:
    """The header row (1-based), its cells, and the data rows after it as (row number, cells)."""

    header_row: int
    headers: list
    rows: list[tuple[int, list]]
    encoding: str = ""


def _is_blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def raw_rows(fileobj, kind: str) -> tuple[list[list], str]:
    """Every row of the first sheet that has data (or of the CSV), and the text encoding."""
    fileobj.seek(0)
    if kind == "csv":
        return _csv_rows(fileobj)
    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
        sheet = None
        for index in range(len(workbook.sheet_names)):
            candidate = workbook.get_sheet_by_index(index)
            if candidate.height:
                sheet = candidate
                break
        if sheet is None:
            raise ImportRefused("no_rows")
        if sheet.height > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ImportRefused("too_many_rows", count=sheet.height, limit=MAX_ROWS)
        return sheet.to_python(skip_empty_area=False), ""
    except PasswordError:
        raise ImportRefused("encrypted") from None
    except ImportRefused:
        raise
    except Exception as error:  # calamine's errors: damaged XML, zip, or an OLE2 file that is no workbook
        # Its words are English and technical: logged for us, never shown (our own message is).
        logger.info("roster file unreadable (%s): %s", kind, str(error)[:200])
        raise ImportRefused("unreadable") from None


def _csv_rows(fileobj) -> tuple[list[list], str]:
    data = fileobj.read()
    encoding = detect_encoding(data[:64 * 1024])
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportRefused("encoding") from None
    if "\x00" in text:  # UTF-32 read as UTF-16, or another wide encoding: no table has NUL in its text
        raise ImportRefused("encoding")
    if text.startswith("\ufeff"):
        text = text[1:]
    first_lines = text[:8192]
    delimiter = max([",", "\t", ";", "，"], key=lambda d: first_lines.count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append(row)
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ImportRefused("too_many_rows", count=f"{MAX_ROWS}+", limit=MAX_ROWS)
    return rows, encoding


def find_header(rows: list[list]) -> int:
    """The index of the header row: the one among the first rows naming the most known fields
    (a title line such as "某某公司工会会员花名册" often sits above it); else the first non-blank row."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    if best is not None:
        return best
    for index, row in enumerate(rows):
        if not _is_blank(row):
            return index
    raise ImportRefused("no_rows")


def read_sheet(fileobj, kind: str, header_row: int | None = None) -> Sheet:
    """The file's rows split into its header and its data rows (blank rows dropped)."""
    rows, encoding = raw_rows(fileobj, kind)
    header_index = find_header(rows) if header_row is None else header_row - 1
    if header_index >= len(rows):
        raise ImportRefused("no_rows")
    headers = list(rows[header_index])
    while headers and headers[-1] in (None, ""):
        headers.pop()
    data = [(number, row) for number, row in enumerate(rows[header_index + 1:], start=header_index + 2)
            if not _is_blank(row)]
    if not data:
        raise ImportRefused("no_rows")
    if len(data) > MAX_ROWS:
        raise ImportRefused("too_many_rows", count=len(data), limit=MAX_ROWS)
    return Sheet(header_row=header_index + 1, headers=headers, rows=data, encoding=encoding)


def iter_cells(sheet: Sheet, mapping: dict[str, str]) -> Iterator[tuple[int, dict]]:
    """Each data row as (row number, {field: raw cell}) following the mapping."""
    columns = [(int(index), field) for index, field in mapping.items() if field]
    for number, row in sheet.rows:
        width = len(row)
        yield number, {field: (row[index] if index < width else None) for index, field in columns}
