"""A satisfaction survey in a real browser: a member on a 375-px phone finds "Answer a survey" on
the portal's home page, answers the three kinds of question and sees the survey answered; the
union's officer then reads the results, in which an anonymous survey names nobody."""
import pytest

from congress.models import SurveyParticipation
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories_surveys import survey_with_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375


def no_sideways_scroll(page, where):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow}px at {PHONE}px"


def test_a_member_answers_on_a_phone_and_the_officer_reads_anonymous_results(county, live_server, page_at,
                                                                            member_login, screenshot):
    survey = survey_with_questions(county.a, title="2026年度职工满意度测评", intro="请根据实际感受填写。")
    user, member = member_login(union=county.a, name="欧阳春花")
    user.language = "en"
    user.save(update_fields=["language"])

    page = page_at(PHONE, 800)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Answer a survey").click()
    page.wait_for_url("**/me/congress/surveys/")
    no_sideways_scroll(page, "the survey list")
    page.get_by_role("link", name="2026年度职工满意度测评").click()
    page.wait_for_url(f"**/me/congress/surveys/{survey.pk}/")
    no_sideways_scroll(page, "the answer page")
    by_kind = {q.kind: q.pk for q in survey.questions.all()}
    page.locator(f"#id_q{by_kind['rating']}_3").check()  # the fourth of 1–5
    page.get_by_label("技能培训").check()
    page.locator(f"#id_q{by_kind['text']}").fill("希望增加夜班食堂供应")
    screenshot(page, "survey-answer-phone")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/me/congress/surveys/")
    assert "Thank you: your answers were recorded." in page.content()
    assert "Answered" in page.locator(".portal-surveys").inner_text()
    no_sideways_scroll(page, "the survey list after answering")
    assert SurveyParticipation.objects.filter(survey=survey, member=member).exists()

    officer = UserFactory(language="en")
    RoleAssignmentFactory(user=officer, role=Role.UNION_OFFICER, organisation=county.a)
    desk = page_at(1280)
    log_in(desk, live_server, officer.username, PASSWORD)
    desk.goto(f"{live_server.url}/congress/surveys/{survey.pk}/results/")
    text = desk.locator("main").inner_text()
    assert "希望增加夜班食堂供应" in text and "欧阳春花" not in text
    assert desk.locator(".survey-average").first.inner_text() == "4.0"
    screenshot(desk, "survey-results")
