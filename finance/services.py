"""The ledger's rules: posting a voucher, reversing one, closing a month, and the balances.

Every rule of the books is here, in one function each, inside ``transaction.atomic()``; views
and other apps (welfare's grants, dues) only call these. A refusal raises ``FinanceError``
with a message translated for the person. The database keeps the same rules a second time
(migration 0002's triggers: a voucher balances and has two lines, a posted voucher and its
lines never change, no voucher in a closed month), so a bug or a shell cannot break them.

One union's postings and closings are serialised by a transaction-level advisory lock on the
union (``_lock_books``): the next voucher number is read and used under it, and a month is
closed under it, so two posts at once get consecutive numbers and a voucher cannot slip into a
month being closed. The lock is not the organisation row's: posting does not block anyone
editing the union or adding a member to it.

Decisions (docs/finance.md):

* months close in order: a month closes only when the month before it is closed, unless the
  union has no voucher before it; the books are then closed *through* the latest closed
  month: no voucher may be dated in it or before it;
* a reversal is dated today (the current period) unless a date is given; when today's month is
  closed, the first day of the first open month after it; never before the original;
* a voucher is reversed at most once and a reversal is not reversed: a reversal made by
  mistake is undone by posting the original entry again;
* there is no reopening of a month (not needed now; a correction is a reversal in an open month).
"""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.errors import DomainError
from unionadmin.scoping import organisations_where

from .models import Account, ClosedMonth, Voucher, VoucherLine

ZERO = Decimal("0")
CENT = Decimal("0.01")
LARGEST = Decimal("999999999999.99")  # 14 digits, 2 after the point (models.ledger.AMOUNT)
SUMMARY_LENGTH = Voucher._meta.get_field("summary").max_length


class FinanceError(DomainError):
    """A step the books refuse; the message is already translated."""


# --- locks and months ----------------------------------------------------------------------


def _lock_books(organisation) -> None:
    """Serialise this union's postings and closings until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('finance.books'), %s)", [organisation.pk])


def _month_key(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month


def _first_of_next_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1)


def closed_through(organisation) -> tuple[int, int] | None:
    """The latest closed month of the union's books as (year, month), or None."""
    latest = ClosedMonth.objects.filter(organisation=organisation).order_by("-year", "-month").first()
    return (latest.year, latest.month) if latest else None


def is_closed(organisation, day: datetime.date, *, through: tuple[int, int] | None | bool = False) -> bool:
    """Whether ``day`` lies in a closed month (the latest closed month or before it)."""
    through = closed_through(organisation) if through is False else through
    return through is not None and _month_key(day) <= through


FIRST_DATE = datetime.date(2000, 1, 1)


def last_date(today: datetime.date | None = None) -> datetime.date:
    """The latest date a voucher may have: 31 December of next year (migration 0004 too)."""
    return datetime.date((today or timezone.localdate()).year + 1, 12, 31)


def date_range_message(day: datetime.date) -> str:
    return _("A voucher is dated from %(first)s to %(last)s; %(date)s is outside that range.") % {
        "first": FIRST_DATE.isoformat(), "last": last_date().isoformat(), "date": day.isoformat()}


def _closed_message(day: datetime.date, through: tuple[int, int]) -> str:
    return _("The books are closed through %(year)s-%(month)02d; a voucher dated %(date)s cannot be posted. "
             "Date it in an open month.") % {"year": through[0], "month": through[1], "date": day.isoformat()}


# --- posting -------------------------------------------------------------------------------


def _amount(value, position: int) -> Decimal:
    try:
        amount = Decimal(value if value is not None else 0)
    except (InvalidOperation, TypeError, ValueError):
        raise FinanceError(_("Line %(n)s: “%(value)s” is not an amount.") % {"n": position, "value": value}) from None
    if not amount.is_finite():
        raise FinanceError(_("Line %(n)s: “%(value)s” is not an amount.") % {"n": position, "value": value})
    if amount < 0:
        raise FinanceError(_("Line %(n)s: an amount is never negative; to undo an entry, reverse its voucher.")
                           % {"n": position})
    if amount != amount.quantize(CENT):
        raise FinanceError(_("Line %(n)s: amounts are in yuan and fen (two decimal places).") % {"n": position})
    if amount > LARGEST:
        raise FinanceError(_("Line %(n)s: the amount is too large.") % {"n": position})
    return amount


def _checked_lines(lines, *, leaves_only: bool) -> list[tuple[Account, Decimal, Decimal, str]]:
    if len(lines) < 2:
        raise FinanceError(_("A voucher needs at least two lines: an account debited and an account credited."))
    checked = []
    parents = set(Account.objects.filter(children__isnull=False,
                                         pk__in=[line[0].pk for line in lines]).values_list("pk", flat=True))
    for position, (account, debit, credit, summary) in enumerate(lines, start=1):
        debit, credit = _amount(debit, position), _amount(credit, position)
        if debit and credit:
            raise FinanceError(_("Line %(n)s has both a debit and a credit; each line is one side only.")
                               % {"n": position})
        if not debit and not credit:
            raise FinanceError(_("Line %(n)s has no amount: enter a debit or a credit above zero.") % {"n": position})
        if leaves_only and not account.is_active:
            raise FinanceError(_("Line %(n)s: the account %(account)s is no longer in use.")
                               % {"n": position, "account": account})
        if leaves_only and account.pk in parents:
            raise FinanceError(_("Line %(n)s: %(account)s has sub-accounts; post to one of them.")
                               % {"n": position, "account": account})
        checked.append((account, debit, credit, (summary or "").strip()[:SUMMARY_LENGTH]))
    debits, credits = sum(line[1] for line in checked), sum(line[2] for line in checked)
    if debits != credits:
        raise FinanceError(_("The voucher does not balance: debits %(debits)s, credits %(credits)s (a difference "
                             "of %(difference)s).") % {"debits": debits, "credits": credits,
                                                       "difference": abs(debits - credits)})
    return checked


def _already_posted(organisation, source) -> Voucher | None:
    if not source:
        return None
    kind, key = source
    return Voucher.objects.filter(organisation=organisation, source_kind=kind, source_id=key).first()


def _already_posted_error(voucher: Voucher) -> FinanceError:
    error = FinanceError(_("This record is already in the books: voucher %(number)s of %(year)s, dated %(date)s.")
                         % {"number": voucher.display_number, "year": voucher.year, "date": voucher.date.isoformat()})
    error.voucher = voucher
    return error


def post_voucher(organisation, *, date: datetime.date, summary: str, lines, user=None, receipts: int = 0,
                 source: tuple[str, int] | None = None, reverses: Voucher | None = None) -> Voucher:
    """Post a voucher of ``organisation``: ``lines`` are (account, debit, credit, summary),
    one side each, balancing. ``user`` is who posts it (None when the product posts by
    itself); ``source`` = (kind, id) of the record of another app it comes from, posted once.
    Returns the saved voucher, numbered next in the union's year."""
    summary = (summary or "").strip()
    if not summary:
        raise FinanceError(_("Enter a summary (摘要): what the money was for."), field="summary")
    if len(summary) > SUMMARY_LENGTH:
        raise FinanceError(_("The summary is at most %(n)s characters.") % {"n": SUMMARY_LENGTH}, field="summary")
    if not isinstance(date, datetime.date):
        raise FinanceError(_("Enter the voucher's date."), field="date")
    if not FIRST_DATE <= date <= last_date():
        raise FinanceError(date_range_message(date), field="date")
    if receipts is None or receipts < 0 or receipts > 32767:
        raise FinanceError(_("The number of receipts attached is between 0 and 32767."), field="receipts")
    if user is not None and not organisations_where(user, Voucher, "change").filter(pk=organisation.pk).exists():
        raise FinanceError(_("You cannot post vouchers in the books of %(union)s.") % {"union": organisation})
    checked = _checked_lines(list(lines), leaves_only=reverses is None)
    with transaction.atomic():
        _lock_books(organisation)
        existing = _already_posted(organisation, source)
        if existing is not None:
            raise _already_posted_error(existing)
        through = closed_through(organisation)
        if is_closed(organisation, date, through=through):
            raise FinanceError(_closed_message(date, through), field="date")
        number = (Voucher.objects.filter(organisation=organisation, year=date.year)
                  .aggregate(last=Max("number"))["last"] or 0) + 1
        kind, key = source or ("", None)
        try:
            with transaction.atomic():
                voucher = Voucher.objects.create(
                    organisation=organisation, date=date, year=date.year, number=number, summary=summary,
                    receipts=receipts, reverses=reverses, source_kind=kind, source_id=key, posted_by=user)
                VoucherLine.objects.bulk_create([
                    VoucherLine(voucher=voucher, position=position, account=account, debit=debit, credit=credit,
                                summary=line_summary)
                    for position, (account, debit, credit, line_summary) in enumerate(checked, start=1)])
        except IntegrityError as error:
            # Only a race the lock does not cover can get here: another path posting the same
            # source or reversal (the services all take the lock; this is the backstop).
            existing = _already_posted(organisation, source)
            if existing is not None:
                raise _already_posted_error(existing) from error
            if reverses is not None and Voucher.objects.filter(reverses=reverses).exists():
                raise FinanceError(_("Voucher %(number)s is already reversed.")
                                   % {"number": reverses.display_number}) from error
            raise
    return voucher


# --- reversing -----------------------------------------------------------------------------


def reverse_voucher(voucher: Voucher, *, user=None, date: datetime.date | None = None, reason: str) -> Voucher:
    """Undo ``voucher`` by a new voucher with every line on the other side (红字冲销 as a
    mirror entry), dated ``date`` or, by default, today; see the module's decisions."""
    reason = (reason or "").strip()
    if not reason:
        raise FinanceError(_("Say why the voucher is reversed."), field="reason")
    organisation = voucher.organisation
    with transaction.atomic():
        _lock_books(organisation)
        original = Voucher.objects.get(pk=voucher.pk)
        if original.reverses_id is not None:
            raise FinanceError(_("Voucher %(number)s is itself a reversal and is not reversed; post the original "
                                 "entry again instead.") % {"number": original.display_number})
        if original.source_kind == YEAR_END:
            # Undoing the carry-forward in the next year would move the year's result back into
            # income and expenditure accounts of a year whose books are closed.
            raise FinanceError(_("Voucher %(number)s carries the year %(year)s forward into 结余 and is not "
                                 "reversed.") % {"number": original.display_number, "year": original.year})
        done = Voucher.objects.filter(reverses=original).first()
        if done is not None:
            raise FinanceError(_("Voucher %(number)s is already reversed, by voucher %(by)s of %(year)s.")
                               % {"number": original.display_number, "by": done.display_number, "year": done.year})
        through = closed_through(organisation)
        if date is None:
            date = max(timezone.localdate(), original.date)
            if is_closed(organisation, date, through=through):
                date = _first_of_next_month(*through)
        elif is_closed(organisation, date, through=through):
            raise FinanceError(_closed_message(date, through), field="date")
        if date < original.date:
            raise FinanceError(_("A reversal cannot be dated before the voucher it reverses (%(date)s).")
                               % {"date": original.date.isoformat()}, field="date")
        same_year = "" if original.year == date.year else f"{original.year}年"
        summary = f"冲销{same_year}第{original.number}号凭证：{reason}"[:SUMMARY_LENGTH]
        lines = [(line.account, line.credit, line.debit, line.summary)
                 for line in original.lines.select_related("account").order_by("position", "pk")]
        return post_voucher(organisation, date=date, summary=summary, lines=lines, user=user, reverses=original)


# --- closing -------------------------------------------------------------------------------


def close_month(organisation, year: int, month: int, *, user=None) -> ClosedMonth:
    """Close a month of the union's books: no voucher may be dated in it (or before it) again."""
    if not (1 <= month <= 12) or not (2000 <= year <= 2999):
        raise FinanceError(_("There is no month %(year)s-%(month)s.") % {"year": year, "month": month})
    today = timezone.localdate()
    if (year, month) > _month_key(today):
        raise FinanceError(_("%(year)s-%(month)02d has not begun; a month is closed when its vouchers are in.")
                           % {"year": year, "month": month})
    if user is not None and not organisations_where(user, ClosedMonth, "close").filter(pk=organisation.pk).exists():
        raise FinanceError(_("You cannot close the books of %(union)s.") % {"union": organisation})
    first_day = datetime.date(year, month, 1)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    with transaction.atomic():
        _lock_books(organisation)
        months = ClosedMonth.objects.filter(organisation=organisation)
        if months.filter(year=year, month=month).exists():
            raise FinanceError(_("%(year)s-%(month)02d is already closed.") % {"year": year, "month": month})
        if months.filter(Q(year__gt=year) | Q(year=year, month__gt=month)).exists():
            raise FinanceError(_("A later month is already closed, so %(year)s-%(month)02d is closed with it.")
                               % {"year": year, "month": month})
        earlier = Voucher.objects.filter(organisation=organisation, date__lt=first_day).exists()
        if earlier and not months.filter(year=previous[0], month=previous[1]).exists():
            raise FinanceError(_("Months close in order: close %(year)s-%(month)02d first.")
                               % {"year": previous[0], "month": previous[1]})
        try:
            with transaction.atomic():
                return ClosedMonth.objects.create(organisation=organisation, year=year, month=month, closed_by=user)
        except IntegrityError as error:  # closed by a path that does not take the lock
            raise FinanceError(_("%(year)s-%(month)02d is already closed.")
                               % {"year": year, "month": month}) from error


# --- balances ------------------------------------------------------------------------------


YEAR_END = "year_end"  # the source kind of the year-end carry-forward voucher (finance/reports.py)


def account_balances(organisation, *, until: datetime.date, since: datetime.date | None = None,
                     without_year_end: bool = False) -> dict[int, tuple[Decimal, Decimal]]:
    """{account id: (debits, credits)} of the union's vouchers dated from ``since`` (or the
    beginning) to ``until``, both included: one aggregate query. ``without_year_end`` leaves the
    year-end carry-forward out, so a year's income and spending read as they were after it."""
    lines = VoucherLine.objects.filter(voucher__organisation=organisation, voucher__date__lte=until)
    if without_year_end:
        lines = lines.exclude(voucher__source_kind=YEAR_END)
    if since is not None:
        lines = lines.filter(voucher__date__gte=since)
    rows = lines.order_by().values("account").annotate(debit=Sum("debit"), credit=Sum("credit"))
    return {row["account"]: (row["debit"], row["credit"]) for row in rows}
