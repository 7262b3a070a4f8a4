"""The demo county's books: a year of vouchers of 恒达机械工会 kept by its finance officer
(the "finance" login, unionadmin/demo/data.py) — members' dues every month, the 拨缴 share
returned by the federation each quarter, activity and training spending, one voucher
reversed — and every month closed up to last month.

    load_demo_finance(county_federation, users, *, seed=2026, today=None) -> dict

Everything goes through finance.services, so the demo obeys the books' rules (balance, order
of closing, numbering). Nothing is written when the union already has vouchers."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from unionadmin.roles import Role

from .chart import seed as seed_chart
from .models import Account, Voucher
from .services import close_month, post_voucher, reverse_voucher

ZERO = Decimal("0")


def _months(today: datetime.date, count: int = 12) -> list[tuple[int, int]]:
    """The ``count`` months ending with ``today``'s, oldest first."""
    index = today.year * 12 + today.month - 1
    return [((i // 12), i % 12 + 1) for i in range(index - count + 1, index + 1)]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


@transaction.atomic
def load_demo_finance(county_federation, users, *, seed: int = 2026, today: datetime.date | None = None) -> dict:
    user = users.get("finance") if isinstance(users, dict) else next((u for u in users if u.username == "finance"),
                                                                      None)
    if user is None:
        return {"vouchers": 0}
    assignment = user.role_assignments.filter(role=Role.FINANCE_OFFICER).select_related("organisation").first()
    if assignment is None:
        return {"vouchers": 0}
    union = assignment.organisation
    if Voucher.objects.filter(organisation=union).exists():
        return {"vouchers": 0}
    today = today or timezone.localdate()
    rng = random.Random(seed)
    if not Account.objects.exists():  # a database emptied after its migrations (a test's flush)
        seed_chart(Account)
    chart = {a.code: a for a in Account.objects.all()}

    def post(day, summary, debit, credit, amount, receipts=1):
        return post_voucher(union, date=day, summary=summary, user=user, receipts=receipts, lines=[
            (chart[debit], amount, ZERO, summary), (chart[credit], ZERO, amount, summary)])

    months = _months(today)
    for number, (year, month) in enumerate(months):
        last_day = today.day if (year, month) == (today.year, today.month) else 28
        def day(d, year=year, month=month, last_day=last_day):
            return datetime.date(year, month, min(d, last_day))

        post(day(5), f"收到{month}月会员会费", "102", "401", _money(rng, 1400, 1700), receipts=2)
        if month % 3 == 0:
            post(day(12), f"收到县总工会回拨第{(month - 1) // 3 + 1}季度拨缴经费", "102", "402",
                 _money(rng, 18000, 24000))
        if month in (1, 5, 10):
            post(day(15), "职工篮球赛场地及奖品", "50102", "102", _money(rng, 2500, 4800), receipts=4)
        if month in (3, 9):
            post(day(18), "安全生产培训讲课费", "50301", "102", _money(rng, 800, 1600), receipts=2)
        if month in (2, 6, 8, 11):
            post(day(20), "购买会员活动慰问品", "50105", "101", _money(rng, 300, 900), receipts=3)
            post(day(3), "提取现金备用", "101", "102", Decimal("1000.00"))
        if number == 4:  # a voucher posted to the wrong account, reversed and posted again
            wrong = post(day(22), "职工书屋购书", "50102", "102", Decimal("1260.00"), receipts=2)
            reverse_voucher(wrong, user=user, date=day(23), reason="科目错误，应记职工教育")
            post(day(23), "职工书屋购书", "50101", "102", Decimal("1260.00"), receipts=2)
    posted = Voucher.objects.filter(organisation=union).count()
    closed = 0
    for year, month in months[:-1]:
        close_month(union, year, month, user=user)
        closed += 1
    return {"vouchers": posted, "closed_months": closed}
