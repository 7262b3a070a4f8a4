"""The register of proposals as an XLSX workbook."""
from __future__ import annotations

import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.models import AuditEvent

from ..models import Proposal, Session
from .proposals import proposers

# A cell starting with one of these could be read as a formula by a spreadsheet (or after a
# round trip through CSV); such text is written with Excel's quote prefix, so it stays text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value) -> str:
    return "" if value is None else str(value)


def is_risky(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def proposals_register_xlsx(session: Session, proposals, *, user) -> bytes:
    """Every proposal of the session the user may see, one row each, as XLSX bytes. The
    export is logged as an audit event."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    sheet = workbook.add_worksheet(_("Proposals")[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    quoted = workbook.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
    columns = [
        (_("No."), 6), (_("Subject"), 30), (_("Proposer"), 12), (_("Co-signers"), 18), (_("Category"), 14),
        (_("State"), 16), (_("Reasons"), 40), (_("Suggested measures"), 40), (_("Lead department"), 14),
        (_("Co-handling departments"), 16), (_("Reply due by"), 12), (_("Latest reply"), 40),
        (_("Rating"), 10), (_("Reason given"), 24), (_("Submitted at"), 17),
    ]
    sheet.write_row(0, 0, [c[0] for c in columns], header)
    for index, (_title, width) in enumerate(columns):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    row = 1
    for proposal in proposals:
        replies = sorted(proposal.replies.all(), key=lambda r: (r.round, r.is_lead, r.replied_at))
        lead_replies = [r for r in replies if r.is_lead]
        values = [
            proposal.number or "",
            proposal.subject,
            "、".join(p.name for p in proposers(proposal)),
            "、".join(c.delegate.name for c in proposal.cosignatures.all()),
            proposal.get_category_display(),
            proposal.get_state_display(),
            proposal.reasons,
            proposal.measures,
            proposal.lead_department.name if proposal.lead_department else "",
            "、".join(d.name for d in proposal.co_departments.all()),
            proposal.deadline.isoformat() if proposal.deadline else "",
            lead_replies[-1].text if lead_replies else "",
            proposal.get_rating_display() if proposal.rating else "",
            proposal.decision_reason,
            timezone.localtime(proposal.submitted_at).strftime("%Y-%m-%d %H:%M") if proposal.submitted_at else "",
        ]
        for column, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(row, column, value, text)
            else:
                value = safe_text(value)
                sheet.write_string(row, column, value, quoted if is_risky(value) else text)
        row += 1
    workbook.close()
    AuditEvent.record(actor=user, verb=AuditEvent.Verb.EXPORT, organisation=session.union, target=session,
                      detail=_("Register of proposals: %(session)s") % {"session": session.title}, rows=row - 1)
    return buffer.getvalue()


def register_queryset(session: Session, user):
    return (
        Proposal.objects.visible_to(user).filter(session=session)
        .exclude(state__in=Proposal.PRIVATE_STATES)
        .select_related("proposer", "lead_department")
        .prefetch_related("cosignatures__delegate", "co_departments", "replies", "merged_from__proposer")
        .order_by("number", "submitted_at", "pk")
    )
