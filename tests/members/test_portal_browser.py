"""The member portal's frame and electronic card in a real browser on a 375-px phone (issue 19,
items 2 and 3): the member logs in with mobile and password, lands on /me/, opens the card, the
code renews itself (htmx, no inline script, under the CSP), and the code's URL, opened on another
phone without a login, says the card is valid."""
import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .factories_access import CardMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
MOBILE = "13955556666"


def no_sideways_scroll(page, where):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow}px at {PHONE}px"


def test_a_member_logs_in_on_a_phone_opens_the_card_and_its_code_verifies(county, live_server, page_at,
                                                                          member_login, screenshot, settings):
    settings.ECARD_TOKEN_MAX_AGE = 10  # the page renews its code every 5 s
    user, member = member_login(CardMemberFactory(union=county.a, name="欧阳明", card_number="A0001234",
                                                  phone=MOBILE))
    user.language = "en"
    user.save(update_fields=["language"])

    page = page_at(PHONE, 800)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(MOBILE)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/me/")
    main = page.locator("main").inner_text()
    assert "欧阳明" in main and county.a.name in main and "A0001234" in main
    no_sideways_scroll(page, "the portal's home page")
    screenshot(page, "portal-home-375")

    page.get_by_role("link", name="My electronic membership card").click()
    page.wait_for_url(f"{live_server.url}/me/card/")
    code = page.locator("[data-verify-url]")
    expect(code.locator("svg")).to_be_visible()
    box = code.locator("svg").bounding_box()
    assert box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, box
    no_sideways_scroll(page, "the card page")
    screenshot(page, "portal-card-375")
    first = code.get_attribute("data-verify-url")

    # The code renews itself before its token expires.
    page.wait_for_function("u => document.querySelector('[data-verify-url]').dataset.verifyUrl !== u", arg=first,
                           timeout=15000)
    renewed = page.locator("[data-verify-url]").get_attribute("data-verify-url")
    assert renewed != first

    other_phone = page_at(PHONE, 800)  # an officer's phone: no login
    other_phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    other_phone.goto(renewed)
    text = other_phone.locator("main").inner_text()
    assert f"Valid member of {county.a.name}" in text and "欧阳明" in text and "A0001234" in text
    assert member.id_number not in text and MOBILE not in text
    no_sideways_scroll(other_phone, "the verify page")
    screenshot(other_phone, "card-verify-375")
