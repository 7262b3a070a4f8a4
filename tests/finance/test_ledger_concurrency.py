"""Two closings of the same month at once, and posts at once: each thread has its own database
connection (real PostgreSQL, committed transactions), all released together by a barrier."""
import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import translation

from finance import services
from finance.models import ClosedMonth, Voucher
from finance.services import FinanceError, close_month

from .factories import account, post, seed_chart

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def widen_the_race(monkeypatch):
    """Pause after each step has read the books (the latest closed month) and before it
    writes, so that without the union's lock two steps would certainly read the same state
    (the tests fail then: try it by making ``_lock_books`` do nothing)."""
    original = services.closed_through

    def slow(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(0.05)
        return found

    monkeypatch.setattr(services, "closed_through", slow)


def at_once(*works):
    """Run each callable in its own thread, released together; (results, errors)."""
    barrier = threading.Barrier(len(works))
    results, errors = [], []

    def run(work):
        try:
            with translation.override("en"):
                barrier.wait(timeout=30)
                results.append(work())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_closings_of_the_same_month_one_succeeds_the_other_is_told(county):
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 5))
    results, errors = at_once(*[lambda: close_month(county.a, 2026, 1)] * 2)
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], FinanceError) and str(errors[0]) == "2026-01 is already closed."
    assert ClosedMonth.objects.filter(organisation=county.a).count() == 1


def test_posts_at_once_get_numbers_one_to_n(county):
    bank, dues = account("102"), account("401")

    def post_one():
        return services.post_voucher(county.a, date=datetime.date(2026, 3, 10), summary="收到会费", lines=[
            (bank, Decimal("10.00"), Decimal("0"), ""), (dues, Decimal("0"), Decimal("10.00"), "")]).number

    results, errors = at_once(*[post_one] * 4)
    assert not errors, errors
    assert sorted(results) == [1, 2, 3, 4]
    assert sorted(Voucher.objects.filter(organisation=county.a).values_list("number", flat=True)) == [1, 2, 3, 4]


def test_a_post_racing_a_closing_of_its_month_never_lands_in_the_closed_month(county):
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 5))
    results, errors = at_once(lambda: post(county.a, debit="102", credit="401", date=datetime.date(2026, 1, 25)),
                              lambda: close_month(county.a, 2026, 1))
    assert ClosedMonth.objects.filter(organisation=county.a, year=2026, month=1).exists()
    january = Voucher.objects.filter(organisation=county.a, date__month=1).count()
    # Either the post came first (2 vouchers, then closed) or the closing did (1, and the post refused).
    assert (january, len(errors)) in ((2, 0), (1, 1)), (january, errors)
    assert all(isinstance(e, FinanceError) and "closed through 2026-01" in str(e) for e in errors), errors


def test_the_same_record_posted_twice_at_once_is_in_the_books_once(county):
    seed_chart()
    results, errors = at_once(*[lambda: post(county.a, debit="50204", credit="102", source=("welfare.grant", 9))] * 2)
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], FinanceError) and "already in the books: voucher 0001" in str(errors[0])
    assert Voucher.objects.filter(organisation=county.a, source_kind="welfare.grant", source_id=9).count() == 1
