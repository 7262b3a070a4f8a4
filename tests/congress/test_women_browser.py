"""Women workers' work in a real browser: a union's officer sets up the women workers' committee
from the union's page, names its director (who then holds the cadre post) and records a 三八
event with its photo; the federation then sees the union on its overview. Screenshots of the
pages in Chinese under var/screenshots/ (copied to /tmp/shots/women/ for review)."""
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress.models import WomenActivity, WomenCommittee
from members.models import CadrePost
from tests import uploads as u
from tests.browser.fixtures import log_in, pick
from tests.conftest import PASSWORD
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories import CollectiveContractFactory
from .factories_women import man, woman

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/women")


def _person(role, organisation, language="en"):
    user = UserFactory(language=language)
    RoleAssignmentFactory(user=user, role=role, organisation=organisation)
    return user


def _shot(screenshot, page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def test_a_union_sets_up_its_womens_committee_records_an_event_and_the_county_sees_it(
        county, live_server, page_at, screenshot, tmp_path):
    today = timezone.localdate()
    director = woman(county.a, name="林秀英")
    woman(county.a, name="周丽")
    man(county.a, name="张强")
    CollectiveContractFactory(union=county.a, kind="women", title="甲公司女职工权益保护专项集体合同")
    officer = _person(Role.UNION_OFFICER, county.a)
    page = page_at(1280)
    log_in(page, live_server, officer.username, PASSWORD)

    # The union's page: the women workers' tab offers to record the committee.
    page.goto(f"{live_server.url}/organisations/{county.a.pk}/")
    page.get_by_role("tab", name="Women workers").click()
    page.get_by_role("link", name="New women workers' committee").click()
    page.locator("#id_starts_on").fill(f"{today.year - 1}-04-01")
    page.locator("#id_ends_on").fill(f"{today.year + 4}-03-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/congress/women/committees/*/")

    # Her seat as director: she then holds the cadre post, shown on the committee's page.
    pick(page, "member", "林秀", "林秀英")  # a search box (pickers.js)
    page.locator("#id_position").select_option("director")
    page.locator("#id_joined_on").fill(today.isoformat())
    page.get_by_role("button", name="Add").click()
    assert "林秀英 was added as Director." in page.locator(".alert").first.inner_text()
    row = page.locator("main tbody tr", has_text="林秀英")
    assert "Director of the women workers' committee" in row.inner_text()
    assert CadrePost.objects.current().filter(member=director, position="women_director").exists()

    # A 三八 event with its photo.
    photo = tmp_path / "合影.png"
    photo.write_bytes(u.png())
    page.goto(f"{live_server.url}/congress/women/activities/new/")
    page.locator("#id_kind").select_option("march8")
    page.locator("#id_held_on").fill(today.replace(month=3, day=8).isoformat() if today.month > 3
                                     else today.isoformat())
    page.locator("#id_title").fill("“三八”国际妇女节趣味运动会")
    page.locator("#id_participants").fill("46")
    page.locator("#id_members_taking_part").fill("44")
    page.locator("#id_cost").fill("3200")
    page.locator("#id_file").set_input_files(str(photo))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/congress/women/activities/")
    assert "The activity was saved." in page.locator(".alert").first.inner_text()
    assert WomenActivity.objects.get().file_name == "合影.png"
    totals = page.locator("main table").first.inner_text()
    assert "March 8th event" in totals and "46" in totals and "3200.00" in totals

    # The county federation sees the union with its committee, contract, event and shares.
    federation = _person(Role.FEDERATION_ADMIN, county.federation, language="zh-hans")
    zh = page_at(1280)
    log_in(zh, live_server, federation.username, PASSWORD)
    zh.goto(f"{live_server.url}/congress/women/")
    row = zh.locator("main tbody tr", has_text="甲公司工会")
    assert row.locator(".badge").all_inner_texts()[:2] == ["是", "是"]
    assert "66.7%" in row.inner_text()  # 2 of the 3 members are women
    _shot(screenshot, zh, "women-overview")
    zh.goto(f"{live_server.url}/organisations/{county.a.pk}/")
    zh.locator("button[data-bs-target='#tab-women']").click()
    expect(zh.locator("#tab-women")).to_have_css("opacity", "1")  # the tab has faded in
    _shot(screenshot, zh, "women-union-tab")
    zh.goto(live_server.url + WomenCommittee.objects.get().get_absolute_url())
    _shot(screenshot, zh, "women-committee")
    zh.goto(f"{live_server.url}/congress/women/activities/")
    _shot(screenshot, zh, "women-activities")
    zh.locator("main tbody a").first.click()
    _shot(screenshot, zh, "women-activity-form")
