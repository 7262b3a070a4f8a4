"""On a 375-px phone (issue 19, item 6): a member signs up for an event their union opened with
one tap, sees it on the event, withdraws, and submits a rationalisation proposal that they then
follow — under the CSP and the WCAG 2 AA checks of every page, with no sideways scrolling."""
import pytest

from competitions.models import EventParticipant, ImprovementProposal
from tests.conftest import PASSWORD

from .factories import _open_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
MOBILE = "13966667777"


def no_sideways_scroll(page, where):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow}px at {PHONE}px"


def test_a_member_signs_up_withdraws_and_submits_a_proposal_on_a_phone(county, live_server, page_at, member_login,
                                                                       screenshot):
    event = _open_event(county.a, title="2026年职工乒乓球赛", discipline="乒乓球", venue="职工之家", capacity=32)
    user, member = member_login(union=county.a, name="欧阳明", phone=MOBILE)
    user.language = "en"
    user.save(update_fields=["language"])

    page = page_at(PHONE, 800)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(MOBILE)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/me/")

    page.get_by_role("link", name="Sign up for an event").click()
    page.wait_for_url(f"{live_server.url}/me/competitions/events/")
    no_sideways_scroll(page, "the events page")
    page.get_by_role("link", name="2026年职工乒乓球赛").click()
    assert "32 of 32" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign me up").click()
    page.wait_for_url(f"{live_server.url}/me/competitions/events/{event.pk}/")
    main = page.locator("main").inner_text()
    assert "You have signed up for “2026年职工乒乓球赛”." in main and "31 of 32" in main
    no_sideways_scroll(page, "the event page")
    screenshot(page, "portal-event-375")
    assert EventParticipant.objects.get(event=event).member == member

    page.get_by_role("button", name="Withdraw my sign-up").click()
    page.wait_for_url(f"{live_server.url}/me/competitions/events/{event.pk}/")
    assert "was withdrawn" in page.locator("main").inner_text()
    assert not EventParticipant.objects.filter(event=event).exists()

    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Submit a rationalisation proposal").click()
    page.get_by_label("Title").fill("食堂排队改为分时段就餐")
    page.get_by_label("The problem").fill("午餐高峰排队二十分钟。")
    page.locator("textarea[name=suggestion]").fill("各车间错开十分钟就餐。")
    page.get_by_label("Expected benefit").fill("每人每天省十五分钟")
    no_sideways_scroll(page, "the proposal form")
    screenshot(page, "portal-proposal-form-375")
    page.get_by_role("button", name="Submit").click()
    proposal = ImprovementProposal.objects.get()
    page.wait_for_url(f"{live_server.url}/me/competitions/proposals/{proposal.pk}/")
    main = page.locator("main").inner_text()
    assert "食堂排队改为分时段就餐" in main and "Submitted" in main and county.a.name in main
    no_sideways_scroll(page, "the proposal page")
    screenshot(page, "portal-proposal-375")
