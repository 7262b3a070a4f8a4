"""In a real browser: the finance officer drafts the year's budget, types its lines and sees
the income and expenditure totals and whether the budget balances as she types, saves it, and
the chair records the union committee's agreement. Screenshots at 1280 and 375 px."""
import pytest
from django.utils import timezone

from finance.models import Budget
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from unionadmin.roles import Role

from .factories import account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_finance_officer_drafts_a_budget_and_the_chair_agrees(county, person, live_server, page_at, screenshot):
    account("102")  # the seeded chart, after a transactional test's flush
    keeper, chair = person(Role.FINANCE_OFFICER, county.a), person(Role.UNION_CHAIR, county.a)
    page = page_at(1280)
    log_in(page, live_server, keeper.username, PASSWORD)
    page.goto(f"{live_server.url}/finance/budgets/")
    page.get_by_role("link", name="Draft a year's budget").first.click()
    page.get_by_role("button", name="Draft the budget").click()
    page.wait_for_url("**/finance/budgets/*/lines/")
    page.locator("#id_lines-0-account").select_option(value=str(account("401").pk))
    page.locator("#id_lines-0-amount").fill("5000")
    page.locator("#id_lines-1-account").select_option(value=str(account("50105").pk))
    page.locator("#id_lines-1-amount").fill("6000.50")
    totals = page.locator("#budget-totals")
    assert "Not balanced: expenditure exceeds income by 1,000.50" in totals.inner_text()
    page.locator("#id_lines-0-amount").fill("7000")
    assert "Balanced" in totals.inner_text() and "999.50" in totals.inner_text()
    page.get_by_role("button", name="Add a line").click()
    assert page.locator("#id_lines-3-amount").input_value() == ""
    screenshot(page, "finance-budget-lines-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "finance-budget-lines-375")
    page.get_by_role("button", name="Save the lines").click()
    page.wait_for_url("**/finance/budgets/*/")
    budget = Budget.objects.get(organisation=county.a, year=timezone.localdate().year)
    assert "7,000.00" in page.locator("#total-income").inner_text()

    chair_page = page_at(1280)
    log_in(chair_page, live_server, chair.username, PASSWORD)
    chair_page.goto(f"{live_server.url}/finance/budgets/{budget.pk}/")
    chair_page.get_by_role("link", name="Record the union committee's agreement").click()
    chair_page.locator("#id_meeting").fill("工会委员会2026年第1次会议")
    chair_page.get_by_role("button", name="Record the agreement").click()
    chair_page.wait_for_url(f"**/finance/budgets/{budget.pk}/")
    assert "the other committee's is still to come" in chair_page.locator("main").inner_text()
    assert budget.approvals.get().decided_by == chair
