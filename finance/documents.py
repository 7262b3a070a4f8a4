"""The two statements of a closed month as PDF, made by the document pipeline.

The document's object is the month's ``ClosedMonth``: a statement is printed for filing once
its month is closed (its figures can no longer change), and the pipeline scopes the request
and the download by ClosedMonth's policy, so only those who may read the books (the finance
officer, the chair, the federation above) can ask for or fetch one. The option ``kind`` picks
收入支出表 ("income", the default) or 资产负债表 ("balance"). The form's words (编制单位, 单位：元,
the signature line) are the document's own Chinese, as in the XLSX.

The 决算 (``finance_final_accounts``) of a year is made from that year's December
``ClosedMonth``: the year's 收入支出决算表 with last year beside it, the 资产负债表 at 31
December and the budget's execution, one A4 document."""
from django.utils.translation import gettext_lazy

from .exports import SIGNATURES, STATEMENT_TITLES
from .statements import balance_sheet, income_expenditure

KIND = "finance_statement"
FINAL_KIND = "finance_final_accounts"


def _kind(options) -> str:
    return "balance" if str(options.get("kind", "")) == "balance" else "income"


def _context(closed, options):
    kind = _kind(options)
    build = balance_sheet if kind == "balance" else income_expenditure
    statement = build(closed.organisation, closed.year, closed.month)
    return {"statement": statement, "kind": kind, "title": STATEMENT_TITLES[kind], "signatures": SIGNATURES}


def _filename(closed, options):
    return f"{STATEMENT_TITLES[_kind(options)]} {closed.organisation.name} {closed.year}-{closed.month:02d}.pdf"


def _organisation(closed):
    return closed.organisation


def _final_context(closed, options):
    """决算 of the closed month's year (the request button is offered on December's)."""
    from .reports import final_accounts

    if closed.month != 12:  # the page offers December's only; a year is filed once it is closed
        raise ValueError("the final accounts are made from a year's closed December")
    return {"accounts": final_accounts(closed.organisation, closed.year), "signatures": SIGNATURES}


def _final_filename(closed, options):
    return f"{closed.year}年度决算 {closed.organisation.name}.pdf"


def register():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from .models import ClosedMonth

    registry.register(DocumentKind(
        code=KIND, label=gettext_lazy("Financial statement"), model=ClosedMonth,
        template="finance/documents/statement.html", context=_context, filename=_filename,
        organisation=_organisation, allowed_options=("kind",),
    ))
    # 决算 of a year, asked for from December's ClosedMonth: printed once the year is closed.
    registry.register(DocumentKind(
        code=FINAL_KIND, label=gettext_lazy("Final accounts"), model=ClosedMonth,
        template="finance/documents/final_accounts.html", context=_final_context, filename=_final_filename,
        organisation=_organisation,
    ))
