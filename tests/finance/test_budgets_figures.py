"""What a budget line says is spent, committed and left (finance/budgets.py), as someone
checking it against the vouchers and the claims would read it."""
import datetime
from decimal import Decimal

import pytest

from finance.budgets import available, budget_in_force, committed, execution, line_for, spent
from finance.models import Budget, Claim
from finance.services import reverse_voucher

from .factories import account, post, seed_chart
from .factories_budgets import make_budget, make_claim

D = Decimal


@pytest.fixture(autouse=True)
def chart(db):
    seed_chart()


def test_the_budget_in_force_is_the_latest_accepted_version(county):
    a = county.a
    assert budget_in_force(a, 2026) is None
    first = make_budget(a, status=Budget.Status.APPROVED)
    assert budget_in_force(a, 2026) == first
    make_budget(a, version=2, status=Budget.Status.SUBMITTED)  # an adjustment still waiting
    assert budget_in_force(a, 2026) == first
    third = make_budget(a, version=3, status=Budget.Status.FILED)
    assert budget_in_force(a, 2026) == third
    assert budget_in_force(a, 2025) is None
    assert budget_in_force(county.b, 2026) is None


def test_a_line_on_the_category_covers_its_sub_items(county):
    a = county.a
    make_budget(a, lines={"501": "800.00", "50204": "300.00"})
    assert line_for(a, 2026, account("50102")).account.code == "501"
    assert line_for(a, 2026, account("501")).account.code == "501"
    assert line_for(a, 2026, account("50204")).account.code == "50204"
    assert line_for(a, 2026, account("50205")) is None
    assert line_for(a, 2025, account("50102")) is None


def test_spent_nets_out_a_reversal_and_counts_only_the_year_and_the_union(county):
    a = county.a
    post(a, debit="50105", credit="102", amount="200.00", date=datetime.date(2026, 2, 1))
    wrong = post(a, debit="50102", credit="102", amount="90.00", date=datetime.date(2026, 2, 2))
    reverse_voucher(wrong, reason="记错科目", date=datetime.date(2026, 2, 3))
    post(a, debit="50102", credit="102", amount="40.00", date=datetime.date(2025, 12, 30))   # last year
    post(county.b, debit="50105", credit="102", amount="999.00", date=datetime.date(2026, 2, 1))
    post(a, debit="102", credit="401", amount="600.00", date=datetime.date(2026, 1, 5))
    assert spent(a, 2026, account("50102")) == D("0")
    assert spent(a, 2026, account("50105")) == D("200.00")
    assert spent(a, 2026, account("501")) == D("200.00")
    assert spent(a, 2025, account("501")) == D("40.00")
    assert spent(a, 2026, account("401")) == D("600.00")   # income: what was received


def test_committed_counts_claims_waiting_and_approved_never_paid_ones(county):
    a = county.a
    make_budget(a, lines={"50105": "1000.00"})
    waiting = make_claim(a, items={"50105": "100.00"}, status=Claim.Status.SUBMITTED)
    make_claim(a, items={"50105": "150.00"}, status=Claim.Status.APPROVED)
    make_claim(a, items={"50105": "70.00"}, status=Claim.Status.PAID)        # in spent, through its voucher
    make_claim(a, items={"50105": "1.00"}, status=Claim.Status.DRAFT)
    make_claim(a, items={"50105": "2.00"}, status=Claim.Status.REJECTED)
    make_claim(county.b, items={"50105": "500.00"})
    assert committed(a, 2026, account("50105")) == D("250.00")
    assert committed(a, 2026, account("501")) == D("250.00")
    assert committed(a, 2026, account("50105"), excluding_claim=waiting) == D("150.00")
    line = line_for(a, 2026, account("50105"))
    assert spent(a, 2026, account("50105")) == D("70.00")
    assert available(line) == D("680.00")                 # 1000 − 70 − 250
    assert available(line, excluding_claim=waiting) == D("780.00")


def test_execution_per_line_with_category_subtotals_and_totals(county):
    a = county.a
    make_budget(a, lines={"401": "5000.00", "40301": "2000.00", "50105": "1000.00", "50102": "500.00",
                          "502": "800.00"})
    post(a, debit="102", credit="401", amount="3000.00", date=datetime.date(2026, 3, 1))
    post(a, debit="50105", credit="102", amount="1100.00", date=datetime.date(2026, 3, 2))
    post(a, debit="50204", credit="102", amount="300.00", date=datetime.date(2026, 3, 3))
    post(a, debit="50301", credit="102", amount="50.00", date=datetime.date(2026, 3, 4))   # no line covers it
    make_claim(a, items={"50102": "100.00"})
    rows = execution(a, 2026)
    got = {(row.account.code, row.kind): row for row in rows}
    assert [(row.account.code, row.depth) for row in rows] == [
        ("401", 0), ("403", 0), ("40301", 1), ("501", 0), ("50102", 1), ("50105", 1), ("502", 0),
        ("503", 0), ("50301", 1)]
    assert got[("401", "line")].spent == D("3000.00") and got[("401", "line")].rate == D("60.0")
    assert got[("501", "subtotal")].budget == D("1500.00")
    assert got[("501", "subtotal")].spent == D("1100.00")
    assert got[("501", "subtotal")].committed == D("100.00")
    assert got[("50105", "line")].left == D("-100.00") and got[("50105", "line")].over
    assert not got[("50102", "line")].over
    assert got[("502", "line")].spent == D("300.00") and got[("502", "line")].left == D("500.00")
    assert got[("50301", "unbudgeted")].budget == D("0") and got[("50301", "unbudgeted")].over
    totals = rows.totals
    assert totals.income_budget == D("7000.00") and totals.income_received == D("3000.00")
    assert totals.expenditure_budget == D("2300.00")
    assert totals.expenditure_spent == D("1450.00")
    assert totals.rate == D("63.0")                       # 1450 ÷ 2300
    assert totals.balance == D("4700.00")
    assert execution(county.b, 2026) == []


def test_the_execution_rate_indicator_leaves_the_carry_forward_out(county):
    """Once the year is carried forward (its voucher empties the expenditure accounts into 331
    结余), the indicator still reads the year's spending, not 0 %."""
    from finance.reports import carry_forward
    from finance.wiring.budgets import count_budget

    from .factories_reports import year_of_books

    year_of_books(county.a, 2025)  # spending 50102 1,200.00 + 50301 300.00
    make_budget(county.a, year=2025, lines={"401": "5000.00", "50102": "1000.00", "50301": "1000.00"})
    expected = {"budgeted": Decimal("2000.00"), "spent": Decimal("1500.00")}
    assert count_budget(county.federation, [2025])[2025][county.a.pk] == expected
    assert carry_forward(county.a, 2025) is not None
    assert count_budget(county.federation, [2025])[2025][county.a.pk] == expected
