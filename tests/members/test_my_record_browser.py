"""My record and my data on a phone (375 px, issue 19): the member reads their record, asks for
a correction, the officer accepts it at the desk, the member sees the corrected record; the
data page shows an officer's earlier view of the ID number. No page scrolls sideways."""
import datetime

import pytest

from members.models.portal import CorrectionRequest
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.personal_data import reveal
from unionadmin.roles import Role

from .factories import DuesPaymentFactory, HonourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 375


def no_sideways_scroll(page, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{where} is {width} px wide at {PHONE} px"


def test_a_member_asks_for_a_correction_on_a_phone_and_sees_it_made(county, live_server, page_at, member_login,
                                                                    screenshot):
    user, member = member_login(union=county.a, name="欧阳春花", post="技术员", employer="甲公司第一车间",
                                joined_on=datetime.date(2016, 4, 1))
    user.language = "en"
    user.save(update_fields=["language"])
    DuesPaymentFactory(member=member, union=county.a, amount="23.50")
    HonourFactory(member=member, title="县劳动模范")
    officer = UserFactory(language="en", full_name="王干事")
    RoleAssignmentFactory(user=officer, role=Role.UNION_OFFICER, organisation=county.a)
    reveal(officer, member, "id_number")

    page = page_at(PHONE, 800)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="My record").first.click()
    page.wait_for_url("**/me/record/")
    no_sideways_scroll(page, "my record")
    assert "县劳动模范" in page.content() and "2016-04-01" in page.content()
    screenshot(page, "my-record-375")
    page.locator("a[href$='?field=post']").click()
    page.wait_for_url("**/me/record/correct/?field=post")
    page.get_by_label("Correct value").fill("工程师")
    page.get_by_role("button", name="Send to my union").click()
    page.wait_for_url("**/me/record/")
    assert "Waiting for the union" in page.content()

    page.goto(f"{live_server.url}/me/data/")
    no_sideways_scroll(page, "my data")
    views = page.locator("#data-views").locator("..").inner_text()
    assert "王干事" in views and "甲公司工会" in views
    screenshot(page, "my-data-375")

    desk = page_at(1280)
    log_in(desk, live_server, officer.username, PASSWORD)
    request = CorrectionRequest.objects.get(member=member)
    desk.goto(f"{live_server.url}/members/corrections/")
    desk.get_by_role("link", name="欧阳春花").click()
    desk.wait_for_url(f"**/members/corrections/{request.pk}/")
    desk.get_by_role("button", name="Accept and correct").click()
    desk.wait_for_url(f"**/members/corrections/{request.pk}/")

    page.goto(f"{live_server.url}/me/record/")
    assert "Corrected" in page.content() and "工程师" in page.content()
    member.refresh_from_db()
    assert member.post == "工程师"
