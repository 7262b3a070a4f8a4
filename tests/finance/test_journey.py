"""Issue 17's journey in a real browser, as the people who do it:

1. a union's finance officer enters a claim with a receipt and submits it; the chair approves
   it; the finance officer pays it and its voucher is posted (Dr 50105 会员活动 / Cr 102 银行存款);
2. a festival-gift claim over 黑龙江's 1,000 yuan per member per year shows the breach, with the
   rule and the figures, when it is submitted, and goes on only with a reason;
3. the month's 收入支出表 downloads as XLSX with the paid claim in it;
4. the county federation reads each unit's 到账率 on the 2% allocation page, records an
   inspection finding at the unit, the unit's finance officer answers it with a rectification
   report, and the federation sees it reported.

What the journey does not click through is made with the factories and services: the county,
the people and their roles, the budget in force, the year's allocation records, the inspection
round with the unit notified. The pages are in English (the people's language is set to "en")
so that the assertions read the source strings."""
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance import audit
from finance.models import Claim, Finding, RuleBreach
from finance.models.allocation import Allocation
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from unionadmin.roles import Role

from .factories import account
from .factories_allocation import AllocationFactory, TermsFactory
from .factories_budgets import make_budget
from .factories_claims import PDF_BYTES
from .factories_rules import seed_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def _enter_claim(page, live_server, *, title, payee, amount, description, item=None, members=None, receipt=None):
    """The finance officer fills the claim form (one item) and saves the draft; the claim's page."""
    page.goto(f"{live_server.url}/finance/claims/")
    page.get_by_role("link", name="Enter a claim").first.click()
    page.wait_for_url("**/finance/claims/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_payee").fill(payee)
    page.locator("#id_payee_bank").fill("中国农业银行青溪支行")
    page.locator("#id_payee_account").fill("6228480012345678")
    page.locator("#id_items-0-account").select_option(label="50105 会员活动")
    page.locator("#id_items-0-description").fill(description)
    page.locator("#id_items-0-amount").fill(amount)
    if item:
        page.locator("#id_items-0-item").select_option(label=item)
    if members:
        page.locator("#id_items-0-members_covered").fill(str(members))
    expect(page.locator("#claim-total")).to_have_text(f"{Decimal(amount):,.2f}")
    if receipt:
        page.set_input_files("#id_receipts", files=[receipt])
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url("**/finance/claims/*/")
    expect(page.locator("main")).to_contain_text("was saved as a draft")


def test_a_claim_from_its_receipt_to_the_voucher_and_the_month_statement(county, person, live_server, page_at):
    account("102")  # the seeded chart and rules, after a transactional test's flush
    seed_rules()
    today = timezone.localdate()
    keeper, chair = person(Role.FINANCE_OFFICER, county.a), person(Role.UNION_CHAIR, county.a)
    make_budget(county.a, year=today.year, lines={"401": "50000.00", "501": "40000.00"})

    # 1. The finance officer enters the claim with its receipt (a PNG) and submits it: no problem found.
    page = page_at(1280)
    log_in(page, live_server, keeper.username, PASSWORD)
    _enter_claim(page, live_server, title="职工篮球赛用品", payee="青溪体育用品店", amount="1280.50",
                 description="篮球、球衣", receipt={"name": "发票.png", "mimeType": "image/png", "buffer": _png()})
    claim = Claim.objects.get(organisation=county.a, title="职工篮球赛用品")
    expect(page.locator("#claim-receipts")).to_contain_text("发票.png")
    expect(page.locator("#claim-items")).to_contain_text("1,280.50")
    page.get_by_role("link", name="Submit for approval").click()
    expect(page.locator("#claim-problems")).to_have_count(0)
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    expect(page.locator("main")).to_contain_text("was submitted for approval")

    # The chair finds it waiting for her approval and approves it.
    chair_page = page_at(1280)
    log_in(chair_page, live_server, chair.username, PASSWORD)
    chair_page.goto(f"{live_server.url}/finance/claims/")
    waiting = chair_page.locator("#claims-waiting")
    expect(waiting).to_contain_text("1,280.50")
    waiting.get_by_role("link", name="职工篮球赛用品").click()
    chair_page.wait_for_url(f"**/finance/claims/{claim.pk}/approve/")
    expect(chair_page.locator("main")).to_contain_text("1,280.50")
    chair_page.get_by_role("button", name="Approve").click()
    chair_page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    expect(chair_page.locator("main")).to_contain_text("is approved; the finance officer can pay it")

    # The finance officer pays it by transfer: the claim posts its voucher.
    page.reload()
    page.get_by_role("link", name=re.compile(r"\bPay$")).click()  # after its icon
    page.locator("#id_reference").fill("NB20261205001")
    page.get_by_role("button", name="Record the payment and post the voucher").click()
    page.wait_for_url(f"**/finance/claims/{claim.pk}/")
    expect(page.locator("main")).to_contain_text("is paid; voucher")
    page.locator("#claim-voucher a").click()
    page.wait_for_url("**/finance/vouchers/*/")
    lines = page.locator("#voucher-lines tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.filter(has_text="50105 会员活动")).to_contain_text("1,280.50")
    expect(lines.filter(has_text="102 银行存款")).to_contain_text("1,280.50")
    expect(page.locator("main")).to_contain_text("职工篮球赛用品")
    expect(page.locator("#from-claim")).to_contain_text(claim.display_number)

    # 2. A festival-gift claim over 黑龙江's 1,000 yuan per member per year: 3,600 for 3 members.
    _enter_claim(page, live_server, title="中秋节慰问品", payee="青溪百货", amount="3600", description="月饼、水果",
                 item="Festival gifts", members=3,
                 receipt={"name": "慰问品发票.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    gifts = Claim.objects.get(organisation=county.a, title="中秋节慰问品")
    page.get_by_role("link", name="Submit for approval").click()
    problems = page.locator("#claim-problems")
    for words in ("黑龙江", "2017", "Festival gifts", "1,000.00", "3,600.00", "3 members", "1,200.00 per member"):
        expect(problems).to_contain_text(words)
    page.get_by_role("button", name="Submit for approval").click()  # no reason: it does not go on
    expect(page.locator("main")).to_contain_text("This claim goes on only with a reason")
    gifts.refresh_from_db()
    assert gifts.status == Claim.Status.DRAFT and not gifts.breaches.exists()
    page.locator("#id_reason").fill("含春节、中秋两节慰问，经工会委员会研究同意")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"**/finance/claims/{gifts.pk}/")
    breaches = page.locator("#claim-breaches")
    expect(breaches).to_contain_text("1,200.00 per member")
    expect(breaches).to_contain_text("经工会委员会研究同意")
    breach = gifts.breaches.get()
    assert breach.kind == RuleBreach.Kind.RULE and breach.rule.province == "黑龙江"
    assert breach.rule.limit == Decimal("1000.00") and breach.figures["per_member"] == "1200.00"

    # 3. The month's 收入支出表 as XLSX: the paid claim is this month's spending on 50105 (the
    #    festival claim, not paid, is not).
    page.get_by_role("link", name="Statements").first.click()
    expect(page.locator("main")).to_contain_text("收入支出表")
    with page.expect_download() as download_info:
        page.locator("#statement-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    assert sheet["A1"].value == "收入支出表"
    cells = {str(row[0]).strip("　 "): row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["50105 会员活动"][:2] == (1280.5, 1280.5), cells


def test_the_federation_reads_the_arrival_rates_and_a_unit_answers_its_finding(county, person, live_server, page_at):
    account("102")
    today = timezone.localdate()
    federation_officer = person(Role.FEDERATION_ADMIN, county.federation)
    keeper = person(Role.FINANCE_OFFICER, county.a)
    january = datetime.date(today.year, 1, 1)
    for union, payroll, paid in ((county.a, "100000.00", "1500.00"), (county.b, "50000.00", "1000.00")):
        TermsFactory(organisation=union)
        AllocationFactory(organisation=union, period=january, payroll=Decimal(payroll), paid=Decimal(paid),
                          paid_on=january + datetime.timedelta(days=19))
    assert Allocation.objects.get(organisation=county.a).due == Decimal("2000.00")
    inspection = audit.round_create(county.federation, title=f"{today.year}年基层工会财务检查", starts_on=today,
                                    ends_on=today + datetime.timedelta(days=30), by=federation_officer)
    audit.round_set_units(inspection, [county.a], by=federation_officer)
    audit.round_notify(inspection, by=federation_officer)

    # 4. The federation reads 到账率 per unit: 甲 paid 1,500 of 2,000 due, 乙 all of its 1,000.
    page = page_at(1280)
    log_in(page, live_server, federation_officer.username, PASSWORD)
    page.goto(f"{live_server.url}/finance/allocation/")
    table = page.locator("#allocation-table")
    expect(table.locator("thead")).to_contain_text("Arrival rate")
    row_a = table.locator("tbody tr", has_text="甲公司工会")
    expect(row_a).to_contain_text("75.0%")
    expect(row_a).to_contain_text("2,000.00")
    expect(row_a).to_contain_text("500.00")  # the arrears
    expect(table.locator("tbody tr", has_text="乙学校工会")).to_contain_text("100.0%")

    # It records a finding at 甲 in the notified round.
    page.get_by_role("link", name="Inspections").first.click()
    page.get_by_role("link", name=inspection.title).click()
    page.get_by_role("link", name="甲公司工会").click()
    page.get_by_role("link", name="Record a finding").click()
    page.locator("#id_category").select_option(label="Gifts over the limit")
    page.locator("#id_severity").select_option(label="Major")
    page.locator("#id_amount").fill("600")
    page.locator("#id_description").fill("中秋节慰问品人均1,200元，超过省定每人每年1,000元标准")
    page.locator("#id_opinion").fill("追回超标部分，完善节日慰问审批")
    deadline = today + datetime.timedelta(days=20)
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.get_by_role("button", name="Record the finding").click()
    expect(page.locator("main")).to_contain_text("The finding is recorded")
    finding = Finding.objects.get(inspected__unit=county.a)
    unit_url = f"{live_server.url}/finance/inspections/units/{finding.inspected_id}/"

    # The unit's finance officer sees its inspection, opens the finding and sends the report.
    unit_page = page_at(1280)
    log_in(unit_page, live_server, keeper.username, PASSWORD)
    unit_page.goto(f"{live_server.url}/finance/inspections/")
    unit_page.locator("#own-inspections").get_by_role("link", name=inspection.title).click()
    findings = unit_page.locator("#findings")
    expect(findings).to_contain_text("Waiting for rectification")
    findings.get_by_role("link", name="Gifts over the limit").click()
    expect(unit_page.locator("main")).to_contain_text(deadline.isoformat())
    unit_page.get_by_role("link", name="Send a rectification report").click()
    unit_page.locator("#id_report").fill("已追回超标金额600元，修订节日慰问审批办法")
    unit_page.set_input_files("#id_file", files=[{"name": "整改报告.pdf", "mimeType": "application/pdf",
                                                  "buffer": PDF_BYTES}])
    unit_page.get_by_role("button", name="Send the rectification report").click()
    expect(unit_page.locator("main")).to_contain_text("The rectification report is sent to the federation")
    expect(unit_page.locator("main")).to_contain_text("已追回超标金额600元")

    # The federation sees it reported, waiting for its verification.
    page.goto(unit_url)
    expect(page.locator("#findings")).to_contain_text("Rectification reported")
    page.get_by_role("link", name="Gifts over the limit").click()
    expect(page.locator("main")).to_contain_text("已追回超标金额600元")
    expect(page.get_by_role("link", name="Verify")).to_be_visible()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.REPORTED
