"""Every role's home page, in a desktop browser and on a 375-px phone, in Chinese and English."""
import pytest

from members.models import Member
from tests.conftest import PASSWORD
from tests.factories import BranchFactory, MemberFactory, RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each role must see on its home page (Chinese UI), beyond its own roles list.
HOME_EXPECTS = {
    Role.FEDERATION_ADMIN: ["入会率", "测试县总工会", "操作日志"],
    Role.FEDERATION_REVIEWER: ["入会率", "测试县总工会"],
    Role.UNION_OFFICER: ["入会率", "甲公司工会"],
    Role.UNION_CHAIR: ["入会率", "甲公司工会"],
    Role.WELFARE_OFFICER: ["甲公司工会"],
    Role.DELEGATE: ["职工代表"],
    Role.DEPARTMENT: ["承办部门"],
    Role.JUDGE: ["评委"],
    Role.FINANCE_OFFICER: ["甲公司工会", "/finance/vouchers/new/"],
    Role.AUDIT_COMMITTEE: ["甲公司工会", "/finance/audit/"],
}


@pytest.fixture
def people(county):
    BranchFactory(name="一车间分会", parent=county.a)
    for n in range(12):
        MemberFactory(union=county.a, gender=Member.Gender.FEMALE if n % 3 else Member.Gender.MALE)
    at = {
        Role.FEDERATION_ADMIN: county.federation, Role.FEDERATION_REVIEWER: county.federation,
        Role.JUDGE: county.federation,
    }
    users = {}
    for role in Role:
        user = UserFactory(username=f"demo_{role}", mobile=f"1380000{list(Role).index(role):04d}")
        RoleAssignmentFactory(user=user, role=role, organisation=at.get(role, county.a))
        users[role] = user
    return users


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_sees_its_home_page_on_desktop_and_phone(role, people, live_server, page_at, screenshot):
    for width in (1280, 375):
        page = page_at(width)
        log_in(page, live_server, people[role].username, PASSWORD)
        body = page.locator("main").inner_text()
        for expected in HOME_EXPECTS[role]:
            assert expected in page.content(), f"{role} at {width}px: {expected!r} missing"
        assert "我的角色" in body
        # Nothing spills sideways on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{role} at {width}px scrolls sideways by {overflow}px"
        screenshot(page, f"home-{role}-{width}")


def test_delegate_logs_in_by_mobile_number_on_a_phone(people, live_server, page_at):
    page = page_at(375)
    log_in(page, live_server, people[Role.DELEGATE].mobile, PASSWORD)
    assert "职工代表" in page.content()


def test_language_switch_turns_the_login_page_english_and_back(live_server, page_at, screenshot, db):
    page = page_at(1280)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "用户名或手机号" in page.content()
    screenshot(page, "login-zh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Username or mobile number" in page.content()
    screenshot(page, "login-en")
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert "用户名或手机号" in page.content()


def test_phone_menu_opens_and_lists_the_roles_pages(people, live_server, page_at):
    page = page_at(375)
    log_in(page, live_server, people[Role.FEDERATION_ADMIN].username, PASSWORD)
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="组织").click()  # a menu group opens in the collapsed menu
    page.get_by_role("link", name="组织机构").first.wait_for(state="visible")
    assert page.get_by_role("link", name="组织机构").first.is_visible()
