"""Welfare grants post their vouchers by themselves when approved (finance/grants.py)."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance.grants import keeps_books, post_grant, unposted_grants
from finance.models import Voucher
from tests.factories import MemberFactory, RoleAssignmentFactory
from tests.welfare.factories import (
    AidProgrammeFactory,
    DonationDriveFactory,
    DonationFactory,
    ProgrammeBudgetFactory,
)
from unionadmin.roles import Role
from welfare.models import AidProgramme, Grant, ProgrammeBudget
from welfare.services import grant_approve, grant_propose

from .factories import ClosedMonthFactory, account, post
from .factories_rules import settings_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def chart(db):
    """The seeded chart (seeded again when a transactional test before flushed it)."""
    account("102")


def officer(union):
    return RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=union).user


def approved(programme_owner, member_union=None, *, kind=AidProgramme.Kind.SERIOUS_ILLNESS, amount="800",
             grant_kind=Grant.Kind.MONEY, **extra):
    """A grant proposed by one welfare officer of the programme's union and approved by another."""
    programme = AidProgrammeFactory(organisation=programme_owner, kind=kind, name=f"{kind}项目")
    ProgrammeBudgetFactory(programme=programme, year=TODAY.year, amount=Decimal("10000"))
    member = MemberFactory(union=member_union or programme_owner, name="张桂兰")
    grant = grant_propose(programme=programme, member=member, by=officer(programme_owner), amount=Decimal(amount),
                          granted_on=TODAY, kind=grant_kind, **extra)
    return grant_approve(grant, by=officer(programme_owner))


def lines(voucher):
    return [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")]


def test_approving_a_grant_posts_one_voucher_in_the_books_of_a_union_keeping_them(county):
    settings_for(county.a)
    grant = approved(county.a)
    voucher = Voucher.objects.get(source_kind="grant", source_id=grant.pk)
    assert voucher.organisation == county.a and voucher.date == timezone.localdate(grant.approved_at)
    assert lines(voucher) == [("50204", Decimal("800.00"), Decimal("0.00")), ("102", Decimal("0.00"), Decimal("800.00"))]
    assert "serious_illness项目" in voucher.summary and "张桂兰" in voucher.summary
    assert grant.member.id_number not in voucher.summary
    assert voucher.posted_by is None
    # Posting again (a retry, a second call) never makes a second voucher.
    assert post_grant(grant) == voucher
    assert Voucher.objects.filter(source_kind="grant").count() == 1


def test_a_send_warmth_grant_is_spending_on_send_warmth(county):
    post(county.a, debit="102", credit="401", amount="5000")  # the union keeps its books here
    grant = approved(county.a, kind=AidProgramme.Kind.WARMTH)
    assert lines(Voucher.objects.get(source_id=grant.pk, source_kind="grant"))[0][0] == "50205"


def test_the_federations_programme_posts_in_the_federations_books(county):
    settings_for(county.federation)
    settings_for(county.a)
    grant = approved(county.federation, county.a)
    assert grant.union == county.a
    assert Voucher.objects.get(source_kind="grant").organisation == county.federation


def test_nothing_is_posted_for_a_union_not_keeping_its_books_here(county):
    assert not keeps_books(county.a)
    grant = approved(county.a)
    assert grant.status == Grant.Status.APPROVED
    assert not Voucher.objects.exists()
    assert not unposted_grants([county.a]).exists()


def test_goods_given_post_nothing(county):
    settings_for(county.a)
    approved(county.a, grant_kind=Grant.Kind.GOODS, description="米面油")
    assert not Voucher.objects.exists()


def test_a_grant_paid_from_a_donation_drive_posts_naming_the_drive(county):
    settings_for(county.a)
    drive = DonationDriveFactory(organisation=county.a, name="慈善一日捐")
    DonationFactory(drive=drive, amount=Decimal("2000"))
    grant = approved(county.a, donation_drive=drive)
    voucher = Voucher.objects.get(source_kind="grant", source_id=grant.pk)
    assert "慈善一日捐" in voucher.summary and lines(voucher)[1] == ("102", Decimal("0.00"), Decimal("800.00"))


def test_a_closed_month_dates_the_voucher_in_the_first_open_month(county):
    settings_for(county.a)
    ClosedMonthFactory(organisation=county.a, year=TODAY.year, month=TODAY.month)
    grant = approved(county.a)
    voucher = Voucher.objects.get(source_kind="grant", source_id=grant.pk)
    assert voucher.date == datetime.date(TODAY.year + TODAY.month // 12, TODAY.month % 12 + 1, 1)


def test_a_refused_posting_leaves_the_approval_and_shows_the_grant_as_not_posted(county):
    settings_for(county.a)
    hardship = account("50204")
    hardship.is_active = False
    hardship.save()
    grant = approved(county.a)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.APPROVED and grant.approved_by is not None
    assert ProgrammeBudget.objects.get(pk=grant.budget_id).spent == Decimal("800")
    assert not Voucher.objects.exists()
    assert list(unposted_grants([county.a])) == [grant]
    # Once the account is in use again, the finance officer posts it.
    hardship.is_active = True
    hardship.save()
    voucher = post_grant(grant)
    assert voucher.organisation == county.a and not unposted_grants([county.a]).exists()


def test_the_demo_step_gives_settings_to_unions_keeping_books_and_posts_their_earlier_grants(county):
    from finance.models import FinanceSettings
    from finance.wiring.rules import load_demo_rules

    grant = approved(county.a)  # approved before the union kept its books here: nothing posted
    assert not Voucher.objects.exists()
    post(county.a, debit="102", credit="401", amount="5000")
    assert load_demo_rules(county.federation, {}) == {"finance_settings": 1, "grant_vouchers": 1}
    assert FinanceSettings.objects.get(organisation=county.a).province == "黑龙江"
    assert not FinanceSettings.objects.filter(organisation=county.b).exists()
    assert Voucher.objects.get(source_kind="grant", source_id=grant.pk).organisation == county.a
    assert load_demo_rules(county.federation, {}) == {"finance_settings": 0, "grant_vouchers": 0}
