"""换届 in a real browser: a federation officer sees the overdue list from the home page and
opens an overdue union's terms; a union's officer records the committee elected before the
system on a phone. Screenshots of both pages, in Chinese, under var/screenshots/."""
import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from congress.models import CommitteeTerm
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import GrassrootsFactory, RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories_reelection import CommitteeTermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(role, organisation, language="en"):
    user = UserFactory(language=language)
    RoleAssignmentFactory(user=user, role=role, organisation=organisation)
    return user


def test_a_federation_officer_sees_the_overdue_list(county, live_server, page_at, screenshot):
    today = timezone.localdate()
    CommitteeTermFactory(union=county.a, number=6, length_years=5, starts_on=today - relativedelta(years=5, months=3))
    CommitteeTermFactory(union=county.b, number=2, length_years=3, starts_on=today - relativedelta(years=1))
    GrassrootsFactory(name="丙医院工会", parent=county.federation)
    officer = _person(Role.FEDERATION_ADMIN, county.federation)
    page = page_at(1280)
    log_in(page, live_server, officer.username, PASSWORD)
    page.get_by_role("link", name="1 union overdue").click()
    page.wait_for_url("**/congress/reelection/?show=overdue")
    rows = page.locator("main tbody tr")
    assert rows.count() == 1
    assert "甲公司工会" in rows.first.inner_text() and "days overdue" in rows.first.inner_text()
    page.get_by_role("link", name="Due within six months").click()
    assert page.locator("main tbody").inner_text().strip() == "No union in this list."
    page.get_by_role("link", name="All").click()
    assert [r.split("\t")[0] for r in page.locator("main tbody tr").all_inner_texts()] == [
        "甲公司工会", "丙医院工会", "乙学校工会"]
    page.get_by_role("link", name="甲公司工会").click()
    page.wait_for_url(f"**/congress/unions/{county.a.pk}/committee-terms/")
    assert "Overdue" in page.locator("main").inner_text()

    chinese = _person(Role.FEDERATION_ADMIN, county.federation, language="zh-hans")
    zh = page_at(1280)
    log_in(zh, live_server, chinese.username, PASSWORD)
    zh.goto(f"{live_server.url}/congress/reelection/")
    screenshot(zh, "reelection-county")
    zh.goto(f"{live_server.url}/organisations/{county.a.pk}/")
    zh.locator("button[data-bs-target='#tab-terms']").click()
    tab = zh.locator("#tab-terms")
    tab.wait_for(state="visible")
    # the pane fades in: the accessibility audit reads colours once it is fully shown
    expect(tab).to_have_css("opacity", "1")
    assert "2026" in tab.inner_text() or str(today.year) in tab.inner_text()
    screenshot(zh, "reelection-union-tab")


def test_a_union_officer_records_the_term_before_the_system(county, live_server, page_at, screenshot):
    officer = _person(Role.UNION_OFFICER, county.a, language="zh-hans")
    page = page_at(375)
    log_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/congress/unions/{county.a.pk}/committee-terms/new/")
    page.locator("#id_number").fill("5")
    page.locator("#id_length_years input[value='3'], input[name=length_years][value='3']").first.check()
    page.locator("#id_starts_on").fill("2024-04-20")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/congress/unions/{county.a.pk}/committee-terms/")
    term = CommitteeTerm.objects.get(union=county.a)
    assert (term.number, str(term.ends_on)) == (5, "2027-04-20")
    assert "2027-04-20" in page.locator("main").inner_text()
    screenshot(page, "reelection-union-terms-phone")
