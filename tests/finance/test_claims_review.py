"""Claims, found in review: the approver sees what she approves; 一支笔 is the union's own
chair; bad input, double clicks and state holes give messages, never a 500 or a wrong figure."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from finance.claims import approve_claim, submit_claim
from finance.models import Claim
from finance.services import FinanceError
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import account
from .factories_budgets import make_budget
from .factories_claims import item, new_claim, png
from .factories_rules import seed_rules

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        account("102")
        seed_rules()
        yield


def _person(role, union_name):
    return pytest.fixture(lambda county: RoleAssignmentFactory(role=role, organisation=getattr(county, union_name)).user)


keeper, chair = _person(Role.FINANCE_OFFICER, "a"), _person(Role.UNION_CHAIR, "a")
county_chair = _person(Role.UNION_CHAIR, "federation")


@pytest.fixture
def budget(county):
    return make_budget(county.a, lines={"401": "50000.00", "50105": "10000.00", "50102": "2000.00"})


def test_the_approval_page_shows_the_items_receipts_breaches_reason_and_budget_lines(client, county, keeper,
                                                                                     chair, budget):
    claim = new_claim(county.a, user=keeper, receipts=[png("超市发票.png")],
                      items=[item("50102", "2500.00", description="篮球赛奖品")])
    claim = submit_claim(claim, user=keeper, reason="比赛规模扩大，经工会委员会同意")
    client.force_login(chair)
    page = client.get(reverse("finance:claim_approve", args=[claim.pk])).content.decode()
    assert "篮球赛奖品" in page and "2,500.00" in page                       # the item
    receipt = claim.receipts.get()
    assert reverse("finance:claim_receipt", args=[receipt.pk]) in page and "超市发票.png" in page
    assert claim.breaches.get().message in page                             # the breach with its figures
    assert "比赛规模扩大，经工会委员会同意" in page                           # the reason
    assert 'id="claim-budget-lines"' in page and "2,000.00" in page and "500.00 over" in page


def test_the_first_approval_is_the_unions_own_chair_not_the_chair_above(client, county, keeper, chair,
                                                                        county_chair, budget):
    """一支笔 is the union's own chair: the county federation's chair gives no first approval (she
    may give the second one above the threshold)."""
    claim = submit_claim(new_claim(county.a, user=keeper), user=keeper)
    assert "approve" not in claim.allowed_actions(county_chair)
    with pytest.raises(FinanceError, match="Only the union's chair approves"):
        approve_claim(claim, user=county_chair)
    client.force_login(county_chair)
    assert reverse("finance:claim_approve", args=[claim.pk]) not in client.get(reverse("finance:claim_list")).content.decode()
    assert client.post(reverse("finance:claim_reject", args=[claim.pk]), {"note": "不行"}).status_code in (302, 403)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.approved_by is None
    claim = approve_claim(claim, user=chair)
    assert claim.approved_by == chair


def _entry(county, **extra):
    return {"organisation": county.a.pk, "title": "工会活动用品", "spent_on": "2026-03-10", "payee": "青溪百货",
            "payee_bank": "", "payee_account": "", "entry_key": "4321",
            "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "30", "items-0-account": account("50105").pk, "items-0-description": "水笔",
            "items-0-amount": "300.00", "items-0-item": "", "items-0-form": "transfer",
            "items-0-members_covered": "", **extra}


def test_items_whose_total_the_claim_cannot_hold_are_a_message_not_a_500(client, county, keeper):
    client.force_login(keeper)
    huge = "999999999999.99"  # each item fits; the two together do not fit a claim's total
    response = client.post(reverse("finance:claim_create"), _entry(county, **{
        "items-0-amount": huge, "items-1-account": account("50105").pk, "items-1-description": "又一笔",
        "items-1-amount": huge, "items-1-form": "transfer"}))
    assert response.status_code == 200 and "total is at most 999,999,999,999.99 yuan" in response.content.decode()
    assert not Claim.objects.exists()
    with pytest.raises(FinanceError, match="total is at most"):
        new_claim(county.a, user=keeper, items=[item(amount=huge), item(amount=huge)])


def test_the_settings_sent_twice_at_once_save_one_row_not_a_500(rf, county, chair):
    """Both clicks drew the page before either saved: the second finds the row the first made."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from finance.models import FinanceSettings
    from finance.views.claims import FinanceSettingsView

    request = rf.post(reverse("finance:claim_settings"), {"second_approval_above": "8000.00", "province": ""})
    request.user, request.session = chair, SessionStore()
    request._messages = FallbackStorage(request)
    view = FinanceSettingsView()
    view.setup(request)
    view.union = county.a
    form = view.get_form()                                   # no row yet: an unsaved settings row
    assert form.is_valid() and form.instance.pk is None
    FinanceSettings.objects.create(organisation=county.a)   # the other click saved first
    response = view.form_valid(form)
    assert response.status_code == 302
    assert FinanceSettings.objects.get(organisation=county.a).second_approval_above == Decimal("8000.00")


def test_a_threshold_raised_after_the_first_approval_does_not_strand_the_claim(client, county, keeper, chair,
                                                                              budget):
    from finance.models import FinanceSettings

    vice_chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user
    claim = submit_claim(new_claim(county.a, user=keeper, items=[item(amount="6000.00")]), user=keeper)
    claim = approve_claim(claim, user=chair)
    assert claim.status == Claim.Status.SUBMITTED                        # above 5,000: a second approval
    FinanceSettings.objects.create(organisation=county.a, second_approval_above=Decimal("10000.00"))
    claim = Claim.objects.get(pk=claim.pk)
    assert "approve_second" in claim.allowed_actions(vice_chair)
    client.force_login(vice_chair)
    assert reverse("finance:claim_approve", args=[claim.pk]) in client.get(reverse("finance:claim_list")).content.decode()
    assert client.post(reverse("finance:claim_approve", args=[claim.pk]), {"note": ""}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.second_approved_by == vice_chair


def test_whoever_entered_the_claim_approves_it_neither_first_nor_second(county, keeper, chair, budget):
    """A finance officer who is also a chair at the union is not her own 一支笔, nor the second
    signature on her own claim."""
    RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a, user=keeper)
    claim = submit_claim(new_claim(county.a, user=keeper, items=[item(amount="6000.00")]), user=keeper)
    assert not claim.allowed_actions(keeper) & {"approve", "approve_second", "reject", "reject_second"}
    with pytest.raises(FinanceError, match="You entered this claim, so someone else approves it"):
        approve_claim(claim, user=keeper)
    claim = approve_claim(claim, user=chair)
    assert not claim.allowed_actions(keeper) & {"approve_second", "reject_second"}
    with pytest.raises(FinanceError, match="You entered this claim"):
        approve_claim(claim, user=keeper)
    assert Claim.objects.get(pk=claim.pk).second_approved_by is None


def test_a_payment_is_dated_between_the_spending_and_today(client, county, keeper, chair, budget):
    """A mistyped year would post the spending in another year's books."""
    from django.utils import timezone

    from finance.models import Voucher

    claim = approve_claim(submit_claim(new_claim(county.a, user=keeper), user=keeper), user=chair)
    client.force_login(keeper)
    url = reverse("finance:claim_pay", args=[claim.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(url, {"paid_on": tomorrow.isoformat(), "reference": "NB1"}).content.decode()
    assert "the date paid is today or earlier" in page
    page = client.post(url, {"paid_on": "2016-03-10", "reference": "NB1"}).content.decode()
    assert "was spent on 2026-03-10; the date paid is that day or later" in page
    assert not Voucher.objects.exists() and Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED
    assert client.post(url, {"paid_on": "2026-03-10", "reference": "NB1"}).status_code == 302


def test_the_edit_page_sent_twice_attaches_its_receipt_once(client, county, keeper):
    claim = new_claim(county.a, user=keeper, receipts=[png("第一张.png")])
    client.force_login(keeper)
    url = reverse("finance:claim_edit", args=[claim.pk])
    for _click in range(2):
        response = client.post(url, {**_entry(county), "receipts": [png("超市发票.png")]})
        assert response.status_code == 302
    assert sorted(claim.receipts.values_list("name", flat=True)) == ["第一张.png", "超市发票.png"]
