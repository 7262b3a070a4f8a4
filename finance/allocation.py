"""The 2% allocation (拨缴) and income from dues: the business rules, one small function each.

The federation's finance officer keeps each unit's terms and monthly records (the models'
scope: ``Below`` for "change"); the unit's finance readers see their own. Decisions
(docs/finance.md):

* 应缴 is 2% of the payroll, stored when the row is saved (``Allocation.save``); 欠缴 of a
  month is what is still due (never negative: an overpayment is not carried to another
  month); 到账率 = 实缴 ÷ 应缴 over the rows asked, none ("—") when nothing is due.
* A unit's own ``members.FundReceipt`` rows become its ``Allocation`` rows without typing
  ("take from the receipts"); a receipt is taken once (``Allocation.receipt`` is one-to-one)
  and a month already recorded by hand is left as it is.
* A reminder to a unit in arrears is sent once a day per unit (a second one the same day is
  refused with a message); it notifies the unit's finance officer and chair.
* Income reaches the union's books through ``finance.services.post_voucher`` with a source,
  so it is posted once: a month's dues (``("dues", year*100+month)``, Dr 102 / Cr 401) and a
  unit's allocation whose money reached the union (``("allocation", pk)``): the share
  returned (回拨, Dr 102 / Cr 40301) in the modes where the tax office or the finance bureau
  collects, else what the employer paid straight to the union (Dr 102 / Cr 402): all of it
  when the unit pays by itself, the union's share of it when the tax office collects the
  part that goes up.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Count, DecimalField, F, FilteredRelation, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.models import Organisation
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import CHAIR_ROLES, FINANCE_ROLES

from .models import Account, Voucher
from .models.allocation import Allocation, AllocationReminder, AllocationTerms, CollectionMode, PreparatoryFund
from .services import FinanceError, post_voucher

ZERO = Decimal("0")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)
DUES_SOURCE = "dues"
ALLOCATION_SOURCE = "allocation"
# Modes where the union's share comes back from the federation (回拨), not from the employer.
RETURNED_MODES = {CollectionMode.TAX_FULL, CollectionMode.FINANCE_BUREAU}
NOTIFY_ROLES = FINANCE_ROLES | CHAIR_ROLES


class AllocationKind(models.TextChoices):
    """The notification kinds of this part (registered in finance/wiring/allocation.py)."""

    REMINDER = "allocation_reminder", gettext_lazy("Reminder: union funds (2%) are in arrears")


def first_of(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def last_of(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def mask_account(value: str) -> str:
    """6222 **** 1234 style: the last four digits of a bank account stay."""
    value = (value or "").replace(" ", "")
    return "**** " + value[-4:] if len(value) > 4 else "*" * len(value)


def arrival_rate(paid, due) -> Decimal | None:
    """到账率 = 实缴 ÷ 应缴 in percent, one decimal; None when nothing is due."""
    if not due:
        return None
    return (Decimal(paid) * 100 / Decimal(due)).quantize(Decimal("0.1"))


# --- terms and monthly records ---------------------------------------------------------------


def terms_of(organisation) -> AllocationTerms:
    """The unit's terms, made with the defaults (the full 2% through the tax office, 60%) when
    the unit has none yet."""
    terms, _created = AllocationTerms.objects.get_or_create(organisation=organisation)
    return terms


def year_rows(organisation, year: int) -> dict[int, Allocation]:
    """{month: Allocation} of the unit's recorded months of ``year``."""
    rows = Allocation.objects.filter(organisation=organisation, period__year=year).select_related("receipt")
    return {row.period.month: row for row in rows}


FIELDS = ("payroll", "paid", "paid_on", "sent_up", "sent_up_on", "returned", "returned_on", "note")


@transaction.atomic
def record_months(organisation, year: int, months: dict[int, dict], *, user=None) -> int:
    """Save the months typed on the entry page: ``{month: {field: value}}``; a month whose
    payroll is None is left out (not recorded, or left as it was). Returns the rows changed."""
    terms = terms_of(organisation)
    existing = year_rows(organisation, year)
    changed = 0
    for month, values in sorted(months.items()):
        if values.get("payroll") is None:
            continue
        row = existing.get(month) or Allocation(organisation=organisation, period=first_of(year, month),
                                                mode=terms.mode)
        new = {name: values.get(name) if values.get(name) is not None else _blank(name) for name in FIELDS}
        if row.pk and all(getattr(row, name) == value for name, value in new.items()):
            continue
        for name, value in new.items():
            setattr(row, name, value)
        row.recorded_by = user
        row.save()
        changed += 1
    return changed


def _blank(name: str):
    if name == "note":
        return ""
    return None if name.endswith("_on") else ZERO


@transaction.atomic
def take_from_receipts(organisation, year: int, *, user=None) -> int:
    """The unit's own ``FundReceipt`` rows of ``year`` become its allocation rows: payroll,
    the amount received as 实缴 and its date. A receipt already taken, or a month already
    recorded, is left alone. Returns how many rows were made."""
    from members.models import FundReceipt

    terms = AllocationTerms.objects.select_for_update().get(pk=terms_of(organisation).pk)
    recorded = set(Allocation.objects.filter(organisation=organisation, period__year=year)
                   .values_list("period", flat=True))
    receipts = (FundReceipt.objects.filter(union=organisation, period__year=year, allocation__isnull=True)
                .exclude(period__in=recorded).order_by("period"))
    made = 0
    for receipt in receipts:
        paid = receipt.amount if receipt.received_on or not receipt.amount else ZERO
        Allocation(organisation=organisation, period=receipt.period, mode=terms.mode, payroll=receipt.payroll,
                   paid=paid, paid_on=receipt.received_on if paid else None, note=receipt.note[:200],
                   receipt=receipt, recorded_by=user).save()
        made += 1
    return made


# --- the federation's table --------------------------------------------------------------------


def _year_filter(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}period__gte": first_of(year, 1), f"{prefix}period__lte": first_of(year, 12)})


def unit_terms(user, *, root=None, mode: str = ""):
    """The terms (one per unit) of the units the user may read, under ``root``, of ``mode``."""
    terms = AllocationTerms.objects.visible_to(user)
    if root is not None:
        terms = terms.filter(organisation__path__startswith=root.path)
    return terms.filter(mode=mode) if mode else terms


def unit_rows(user, year: int, *, root=None, mode: str = "", arrears_only: bool = False, order: str = "name"):
    """One row per unit the user may read (terms, as the unit's row): mode, payroll, 应缴,
    实缴, sent up, returned, 欠缴 and the last payment date of ``year``, in one grouped query
    (the year's rows joined on the period, so other years are never read)."""
    rows = unit_terms(user, root=root, mode=mode).select_related("organisation").annotate(
        year_rows=FilteredRelation("organisation__allocations", condition=_year_filter(
            year, "organisation__allocations__")),
        **{name: Coalesce(Sum(f"year_rows__{name}"), Value(ZERO), output_field=MONEY)
           for name in ("payroll", "due", "paid", "sent_up", "returned")},
        arrears=Coalesce(Sum(_month_arrears("year_rows__")), Value(ZERO), output_field=MONEY),
        last_paid=Max("year_rows__paid_on"),
        months=Count("year_rows"),
    )
    if arrears_only:
        rows = rows.filter(arrears__gt=0)
    ordering = {"arrears": ["-arrears", "organisation__path"]}
    return rows.order_by(*ordering.get(order, ["organisation__path"]))


def _month_arrears(prefix: str = ""):
    """A month's 欠缴: what is still due, never negative."""
    return Greatest(F(f"{prefix}due") - F(f"{prefix}paid"), Value(ZERO), output_field=MONEY)


@dataclass
class Totals:
    payroll: Decimal = ZERO
    due: Decimal = ZERO
    paid: Decimal = ZERO
    sent_up: Decimal = ZERO
    returned: Decimal = ZERO
    arrears: Decimal = ZERO
    units: int = 0

    @property
    def rate(self):
        return arrival_rate(self.paid, self.due)


def totals_of(rows) -> Totals:
    totals = Totals()
    for row in rows:
        for name in ("payroll", "due", "paid", "sent_up", "returned", "arrears"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
        totals.units += 1
    return totals


def table_totals(user, year: int, *, root=None, mode: str = "", arrears_only: bool = False) -> Totals:
    """The totals of all of ``unit_rows`` (not one page's): the units counted and their year's
    allocations summed, two plain queries (the units in arrears only: through the grouped one)."""
    units = unit_terms(user, root=root, mode=mode)
    if arrears_only:
        units = unit_rows(user, year, root=root, mode=mode, arrears_only=True)
    allocations = Allocation.objects.filter(_year_filter(year), organisation__in=units.values("organisation_id"))
    names = ("payroll", "due", "paid", "sent_up", "returned")
    figures = allocations.aggregate(
        **{f"total_{name}": Coalesce(Sum(name), Value(ZERO), output_field=MONEY) for name in names},
        total_arrears=Coalesce(Sum(_month_arrears()), Value(ZERO), output_field=MONEY))
    return Totals(units=units.count(), **{name.removeprefix("total_"): value for name, value in figures.items()})


def arrears_of(organisation, year: int) -> Decimal:
    rows = Allocation.objects.filter(organisation=organisation).filter(_year_filter(year))
    return rows.aggregate(a=Coalesce(Sum(_month_arrears()), Value(ZERO), output_field=MONEY))["a"]


# --- reminders -----------------------------------------------------------------------------------


def default_reminder(organisation, year: int, arrears: Decimal) -> str:
    return _("%(union)s: the 2%% union funds of %(year)s are in arrears by %(amount)s yuan. Please ask the "
             "employer to pay them.") % {"union": organisation, "year": year, "amount": f"{arrears:,.2f}"}


@transaction.atomic
def send_reminder(organisation, year: int, *, user=None, message: str = "") -> AllocationReminder:
    """One reminder to a unit in arrears, and a notification to its finance officer and chair.
    Refused when the unit owes nothing or was reminded today already."""
    AllocationTerms.objects.select_for_update().filter(organisation=organisation).first()  # one at a time
    arrears = arrears_of(organisation, year)
    if arrears <= 0:
        raise FinanceError(_("%(union)s owes nothing for %(year)s; no reminder was sent.")
                           % {"union": organisation, "year": year})
    today = timezone.localdate()
    sent = AllocationReminder.objects.filter(organisation=organisation, sent_at__date=today).first()
    if sent is not None:
        raise FinanceError(_("%(union)s was already reminded today; no second reminder was sent.")
                           % {"union": organisation})
    reminder = AllocationReminder.objects.create(
        organisation=organisation, year=year, arrears=arrears, sent_by=user,
        message=(message or "").strip() or default_reminder(organisation, year, arrears))
    notify(role_holders(organisation, NOTIFY_ROLES), AllocationKind.REMINDER, reminder,
           organisation=organisation, exclude=user)
    return reminder


def send_reminders(organisations, year: int, *, user=None, message: str = "") -> tuple[list, list[str]]:
    """A reminder to each unit; returns (the reminders sent, the refusals' messages)."""
    sent, refused = [], []
    for organisation in organisations:
        try:
            sent.append(send_reminder(organisation, year, user=user, message=message))
        except FinanceError as error:
            refused.append(error.message)
    return sent, refused


# --- 建会筹备金 --------------------------------------------------------------------------------


@transaction.atomic
def return_preparatory_fund(fund: PreparatoryFund, union, day: datetime.date, *, user=None) -> PreparatoryFund:
    """Return what an employer paid before it had a union to the union now set up there."""
    fund = PreparatoryFund.objects.select_for_update().get(pk=fund.pk)
    if fund.status == PreparatoryFund.Status.RETURNED:
        raise FinanceError(_("This fund was already returned, to %(union)s on %(date)s.")
                           % {"union": fund.returned_to, "date": fund.returned_on.isoformat()})
    if not union.path.startswith(fund.federation.path) or union.pk == fund.federation_id:
        raise FinanceError(_("The new union must be a union under %(federation)s.")
                           % {"federation": fund.federation}, field="union")
    if day < fund.received_on:
        raise FinanceError(_("It cannot be returned before it was received (%(date)s).")
                           % {"date": fund.received_on.isoformat()}, field="returned_on")
    fund.status, fund.returned_to, fund.returned_on = PreparatoryFund.Status.RETURNED, union, day
    fund.save(update_fields=["status", "returned_to", "returned_on"])
    return fund


def preparatory_totals(funds) -> dict:
    held = Q(status=PreparatoryFund.Status.HELD)
    return funds.order_by().aggregate(
        held=Coalesce(Sum("amount", filter=held), Value(ZERO), output_field=MONEY),
        returned=Coalesce(Sum("amount", filter=~held), Value(ZERO), output_field=MONEY))


# --- income into the union's books -----------------------------------------------------------------


def _dues_rows(union, year: int, month: int):
    """The month's dues collected by the union: by it and by its branches and groups (which keep
    no books of their own)."""
    from members.models import DuesPayment

    below = Q(union__path__startswith=union.path, union__level__in=[Organisation.Level.BRANCH,
                                                                      Organisation.Level.GROUP])
    return DuesPayment.objects.filter(Q(union=union) | below, period=first_of(year, month))


@dataclass
class DuesMonth:
    union: Organisation
    year: int
    month: int
    members: int
    total: Decimal
    last_paid: datetime.date | None
    voucher: Voucher | None

    @property
    def summary(self) -> str:
        return f"{self.year}年{self.month}月会费收入（{self.members}人）"

    @property
    def default_date(self) -> datetime.date:
        return min(self.last_paid or last_of(self.year, self.month), timezone.localdate())


def dues_month(union, year: int, month: int) -> DuesMonth:
    """What ``post_dues_income`` would post: the members paying, the sum, and the voucher if
    it is already posted."""
    figures = _dues_rows(union, year, month).aggregate(
        members=Count("member", distinct=True), total=Sum("amount"), last=Max("paid_on"))
    voucher = Voucher.objects.filter(organisation=union, source_kind=DUES_SOURCE,
                                     source_id=year * 100 + month).first()
    return DuesMonth(union, year, month, figures["members"], figures["total"] or ZERO, figures["last"], voucher)


def _account(code: str) -> Account:
    account = Account.objects.filter(code=code).first()
    if account is None:
        raise FinanceError(_("The chart of accounts has no account %(code)s; ask the federation's administrator "
                             "to add it.") % {"code": code})
    return account


def post_dues_income(union, year: int, month: int, user=None, *, date: datetime.date | None = None) -> Voucher:
    """One voucher for the month's dues: Dr 102 银行存款 / Cr 401 会费收入, posted once (a
    second call says it is already in the books and names the voucher)."""
    figures = dues_month(union, year, month)
    if figures.voucher is not None:
        error = FinanceError(_("The dues of %(year)s-%(month)02d are already in the books: voucher %(number)s of "
                               "%(voucher_year)s.") % {"year": year, "month": month, "voucher_year": figures.voucher.year,
                                                      "number": figures.voucher.display_number})
        error.voucher = figures.voucher
        raise error
    if not figures.total:
        raise FinanceError(_("No dues were recorded for %(year)s-%(month)02d; there is nothing to post.")
                           % {"year": year, "month": month})
    summary = figures.summary
    return post_voucher(union, date=date or figures.default_date, summary=summary, user=user,
                        source=(DUES_SOURCE, year * 100 + month), lines=[
                            (_account("102"), figures.total, ZERO, summary),
                            (_account("401"), ZERO, figures.total, summary)])


@dataclass
class AllocationIncome:
    """What reached the union of one allocation row, and where it is credited."""

    amount: Decimal
    date: datetime.date | None
    credit: str  # account code
    summary: str


def allocation_income(allocation: Allocation) -> AllocationIncome:
    period = f"{allocation.period.year}年{allocation.period.month}月"
    if allocation.mode in RETURNED_MODES:
        return AllocationIncome(allocation.returned, allocation.returned_on, "40301", f"收到{period}拨缴经费回拨")
    amount = allocation.paid
    if allocation.mode == CollectionMode.TAX_SHARE:
        terms = AllocationTerms.objects.filter(organisation_id=allocation.organisation_id).first()
        share = terms.grassroots_share if terms else Decimal("0.6")
        amount = (allocation.paid * share).quantize(CENT)
    return AllocationIncome(amount, allocation.paid_on, "402", f"收到{period}拨缴经费")


def post_allocation_income(allocation: Allocation, user=None, *, date: datetime.date | None = None) -> Voucher:
    """The voucher of the money of one allocation row that reached the union, posted once."""
    income = allocation_income(allocation)
    if not income.amount:
        raise FinanceError(_("No money of %(month)s has reached the union yet; there is nothing to post.")
                           % {"month": f"{allocation.period:%Y-%m}"})
    return post_voucher(allocation.organisation, date=date or income.date, summary=income.summary, user=user,
                        source=(ALLOCATION_SOURCE, allocation.pk), lines=[
                            (_account("102"), income.amount, ZERO, income.summary),
                            (_account(income.credit), ZERO, income.amount, income.summary)])


def posted_vouchers(allocations) -> dict[int, Voucher]:
    """{allocation pk: its voucher} for the rows already posted (one query)."""
    by_union: dict[int, list[int]] = {}
    for row in allocations:
        by_union.setdefault(row.organisation_id, []).append(row.pk)
    if not by_union:
        return {}
    q = Q()
    for union_id, pks in by_union.items():
        q |= Q(organisation_id=union_id, source_id__in=pks)
    return {v.source_id: v for v in Voucher.objects.filter(q, source_kind=ALLOCATION_SOURCE)}
