"""The 2% allocation's rules (finance/allocation.py): 应缴 is 2% and 欠缴 never negative, 到账率
with nothing due, the unit's receipts taken once, a month's dues and an allocation's money
posted once with the right sum and accounts, a reminder once a day, 建会筹备金 returned once,
and the 拨缴到账率 indicator."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import allocation as rules
from finance.models import Voucher
from finance.models.allocation import Allocation, AllocationReminder, CollectionMode, PreparatoryFund
from finance.services import FinanceError
from members.models import DuesPayment, FundReceipt
from tests.factories import GrassrootsFactory, MemberFactory, RoleAssignmentFactory
from unionadmin.indicators import registry
from unionadmin.models import Notification
from unionadmin.roles import Role

from .factories_allocation import AllocationFactory, PreparatoryFundFactory, TermsFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
MARCH = datetime.date(2026, 3, 1)


def test_due_is_two_percent_of_the_payroll_and_arrears_never_negative(county):
    row = AllocationFactory(organisation=county.a, payroll=Decimal("123456.78"), paid=Decimal("1000.00"),
                            paid_on=datetime.date(2026, 3, 20))
    assert row.due == Decimal("2469.14") and row.arrears == Decimal("1469.14")
    over = AllocationFactory(organisation=county.a, period=datetime.date(2026, 4, 1), payroll=Decimal("1000"),
                             paid=Decimal("50.00"), paid_on=datetime.date(2026, 4, 20))
    assert over.due == Decimal("20.00") and over.arrears == Decimal("0")
    assert rules.arrears_of(county.a, 2026) == Decimal("1469.14")  # the overpaid month is not carried over


def test_the_arrival_rate_is_none_when_nothing_is_due(county, federation_keeper):
    TermsFactory(organisation=county.a)
    AllocationFactory(organisation=county.a, payroll=Decimal("0"))
    TermsFactory(organisation=county.b)
    AllocationFactory(organisation=county.b, payroll=Decimal("50000"), paid=Decimal("600.00"),
                      paid_on=datetime.date(2026, 3, 25))
    rows = {row.organisation: row for row in rules.unit_rows(federation_keeper, 2026)}
    assert rules.arrival_rate(rows[county.a].paid, rows[county.a].due) is None
    assert rules.arrival_rate(rows[county.b].paid, rows[county.b].due) == Decimal("60.0")
    assert rows[county.b].arrears == Decimal("400.00")
    assert rules.totals_of(rows.values()).rate == Decimal("60.0")


def test_the_unit_rows_are_one_per_unit_below_and_in_arrears_first(county, federation_keeper):
    for union, paid in ((county.a, "2000.00"), (county.b, "500.00")):
        TermsFactory(organisation=union)
        for month in (1, 2):
            AllocationFactory(organisation=union, period=datetime.date(2026, month, 1), paid=Decimal(paid),
                              paid_on=datetime.date(2026, month, 20))
    AllocationFactory(organisation=county.b, period=datetime.date(2025, 12, 1))  # another year: not counted
    rows = list(rules.unit_rows(federation_keeper, 2026, order="arrears"))
    assert [row.organisation for row in rows] == [county.b, county.a]
    assert rows[0].arrears == Decimal("3000.00") and rows[0].due == Decimal("4000.00") and rows[0].months == 2
    assert rows[0].last_paid == datetime.date(2026, 2, 20)
    assert [row.organisation for row in rules.unit_rows(federation_keeper, 2026, arrears_only=True)] == [county.b]


def test_the_units_receipts_are_taken_once(county, federation_keeper):
    for month, amount in ((1, "2000.00"), (2, "1200.00"), (3, "2000.00")):
        FundReceipt.objects.create(union=county.a, period=datetime.date(2026, month, 1), payroll=Decimal("100000"),
                                   amount=Decimal(amount), received_on=datetime.date(2026, month, 25))
    AllocationFactory(organisation=county.a, period=datetime.date(2026, 3, 1), payroll=Decimal("90000"))
    assert rules.take_from_receipts(county.a, 2026, user=federation_keeper) == 2
    rows = {row.period.month: row for row in Allocation.objects.filter(organisation=county.a)}
    assert rows[2].paid == Decimal("1200.00") and rows[2].arrears == Decimal("800.00")
    assert rows[2].paid_on == datetime.date(2026, 2, 25) and rows[2].receipt.amount == Decimal("1200.00")
    assert rows[3].payroll == Decimal("90000") and rows[3].receipt is None  # typed by hand: left as it was
    assert rules.take_from_receipts(county.a, 2026, user=federation_keeper) == 0
    assert Allocation.objects.filter(organisation=county.a).count() == 3


def test_record_months_saves_the_typed_months_and_skips_blank_ones(county, federation_keeper):
    changed = rules.record_months(county.a, 2026, {
        1: {"payroll": Decimal("80000"), "paid": Decimal("1600"), "paid_on": datetime.date(2026, 1, 28)},
        2: {"payroll": None}}, user=federation_keeper)
    assert changed == 1
    row = Allocation.objects.get(organisation=county.a)
    assert row.due == Decimal("1600.00") and row.mode == CollectionMode.TAX_FULL and row.recorded_by == federation_keeper
    assert rules.record_months(county.a, 2026, {1: {"payroll": Decimal("80000"), "paid": Decimal("1600"),
                                                     "paid_on": datetime.date(2026, 1, 28)}}) == 0


def _dues(union, month, amounts):
    for amount in amounts:
        DuesPayment.objects.create(member=MemberFactory(union=union), union=union,
                                   period=datetime.date(2026, month, 1), amount=Decimal(amount),
                                   paid_on=datetime.date(2026, month, 15))


def test_a_months_dues_are_posted_once_with_the_right_sum(county, keeper):
    _dues(county.a, 3, ["25.00", "30.50", "18.00"])
    _dues(county.a, 4, ["99.00"])
    _dues(county.b, 3, ["40.00"])  # another union's dues are not counted
    voucher = rules.post_dues_income(county.a, 2026, 3, keeper)
    assert voucher.summary == "2026年3月会费收入（3人）" and voucher.date == datetime.date(2026, 3, 15)
    assert (voucher.source_kind, voucher.source_id) == ("dues", 202603)
    assert [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")] == [
        ("102", Decimal("73.50"), Decimal("0")), ("401", Decimal("0"), Decimal("73.50"))]
    with pytest.raises(FinanceError) as refused:
        rules.post_dues_income(county.a, 2026, 3, keeper)
    assert "already in the books" in refused.value.message and refused.value.voucher == voucher
    assert Voucher.objects.filter(organisation=county.a).count() == 1
    with pytest.raises(FinanceError, match="nothing to post"):
        rules.post_dues_income(county.a, 2026, 5, keeper)


def test_only_the_unions_own_finance_officer_posts_its_dues(county):
    _dues(county.a, 3, ["25.00"])
    other = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.b).user
    with pytest.raises(FinanceError, match="cannot post vouchers"):
        rules.post_dues_income(county.a, 2026, 3, other)
    assert not Voucher.objects.exists()


@pytest.mark.parametrize("mode, credit, amount", [
    (CollectionMode.TAX_FULL, "40301", Decimal("1200.00")),
    (CollectionMode.SELF_PAID, "402", Decimal("2000.00")),
    (CollectionMode.TAX_SHARE, "402", Decimal("1200.00")),
])
def test_an_allocations_money_that_reached_the_union_is_posted_once(county, keeper, mode, credit, amount):
    TermsFactory(organisation=county.a, mode=mode)
    row = AllocationFactory(organisation=county.a, mode=mode, paid=Decimal("2000.00"),
                            paid_on=datetime.date(2026, 3, 20), returned=Decimal("1200.00"),
                            returned_on=datetime.date(2026, 4, 10))
    voucher = rules.post_allocation_income(row, keeper)
    assert [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")] == [
        ("102", amount, Decimal("0")), (credit, Decimal("0"), amount)]
    assert (voucher.source_kind, voucher.source_id) == ("allocation", row.pk)
    with pytest.raises(FinanceError, match="already in the books"):
        rules.post_allocation_income(row, keeper)


def test_an_allocation_with_nothing_returned_yet_posts_nothing(county, keeper):
    row = AllocationFactory(organisation=county.a, paid=Decimal("2000.00"), paid_on=datetime.date(2026, 3, 20))
    with pytest.raises(FinanceError, match="nothing to post"):
        rules.post_allocation_income(row, keeper)


def test_a_reminder_goes_to_the_units_finance_officer_and_chair_once_a_day(county, keeper, federation_keeper):
    chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user
    RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a)  # not notified
    AllocationFactory(organisation=county.a, paid=Decimal("500.00"), paid_on=datetime.date(2026, 3, 20))
    reminder = rules.send_reminder(county.a, 2026, user=federation_keeper)
    assert reminder.arrears == Decimal("1500.00") and "1,500.00" in reminder.message
    assert set(Notification.objects.filter(verb="allocation_reminder").values_list("recipient", flat=True)) == {
        keeper.pk, chair.pk}
    with pytest.raises(FinanceError, match="already reminded today"):
        rules.send_reminder(county.a, 2026, user=federation_keeper)
    AllocationReminder.objects.update(sent_at=timezone.now() - datetime.timedelta(days=1))
    rules.send_reminder(county.a, 2026, user=federation_keeper)  # yesterday's does not count
    assert AllocationReminder.objects.count() == 2


def test_a_unit_owing_nothing_is_not_reminded(county, federation_keeper):
    AllocationFactory(organisation=county.a, paid=Decimal("2000.00"), paid_on=datetime.date(2026, 3, 20))
    sent, refused = rules.send_reminders([county.a], 2026, user=federation_keeper)
    assert sent == [] and "owes nothing" in refused[0]
    assert not AllocationReminder.objects.exists()


def test_a_preparatory_fund_is_returned_once_to_a_union_below(county):
    fund = PreparatoryFundFactory(federation=county.federation)
    elsewhere = GrassrootsFactory()
    with pytest.raises(FinanceError, match="must be a union under"):
        rules.return_preparatory_fund(fund, elsewhere, datetime.date(2026, 3, 1))
    with pytest.raises(FinanceError, match="before it was received"):
        rules.return_preparatory_fund(fund, county.a, datetime.date(2026, 2, 1))
    rules.return_preparatory_fund(fund, county.a, datetime.date(2026, 3, 1))
    fund.refresh_from_db()
    assert fund.status == PreparatoryFund.Status.RETURNED and fund.returned_to == county.a
    with pytest.raises(FinanceError, match="already returned"):
        rules.return_preparatory_fund(fund, county.b, datetime.date(2026, 3, 2))
    PreparatoryFundFactory(federation=county.federation, amount=Decimal("800.00"))
    totals = rules.preparatory_totals(PreparatoryFund.objects.all())
    assert totals == {"held": Decimal("800.00"), "returned": Decimal("1500.00")}


def test_the_arrival_rate_indicator_is_paid_over_due(county, settings):
    settings.INDICATOR_CACHE_SECONDS = 0
    indicator = registry.get("allocation_rate")
    AllocationFactory(organisation=county.a, paid=Decimal("1500.00"), paid_on=datetime.date(2026, 3, 20))
    AllocationFactory(organisation=county.b, payroll=Decimal("50000"), paid=Decimal("1000.00"),
                      paid_on=datetime.date(2026, 3, 20))  # overpaid: counted at what was due
    measured = indicator.measure(county.federation, 2026)
    assert (measured.numerator, measured.denominator) == (Decimal("2500.00"), Decimal("3000.00"))
    assert measured.value == Decimal("83.3")
    assert "allocation_rate" in dict(registry.choices())


def test_a_bank_account_is_masked_to_its_last_four_digits():
    assert rules.mask_account("6222 0202 0011 2233 445") == "**** 3445"
    assert rules.mask_account("") == ""


def test_the_demo_step_gives_rows_of_every_model_once(county):
    from finance.wiring.allocation import load_demo_allocation

    more = [GrassrootsFactory(parent=county.federation, employee_count=20 + n) for n in range(8)]
    users = {"fed_admin": RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user,
             "finance": RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user}
    _dues(county.a, 3, ["25.00", "30.00"])
    today = datetime.date(2026, 6, 15)
    result = load_demo_allocation(county.federation, users, today=today)
    assert result["allocation_terms"] == 2 + len(more)
    assert Allocation.objects.filter(organisation=county.a).count() == 5
    assert sum(1 for u in [county.a, county.b, *more] if rules.arrears_of(u, 2026) > 0) >= 2
    assert PreparatoryFund.objects.filter(status="returned").count() == 1 and PreparatoryFund.objects.count() == 3
    assert AllocationReminder.objects.count() == 1
    assert Voucher.objects.filter(organisation=county.a, source_kind="dues").count() == 1
    assert load_demo_allocation(county.federation, users, today=today) == {"allocation_terms": 0}
