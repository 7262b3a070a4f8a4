"""A voucher posted twice at once (a double click on "Post the voucher"): one voucher, and the
second request lands on it with a message — never a second voucher or a server error (two
threads, own connections, real PostgreSQL; tests/concurrency.py)."""
import pytest
from django.urls import reverse

from finance.models import Voucher
from tests.concurrency import assert_no_server_error_and_told, post_at_once
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import account

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_voucher_posted_twice_at_once(county):
    keeper = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user
    data = {"organisation": county.a.pk, "date": "2026-03-10", "summary": "收到会费", "receipts": "0",
            "entry_key": "424242", "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "40",
            "lines-0-account": account("102").pk, "lines-0-debit": "88.00",
            "lines-1-account": account("401").pk, "lines-1-credit": "88.00"}
    responses = post_at_once(keeper, reverse("finance:voucher_create"), data)
    assert_no_server_error_and_told(responses, "already posted as number 0001")
    voucher = Voucher.objects.get()
    assert all(r.redirect_chain[-1][0] == reverse("finance:voucher_detail", args=[voucher.pk]) for r in responses)
