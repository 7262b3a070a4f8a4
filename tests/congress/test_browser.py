"""The congress on a 375-px phone, in headless Chromium against a live server and a real
Celery worker: a delegate drafts and submits a proposal, two others co-sign it, the
committee accepts and assigns it, the department replies, the delegate is not satisfied,
the department answers again, the delegate is satisfied, and the implementation report PDF
(made by the worker) lists it. Then the screenshots at 375 and 1280 px of the delegate's
form and the committee's review page.

Run: TEST_DATABASE_NAME=test_ua_congress REDIS_URL=redis://127.0.0.1:6379/12 \
     .venv/bin/python -m pytest tests/congress/test_browser.py
"""
import datetime

import pytest
from django.utils import timezone

from congress.models import Proposal
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.documents.helpers import pdf_text
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories import CoSignatureFactory, DelegateFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
SUBJECT = "关于在二车间增设职工休息室的提案"


@pytest.fixture(autouse=True)
def media_in_tmp():
    """The worker and this process share the documents fixture's MEDIA_ROOT instead."""
    yield


def no_sideways_scroll(page, where):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def open_as(page_at, live_server, login, width=PHONE):
    page = page_at(width)
    log_in(page, live_server, login, PASSWORD)
    return page


def go(page, live_server, path, where):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, f"{where}: {path} answered {response.status}"
    no_sideways_scroll(page, where)
    return page


def post_button(page, action):
    """Click the submit button of the form posting to ``action`` (language-independent)."""
    page.locator(f"form[action='{action}'] button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def people(congress):
    """Mobile numbers for the delegates (they log in with them) and a login for each actor."""
    for n, delegate in enumerate(congress.delegates, start=1):
        delegate.user.mobile = f"1370000000{n}"
        delegate.user.save()
    return congress


def test_a_proposal_from_a_phone_to_a_satisfied_proposer_and_the_implementation_report(
        people, live_server, page_at, screenshot, worker):
    c = people
    session = c.session

    # 1. The delegate drafts, then submits, on a phone (logging in by mobile number).
    page = open_as(page_at, live_server, c.d1.user.mobile)
    go(page, live_server, "/congress/mine/", "my proposals")
    page.locator(f"a[href='/congress/sessions/{session.pk}/proposals/new/']").first.click()
    page.wait_for_load_state()
    no_sideways_scroll(page, "proposal form")
    page.fill("input[name=subject]", SUBJECT)
    page.select_option("select[name=category]", "living")
    page.fill("textarea[name=reasons]", "二车间夜班职工较多，工间休息只能在车间角落，夏季闷热。")
    page.fill("textarea[name=measures]", "在二车间东侧空置库房改建职工休息室，配备空调和饮水机。")
    screenshot(page, "congress-proposal-form-375")
    page.locator("button[name=draft]").click()
    page.wait_for_load_state()
    proposal = Proposal.objects.get(subject=SUBJECT)
    assert proposal.state == "draft"
    no_sideways_scroll(page, "draft page")
    post_button(page, f"/congress/proposals/{proposal.pk}/submit/")
    proposal.refresh_from_db()
    assert proposal.state == "submitted"

    # 2. Two other delegates co-sign from the list of proposals waiting for them.
    for delegate in (c.d2, c.d3):
        page = open_as(page_at, live_server, delegate.user.mobile)
        go(page, live_server, f"/congress/sessions/{session.pk}/proposals/?show=to_cosign", "to co-sign")
        page.locator(f"a[href='/congress/proposals/{proposal.pk}/']").click()
        page.wait_for_load_state()
        no_sideways_scroll(page, "proposal to co-sign")
        post_button(page, f"/congress/proposals/{proposal.pk}/cosign/")
    assert proposal.cosignatures.count() == 2

    # 3. The committee accepts it (ticked on the review page) and assigns it.
    page = open_as(page_at, live_server, c.officer.username)
    go(page, live_server, f"/congress/sessions/{session.pk}/review/", "review")
    page.locator(f"input[name=proposal][value='{proposal.pk}']").check()
    page.locator("form.review-form > button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.number == 1
    go(page, live_server, f"/congress/proposals/{proposal.pk}/assign/", "assign")
    page.select_option("select[name=lead]", str(c.hr.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.state == "assigned"

    def department_replies(text):
        page = open_as(page_at, live_server, c.hr_user.username)
        go(page, live_server, "/congress/assigned/", "assigned")
        page.locator(f"a[href='/congress/proposals/{proposal.pk}/']").click()
        page.wait_for_load_state()
        page.locator(f"a[href='/congress/proposals/{proposal.pk}/reply/']").click()
        page.wait_for_load_state()
        no_sideways_scroll(page, "reply form")
        page.fill("textarea[name=text]", text)
        screenshot(page, "congress-reply-form-375")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

    def delegate_rates(rating, comment=""):
        page = open_as(page_at, live_server, c.d1.user.mobile)
        go(page, live_server, "/notifications/", "notifications")
        page.locator("main .list-group form button").first.click()  # the newest: "please rate the reply"
        page.wait_for_load_state()
        assert page.url.endswith(f"/congress/proposals/{proposal.pk}/")
        page.locator(f"a[href='/congress/proposals/{proposal.pk}/rate/']").click()
        page.wait_for_load_state()
        no_sideways_scroll(page, "rating form")
        page.locator(f"input[name=rating][value={rating}]").check()
        if comment:
            page.fill("textarea[name=comment]", comment)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        no_sideways_scroll(page, "proposal after rating")
        screenshot(page, f"congress-proposal-rated-{rating}-375")

    # 4. The department replies; the delegate is not satisfied; it answers again; satisfied.
    department_replies("人力资源部将于下季度研究场地问题。")
    delegate_rates("unsatisfied", "没有明确的完成时间和负责人。")
    proposal.refresh_from_db()
    assert proposal.state == "assigned" and proposal.round == 2
    department_replies("已确定东侧库房改建方案，9月30日前完工，由行政部王主任负责。")
    delegate_rates("satisfied")
    proposal.refresh_from_db()
    assert proposal.state == "closed" and proposal.rating == "satisfied"

    # 5. The implementation report, made by the worker, lists the proposal and both rounds.
    page = open_as(page_at, live_server, c.officer.username)
    go(page, live_server, f"/congress/sessions/{session.pk}/", "session")
    page.locator("form[action='/documents/request/']:has(input[value=congress_implementation_report]) button").click()
    page.wait_for_load_state()
    download = page.locator("a[href$='/download/']")
    download.wait_for(state="visible", timeout=60_000)
    no_sideways_scroll(page, "document progress")
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.status == 200 and response.body()[:4] == b"%PDF"
    text = pdf_text(response.body()).replace(" ", "").replace("\n", "")
    assert SUBJECT in text
    assert "9月30日前完工" in text and "没有明确的完成时间和负责人" in text


@pytest.fixture
def review_scene(people):
    """A session with proposals in review, for the screenshots."""
    c = people
    subjects = ["关于提高夜班津贴标准的提案", "关于改善职工食堂饭菜质量和就餐环境的提案",
                "关于为一线职工配备防暑降温用品的提案", "关于建立青年职工技能培训和导师带徒制度的提案"]
    for n, subject in enumerate(subjects):
        proposal = ProposalFactory(session=c.session, proposer=c.delegates[n % 4], subject=subject,
                                   submitted_at=timezone.now() - datetime.timedelta(hours=5 - n))
        for helper in [d for d in c.delegates if d != proposal.proposer][: n % 3 + 1]:
            CoSignatureFactory(proposal=proposal, delegate=helper)
    decided = ProposalFactory(session=c.session, proposer=c.d2, subject="关于厂区道路照明改造的提案",
                              state="accepted", number=1)
    CoSignatureFactory(proposal=decided, delegate=c.d3)
    return c


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_screenshots_of_the_proposal_form_and_the_review_page(review_scene, live_server, page_at, screenshot, width):
    c = review_scene
    page = open_as(page_at, live_server, c.d1.user.mobile, width)
    go(page, live_server, f"/congress/sessions/{c.session.pk}/proposals/new/", "proposal form")
    page.fill("input[name=subject]", "关于在二车间增设职工休息室的提案")
    assert page.input_value("input[name=subject]") == "关于在二车间增设职工休息室的提案"
    screenshot(page, f"congress-proposal-form-{width}")
    go(page, live_server, f"/congress/sessions/{c.session.pk}/proposals/?show=to_cosign", "to co-sign")
    screenshot(page, f"congress-to-cosign-{width}")
    go(page, live_server, "/congress/mine/", "my proposals")
    screenshot(page, f"congress-delegate-home-{width}")
    page = open_as(page_at, live_server, c.officer.username, width)
    go(page, live_server, f"/congress/sessions/{c.session.pk}/review/", "review page")
    assert "关于厂区道路照明改造的提案" in page.content()  # the accepted proposal is on the review page
    screenshot(page, f"congress-review-{width}")
    go(page, live_server, "/", "officer home")
    screenshot(page, f"congress-officer-home-{width}")
    go(page, live_server, f"/congress/sessions/{c.session.pk}/", "session page")
    screenshot(page, f"congress-session-{width}")
    go(page, live_server, f"/congress/terms/{c.term.pk}/", "term page")
    screenshot(page, f"congress-term-{width}")


def test_a_delegate_without_a_session_sees_a_plain_home_page_on_a_phone(live_server, page_at, county):
    user = UserFactory(mobile="13700000099")
    RoleAssignmentFactory(user=user, role=Role.DELEGATE, organisation=county.a)
    page = open_as(page_at, live_server, user.mobile)
    no_sideways_scroll(page, "home")
    go(page, live_server, "/congress/mine/", "my proposals, none")
    assert page.locator("main").inner_text().strip(), "the page says something, not an empty main"
    assert page.locator("a[href*='/proposals/new/']").count() == 0  # no session, so no form to open


def test_a_delegate_of_another_term_gets_no_form(live_server, page_at, people):
    stranger = DelegateFactory(term__congress__union=people.county.b, term__congress__kind="staff")
    stranger.user.mobile = "13700000088"
    stranger.user.save()
    page = open_as(page_at, live_server, stranger.user.mobile)
    response = page.goto(f"{live_server.url}/congress/sessions/{people.session.pk}/proposals/new/")
    assert response.status == 404
