"""In a real browser: an officer pastes a four-page plan (four sections, twenty-one items, targets),
lifts one item a level, saves the draft, approves and issues it, and downloads the PDF (a real
Celery worker renders it), whose text carries the numbers as corrected. The person's actions
are counted: the issue asks for a four-page plan from paste to saved in under two minutes of
clicks. A phone shows the same outline, in Chinese, above its source."""
import io
import os
import re
import time

import pytest
from playwright.sync_api import expect

from planning.models import PlanItem, PlanTarget, WorkPlan
from unionadmin.roles import Role

from ..browser.fixtures import log_in
from ..conftest import PASSWORD
from ..factories import FederationFactory, RoleAssignmentFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PLAN = """青溪县总工会文件
青工发〔2026〕3号
青溪县总工会2026年工作要点
各乡镇工会，县直各系统（产业）工会，各企事业单位工会：
2026年全县工会工作的总体要求是：坚持以职工为中心，围绕县委、县政府中心工作，团结动员广大职工建功立业，切实履行维护职工合法权益、竭诚服务职工群众的基本职责，推动全县工会工作高质量发展。
一、强化思想政治引领
（一）深入开展理论学习。把学习宣传贯彻党的创新理论作为首要政治任务，依托职工书屋、网上工会开展学习活动，全年举办职工宣讲活动不少于20场。
各基层工会要结合实际制定学习计划，把理论学习与解决职工实际问题结合起来，做到学用结合、知行合一。
（二）加强职工思想教育。围绕重大主题开展职工思想教育，引导广大职工听党话、跟党走。
深化“中国梦·劳动美”主题教育，用好新媒体平台，讲好职工故事，传播工会声音。
（三）弘扬劳模精神。开展劳模事迹进企业、进校园活动，选树一批县级劳动模范和先进工作者。
落实劳模待遇，做好劳模疗休养和困难劳模帮扶工作，营造崇尚劳动、尊重劳模的社会氛围。
二、推进组织建设
（一）扩大工会组织覆盖。以新就业形态劳动者为重点，集中开展入会行动，全县职工入会率达到95%以上。
聚焦货车司机、网约车司机、快递员、外卖配送员等群体，推进行业工会联合会建设，做到应建尽建、应入尽入。
（二）推进职工之家建设。全县合格职工之家达到90%以上，先进职工之家达到30%以上。
开展职工之家建设达标验收，对不达标的单位限期整改，推动职工之家建设提质增效。
（三）加强基层工会规范化建设。督促基层工会按期换届，建立健全会员代表大会制度。
规范基层工会经费收支管理，加强经费审查监督，提高经费使用效益。
（四）加强工会干部队伍建设。举办基层工会干部培训班，全年培训工会干部不少于300人次。
选派优秀年轻干部到基层一线挂职锻炼，健全工会干部考核评价机制，打造一支政治过硬、本领高强、作风优良的工会干部队伍。
三、维护职工合法权益
（一）推进集体协商。深化工资集体协商，全县集体合同签订率要达到80%以上。
指导企业建立健全工资正常增长机制，推动区域性、行业性集体协商，提高集体合同履约质量。
（二）推进厂务公开民主管理。企事业单位厂务公开建制率保持在90%以上。
坚持和完善以职工代表大会为基本形式的企事业单位民主管理制度，推动职工代表大会提案办理落实，保障职工知情权、参与权、表达权和监督权。
（三）加强劳动保护。开展安康杯竞赛活动，每季度开展一次劳动保护监督检查。
加强职业病防治宣传，督促企业落实安全生产主体责任，保障职工生命安全和身体健康。
（四）做好困难职工帮扶。建立困难职工档案，全年困难职工脱困率达到30%以上。
实行动态管理，做到精准识别、精准帮扶，确保困难职工基本生活得到保障。
（五）维护农民工权益。开展农民工工资支付情况专项检查，协助解决欠薪问题。
畅通职工诉求表达渠道，发挥工会法律援助作用，依法为职工提供法律咨询、代写文书、调解仲裁和诉讼代理等服务。
四、服务职工群众
（一）开展普惠服务。推进会员服务卡工作，为职工提供多样化服务。
拓展与银行、商超、医疗机构等的合作，扩大会员优惠服务范围，让会员切实感受到工会组织的温暖。
（二）办好职工实事。开展“金秋助学”“送温暖”等活动，全年走访慰问困难职工不少于500户。
（三）丰富职工文化生活。举办全县职工运动会和文艺汇演，每月开展一次职工文体活动。
（四）加强职工技能培训。组织开展职业技能竞赛，培训职工1000人次以上。
深入实施职工技能提升行动，建设一批劳模和工匠人才创新工作室，推动形成尊重技能、崇尚创新的良好风尚。
（五）推进工会数字化建设。完善网上工会服务平台，提升服务职工的效率。
推动工会会员实名制数据动态更新，实现会员入会、转会、服务全流程网上办理。
各乡镇工会、县直各系统（产业）工会要按照本要点，结合实际制定年度工作计划，明确责任，细化措施，确保各项工作任务落到实处。
青溪县总工会
2026年1月20日
抄送：县委办公室，县政府办公室，市总工会。
青溪县总工会办公室                2026年1月21日印发"""


class User:
    """Counts what the person does: each click, choice and paste is one action (typing into a
    field counts once, however long the text)."""

    def __init__(self, page):
        self.page, self.actions = page, []

    def click(self, locator, what):
        locator.click()
        self.actions.append(what)

    def paste(self, locator, text, what):
        locator.fill(text)
        self.actions.append(what)


def _row(page, heading):
    return page.locator("#import-check li.import-item", has_text=heading).first


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    with open(path, "rb") as pdf:
        return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.read())).pages)


def _officer_at_work(live_server, page_at):
    """The county federation's administrator, in English, logged in on a desktop page."""
    federation = FederationFactory(name="青溪县总工会", document_code="青工发")
    officer = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=federation).user
    officer.language = "en"
    officer.save(update_fields=["language"])
    page = page_at(1280, 900)
    log_in(page, live_server, officer.username, PASSWORD)
    return officer, page


def test_officer_pastes_a_plan_corrects_a_level_saves_issues_and_prints_it(live_server, page_at, screenshot, worker):
    officer, page = _officer_at_work(live_server, page_at)
    page.goto(f"{live_server.url}/planning/")
    user = User(page)
    started = time.monotonic()

    user.click(page.get_by_role("link", name="Import a plan"), "open the import")
    user.paste(page.get_by_label("The plan's text"), PLAN, "paste the plan")
    user.click(page.get_by_role("button", name="Read the plan"), "read it")
    page.wait_for_selector("#import-check")
    assert page.locator("#import-check li.import-item").count() == 21
    assert _row(page, "加强工会干部队伍建设").locator(".plan-number").inner_text() == "（四）"
    assert page.locator("#import-targets li.import-target").count() >= 8
    screenshot(page, "planning-import-check")

    # The cadres' training is made a section of its own: 三、, and the sections after it count on.
    user.click(_row(page, "加强工会干部队伍建设").get_by_role("button", name="One level up"), "lift one item")
    expect(_row(page, "加强工会干部队伍建设").locator(".plan-number")).to_have_text("三、")
    assert _row(page, "服务职工群众").locator(".plan-number").inner_text() == "五、"
    user.click(page.get_by_role("button", name="Save as draft"), "save as draft")
    page.wait_for_url(re.compile(r"/planning/\d+/edit/$"))
    saved_after = time.monotonic() - started
    page.get_by_text("The plan was imported: 21 items,").wait_for()
    plan = WorkPlan.objects.get()
    assert PlanItem.objects.filter(plan=plan).count() == 21 and PlanTarget.objects.filter(item__plan=plan).count() >= 8

    user.click(page.get_by_role("link", name="Done"), "leave the editor")
    user.click(page.get_by_role("button", name="Approve"), "approve")
    user.click(page.get_by_role("button", name="Issue"), "issue")
    page.wait_for_selector("text=The plan was issued")
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.ISSUED and plan.document_number == "青工发〔2026〕3号"

    user.click(page.get_by_role("button", name="PDF"), "ask for the PDF")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    download_link = page.get_by_role("link", name=re.compile("Download"))
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        user.click(download_link, "download it")
    whole = time.monotonic() - started
    text = _pdf_text(download_info.value.path())
    printed = ["一、强化思想政治引领", "（三）弘扬劳模精神", "二、推进组织建设", "（三）加强基层工会规范化建设",
               "三、加强工会干部队伍建设", "四、维护职工合法权益", "（五）维护农民工权益", "五、服务职工群众",
               "（五）推进工会数字化建设"]
    positions = [text.find(words) for words in printed]
    assert -1 not in positions and positions == sorted(positions), dict(zip(printed, positions, strict=True))
    assert "（四）加强工会干部队伍建设" not in text

    print(f"\nimport journey: {len(user.actions)} actions ({', '.join(user.actions)}); "
          f"paste to saved {saved_after:.1f} s, to the downloaded PDF {whole:.1f} s")
    assert len(user.actions) <= 15
    assert user.actions.index("save as draft") + 1 <= 5  # from the plan list to a saved draft

    phone = page_at(390, 844)
    officer.language = "zh-hans"
    officer.save(update_fields=["language"])
    log_in(phone, live_server, officer.username, PASSWORD)
    phone.goto(f"{live_server.url}/planning/import/")
    phone.locator("textarea[name=text]").fill(PLAN)
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_selector("#import-check")
    # Stacked: the outline comes before the source on a phone, and nothing is wider than the screen.
    outline_top = phone.locator("#import-outline").bounding_box()["y"]
    assert outline_top < phone.locator(".import-source").bounding_box()["y"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "planning-import-check-phone-zh")


def test_the_conversions_list_scrolls_and_is_reached_by_keyboard(live_server, page_at, screenshot):
    """A Traditional text: the list of changes scrolls inside its card, so it takes the focus (Tab)
    and says what it is (axe's scrollable-region-focusable, checked on every page loaded)."""
    import opencc

    _officer, page = _officer_at_work(live_server, page_at)
    page.goto(f"{live_server.url}/planning/import/")
    page.locator("textarea[name=text]").fill(opencc.OpenCC("s2t").convert(PLAN))
    page.locator("main form button[type=submit]").first.click()
    changes = page.get_by_role("region", name="List of changes")
    changes.wait_for()
    assert changes.evaluate("e => e.scrollHeight > e.clientHeight")  # it scrolls
    changes.focus()
    expect(changes).to_be_focused()
    screenshot(page, "planning-import-convert")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#import-check")
    assert "加强工会干部队伍建设" in page.locator("#import-check").inner_text()
