"""The ledger's rules (finance/services.py) and the database's own guarantees (migration 0002),
the latter proven by writing around the services: raw SQL and queryset updates."""
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation

from finance.models import Account, ClosedMonth, Voucher, VoucherLine
from finance.services import FinanceError, account_balances, close_month, post_voucher, reverse_voucher
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import AccountFactory, account, post, seed_chart

D = Decimal
MARCH = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def in_english(county):
    """English messages, and the chart (a transactional test elsewhere may have emptied it)."""
    seed_chart()
    with translation.override("en"):
        yield


@pytest.fixture
def keeper(county):
    """The finance officer of union A."""
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user


def lines(*spec):
    """("102", "100", "0"), … → the service's line tuples."""
    return [(account(code), D(debit), D(credit), "") for code, debit, credit in spec]


def refused(message):
    return pytest.raises(FinanceError, match=message)


# --- posting -------------------------------------------------------------------------------


def test_vouchers_are_numbered_per_union_and_year(county, keeper):
    first = post(county.a, debit="102", credit="401", user=keeper)
    second = post(county.a, debit="50102", credit="102", amount="30.00")
    other_union = post(county.b, debit="102", credit="401")
    next_year = post(county.a, debit="102", credit="401", date=datetime.date(2025, 12, 31))
    assert (first.year, first.number, second.number) == (2026, 1, 2)
    assert (other_union.number, next_year.year, next_year.number) == (1, 2025, 1)
    assert first.posted_by == keeper
    assert [(line.account.code, line.debit, line.credit) for line in first.lines.all()] == [
        ("102", D("100.00"), D("0.00")), ("401", D("0.00"), D("100.00"))]


def test_a_split_voucher_of_three_lines_posts(county):
    voucher = post_voucher(county.a, date=MARCH, summary="职工教育培训", lines=lines(
        ("50101", "60.00", "0"), ("50301", "40.00", "0"), ("102", "0", "100.00")), receipts=3)
    assert voucher.lines.count() == 3 and voucher.receipts == 3 and voucher.total == D("100.00")


@pytest.mark.parametrize("spec, message", [
    ([("102", "100", "0")], "at least two lines"),
    ([("102", "100", "100"), ("401", "0", "0")], "Line 1 has both a debit and a credit"),
    ([("102", "100", "0"), ("401", "0", "0")], "Line 2 has no amount"),
    ([("102", "-100", "0"), ("401", "0", "-100")], "Line 1: an amount is never negative"),
    ([("102", "100.005", "0"), ("401", "0", "100.005")], "two decimal places"),
    ([("102", "100.00", "0"), ("401", "0", "99.99")], "does not balance: debits 100.00, credits 99.99 "
                                                     r"\(a difference of 0.01\)"),
    ([("102", "1000000000000", "0"), ("401", "0", "1000000000000")], "too large"),
    ([("102", "100", "0"), ("501", "0", "100")], "501 职工活动支出 has sub-accounts; post to one of them"),
])
def test_a_voucher_that_breaks_a_rule_is_refused(county, spec, message):
    with refused(message):
        post_voucher(county.a, date=MARCH, summary="收到会费", lines=lines(*spec))
    assert not Voucher.objects.exists()


def test_an_account_out_of_use_takes_no_voucher(county):
    Account.objects.filter(code="408").update(is_active=False)
    with refused("408 其他收入 is no longer in use"):
        post(county.a, debit="102", credit="408")
    assert not Voucher.objects.filter(lines__account__code="408").exists()


def test_an_account_given_sub_accounts_becomes_a_parent(county):
    AccountFactory(code="40601", name="附属单位收入", element="income", parent=account("406"))
    with refused("406 事业收入 has sub-accounts"):
        post(county.a, debit="102", credit="406")
    assert post(county.a, debit="102", credit="40601").number == 1


def test_a_voucher_needs_a_summary_and_a_user_who_keeps_the_books(county, officer_a):
    with refused("Enter a summary"):
        post(county.a, debit="102", credit="401", summary="  ")
    with refused("You cannot post vouchers in the books of 甲公司工会"):
        post(county.a, debit="102", credit="401", user=officer_a)
    assert not Voucher.objects.filter(organisation=county.a).exists()


def test_a_record_of_another_app_posts_once(county):
    first = post(county.a, debit="50204", credit="102", source=("welfare.grant", 7))
    with pytest.raises(FinanceError, match="already in the books: voucher 0001 of 2026") as caught:
        post(county.a, debit="50204", credit="102", source=("welfare.grant", 7))
    assert caught.value.voucher == first
    assert post(county.b, debit="50204", credit="102", source=("welfare.grant", 7)).number == 1


def test_no_voucher_in_a_closed_month_or_before_it(county):
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 5))
    close_month(county.a, 2026, 1)
    close_month(county.a, 2026, 2)
    for day in (datetime.date(2026, 2, 28), datetime.date(2025, 6, 1)):
        with refused("The books are closed through 2026-02; a voucher dated"):
            post(county.a, debit="102", credit="401", date=day)
    assert post(county.a, debit="102", credit="401", date=datetime.date(2026, 3, 1)).number == 2
    assert post(county.b, debit="102", credit="401", date=datetime.date(2026, 2, 1)).number == 1


# --- reversing -----------------------------------------------------------------------------


def test_a_reversal_mirrors_the_voucher_once(county, keeper):
    original = post_voucher(county.a, date=MARCH, summary="职工教育培训", lines=lines(
        ("50101", "60.00", "0"), ("50301", "40.00", "0"), ("102", "0", "100.00")))
    reversal = reverse_voucher(original, user=keeper, date=datetime.date(2026, 3, 20), reason="金额录错")
    assert reversal.summary == "冲销第1号凭证：金额录错"
    assert reversal.reverses == original and reversal.number == 2
    assert [(line.account.code, line.debit, line.credit) for line in reversal.lines.all()] == [
        ("50101", D("0.00"), D("60.00")), ("50301", D("0.00"), D("40.00")), ("102", D("100.00"), D("0.00"))]
    assert account_balances(county.a, until=datetime.date(2026, 3, 31)) == {
        account("50101").pk: (D("60.00"), D("60.00")), account("50301").pk: (D("40.00"), D("40.00")),
        account("102").pk: (D("100.00"), D("100.00"))}
    with refused("Voucher 0001 is already reversed, by voucher 0002 of 2026"):
        reverse_voucher(original, reason="再冲一次")
    with refused("Voucher 0002 is itself a reversal"):
        reverse_voucher(reversal, reason="冲错了")
    with refused("Say why"):
        reverse_voucher(post(county.a, debit="102", credit="401"), reason=" ")


def test_a_reversal_goes_in_the_current_period(county):
    """By default today; a date in a closed month is refused, and so is one before the original."""
    original = post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 10))
    close_month(county.a, 2026, 1)
    with refused("closed through 2026-01"):
        reverse_voucher(original, reason="重复入账", date=datetime.date(2026, 1, 31))
    with refused("cannot be dated before the voucher it reverses"):
        reverse_voucher(post(county.a, debit="102", credit="401", date=datetime.date(2026, 2, 10)),
                        reason="x", date=datetime.date(2026, 2, 9))
    reversal = reverse_voucher(original, reason="重复入账")
    assert reversal.date == timezone.localdate()


def test_a_reversal_when_this_month_is_closed_goes_to_the_next(county):
    today = timezone.localdate()
    original = post(county.a, debit="102", credit="401", date=today.replace(day=1))
    close_month(county.a, today.year, today.month)
    reversal = reverse_voucher(original, reason="重复入账")
    assert reversal.date == (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert reversal.year == reversal.date.year
    assert reversal.summary.startswith("冲销" + ("" if reversal.year == original.year else f"{original.year}年"))


# --- closing -------------------------------------------------------------------------------


def test_months_close_in_order_once_and_not_ahead(county, keeper, officer_a):
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 5))
    with refused("Months close in order: close 2026-01 first"):
        close_month(county.a, 2026, 2)
    closed = close_month(county.a, 2026, 1, user=keeper)
    assert (closed.closed_by, str(closed)) == (keeper, "甲公司工会 2026-01")
    with refused("2026-01 is already closed"):
        close_month(county.a, 2026, 1)
    close_month(county.a, 2026, 2)
    with refused("A later month is already closed, so 2025-12 is closed with it"):
        close_month(county.a, 2025, 12)
    ahead = timezone.localdate().replace(day=28) + datetime.timedelta(days=4)
    with refused(f"{ahead.year}-{ahead.month:02d} has not begun"):
        close_month(county.a, ahead.year, ahead.month)
    with refused("There is no month 2026-13"):
        close_month(county.a, 2026, 13)
    with refused("You cannot close the books of 甲公司工会"):
        close_month(county.a, 2026, 3, user=officer_a)
    # A union without vouchers before a month may start closing there.
    assert close_month(county.b, 2026, 5).month == 5


def test_balances_add_up_the_period(county):
    post(county.a, debit="102", credit="401", amount="100.00", date=datetime.date(2026, 1, 5))
    post(county.a, debit="102", credit="401", amount="50.00", date=datetime.date(2026, 2, 5))
    post(county.a, debit="50102", credit="102", amount="30.00", date=datetime.date(2026, 2, 6))
    post(county.b, debit="102", credit="401", amount="7.00", date=datetime.date(2026, 2, 5))
    bank, dues = account("102").pk, account("401").pk
    assert account_balances(county.a, until=datetime.date(2026, 1, 31))[bank] == (D("100.00"), D("0.00"))
    february = account_balances(county.a, since=datetime.date(2026, 2, 1), until=datetime.date(2026, 2, 28))
    assert february == {bank: (D("50.00"), D("30.00")), dues: (D("0.00"), D("50.00")),
                        account("50102").pk: (D("30.00"), D("0.00"))}


# --- the database's own guarantees ---------------------------------------------------------


def check_now():
    """Run the deferred constraint triggers now instead of at commit (the test never commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw_voucher(organisation, *line_amounts, date=MARCH, year=None):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_voucher (organisation_id, date, year, number, summary, receipts, source_kind, "
            "posted_at) VALUES (%s, %s, %s, 99, '手工', 0, '', now()) RETURNING id",
            [organisation.pk, date, year or date.year])
        voucher_id = cursor.fetchone()[0]
        for code, debit, credit in line_amounts:
            cursor.execute("INSERT INTO finance_voucherline (voucher_id, position, account_id, summary, debit, credit) "
                           "VALUES (%s, 0, %s, '', %s, %s)", [voucher_id, account(code).pk, debit, credit])
    return voucher_id


@pytest.mark.parametrize("line_amounts, message", [
    ([("102", "100", "0"), ("401", "0", "90")], "does not balance"),
    ([("102", "100", "0")], "has 1 line"),
    ([], "has 0 line"),
])
def test_the_database_refuses_an_unbalanced_voucher_at_commit(county, line_amounts, message):
    with pytest.raises(IntegrityError, match=message), transaction.atomic():
        raw_voucher(county.a, *line_amounts)
        check_now()
    with transaction.atomic():
        raw_voucher(county.a, ("102", "100", "0"), ("401", "0", "100"))
        check_now()


def test_the_database_refuses_changing_or_deleting_a_posted_voucher(county):
    voucher = post(county.a, debit="102", credit="401")
    attempts = [
        lambda: Voucher.objects.filter(pk=voucher.pk).update(summary="改过"),
        lambda: Voucher.objects.filter(pk=voucher.pk).update(date=datetime.date(2026, 3, 11)),
        lambda: Voucher.objects.filter(pk=voucher.pk).delete(),
        lambda: Voucher(pk=voucher.pk, organisation=county.a, date=MARCH, year=2026, number=1, summary="改过").save(),
    ]
    for attempt in attempts:  # deleting reaches the lines first (on delete cascade): their trigger answers
        with pytest.raises(IntegrityError, match="posted (voucher .* are|and is) never changed or deleted"), \
                transaction.atomic():
            attempt()
    for attempt in (lambda: VoucherLine.objects.filter(voucher=voucher).update(debit=F_credit()),
                    lambda: VoucherLine.objects.filter(voucher=voucher, credit__gt=0).delete()):
        with pytest.raises(IntegrityError, match="are never changed or deleted"), transaction.atomic():
            attempt()
    assert Voucher.objects.get(pk=voucher.pk).summary == "收到会费"


def F_credit():
    from django.db.models import F

    return F("credit")


def test_deleting_the_user_who_posted_keeps_the_voucher(county, keeper):
    voucher = post(county.a, debit="102", credit="401", user=keeper)
    keeper.delete()
    assert Voucher.objects.get(pk=voucher.pk).posted_by is None


def test_the_database_refuses_a_voucher_in_a_closed_month_or_of_another_year(county):
    ClosedMonth.objects.create(organisation=county.a, year=2026, month=3)
    for day in (MARCH, datetime.date(2026, 1, 1)):
        with pytest.raises(IntegrityError, match="is in a closed month"), transaction.atomic():
            raw_voucher(county.a, ("102", "1", "0"), ("401", "0", "1"), date=day)
    with pytest.raises(IntegrityError, match="is not the year of its date"), transaction.atomic():
        raw_voucher(county.a, ("102", "1", "0"), ("401", "0", "1"), date=datetime.date(2026, 4, 1), year=2025)
    raw_voucher(county.b, ("102", "1", "0"), ("401", "0", "1"))


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_line_added_to_a_voucher_posted_earlier(county):
    voucher = post(county.a, debit="102", credit="401")  # committed: its own transaction
    with pytest.raises(IntegrityError, match="only when it is posted"), transaction.atomic():
        VoucherLine.objects.create(voucher=voucher, account=account("101"), debit=D("5"))
        VoucherLine.objects.create(voucher=voucher, account=account("401"), credit=D("5"))
    assert voucher.lines.count() == 2
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        bad = Voucher.objects.create(organisation=county.a, date=MARCH, year=2026, number=50, summary="手工")
        VoucherLine.objects.create(voucher=bad, account=account("101"), debit=D("5"))
        VoucherLine.objects.create(voucher=bad, account=account("401"), credit=D("4"))
    assert not Voucher.objects.filter(number=50).exists()


# --- migration 0004's guards ---------------------------------------------------------------


@pytest.mark.parametrize("day", [datetime.date(1999, 12, 31), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_a_voucher_outside_the_date_range_is_refused_by_the_service_and_the_database(county, day):
    with refused("A voucher is dated from 2000-01-01 to"):
        post(county.a, debit="102", credit="401", date=day)
    with pytest.raises(IntegrityError, match="dated from 2000-01-01 to the end of next year"), transaction.atomic():
        raw_voucher(county.a, ("102", "1", "0"), ("401", "0", "1"), date=day)
    assert not Voucher.objects.exists()


def test_a_voucher_on_the_last_day_of_next_year_posts(county):
    last = datetime.date(timezone.localdate().year + 1, 12, 31)
    assert post(county.a, debit="102", credit="401", date=last).date == last


def test_the_database_keeps_closed_months_closed(county, keeper):
    closed = ClosedMonth.objects.create(organisation=county.a, year=2026, month=3, closed_by=keeper)
    for attempt in (lambda: ClosedMonth.objects.filter(pk=closed.pk).delete(),
                    lambda: ClosedMonth.objects.filter(pk=closed.pk).update(year=2025, month=1),
                    lambda: ClosedMonth.objects.filter(pk=closed.pk).update(closed_by=None, month=2)):
        with pytest.raises(IntegrityError, match="is never reopened, changed or deleted"), transaction.atomic():
            attempt()
    with pytest.raises(ProtectedError), transaction.atomic():  # nor with its union
        county.a.delete()
    keeper.delete()  # the one change let through: who closed it is forgotten with the user
    assert ClosedMonth.objects.filter(pk=closed.pk, year=2026, month=3, closed_by=None).exists()


def monthbalance(organisation):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(debit), sum(credit) FROM finance_monthbalance WHERE organisation_id = %s",
                       [organisation.pk])
        return cursor.fetchone()


def test_the_monthly_sums_are_written_only_by_their_trigger(county):
    post(county.a, debit="102", credit="401", amount="100.00")
    post(county.a, debit="102", credit="401", amount="20.00")  # adds to the same rows (ON CONFLICT UPDATE)
    assert monthbalance(county.a) == (D("120.00"), D("120.00"))
    for sql in ("UPDATE finance_monthbalance SET debit = debit + 1",
                "DELETE FROM finance_monthbalance",
                "INSERT INTO finance_monthbalance (organisation_id, account_id, year, month, debit, credit) "
                f"VALUES ({county.b.pk}, {account('102').pk}, 2026, 3, 5, 0)"):
        with pytest.raises(IntegrityError, match="not written directly"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql)
    assert monthbalance(county.a) == (D("120.00"), D("120.00"))


def test_the_database_refuses_a_reversal_of_another_unions_voucher_or_of_a_reversal(county):
    original = post(county.a, debit="102", credit="401")
    reversal = reverse_voucher(original, reason="录错")

    def raw_reversal(organisation, reverses):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO finance_voucher (organisation_id, date, year, number, summary, receipts, source_kind, "
                "posted_at, reverses_id) VALUES (%s, %s, 2026, 98, '冲销', 0, '', now(), %s)",
                [organisation.pk, MARCH, reverses.pk])

    other = post(county.a, debit="102", credit="401")
    for organisation, reverses in ((county.b, other), (county.a, reversal)):
        with pytest.raises(IntegrityError, match="reverses .* of another union or a reversal"), transaction.atomic():
            raw_reversal(organisation, reverses)
    assert not Voucher.objects.filter(number=98).exists()
