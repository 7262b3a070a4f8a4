"""In a real browser: the federation publishes a rubric; a unit scores three items with
evidence (saved as it goes) and submits; a reviewer lowers one item with a remark and sends
the review; the unit appeals; the reviewer answers and finalises; the federation publishes
the results and the ranking shows the unit in its category with the right grade; both PDFs
are made by a real Celery worker and downloaded. Screenshots at 1280 and 375 px."""
import os
import re
import shutil
from decimal import Decimal

import pytest

from assessment.models import Appeal, Result, UnitAssessment
from unionadmin.roles import Role

from ..browser.fixtures import SCREENSHOTS, log_in
from ..conftest import PASSWORD
from ..factories import FederationFactory, GrassrootsFactory, RoleAssignmentFactory
from .factories import build_rubric, build_sheet, fill, mark, review_all

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

AREAS = [
    ("组织建设", [("工会组织健全，按期换届", 30, {"evidence_required": True}),
                 ("会员实名制管理", 30, {"evidence_required": True})]),
    ("维权服务", [("签订集体合同", 40, {"evidence_required": True})]),
]
SPECIAL = [("veto", "发生重大安全事故或群体性事件", 0, {})]


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _card(page, title):
    return page.locator(".item-card", has_text=title).first


def _download_pdf(page, button_name, keep_as):
    page.get_by_role("button", name=button_name).click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    link = page.get_by_role("link", name=re.compile("Download"))
    link.wait_for(timeout=90_000)
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / keep_as)
    return SCREENSHOTS / keep_as


def test_rubric_self_assessment_review_appeal_results_and_pdfs(live_server, page_at, screenshot, worker,
                                                                tmp_path):
    federation = FederationFactory(name="青溪县总工会")
    union = GrassrootsFactory(name="青溪县恒达机械制造有限公司工会", parent=federation, category="enterprise")
    rival = GrassrootsFactory(name="青溪县鑫源水泥有限公司工会", parent=federation, category="enterprise")
    school = GrassrootsFactory(name="青溪县第一中学工会", parent=federation, category="institution")
    admin = _english(RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=federation).user)
    reviewer = _english(RoleAssignmentFactory(role=Role.FEDERATION_REVIEWER, organisation=federation).user)
    officer = _english(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=union).user)
    rubric = build_rubric(federation, year=2026, areas=AREAS, special=SPECIAL, publish=False,
                          title="青溪县总工会2026年度基层工会目标管理考核细则")
    version = rubric.versions.get()

    # The federation publishes the rubric.
    fed = page_at(1280, 900)
    fed.on("dialog", lambda dialog: dialog.accept())
    log_in(fed, live_server, admin.username, PASSWORD)
    fed.goto(f"{live_server.url}/assessment/versions/{version.pk}/")
    fed.get_by_role("button", name="Publish").click()
    fed.wait_for_selector("text=The rubric is published")
    rubric.refresh_from_db()
    assert rubric.current_version == version
    # Two other units already assessed: one in the same category, one in another.
    for unit, share in ((rival, "0.9"), (school, "0.99")):
        sheet = fill(build_sheet(rubric, unit), default=share)
        review_all(sheet)
        mark(sheet, "finalised")

    # The unit scores three items with evidence, saved as it goes, and submits.
    page = page_at(1280, 900)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_role("button", name="Start the self-assessment").first.click()
    page.wait_for_url(re.compile(r"/assessment/sheets/\d+/$"))
    evidence = tmp_path / "换届选举批复.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%evidence\n")
    for title, points in (("工会组织健全，按期换届", "30"), ("会员实名制管理", "28.5"), ("签订集体合同", "38")):
        card = _card(page, title)
        card.locator("input[name=points]").fill(points)
        card.locator("textarea[name=note]").fill("材料见附件")
        card.locator("textarea[name=note]").blur()
        card.get_by_text("Saved at").wait_for()
        card.locator("input[type=file]").set_input_files(str(evidence))
        card.get_by_role("button", name="Upload").click()
        card.get_by_role("link", name="换届选举批复.pdf").wait_for()
    page.wait_for_function("document.querySelector('#self-total').textContent.trim() === '96.5'")
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"PK\x03\x04 not a pdf at all")
    card = _card(page, "签订集体合同")
    card.locator("input[type=file]").set_input_files(str(bad))
    card.get_by_role("button", name="Upload").click()
    card.get_by_text("is damaged or incomplete and cannot be opened").wait_for()
    screenshot(page, "assessment-sheet-1280")
    phone = page_at(375, 812)
    log_in(phone, live_server, officer.username, PASSWORD)
    sheet = UnitAssessment.objects.get(unit=union)
    phone.goto(f"{live_server.url}/assessment/sheets/{sheet.pk}/")
    screenshot(phone, "assessment-sheet-375")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("text=The sheet was submitted")
    sheet.refresh_from_db()
    assert sheet.state == "submitted"

    # The reviewer lowers one item with a remark and sends the review.
    rev = page_at(1280, 900)
    rev.on("dialog", lambda dialog: dialog.accept())
    log_in(rev, live_server, reviewer.username, PASSWORD)
    rev.goto(f"{live_server.url}/assessment/review/")
    rev.get_by_role("link", name=re.compile("恒达机械")).click()
    card = _card(rev, "签订集体合同")
    card.locator("input[name=points]").fill("34")
    card.locator("textarea[name=remark]").fill("集体合同未报人社局备案，扣4分。")
    card.locator("textarea[name=remark]").blur()
    card.get_by_text("Reviewed at").wait_for()
    rev.get_by_role("button", name="Send the review to the unit").click()
    rev.wait_for_selector("text=The review was sent")

    # The unit appeals the lowered item.
    page.goto(f"{live_server.url}/assessment/sheets/{sheet.pk}/")
    card = _card(page, "签订集体合同")
    card.get_by_text("Appeal this item").click()
    card.locator("textarea[name=reason]").fill("合同已于3月备案，备案回执见附件。")
    card.get_by_role("button", name="Send the appeal").click()
    page.wait_for_selector("text=Your appeal was sent")
    assert Appeal.objects.get().is_open

    # The reviewer answers (partly restoring the points) and finalises.
    rev.reload()
    card = _card(rev, "签订集体合同")
    card.locator("input[name=points][id^=ap-]").fill("36")
    card.locator("textarea[name=answer]").fill("备案回执有效，但履行报告缺失，恢复2分。")
    card.get_by_role("button", name="Answer the appeal").click()
    rev.wait_for_selector("text=The appeal was answered")
    rev.get_by_role("button", name="Finalise").click()
    rev.wait_for_selector("text=is final")
    sheet.refresh_from_db()
    assert sheet.state == "finalised"

    # The federation publishes the results: 30 + 28.5 + 36 = 94.5, up to standard, first of the enterprises.
    fed.goto(f"{live_server.url}/assessment/rubrics/{rubric.pk}/results/")
    fed.get_by_role("button", name="Publish the results").click()
    fed.wait_for_selector("text=were published")
    result = Result.objects.get(unit=union)
    assert (result.total, result.grade, result.rank) == (Decimal("94.50"), "standard", 1)
    summary_pdf = _download_pdf(fed, "Summary by category (PDF)", "assessment-summary.pdf")

    # The unit sees the ranking: in its category, with its grade.
    page.goto(f"{live_server.url}/assessment/rubrics/{rubric.pk}/results/")
    row = page.locator("tr.own-unit")
    assert "恒达机械" in row.inner_text() and "94.5" in row.inner_text() and "Up to standard" in row.inner_text()
    assert row.locator("td.rank").inner_text() == "1"
    enterprise = page.locator("section", has=page.locator("h2", has_text="Enterprise"))
    assert "鑫源水泥" in enterprise.inner_text() and "第一中学" not in enterprise.inner_text()
    assert "Grades by category" in page.inner_text("main") and page.locator("#grades-chart").is_visible()
    screenshot(page, "assessment-ranking-1280")
    phone.goto(f"{live_server.url}/assessment/rubrics/{rubric.pk}/results/")
    screenshot(phone, "assessment-ranking-375")
    page.goto(f"{live_server.url}/assessment/sheets/{sheet.pk}/")
    sheet_pdf = _download_pdf(page, "Score sheet (PDF)", "assessment-sheet.pdf")
    assert summary_pdf.stat().st_size > 1000 and sheet_pdf.stat().st_size > 1000
