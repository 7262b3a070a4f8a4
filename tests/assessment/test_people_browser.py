"""In a real browser, a school scores its teachers and ranks them: the school union's chair
writes the ethics rubric (师德量化考核) and publishes it, starts a sheet for every teacher,
enters each teacher's self-scores (one with a certificate as evidence) and submits; a second
officer of the school's union reviews (lowering one item with a reason); the chair publishes
the results and the ranking shows the tie and the grades; the education union above reads it."""
import os
from pathlib import Path

import pytest

from assessment.models import PeopleRubric, PersonScore, PersonSheet
from unionadmin.roles import Role

from ..browser.fixtures import log_in
from ..conftest import PASSWORD
from ..factories import FederationFactory, GrassrootsFactory, IndustryFactory, MemberFactory, RoleAssignmentFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/people")


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _scores(page, points, *, submit=True):
    """Fill the sheet's self-score inputs in order (None leaves one blank)."""
    inputs = page.locator("input[id^=points-]")
    for index, value in enumerate(points):
        if value is not None:
            inputs.nth(index).fill(str(value))
    page.get_by_role("button", name="Save and submit for review" if submit else "Save", exact=True).click()


def test_a_school_scores_its_teachers_and_ranks_them(live_server, page_at, tmp_path):
    federation = FederationFactory(name="青溪县总工会")
    education = IndustryFactory(name="青溪县教育工会", parent=federation)
    school = GrassrootsFactory(name="青溪县第一中学工会", parent=education, category="institution")
    chair = _english(RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=school).user)
    reviewer = _english(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=school).user)
    edu_officer = _english(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=education).user)
    for name in ("王老师", "李老师", "赵老师"):
        MemberFactory(union=school, name=name)

    page = page_at(1280, 900)
    log_in(page, live_server, chair.username, PASSWORD)
    # The rubric: thresholds 优秀 90, 合格 60; two standard items of 50 and a bonus with evidence.
    page.goto(f"{live_server.url}/assessment/people/new/")
    page.get_by_label("Title").fill("2026年度教师师德量化考核")
    page.get_by_label("Self-assessment deadline").fill("2026-12-20")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=The assessment was created")
    rubric = PeopleRubric.objects.get()
    for area, title, kind, maximum, evidence in [("师德表现", "爱国守法，关爱学生", "Standard item", "50", False),
                                                  ("教书育人", "认真备课上课", "Standard item", "50", False),
                                                  ("加分项目", "获县级以上师德表彰", "Bonus", "5", True)]:
        page.get_by_label("Area").fill(area)
        page.get_by_label("What is assessed").fill(title)
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Maximum points").fill(maximum)
        page.get_by_label("Evidence required").set_checked(evidence)
        page.get_by_role("button", name="Add the item").click()
        page.wait_for_selector("text=The item was added")
        page.locator("summary", has_text="Add an item").click()
    page.get_by_role("button", name="Publish the assessment").click()
    page.wait_for_selector("text=The assessment was published")
    # Every current member gets a sheet.
    page.get_by_role("button", name="Start the sheets").click()
    page.wait_for_selector("text=3 sheets were started")
    _shot(page, "rubric")

    # 王老师: 48 + 45 + 3 bonus with a certificate = 96; 李老师 46 + 50 = 96; 赵老师 30 + 28 = 58.
    page.get_by_role("link", name="王老师").click()
    bonus = PersonScore.objects.get(sheet__member__name="王老师", kind="bonus")
    # The scores typed first, then the certificate attached: one form saves both, nothing typed is lost.
    page.locator("input[id^=points-]").nth(0).fill("48")
    page.locator("input[id^=points-]").nth(1).fill("45")
    page.locator("input[id^=points-]").nth(2).fill("3")
    page.locator(f"#file-{bonus.pk}").set_input_files(
        files=[{"name": "师德先进证书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%certificate\n"}])
    page.get_by_role("button", name="Save and submit for review", exact=True).click()
    page.wait_for_selector("text=The self-scores were saved and submitted for review")
    assert list(bonus.evidence.values_list("file_name", flat=True)) == ["师德先进证书.pdf"]
    _shot(page, "sheet_submitted")
    for name, points in [("李老师", [46, 50, None]), ("赵老师", [30, 28, None])]:
        page.goto(live_server.url + rubric.get_absolute_url())
        page.get_by_role("link", name=name).click()
        _scores(page, points)
        page.wait_for_selector("text=The self-scores were saved and submitted for review")
    # The chair entered the scores, so the chair is told another officer must review them.
    page.goto(live_server.url + PersonSheet.objects.get(member__name="赵老师").get_absolute_url())
    assert page.get_by_text("another officer of the union must review them").first.is_visible()

    # The second officer reviews: 赵老师's first item lowered by 2 with the reason.
    other = page_at(1280, 900)
    log_in(other, live_server, reviewer.username, PASSWORD)
    for sheet in PersonSheet.objects.filter(rubric=rubric).select_related("member").order_by("member__name"):
        other.goto(live_server.url + sheet.get_absolute_url())
        if sheet.member.name == "赵老师":
            other.locator("input[id^=rpoints-]").first.fill("28")
            other.locator("input[id^=remark-]").first.fill("集体教研缺席两次")
            _shot(other, "sheet_review")
        other.get_by_role("button", name="Confirm the review").click()
        other.wait_for_selector("text=The review was saved; the sheet is final")
    assert set(PersonSheet.objects.values_list("state", flat=True)) == {"final"}

    # The chair publishes; the ranking shares rank 1 on the tie, then 3, with the grades.
    page.goto(f"{live_server.url}/assessment/people/{rubric.pk}/results/")
    page.get_by_role("button", name="Publish the results").click()
    page.wait_for_selector("text=The results of 3 people were published")
    rows = page.locator("[data-testid=ranking] tbody tr")
    # rank, name, (branch, post,) total, grade
    texts = [" ".join(rows.nth(i).locator("td").nth(j).inner_text().strip() for j in (0, 1, 4, 5))
             for i in range(rows.count())]
    assert texts == ["1 李老师 96.00 Excellent", "1 王老师 96.00 Excellent", "3 赵老师 56.00 Fail"]
    _shot(page, "results")

    # The education union above reads the published ranking (and may export it).
    edu = page_at(1280, 900)
    log_in(edu, live_server, edu_officer.username, PASSWORD)
    edu.goto(f"{live_server.url}/assessment/people/{rubric.pk}/results/")
    assert edu.get_by_role("link", name="XLSX").is_visible()
    assert edu.locator("[data-testid=ranking] tbody tr").count() == 3
    assert edu.get_by_role("button", name="Publish the results").count() == 0
