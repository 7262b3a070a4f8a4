"""Welfare grants post their vouchers by themselves (issue 17, item 4).

In this product a grant's money goes out when the grant is **approved** (welfare has no later
"paid" step), so the approval posts the voucher: Dr 50204 困难职工帮扶 (50205 送温暖 for a
send-warmth programme, 50203 法律援助 for legal aid) / Cr 102 银行存款, ``source ("grant", pk)``
so that it is posted once, dated the approval day (the first day of the first open month when
that month is closed, as the ledger does for reversals), the summary naming the programme and
the person (never an ID number). Decisions (docs/finance.md):

* **whose books**: the programme's organisation's — it runs the programme and its budget
  pays the grant (a county federation's 送温暖 for a member of a grassroots union is the
  federation's spending, not the grassroots union's);
* **only books kept here**: a union keeps its books in this product when it has finance
  settings or any voucher; otherwise nothing is posted (its books are elsewhere);
* **money only**: goods and services given (``Grant.Kind`` goods/service, a value, not money)
  post nothing: buying them was spending, posted when it was paid (a claim or a voucher);
* a grant paid from a donation drive posts the same entry, its summary naming the drive;
* the approval never depends on the books: ``grant_approved`` is called by welfare after the
  approval is saved, posts inside its own savepoint and swallows a refusal (an account out
  of use, a date out of range), which is then visible: the finance officer's home panel lists
  the approved money grants that have no voucher yet, with a button to post them again.
"""
from __future__ import annotations

import datetime
import logging

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Account, FinanceSettings, Voucher
from .services import SUMMARY_LENGTH, ZERO, FinanceError, closed_through, is_closed, post_voucher

logger = logging.getLogger(__name__)

SOURCE_KIND = "grant"
BANK = "102"
HARDSHIP = "50204"       # 困难职工帮扶
WARMTH = "50205"         # 送温暖
LEGAL_AID = "50203"      # 法律援助
ACCOUNT_BY_KIND = {"warmth": WARMTH, "legal_aid": LEGAL_AID}


def keeps_books(organisation) -> bool:
    """Whether the union keeps its books in this product: finance settings or any voucher."""
    return (FinanceSettings.objects.filter(organisation=organisation).exists()
            or Voucher.objects.filter(organisation=organisation).exists())


def payer_of(grant):
    """The union whose money pays the grant: the programme's organisation."""
    return grant.programme.organisation


def expenditure_code(grant) -> str:
    return ACCOUNT_BY_KIND.get(grant.programme.kind, HARDSHIP)


def posting_date(organisation, day: datetime.date) -> datetime.date:
    """``day``, or the first day of the first open month when ``day``'s month is closed."""
    through = closed_through(organisation)
    if is_closed(organisation, day, through=through):
        year, month = through
        return datetime.date(year + month // 12, month % 12 + 1, 1)
    return day


def summary_of(grant) -> str:
    drive = f"（{grant.donation_drive}）" if grant.donation_drive_id else ""
    return f"{grant.programme.name}{drive}：{grant.member.name}"[:SUMMARY_LENGTH]


def posted_voucher(grant) -> Voucher | None:
    return Voucher.objects.filter(source_kind=SOURCE_KIND, source_id=grant.pk).first()


def should_post(grant) -> bool:
    return (grant.status == grant.Status.APPROVED and grant.kind == grant.Kind.MONEY
            and keeps_books(payer_of(grant)))


def post_grant(grant) -> Voucher | None:
    """Post the approved money grant's voucher in its payer's books (None when there is
    nothing to post); raises ``FinanceError`` when the books refuse it. Posting a grant
    already posted returns its voucher."""
    if not should_post(grant):
        return None
    existing = posted_voucher(grant)
    if existing is not None:
        return existing
    payer = payer_of(grant)
    accounts = {a.code: a for a in Account.objects.filter(code__in=[BANK, expenditure_code(grant)])}
    if len(accounts) < 2:
        raise FinanceError(_("The chart of accounts has no account %(codes)s; the grant was not posted.")
                           % {"codes": ", ".join(c for c in (expenditure_code(grant), BANK) if c not in accounts)})
    day = timezone.localdate(grant.approved_at) if grant.approved_at else grant.granted_on
    summary = summary_of(grant)
    with transaction.atomic():
        return post_voucher(payer, date=posting_date(payer, day), summary=summary, source=(SOURCE_KIND, grant.pk),
                            lines=[(accounts[expenditure_code(grant)], grant.amount, ZERO, summary),
                                   (accounts[BANK], ZERO, grant.amount, summary)])


def grant_approved(grant) -> Voucher | None:
    """Welfare's hook after a grant is approved: post its voucher, never undo the approval.
    A refusal is logged and left for the finance officer (``unposted_grants``)."""
    try:
        with transaction.atomic():
            return post_grant(grant)
    except (FinanceError, DatabaseError) as error:
        logger.warning("grant %s approved but not posted: %s", grant.pk, error)
        return None


def unposted_grants(organisations):
    """Approved money grants paid by ``organisations`` (those keeping books here) with no
    voucher yet, approved since the start of last year."""
    from welfare.models import Grant

    since = datetime.date(timezone.localdate().year - 1, 1, 1)
    keeping = [o.pk for o in organisations if keeps_books(o)]
    return (Grant.objects.filter(programme__organisation__in=keeping, status=Grant.Status.APPROVED,
                                 kind=Grant.Kind.MONEY, granted_on__gte=since)
            .exclude(Exists(Voucher.objects.filter(source_kind=SOURCE_KIND, source_id=OuterRef("pk"))))
            .select_related("programme", "member", "programme__organisation")
            .order_by("approved_at", "pk"))
