"""The filtered roster as XLSX or CSV: masked unless the user may reveal, safe to open in Excel.

The headers are the import's own field labels, so an exported roster imports again. A cell
that starts with =, +, -, @ (or a tab or carriage return) would be read by a spreadsheet as
a formula; it gets a leading apostrophe. ID and mobile numbers are masked unless the user
may reveal them at the member's union; that is decided once per union, not once per row.

One writer per format serves both ways an export is made: in the request (``write_xlsx``,
``csv_chunks``) up to ``MEMBERS_EXPORT_INLINE_ROWS`` rows, and by the document pipeline's
worker into a file (``xlsx_into``, ``csv_into``; the kinds are in members/documents.py) above.
"""
from __future__ import annotations

import csv
import io
import tempfile

import xlsxwriter
from django.utils.translation import gettext as _

from unionadmin.personal_data import display_value
from unionadmin.spreadsheets import neutralise

from .models import Member

PROGRESS_EVERY = 5_000  # rows between two reports to a worker's progress bar
CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def headers() -> list[str]:
    return [_("Name"), _("Gender"), _("Ethnicity"), _("ID number"), _("Birth date"), _("Mobile number"),
            _("Employer"), _("Post"), _("Education"), _("Employment type"), _("Political status"), _("Joined on"),
            _("Member card number"), _("Branch or group"), _("Status"), _("Left on"), _("Model worker"), _("Union cadre")]


class RevealCheck:
    """Whether the user may see full ID and mobile numbers at a union, decided once per union."""

    def __init__(self, user):
        self.superuser = user.is_superuser
        self.paths = Member.scope.organisation_paths(user, "reveal")
        self.cache: dict[int, bool] = {}

    def __call__(self, union) -> bool:
        if self.superuser:
            return True
        allowed = self.cache.get(union.pk)
        if allowed is None:
            allowed = self.cache[union.pk] = any(union.path.startswith(p) for p in self.paths)
        return allowed


def _labels(field: str) -> dict:
    """A choice field's labels in the current language, translated once for the whole export
    (``get_FOO_display`` per cell translated the choices again each time: half the time of a
    200,000-row export went there)."""
    return {value: str(label) for value, label in Member._meta.get_field(field).flatchoices}


def rows(user, queryset, on_rows=None):
    """Each member as a list of cells, masked and neutralised; ``on_rows(n)`` is told the
    number of rows made so far every ``PROGRESS_EVERY`` rows (a worker's progress bar)."""
    may_reveal = RevealCheck(user)
    yes, no = _("Yes"), _("No")
    gender, education, employment_type, political_status, status = (
        _labels(f) for f in ("gender", "education", "employment_type", "political_status", "status"))
    queryset = queryset.select_related("union").only(
        "name", "gender", "ethnicity", "id_number", "birth_date", "phone", "employer", "post", "education",
        "employment_type", "political_status", "joined_on", "card_number", "status", "left_on", "is_model_worker",
        "is_cadre", "union__name", "union__path",
    )
    for n, m in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        if on_rows is not None and n % PROGRESS_EVERY == 0:
            on_rows(n)
        allowed = may_reveal(m.union)
        yield [neutralise(v) for v in (
            m.name, gender.get(m.gender, m.gender), m.ethnicity, display_value(user, m, "id_number", allowed=allowed),
            m.birth_date, display_value(user, m, "phone", allowed=allowed), m.employer, m.post,
            education.get(m.education, m.education), employment_type.get(m.employment_type, m.employment_type),
            political_status.get(m.political_status, m.political_status),
            m.joined_on, m.card_number, m.union.name,
            status.get(m.status, m.status), m.left_on, yes if m.is_model_worker else no, yes if m.is_cadre else no,
        )]


def write_xlsx(user, queryset):
    """A temporary file holding the workbook, and the number of rows."""
    out = tempfile.TemporaryFile()
    count = xlsx_into(out, user, queryset)
    out.seek(0)
    return out, count


def xlsx_into(out, user, queryset, on_rows=None) -> int:
    """Write the workbook into the open binary file ``out`` (XlsxWriter's constant-memory
    mode: one row in memory at a time, whatever the roster's size); returns the row count."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Members")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    widths = [10, 6, 8, 21, 12, 14, 28, 14, 14, 14, 12, 14, 24, 10, 12, 8, 8]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, headers(), bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows(user, queryset, on_rows), start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat"):
                sheet.write_datetime(count, col, _as_datetime(value), date)
            else:
                sheet.write_string(count, col, str(value))
    workbook.close()
    return count


def _as_datetime(day):
    import datetime

    return datetime.datetime.combine(day, datetime.time())


def csv_chunks(user, queryset, on_rows=None):
    """The CSV as UTF-8 with a BOM (so Excel opens Chinese text correctly), a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    yield "\ufeff".encode() + buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for n, row in enumerate(rows(user, queryset, on_rows), start=1):
        writer.writerow(["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_into(out, user, queryset, on_rows=None) -> None:
    """Write the CSV into the open binary file ``out``, a chunk at a time."""
    for chunk in csv_chunks(user, queryset, on_rows):
        out.write(chunk)
