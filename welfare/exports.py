"""The grant ledger as an XLSX workbook.

- Rows come from the ledger's own visible_to queryset and filters.
- ID numbers and household incomes are masked unless the person asked for full details and
  may reveal them, row by row (the policy's query-free ``allows``).
- No cell can become a formula: XlsxWriter is told never to turn strings into formulas or
  links, and text starting with = + - @ (or a tab or carriage return) gets a leading
  apostrophe, so a spreadsheet copied onward into CSV stays harmless too.
- Every export is an AuditEvent (EXPORT) with the row count, the filters and whether it was
  unmasked.
"""
import io
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.models import AuditEvent, Organisation
from unionadmin.personal_data import mask_amount, mask_id_number
from unionadmin.spreadsheets import neutralise

from .models import Grant


def grant_ledger_rows(grants, *, user, full: bool):
    for grant in grants:
        unmasked = full and Grant.scope.allows(user, "reveal", grant)
        id_number = grant.member.id_number
        income = grant.recipient_income
        yield [
            grant.granted_on,
            grant.programme.name,
            grant.get_kind_display(),
            grant.amount,
            grant.description,
            grant.member.name,
            id_number if unmasked else mask_id_number(id_number),
            grant.union.name,
            grant.file.number if grant.file_id else "",
            grant.file.get_category_display() if grant.file_id else "",
            (income if unmasked else mask_amount(income)) if income is not None else "",
            grant.get_status_display(),
            str(grant.proposed_by),
            str(grant.approved_by) if grant.approved_by_id else "",
            (grant.approved_at.astimezone(timezone.get_current_timezone()).replace(tzinfo=None)
             if grant.approved_at else ""),
            grant.donation_drive.name if grant.donation_drive_id else "",
            grant.repeat_reason,
            grant.note,
        ]


def headers():
    return [
        _("Date"), _("Programme"), _("Form of aid"), _("Amount (yuan)"), _("What is given"), _("Recipient"),
        _("ID number"), _("Union"), _("Hardship file"), _("Category"), _("Household income per person"),
        _("Status"), _("Proposed by"), _("Approved by"), _("Approved at"), _("Paid from donation drive"),
        _("Why again this year"), _("Note"),
    ]


def build_workbook(rows) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    sheet = workbook.add_worksheet(_("Grant ledger")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, title in enumerate(headers()):
        sheet.write_string(0, col, str(title), bold)
    count = 0
    for row_number, row in enumerate(rows, start=1):
        count += 1
        for col, value in enumerate(row):
            if isinstance(value, Decimal):
                sheet.write_number(row_number, col, float(value), money)
            elif isinstance(value, datetime):
                sheet.write_datetime(row_number, col, value, moment)
            elif isinstance(value, date):
                sheet.write_datetime(row_number, col, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write_string(row_number, col, neutralise(str(value)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(headers()) - 1)
    for col, width in enumerate([11, 18, 8, 12, 18, 10, 21, 20, 10, 12, 12, 10, 10, 10, 16, 16, 20, 20]):
        sheet.set_column(col, col, width)
    workbook.close()
    return buffer.getvalue(), count


def _audit_organisation(user, within):
    """The organisation an export is filed under: the filter's, or the top of the person's scope."""
    if within is not None:
        return within
    paths = Grant.scope.organisation_paths(user, "export")
    return Organisation.objects.filter(path=paths[0]).first() if paths else None


def grant_ledger_response(request, grants, *, full=False, within=None, filters=None) -> HttpResponse:
    user = request.user
    data, count = build_workbook(grant_ledger_rows(grants, user=user, full=full))
    AuditEvent.record(
        actor=user, verb=AuditEvent.Verb.EXPORT, organisation=_audit_organisation(user, within),
        detail=str(_("Grant ledger: %(count)s rows%(full)s") % {
            "count": count, "full": _(", with full ID numbers and incomes") if full else ""}),
        rows=count, unmasked=full, filters=filters or {},
    )
    filename = f"grant-ledger-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
