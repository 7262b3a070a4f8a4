"""In a real browser: an officer imports a messy roster, reads the errors, fixes the file,
imports it, finds a member and transfers them; the other union's officer accepts."""
import datetime
import re

import pytest

from members.models import Member, Transfer
from tests.browser.fixtures import log_in, pick
from tests.conftest import PASSWORD
from tests.factories import BranchFactory

from .sheets import csv_bytes, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["姓名", "性别", "身份证号码", "手机号", "入会时间", "学历", "用工形式"]
GOOD_ID = person(1, female=True)
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
MESSY = [
    ["陈静", "女", BAD_ID, "139 0000 1111", "2011年4月28日", "本科", "正式"],  # wrong check digit
    ["周杰", "男", person(2), "13900002222", "2011/4/28", "大专", "劳务派遣"],
    ["吴磊", "男", person(3), "13900003333", "2011.4.28", "高中", "农民工"],
    ["郑爽", "女", person(4, female=True), "13900004444", "2011-04-28", "本科", "正式"],
    ["冯刚", "男", person(5), "13900005555", "二〇一一年", "本科", "正式"],  # not a date
]


def english(page, live_server, user):
    """English pages: the login sets the language saved on the user."""
    user.language = "en"
    user.save(update_fields=["language"])
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def upload_and_check(page, live_server, union, rows, name):
    page.goto(f"{live_server.url}/members/import/")
    pick(page, "union", union.name)  # a search box (pickers.js)
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": "text/csv",
                                                     "buffer": csv_bytes(rows, headers=HEADERS, encoding="gbk")}])
    page.get_by_role("button", name="Upload and choose the columns").click()
    # Every column was found, so a worker checks the file at once; the page polls and reloads
    # itself with the result.
    page.locator("table.import-errors").or_(page.get_by_text("Every row is right")).first.wait_for(timeout=60_000)


@pytest.mark.worker
def test_import_fix_find_transfer_accept(worker, live_server, page_at, screenshot, county, officer_a, officer_b):
    BranchFactory(parent=county.a, name="一车间分会")
    page = page_at(1280)
    english(page, live_server, officer_a)
    log_in(page, live_server, officer_a.username, PASSWORD)

    # A messy GBK CSV: every bad row is listed, nothing is imported.
    upload_and_check(page, live_server, county.a, MESSY, "花名册.csv")
    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 2
    text = page.locator("table.import-errors").inner_text()
    assert "The last character of this ID number does not match the others" in text
    assert "“二〇一一年” is not a date" in text
    assert page.get_by_role("button", name="Import now").count() == 0
    screenshot(page, "members-import-errors-1280")
    assert not Member.objects.exists()

    # The corrected file imports in one go.
    fixed = [row[:] for row in MESSY]
    fixed[0][2], fixed[4][4] = GOOD_ID, "2011年4月28日"
    upload_and_check(page, live_server, county.a, fixed, "花名册（改）.csv")
    assert "Every row is right" in page.content()
    page.get_by_role("button", name="Import now").click()
    page.locator("main").get_by_text("5 members added").first.wait_for(timeout=60_000)  # written by the worker
    assert Member.objects.filter(union=county.a).count() == 5

    # Find a member by the last four characters of the ID number, open them, transfer them.
    page.get_by_role("link", name="Open the roster").click()
    page.fill("input[name=q]", person(3)[-4:])
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_role("link", name="吴磊").click()
    assert "吴磊" in page.locator("h1").inner_text()
    screenshot(page, "members-member-1280")
    page.get_by_role("link", name="Transfer to another union").click()
    pick(page, "to_union", "乙学校", county.b.name)  # a search box (pickers.js)
    page.fill("input[name=reason]", "调入乙学校")
    page.get_by_role("button", name="Send the transfer").click()
    page.wait_for_load_state()
    assert "stays on your roster until it is accepted" in page.content()
    transfer = Transfer.objects.get()
    assert transfer.state == "sent"

    # Union B's officer sees it waiting on the home page and accepts it.
    page_b = page_at(375)
    english(page_b, live_server, officer_b)
    log_in(page_b, live_server, officer_b.username, PASSWORD)
    assert "吴磊" in page_b.locator("main").inner_text()
    page_b.get_by_role("link", name="Answer").click()
    screenshot(page_b, "members-transfer-375")
    page_b.get_by_role("button", name="Accept").click()
    page_b.wait_for_load_state()
    assert "is now a member of" in page_b.content()
    transfer.refresh_from_db()
    member = Member.objects.get(name="吴磊")
    assert transfer.state == "accepted" and member.union == county.b
    page_b.goto(f"{live_server.url}/members/")
    assert "吴磊" in page_b.locator("table.roster").inner_text()
    # The history went with the member.
    page_b.goto(f"{live_server.url}/members/{member.pk}/#tab-history")
    assert county.a.name in page_b.locator("#tab-history").inner_text()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_roster_and_member_page_fit_the_screen(live_server, page_at, screenshot, county, officer_a, width):
    branch = BranchFactory(parent=county.a, name="一车间分会", short_name="一车间")
    Member.objects.bulk_create([
        Member(union=branch if n % 3 else county.a, name=name, gender="female" if n % 2 else "male",
               id_number=person(100 + n, female=bool(n % 2)), birth_date=datetime.date(1990, 1, 1),
               phone=f"1390000{n:04d}", joined_on=datetime.date(2010 + n % 12, 1 + n % 12, 1),
               employment_type=["regular", "dispatched", "migrant"][n % 3], card_number=f"HD-{n:05d}",
               is_model_worker=n == 2, is_cadre=n in (0, 5), employer="甲公司", post="车工")
        for n, name in enumerate(["王秀英", "李建国", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰",
                                  "吴磊", "徐丽", "孙强"])])
    page = page_at(width)
    log_in(page, live_server, officer_a.username, PASSWORD)
    page.goto(f"{live_server.url}/members/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the roster scrolls sideways by {overflow}px at {width}px"
    screenshot(page, f"members-roster-{width}")
    page.get_by_role("link", name="王秀英").click()
    page.wait_for_url(re.compile(r".*/members/\d+/$"))
    page.wait_for_load_state()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the member page scrolls sideways by {overflow}px at {width}px"
    page.locator(".personal-field button").first.click()  # reveal the ID number
    page.wait_for_selector(".personal-revealed")
    screenshot(page, f"members-member-{width}")


PAGES = ["/members/", "/members/transfers/?box=all", "/members/dues/", "/members/dues/arrears/", "/members/cards/",
         "/members/cadres/", "/members/model-workers/", "/members/import/", "/"]


def test_every_members_page_fits_a_phone_with_the_demo_county(live_server, page_at, screenshot):
    from members.demo import load_demo_members_extras
    from unionadmin.demo import load_demo
    from unionadmin.demo.data import PASSWORD as DEMO_PASSWORD
    from unionadmin.models import RoleAssignment

    load_demo_members_extras(load_demo(members=300, seed=3).federation, seed=3)
    # The demo officer holds two roles (union chair and officer) at the same union.
    union = RoleAssignment.objects.filter(user__username="officer").select_related("organisation").first().organisation
    model_worker = Member.objects.filter(union__path__startswith=union.path, is_model_worker=True).first() or \
        Member.objects.filter(union__path__startswith=union.path).first()
    for width in (375, 1280):
        page = page_at(width)
        log_in(page, live_server, "officer", DEMO_PASSWORD)
        for path in PAGES + [f"/members/{model_worker.pk}/"]:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            name = path.strip("/").replace("/", "-").split("?")[0] or "home"
            screenshot(page, f"members-demo-{name}-{width}")
