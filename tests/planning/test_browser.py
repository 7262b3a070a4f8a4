"""In a real browser: an officer writes a plan with two sections and a target bound to the
membership rate, approves and issues it, asks for the PDF (a real Celery worker renders it),
watches the progress and downloads it; a unit below sees the plan and acknowledges it."""
import os
import re

import pytest

from planning.models import PlanAcknowledgement, PlanTarget, WorkPlan
from unionadmin.roles import Role

from ..browser.fixtures import log_in, pick
from ..conftest import PASSWORD
from ..factories import FederationFactory, GrassrootsFactory, MemberFactory, RoleAssignmentFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _in_english(user):
    """Log-in sets the language cookie from the account, so the account chooses English."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _row(page, text):
    return page.locator("#plan-items li.plan-item", has_text=text).first


def _tracking_item(page, text):
    return page.locator("#tracking-items .list-group-item", has_text=text).first


def _add(page, button, heading, body=""):
    button.click()
    form = page.locator("#plan-items li.plan-item-form").last

    form.locator("input[name=heading]").fill(heading)
    if body:
        form.locator("textarea[name=body]").fill(body)
    form.get_by_role("button", name="Save").click()
    page.wait_for_selector(f"#plan-items li.plan-item:has-text('{heading}')")


def test_officer_writes_issues_and_prints_a_plan_and_a_unit_below_acknowledges_it(
        live_server, page_at, screenshot, worker):  # noqa: F811
    federation = FederationFactory(name="青溪县总工会", document_code="青工发")
    union = GrassrootsFactory(name="青溪县第一中学工会", parent=federation, category="institution", employee_count=4)
    for _ in range(3):
        MemberFactory(union=union)  # 3 members of 4 employees: 75.0 %
    officer = _in_english(RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=federation).user)
    teacher = _in_english(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=union).user)

    page = page_at(1280, 900)
    log_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/planning/")
    page.get_by_role("link", name="New plan").click()
    pick(page, "issuer", federation.name)  # a search box (pickers.js)
    page.fill("input[name=year]", "2026")
    page.fill("input[name=title]", "青溪县总工会2026年工作要点")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/planning/\d+/edit/$"))
    plan = WorkPlan.objects.get()

    _add(page, page.get_by_role("button", name="Add a section"), "加强组织建设")
    _row(page, "加强组织建设").get_by_role("button", name="Actions").click()
    _add(page, page.get_by_role("button", name="Add a sub-item"), "推进会员发展", "全县职工入会率保持在100%。")
    _add(page, page.get_by_role("button", name="Add a section"), "维护职工权益")
    assert _row(page, "推进会员发展").locator(".plan-number").inner_text() == "（一）"
    assert _row(page, "维护职工权益").locator(".plan-number").inner_text() == "二、"

    _row(page, "推进会员发展").get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Add a target").click()
    form = page.locator("#plan-items li.plan-item-form")
    form.locator("select[name=indicator_code]").select_option("membership_rate")
    form.locator("input[name=target_value]").fill("100")
    form.get_by_role("button", name="Save").click()
    page.wait_for_selector("#plan-items .plan-target")
    assert PlanTarget.objects.get().indicator_code == "membership_rate"

    preview = page.frame_locator("#plan-preview iframe")
    preview.locator("text=二、维护职工权益").wait_for()  # the live preview followed every change
    assert "青溪县总工会文件" in preview.locator(".gw-mark").inner_text()
    screenshot(page, "planning-editor")
    phone = page_at(390, 844)
    log_in(phone, live_server, officer.username, PASSWORD)
    phone.goto(f"{live_server.url}/planning/{plan.pk}/edit/")
    _row(phone, "推进会员发展").get_by_role("button", name="Actions").click()
    screenshot(phone, "planning-editor-phone")

    page.get_by_role("link", name="Done").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Issue").click()
    page.wait_for_selector("text=The plan was issued")
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.ISSUED and plan.document_number == "青工发〔2026〕1号"

    page.get_by_role("button", name="PDF").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    page.locator("#document-progress").wait_for()
    download_link = page.get_by_role("link", name=re.compile("Download"))
    download_link.wait_for(timeout=60_000)
    screenshot(page, "planning-pdf-ready")
    with page.expect_download() as download_info:
        download_link.click()
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto(f"{live_server.url}/planning/{plan.pk}/tracking/")
    assert "75" in page.locator("#targets .display-value").inner_text()
    item = _tracking_item(page, "推进会员发展")
    item.locator("summary").click()
    item.locator("input[name=percent]").fill("60")
    item.locator("textarea[name=note]").fill("开展集中入会行动")
    item.get_by_role("button", name="Add the note").click()
    page.wait_for_selector("text=开展集中入会行动")
    screenshot(page, "planning-tracking")
    page.goto(f"{live_server.url}/planning/{plan.pk}/summary/")
    assert "开展集中入会行动" in page.locator("#summary-text").input_value()

    unit_page = page_at(390, 844)  # a phone
    log_in(unit_page, live_server, teacher.username, PASSWORD)
    unit_page.goto(f"{live_server.url}/planning/")
    unit_page.get_by_role("link", name=re.compile("青溪县总工会2026年工作要点")).click()
    unit_page.get_by_role("button", name="Acknowledge").click()
    unit_page.wait_for_selector("text=Acknowledged for")
    screenshot(unit_page, "planning-acknowledged-phone")
    assert PlanAcknowledgement.objects.filter(plan=plan, organisation=union, user=teacher).exists()

    page.goto(f"{live_server.url}/planning/{plan.pk}/")
    page.get_by_role("tab", name=re.compile("Acknowledgements")).click()
    assert "青溪县第一中学工会" in page.locator("#tab-acks").inner_text()
