"""End to end in Chromium: a welfare officer files a household, takes it through the check and
the public notice, proposes a 金秋助学 grant; a second officer approves it; the budget and the
ledger change; the first officer cannot approve their own proposal. Desktop and phone."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import MemberFactory
from welfare.models import Grant, HardshipFile, ProgrammeBudget

from .factories import AidProgrammeFactory, ProgrammeBudgetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def scene(county, line, welfare_a, welfare_a2):
    worker = MemberFactory(union=county.a, name="张建华")
    budget = ProgrammeBudgetFactory(
        programme=AidProgrammeFactory(organisation=county.a, name="金秋助学", kind="autumn_school"),
        amount=Decimal("10000"))
    return worker, budget


def test_file_a_household_and_pay_a_grant_with_two_officers(scene, live_server, page_at, screenshot,
                                                            welfare_a, welfare_a2):
    worker, budget = scene
    base = live_server.url
    page = page_at(1280)
    log_in(page, live_server, welfare_a.username, PASSWORD)

    # Application (申报)
    page.goto(f"{base}{reverse('welfare:file_create')}?worker={worker.pk}")
    page.locator("input[name=head_income]").fill("700")
    page.locator("select[name=identity_status]").select_option("laid_off")
    page.locator("select[name=main_cause]").select_option("schooling")
    page.locator("input[name=secondary_causes][value=illness]").check()
    page.locator("input[name=education_costs]").fill("600")
    submit(page)
    file = HardshipFile.objects.get(worker=worker)
    assert page.url.endswith(reverse("welfare:file_detail", args=[file.pk]))

    # The household: a spouse and a child about to enter college.
    page.goto(base + reverse("welfare:household_create", args=[file.pk]))
    page.locator("input[name=name]").fill("李秀兰")
    page.locator("select[name=relationship]").select_option("spouse")
    page.locator("input[name=monthly_income]").fill("500")
    submit(page)
    page.goto(base + reverse("welfare:household_create", args=[file.pk]))
    page.locator("input[name=name]").fill("张子涵")
    page.locator("select[name=relationship]").select_option("child")
    page.locator("select[name=occupation]").select_option("student")
    submit(page)

    # Household check (入户核查), category, public notice (公示) that has ended, approval (审批建档).
    page.locator(f"a[href='{reverse('welfare:file_start_check', args=[file.pk])}']").click()
    page.locator("textarea[name=reason]").fill("入户核查属实")
    submit(page)
    page.locator(f"a[href='{reverse('welfare:file_category', args=[file.pk])}']").click()
    assert page.locator("input[name=category][value=deep]").is_checked()  # 400 yuan a head, below the line
    submit(page)
    page.locator(f"a[href='{reverse('welfare:file_start_notice', args=[file.pk])}']").click()
    page.locator("input[name=notice_starts_on]").fill(str(TODAY - datetime.timedelta(days=8)))
    page.locator("input[name=notice_ends_on]").fill(str(TODAY - datetime.timedelta(days=1)))
    submit(page)
    page.locator(f"a[href='{reverse('welfare:file_approve', args=[file.pk])}']").click()
    page.locator("textarea[name=reason]").fill("公示期满无异议")
    submit(page)
    file.refresh_from_db()
    assert file.status == HardshipFile.Status.FILED
    assert file.transitions.count() == 4
    screenshot(page, "welfare-file-1280")
    assert "511002" not in page.locator("#tab-household").inner_html() or "********" in page.content()

    # Propose a 金秋助学 grant from the file page.
    page.locator(f"a[href='{reverse('welfare:grant_create')}?file={file.pk}']").click()
    page.locator("select[name=programme]").select_option(str(budget.programme.pk))
    page.locator("input[name=amount]").fill("2000")
    screenshot(page, "welfare-grant-propose-1280")
    submit(page)
    grant = Grant.objects.get(member=worker)
    assert grant.status == Grant.Status.PROPOSED and grant.proposed_by == welfare_a
    approve_url = reverse("welfare:grant_approve", args=[grant.pk])
    # The proposer is offered no approve button, and the URL refuses them too.
    assert page.locator(f"form[action='{approve_url}']").count() == 0
    screenshot(page, "welfare-grant-proposed-1280")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(base + approve_url, headers={"X-CSRFToken": token, "Referer": page.url})
    assert response.ok  # redirected back to the grant with a message
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PROPOSED
    assert ProgrammeBudget.objects.get(pk=budget.pk).spent == 0

    # A second officer approves: the budget and the ledger change.
    other = page_at(1280)
    log_in(other, live_server, welfare_a2.username, PASSWORD)
    other.goto(base + reverse("welfare:grant_detail", args=[grant.pk]))
    assert other.locator("#budget-left").inner_text() == "10,000.00"
    other.locator(f"form[action='{approve_url}'] button[type=submit]").click()
    other.wait_for_load_state()
    assert other.locator("#budget-left").inner_text() == "8,000.00"
    screenshot(other, "welfare-grant-approved-1280")
    grant.refresh_from_db()
    assert (grant.status, grant.approved_by) == (Grant.Status.APPROVED, welfare_a2)
    assert ProgrammeBudget.objects.get(pk=budget.pk).spent == Decimal("2000")
    other.goto(base + reverse("welfare:grant_list"))
    row = other.locator("tbody tr", has_text="张建华")
    assert "2,000.00" in row.inner_text() and welfare_a2.full_name in row.inner_text()
    other.goto(base + reverse("welfare:programme_detail", args=[budget.programme.pk]))
    assert other.locator(f"[data-budget-left='{TODAY.year}']").inner_text() == "8,000.00"

    # The same pages on a phone: readable, nothing spills sideways.
    phone = page_at(375, 800)
    log_in(phone, live_server, welfare_a.username, PASSWORD)
    for name, url in [("welfare-file-375", reverse("welfare:file_detail", args=[file.pk])),
                      ("welfare-grant-375", reverse("welfare:grant_detail", args=[grant.pk])),
                      ("welfare-ledger-375", reverse("welfare:grant_list"))]:
        phone.goto(base + url)
        assert no_sideways_scroll(phone), name
        screenshot(phone, name)
    page.goto(base + reverse("welfare:grant_list"))
    assert no_sideways_scroll(page)
    screenshot(page, "welfare-ledger-1280")
    assert re.search(r"8,000\.00", other.content())
