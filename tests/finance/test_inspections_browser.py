"""In a real browser: the federation sees an overdue rectification on its round, the unit's
finance officer answers the finding with a report, the federation accepts it; the committee and
round pages at 1280 and 375 px (nothing spills sideways on a phone)."""
import datetime

import pytest
from django.utils import timezone

from finance import audit
from finance.models import CheckItem, Finding, InspectedUnit
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import MemberFactory

from .factories import account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_an_overdue_finding_is_rectified_and_accepted(county, person, live_server, page_at, screenshot):
    account("102")
    inspector, keeper = person("federation_admin", county.federation), person("finance_officer", county.a)
    today = timezone.localdate()
    committee = audit.committee_create(county.a, term_start=today - datetime.timedelta(days=30), years=5)
    audit.seat_add(committee, MemberFactory(union=county.a, name="孙立民"))
    inspection = audit.round_create(county.federation, title="财务检查", starts_on=today - datetime.timedelta(days=60),
                                    ends_on=today - datetime.timedelta(days=30), by=inspector)
    audit.round_set_units(inspection, [county.a, county.b], by=inspector)
    audit.round_notify(inspection, by=inspector)
    inspected = InspectedUnit.objects.get(round=inspection, unit=county.a)
    audit.unit_fieldwork(inspected, visited_on=today - datetime.timedelta(days=50), checklist={"festival": "problem"},
                         by=inspector)
    finding = audit.finding_add(inspected, category=CheckItem.FESTIVAL, severity=Finding.Severity.MAJOR,
                                description="中秋慰问品超标", deadline=today - datetime.timedelta(days=1), by=inspector)

    for width in (1280, 375):
        page = page_at(width)
        log_in(page, live_server, inspector.username, PASSWORD)
        page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
        assert "Overdue rectifications: 1" in page.locator("#overdue").inner_text()
        assert _overflow(page) <= 0, f"the round page scrolls sideways at {width}px"
        screenshot(page, f"finance-inspection-round-{width}")
        page.goto(f"{live_server.url}/finance/audit/")
        assert "甲公司工会" in page.locator("#committees").inner_text()
        assert _overflow(page) <= 0, f"the committee page scrolls sideways at {width}px"
        screenshot(page, f"finance-audit-committees-{width}")

    page = page_at(375)
    log_in(page, live_server, keeper.username, PASSWORD)
    page.goto(f"{live_server.url}{finding.get_absolute_url()}")
    page.get_by_role("link", name="Send a rectification report").click()
    page.locator("#id_report").fill("已收回超标部分，补齐清单。")
    page.get_by_role("button", name="Send the rectification report").click()
    page.wait_for_url(f"**{finding.get_absolute_url()}")
    assert "Rectification reported" in page.locator("main").inner_text()
    screenshot(page, "finance-finding-375")

    page = page_at(1280)
    log_in(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}{finding.get_absolute_url()}")
    page.get_by_role("link", name="Verify").click()
    page.get_by_label("Accept: the finding is rectified and closed").check()
    page.get_by_role("button", name="Record the verification").click()
    page.wait_for_url(f"**{finding.get_absolute_url()}")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
