"""Claims (报销): entering (numbering, draft-only edits, a double click saves one claim,
receipts through the RECEIPT policy), submitting with the budget and rule checks, the chair's
approval and the second approval above the threshold, rejection, payment posting one voucher,
the pages, the home panel, the settings page and the indicator."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from finance.claims import (
    ClaimProblems,
    approve_claim,
    pay_claim,
    reject_claim,
    save_claim,
    submit_claim,
)
from finance.models import Claim, FinanceSettings, RuleBreach, Voucher
from finance.services import FinanceError
from tests.factories import RoleAssignmentFactory
from unionadmin.indicators import registry
from unionadmin.models import Notification
from unionadmin.roles import Role

from .factories import account
from .factories_budgets import make_budget
from .factories_claims import item, new_claim, pdf, png
from .factories_rules import seed_rules

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 10)
PAY_DAY = datetime.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        account("102")  # the seeded chart and rules (again, after a transactional test's flush)
        seed_rules()
        yield


def _person(role, union_name):
    return pytest.fixture(lambda county: RoleAssignmentFactory(role=role, organisation=getattr(county, union_name)).user)


keeper, keeper_b = _person(Role.FINANCE_OFFICER, "a"), _person(Role.FINANCE_OFFICER, "b")
chair, vice_chair = _person(Role.UNION_CHAIR, "a"), _person(Role.UNION_CHAIR, "a")


@pytest.fixture
def budget(county):
    """Union A's 2026 budget in force: 10,000 on 50105 会员活动, 2,000 on 50102 文体活动."""
    return make_budget(county.a, lines={"401": "50000.00", "50105": "10000.00", "50102": "2000.00"})


def submitted(claim, keeper, **kwargs):
    return submit_claim(claim, user=keeper, **kwargs)


def approved(claim, chair):
    return approve_claim(claim, user=chair)


# --- entering ------------------------------------------------------------------------------

def test_claims_are_numbered_per_union_and_year(county, keeper, keeper_b):
    first, second = new_claim(county.a, user=keeper), new_claim(county.a, user=keeper)
    other = new_claim(county.b, user=keeper_b)
    next_year = new_claim(county.a, user=keeper, spent_on=datetime.date(2027, 1, 5))
    assert (first.number, second.number, other.number, next_year.number) == (1, 2, 1, 1)
    assert (first.display_number, next_year.display_number) == ("2026-0001", "2027-0001")
    assert first.status == Claim.Status.DRAFT and first.total == Decimal("500.00")


def test_a_draft_is_edited_and_a_submitted_claim_is_not(county, keeper, budget):
    claim = new_claim(county.a, user=keeper)
    header = {"title": "改后的标题", "spent_on": MARCH, "payee": "青溪百货"}
    claim = save_claim(county.a, user=keeper, header=header, claim=claim,
                       items=[item(amount="100.00"), item("50102", "50.00")])
    assert claim.title == "改后的标题" and claim.total == Decimal("150.00") and claim.items.count() == 2
    submitted(claim, keeper)
    with pytest.raises(FinanceError, match="only a draft is changed"):
        save_claim(county.a, user=keeper, header=header, claim=claim, items=[item(amount="9.00")])
    assert Claim.objects.get(pk=claim.pk).total == Decimal("150.00")


def entry_data(county, *, key=4321, amount="300.00", code="50105"):
    return {"organisation": county.a.pk, "title": "工会活动用品", "spent_on": "2026-03-10", "payee": "青溪百货",
            "payee_bank": "", "payee_account": "", "entry_key": str(key),
            "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "30", "items-0-account": account(code).pk, "items-0-description": "水笔",
            "items-0-amount": amount, "items-0-item": "", "items-0-form": "transfer", "items-0-members_covered": ""}


def test_entering_a_claim_on_the_page_and_a_double_click_saves_one(client, county, keeper):
    client.force_login(keeper)
    url = reverse("finance:claim_create")
    assert client.get(url).status_code == 200
    first = client.post(url, {**entry_data(county), "receipts": [png(), pdf()]})
    claim = Claim.objects.get(organisation=county.a)
    assert first.status_code == 302 and first["Location"] == claim.get_absolute_url()
    assert claim.total == Decimal("300.00") and claim.entered_by == keeper and claim.receipts.count() == 2
    again = client.post(url, entry_data(county), follow=True)
    assert Claim.objects.filter(organisation=county.a).count() == 1
    assert "already saved as number 2026-0001" in again.content.decode()


def test_an_item_with_an_amount_but_no_category_is_refused_next_to_it(client, county, keeper):
    client.force_login(keeper)
    data = entry_data(county)
    data["items-0-account"] = ""
    response = client.post(reverse("finance:claim_create"), data)
    assert response.status_code == 200 and "Choose the spending category of this item." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_renamed_program_is_refused_as_a_receipt_with_a_message(client, county, keeper):
    client.force_login(keeper)
    program = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = client.post(reverse("finance:claim_create"), {**entry_data(county), "receipts": [program]})
    assert response.status_code == 200
    assert "is a program, not a document; programs cannot be uploaded." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_receipt_is_downloaded_by_its_union_and_is_404_to_another(client, county, keeper, keeper_b):
    receipt = new_claim(county.a, user=keeper, receipts=[png("购物小票.png")]).receipts.get()
    url = reverse("finance:claim_receipt", args=[receipt.pk])
    client.force_login(keeper)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"] and "nosniff" == response["X-Content-Type-Options"]
    client.force_login(keeper_b)
    assert client.get(url).status_code == 404
    assert client.get(reverse("finance:claim_detail", args=[receipt.claim_id])).status_code == 404


def test_editing_a_draft_on_its_page_removes_and_adds_receipts(client, county, keeper):
    claim = new_claim(county.a, user=keeper, receipts=[png("旧.png")])
    old = claim.receipts.get()
    client.force_login(keeper)
    url = reverse("finance:claim_edit", args=[claim.pk])
    assert client.get(url).status_code == 200
    data = {k: v for k, v in entry_data(county, amount="80.00").items() if k not in ("organisation", "entry_key")}
    response = client.post(url, {**data, "remove_receipts": [old.pk], "receipts": [pdf("新.pdf")]})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.total == Decimal("80.00") and list(claim.receipts.values_list("name", flat=True)) == ["新.pdf"]



def test_a_receipt_taken_off_a_draft_leaves_no_file_behind(client, county, keeper, django_capture_on_commit_callbacks):
    claim = new_claim(county.a, user=keeper, receipts=[png("旧.png")])
    old = claim.receipts.get()
    storage, name = old.file.storage, old.file.name
    client.force_login(keeper)
    data = {k: v for k, v in entry_data(county, amount="80.00").items() if k not in ("organisation", "entry_key")}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("finance:claim_edit", args=[claim.pk]), {**data, "remove_receipts": [old.pk]})
    assert not storage.exists(name)

# --- submitting ----------------------------------------------------------------------------

def test_a_claim_without_problems_goes_straight_to_approval(county, keeper, chair, budget):
    claim = submitted(new_claim(county.a, user=keeper), keeper)
    assert claim.status == Claim.Status.SUBMITTED and not claim.breaches.exists()
    assert Notification.objects.filter(recipient=chair, verb="claim_submitted").count() == 1


def test_over_the_budget_line_needs_a_reason_and_the_breach_is_kept(county, keeper, budget):
    claim = new_claim(county.a, user=keeper, items=[item("50102", "1500.00"), item("50102", "800.00")])
    with pytest.raises(ClaimProblems) as refused:
        submitted(claim, keeper)
    (problem,) = refused.value.problems
    assert problem.message == ("Budget line 50102 文体活动: 2,000.00 budgeted, 2,000.00 left; this claim needs "
                               "2,300.00, 300.00 over.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT and not RuleBreach.objects.exists()
    claim = submitted(claim, keeper, reason="委员会同意追加")
    breach = claim.breaches.get()
    assert (breach.kind, breach.budget_line.account.code, breach.reason) == ("budget", "50102", "委员会同意追加")
    assert breach.figures == {"account": "50102", "budget": "2000.00", "left": "2000.00", "claim": "2300.00",
                              "over": "300.00"}
    assert claim.over_budget_reason == "委员会同意追加"


def test_spending_the_budget_has_no_line_for_needs_a_reason(county, keeper, budget):
    claim = new_claim(county.a, user=keeper, items=[item("50301", "600.00", "讲课费")])
    with pytest.raises(ClaimProblems) as refused:
        submitted(claim, keeper)
    assert "50301 培训 is not in the 2026 budget in force" in refused.value.problems[0].message
    breach = submitted(claim, keeper, reason="临时培训任务").breaches.get()
    assert breach.kind == "budget" and breach.budget_line is None and breach.item.description == "讲课费"


def test_a_festival_gift_over_the_provinces_limit_is_a_rule_breach(county, keeper, budget):
    FinanceSettings.objects.create(organisation=county.a, province="黑龙江")
    claim = new_claim(county.a, user=keeper, items=[item(amount="2500.00", item="festival_gifts",
                                                         members_covered=2, form="goods")])
    with pytest.raises(ClaimProblems) as refused:
        submitted(claim, keeper)
    assert any("1,250.00 per member" in p.message for p in refused.value.problems)
    claim = submitted(claim, keeper, reason="含两年份额")
    assert claim.breaches.filter(kind="rule", rule__province="黑龙江").exists()


def test_a_forbidden_form_of_payment_is_a_breach_like_the_others(county, keeper, budget):
    claim = new_claim(county.a, user=keeper, items=[item(amount="200.00", form="shopping_card")])
    with pytest.raises(ClaimProblems) as refused:
        submitted(claim, keeper)
    assert any("Shopping card is not allowed" in p.message for p in refused.value.problems)


def test_the_submit_page_shows_the_problems_and_asks_for_a_reason(client, county, keeper, budget):
    claim = new_claim(county.a, user=keeper, items=[item("50102", "2500.00")])
    client.force_login(keeper)
    url = reverse("finance:claim_submit", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "500.00 over" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "Write why it should go on anyway." in refused.content.decode()
    assert "500.00 over" in refused.content.decode()
    assert client.post(url, {"reason": "追加预算已报批"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED


# --- approving -----------------------------------------------------------------------------

def test_only_the_chair_approves(client, county, keeper, chair, budget):
    claim = submitted(new_claim(county.a, user=keeper), keeper)
    with pytest.raises(FinanceError, match="Only the union's chair approves"):
        approve_claim(claim, user=keeper)
    client.force_login(keeper)
    response = client.post(reverse("finance:claim_approve", args=[claim.pk]), {"note": ""}, follow=True)
    assert "This step is not possible" in response.content.decode()
    client.force_login(chair)
    assert client.post(reverse("finance:claim_approve", args=[claim.pk]), {"note": "同意"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.approved_by == chair and claim.decision_note == "同意"
    assert Notification.objects.filter(recipient=keeper, verb="claim_approved").exists()


def test_above_the_threshold_a_different_person_approves_second(county, keeper, chair, vice_chair, budget):
    claim = submitted(new_claim(county.a, user=keeper, items=[item(amount="6000.00")]), keeper)
    claim = approve_claim(claim, user=chair)
    assert claim.status == Claim.Status.SUBMITTED and claim.waiting_for_second
    assert Notification.objects.filter(recipient=vice_chair, verb="claim_second_approval").exists()
    assert claim.allowed_actions(chair) & {"approve", "approve_second"} == set()
    with pytest.raises(FinanceError, match="the second approval above 5,000.00 yuan is given by someone else"):
        approve_claim(claim, user=chair)
    claim = approve_claim(claim, user=vice_chair)
    assert claim.status == Claim.Status.APPROVED and claim.second_approved_by == vice_chair
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(second_approved_by=chair)


def test_the_unions_own_threshold_is_used(county, keeper, chair, budget):
    FinanceSettings.objects.create(organisation=county.a, second_approval_above=Decimal("1000"))
    claim = approve_claim(submitted(new_claim(county.a, user=keeper, items=[item(amount="1500.00")]), keeper),
                          user=chair)
    assert claim.status == Claim.Status.SUBMITTED and claim.approved_by == chair
    small = approve_claim(submitted(new_claim(county.a, user=keeper, items=[item(amount="1000.00")]), keeper),
                          user=chair)
    assert small.status == Claim.Status.APPROVED


def test_rejection_needs_a_note_and_tells_the_officer(client, county, keeper, chair, budget):
    claim = submitted(new_claim(county.a, user=keeper), keeper)
    with pytest.raises(FinanceError, match="Say why the claim is rejected."):
        reject_claim(claim, user=chair, note=" ")
    client.force_login(chair)
    assert client.post(reverse("finance:claim_reject", args=[claim.pk]), {"note": "不符合规定"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED and claim.decision_note == "不符合规定"
    assert Notification.objects.filter(recipient=keeper, verb="claim_rejected").exists()
    with pytest.raises(FinanceError, match="this step is not possible any more"):
        approve_claim(claim, user=chair)


def test_approval_checks_the_budget_again(county, keeper, chair, budget):
    """Submitted while it fitted; the line filled up since (a voucher posted outside claims): the
    chair is told and goes on only with a reason, kept as a breach."""
    claim = submitted(new_claim(county.a, user=keeper, items=[item("50102", "1500.00")]), keeper)
    from .factories import post

    post(county.a, debit="50102", credit="102", amount="1000.00", date=MARCH, summary="篮球赛")
    with pytest.raises(ClaimProblems) as refused:
        approve_claim(claim, user=chair)
    assert "500.00 over" in refused.value.problems[0].message
    claim = approve_claim(claim, user=chair, reason="主席同意")
    assert claim.status == Claim.Status.APPROVED and claim.breaches.get().recorded_by == chair


# --- paying --------------------------------------------------------------------------------

def test_payment_posts_one_voucher_with_the_claims_lines(county, keeper, chair, budget):
    claim = new_claim(county.a, user=keeper, receipts=[png(), pdf()], title="会员活动及篮球赛",
                      items=[item(amount="300.00"), item("50102", "120.00"), item(amount="80.00")])
    claim = pay_claim(approved(submitted(claim, keeper), chair), user=keeper, paid_on=PAY_DAY, reference="NB001")
    voucher = claim.voucher
    assert claim.status == Claim.Status.PAID and voucher.claim == claim
    assert (voucher.summary, voucher.receipts, voucher.date, voucher.source_kind, voucher.source_id) == (
        "会员活动及篮球赛", 2, PAY_DAY, "claim", claim.pk)
    lines = [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")]
    assert lines == [("50102", Decimal("120.00"), Decimal("0")), ("50105", Decimal("380.00"), Decimal("0")),
                     ("102", Decimal("0"), Decimal("500.00"))]
    with pytest.raises(FinanceError, match="already paid: voucher 0001"):
        pay_claim(claim, user=keeper, paid_on=PAY_DAY, reference="NB001")
    assert Voucher.objects.filter(organisation=county.a).count() == 1


def test_paying_twice_on_the_page_posts_once_and_the_pages_link_each_other(client, county, keeper, chair, budget):
    claim = approved(submitted(new_claim(county.a, user=keeper), keeper), chair)
    client.force_login(keeper)
    url = reverse("finance:claim_pay", args=[claim.pk])
    assert client.get(url).status_code == 200
    data = {"paid_on": PAY_DAY.isoformat(), "reference": "NB002"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert "already paid: voucher 0001 of 2026" in again.content.decode()
    assert Voucher.objects.filter(source_kind="claim").count() == 1
    claim.refresh_from_db()
    detail = client.get(claim.get_absolute_url()).content.decode()
    assert reverse("finance:voucher_detail", args=[claim.voucher_id]) in detail
    voucher_page = client.get(reverse("finance:voucher_detail", args=[claim.voucher_id])).content.decode()
    assert "From claim 2026-0001." in voucher_page and claim.get_absolute_url() in voucher_page


def test_a_payment_dated_in_a_closed_month_is_refused_next_to_the_date(client, county, keeper, chair, budget):
    from .factories import ClosedMonthFactory

    claim = approved(submitted(new_claim(county.a, user=keeper), keeper), chair)
    ClosedMonthFactory(organisation=county.a, year=2026, month=3)
    client.force_login(keeper)
    response = client.post(reverse("finance:claim_pay", args=[claim.pk]),
                           {"paid_on": "2026-03-20", "reference": "NB003"})
    assert response.status_code == 200 and "The books are closed through 2026-03" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED


# --- pages ---------------------------------------------------------------------------------

def test_the_list_shows_the_chair_what_waits_first_and_only_its_union(client, county, keeper, keeper_b, chair,
                                                                       budget):
    waiting = submitted(new_claim(county.a, user=keeper, title="等待审批"), keeper)
    new_claim(county.a, user=keeper, title="草稿")
    new_claim(county.b, user=keeper_b, title="乙单位报销")
    client.force_login(chair)
    page = client.get(reverse("finance:claim_list")).content.decode()
    assert 'id="claims-waiting"' in page and reverse("finance:claim_approve", args=[waiting.pk]) in page
    assert page.index("等待审批") < page.index("草稿") and "乙单位报销" not in page
    only_drafts = client.get(reverse("finance:claim_list"), {"status": "draft", "union": "x"}).content.decode()
    assert "草稿" in only_drafts and "<td>等待审批" not in only_drafts
    home = client.get(reverse("home")).content.decode()
    assert "Claims waiting for your approval" in home and "等待审批" in home


def test_the_detail_page_shows_items_receipts_breaches_and_the_trail(client, county, keeper, chair, budget):
    claim = new_claim(county.a, user=keeper, receipts=[png("小票.png")], items=[item("50102", "2100.00")])
    claim = approved(submitted(claim, keeper, reason="追加"), chair)
    client.force_login(chair)
    page = client.get(claim.get_absolute_url()).content.decode()
    for text in ("50102 文体活动", "小票.png", "100.00 over", "追加", "Approved by"):
        assert text in page


def test_the_chair_sets_the_second_approval_threshold(client, county, chair, keeper_b):
    client.force_login(chair)
    url = reverse("finance:claim_settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"second_approval_above": "3000.00", "province": "福建"})
    assert response.status_code == 302
    settings = FinanceSettings.objects.get(organisation=county.a)
    assert (settings.second_approval_above, settings.province) == (Decimal("3000.00"), "福建")
    client.force_login(keeper_b)
    client.post(f"{url}?union={county.a.pk}", {"second_approval_above": "1.00", "province": ""})
    assert FinanceSettings.objects.get(organisation=county.a).second_approval_above == Decimal("3000.00")
    assert FinanceSettings.objects.get(organisation=county.b).second_approval_above == Decimal("1.00")


def test_someone_without_finance_rights_sees_no_claim(client, county, keeper, officer_a):
    claim = new_claim(county.a, user=keeper)
    client.force_login(officer_a)
    assert client.get(reverse("finance:claim_list")).status_code == 404
    assert client.get(claim.get_absolute_url()).status_code == 404


# --- the indicator -------------------------------------------------------------------------

def test_claims_breach_share_counts_claims_with_a_rule_breach_over_claims_submitted(county, keeper, budget):
    submitted(new_claim(county.a, user=keeper), keeper)
    submitted(new_claim(county.a, user=keeper, items=[item(amount="100.00", form="cash")]), keeper, reason="急用")
    submitted(new_claim(county.a, user=keeper, items=[item("50301", "100.00")]), keeper, reason="培训")  # budget
    new_claim(county.a, user=keeper, items=[item(amount="100.00", form="cash")])  # a draft is not counted
    measured = registry.get("claims_breach_share").measure(county.federation, 2026)
    assert (measured.numerator, measured.denominator) == (1, 3)
    assert measured.value == Decimal("33.3")
