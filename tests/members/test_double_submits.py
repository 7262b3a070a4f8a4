"""A form sent twice at once (a double click) or two officers at the same moment: the
database keeps one record and the second request reads why, never a server error.

Each test sends two POSTs together from two threads (own connections, real PostgreSQL), with
their writes held until both have checked for an existing record (tests/concurrency.py)."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import CardBatch, DuesPayment, DuesRule, FundReceipt, Honour, Member, Transfer
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

from .factories import DuesPaymentFactory, UniqueMemberFactory
from .test_member_pages import form_data

pytestmark = pytest.mark.django_db(transaction=True)

OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def test_dues_collected_twice_at_once_are_recorded_once(county, officer_a):
    members = [UniqueMemberFactory(union=county.a, joined_on=datetime.date(2020, 1, 1)) for _ in range(3)]
    for member in members:
        DuesPaymentFactory(member=member, union=county.a, period=OCTOBER, amount=Decimal("30.00"))
    url = reverse("members:dues_collect")
    with writes_meet(DuesPayment):
        responses = post_at_once(officer_a, url, {"union": county.a.pk, "period": "2026-11",
                                                  "paid_on": "2026-11-20"}, referer=url)
    assert_no_server_error_and_told(responses, "No dues recorded for 2026-11")
    assert DuesPayment.objects.filter(period=NOVEMBER).count() == 3
    assert any("recorded for 3 members" in r.content.decode() for r in responses)


def test_a_union_and_its_branch_collected_at_once_meet_on_a_message(county, officer_a):
    from tests.factories import BranchFactory

    branch = BranchFactory(parent=county.a)
    member = UniqueMemberFactory(union=branch, joined_on=datetime.date(2020, 1, 1))
    DuesPaymentFactory(member=member, union=branch, period=OCTOBER, amount=Decimal("30.00"))
    url = reverse("members:dues_collect")
    with writes_meet(DuesPayment):
        responses = post_at_once(officer_a, posts=[
            (url, {"union": county.a.pk, "period": "2026-11", "paid_on": "2026-11-20"}),
            (url, {"union": branch.pk, "period": "2026-11", "paid_on": "2026-11-20"})], referer=url)
    assert_no_server_error_and_told(responses, "Dues payment with this Member and Month already exists.")
    assert DuesPayment.objects.filter(period=NOVEMBER).count() == 1


def test_one_members_dues_entered_twice_at_once(county, officer_a):
    member = UniqueMemberFactory(union=county.a)
    url = reverse("members:dues_create", args=[member.pk])
    with writes_meet(DuesPayment):
        responses = post_at_once(officer_a, url, {"period": "2026-11", "amount": "30.00", "paid_on": "2026-11-20"},
                                 referer=url)
    assert_no_server_error_and_told(responses, "Dues payment with this Member and Month already exists.")
    assert DuesPayment.objects.filter(member=member).count() == 1


def test_union_funds_entered_twice_at_once(county, officer_a):
    url = reverse("members:fund_create")
    with writes_meet(FundReceipt):
        responses = post_at_once(officer_a, url, {"union": county.a.pk, "period": "2026-11", "payroll": "100000",
                                                  "amount": "2000", "received_on": "2026-11-20"}, referer=url)
    assert_no_server_error_and_told(responses, "Union funds receipt with this Union and Month already exists.")
    assert FundReceipt.objects.count() == 1


def test_an_honour_entered_twice_at_once(county, officer_a):
    member = UniqueMemberFactory(union=county.a)
    url = reverse("members:honour_create", args=[member.pk])
    with writes_meet(Honour):
        responses = post_at_once(officer_a, url, {"kind": "model_worker", "title": "青溪县劳动模范",
                                                  "level": "county", "year": "2025"}, referer=url)
    assert_no_server_error_and_told(responses, "Honour with this Member, Honour title and Year already exists.")
    assert Honour.objects.count() == 1


def test_a_member_added_twice_at_once(county, officer_a):
    url = reverse("members:member_create")
    with writes_meet(Member):
        responses = post_at_once(officer_a, url, form_data(county.a), referer=url)
    assert_no_server_error_and_told(responses, "is already a current member")
    assert Member.objects.count() == 1
    # The refused request had queued "added" before its write failed; it is not shown.
    assert sum("was added to the roster" in r.content.decode() for r in responses) == 1


def test_one_card_number_given_to_two_members_at_once(county, officer_a):
    first, second = (UniqueMemberFactory(union=county.a) for _ in range(2))

    def edit(member):
        url = reverse("members:member_update", args=[member.pk])
        data = form_data(county.a, name=member.name, id_number=member.id_number, phone="", gender=member.gender,
                         card_number="HD-00001")
        return url, data

    with writes_meet(Member):
        responses = post_at_once(officer_a, posts=[edit(first), edit(second)],
                                 referer=reverse("members:member_update", args=[first.pk]))
    assert_no_server_error_and_told(responses, "already belongs to another member")
    assert Member.objects.filter(card_number="HD-00001").count() == 1


def test_the_first_dues_rule_saved_twice_at_once(county, officer_a):
    url = reverse("members:dues_rule", args=[county.a.pk])
    with writes_meet(DuesRule):
        responses = post_at_once(officer_a, url, {"rate": "0.005", "arrears_months": "3", "tracked_from": ""},
                                 referer=url)
    assert_no_server_error_and_told(responses, "Dues rule with this Union already exists.")
    assert DuesRule.objects.count() == 1


def test_cards_numbered_twice_at_once_make_one_batch(county, officer_a):
    for _ in range(3):
        UniqueMemberFactory(union=county.a)
    url = reverse("members:card_batch_list")
    with writes_meet(CardBatch):
        responses = post_at_once(officer_a, url, {"union": county.a.pk, "prefix": "HD-", "digits": "5",
                                                  "issued_on": "2026-11-20"}, referer=url)
    assert_no_server_error_and_told(responses, "Every current member here already has a card.")
    assert CardBatch.objects.count() == 1
    assert sorted(Member.objects.values_list("card_number", flat=True)) == ["HD-00001", "HD-00002", "HD-00003"]


def test_a_transfer_sent_twice_at_once_is_sent_once(county, officer_a):
    member = UniqueMemberFactory(union=county.a)
    url = reverse("members:transfer_create", args=[member.pk])
    with writes_meet(Transfer):
        responses = post_at_once(officer_a, url, {"to_union": county.b.pk, "reason": "换了工作"}, referer=url)
    assert_no_server_error_and_told(responses, "A transfer of this member is already waiting for an answer.")
    assert Transfer.objects.count() == 1
