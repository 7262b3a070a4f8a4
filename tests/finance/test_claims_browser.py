"""In a real browser: the finance officer enters a claim with two items (the running total adds
them) and a receipt, submits it; the chair finds it on the home page and approves it; the
officer pays it and follows the voucher. The claim pages at 375 px do not scroll sideways."""
import pytest

from finance.models import Claim
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from unionadmin.roles import Role

from .factories import account
from .factories_budgets import make_budget
from .factories_claims import PDF_BYTES
from .factories_rules import seed_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_claim_entered_approved_and_paid(county, person, live_server, page_at, screenshot, tmp_path):
    account("102")  # the seeded chart and rules, after a transactional test's flush
    seed_rules()
    make_budget(county.a, lines={"401": "20000.00", "50105": "5000.00", "50102": "3000.00"})
    keeper, chair = person(Role.FINANCE_OFFICER, county.a), person(Role.UNION_CHAIR, county.a)
    receipt = tmp_path / "发票.pdf"
    receipt.write_bytes(PDF_BYTES)

    page = page_at(1280)
    log_in(page, live_server, keeper.username, PASSWORD)
    page.goto(f"{live_server.url}/finance/claims/")
    page.get_by_role("link", name="Enter a claim").click()
    page.wait_for_url("**/finance/claims/new/")
    page.locator("#id_title").fill("职工羽毛球赛")
    page.locator("#id_spent_on").fill("2026-03-10")
    page.locator("#id_payee").fill("青溪体育用品店")
    page.locator("#id_items-0-account").select_option(label="50102 文体活动")
    page.locator("#id_items-0-description").fill("羽毛球拍")
    page.locator("#id_items-0-amount").fill("320.50")
    page.get_by_role("button", name="Add an item").click()
    assert page.locator("#id_items-3-amount").is_visible() and page.locator("#id_items-3-amount").input_value() == ""
    page.locator("#id_items-3-account").select_option(label="50105 会员活动")
    page.locator("#id_items-3-description").fill("参赛会员饮用水")
    page.locator("#id_items-3-amount").fill("79.5")
    assert page.locator("#claim-total").inner_text() == "400.00"
    page.locator("#id_receipts").set_input_files(str(receipt))
    screenshot(page, "finance-claim-entry-1280")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url("**/finance/claims/*/")
    claim = Claim.objects.get(organisation=county.a)
    assert claim.total == 400 and claim.receipts.count() == 1
    page.get_by_role("link", name="Submit for approval").click()
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    assert "was submitted for approval" in page.locator("main").inner_text()

    chair_page = page_at(1280)
    log_in(chair_page, live_server, chair.username, PASSWORD)
    chair_page.get_by_role("link", name="2026-0001 · 职工羽毛球赛").first.click()
    chair_page.locator("#id_note").fill("同意")
    chair_page.get_by_role("button", name="Approve").click()
    chair_page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    assert "is approved" in chair_page.locator("main").inner_text()

    page.goto(f"{live_server.url}/finance/claims/{claim.pk}/")
    page.get_by_role("link", name="Pay").click()
    page.locator("#id_paid_on").fill("2026-04-02")
    page.locator("#id_reference").fill("NB20260402")
    page.get_by_role("button", name="Record the payment and post the voucher").click()
    page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    screenshot(page, "finance-claim-detail-1280")
    page.locator("#claim-voucher a").click()
    page.wait_for_url("**/finance/vouchers/*/")
    lines = page.locator("#voucher-lines").inner_text()
    assert "50102 文体活动" in lines and "50105 会员活动" in lines and "400.00" in lines
    assert "From claim 2026-0001." in page.locator("#from-claim").inner_text()

    phone = page_at(375)
    log_in(phone, live_server, keeper.username, PASSWORD)
    for path, name in (("/finance/claims/", "finance-claims-375"), ("/finance/claims/new/", "finance-claim-entry-375"),
                       (f"/finance/claims/{claim.pk}/", "finance-claim-detail-375")):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate("document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth")
        assert overflow <= 0, f"{path} at 375px scrolls sideways by {overflow}px"
        screenshot(phone, name)
