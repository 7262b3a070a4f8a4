"""The join page in Chromium at 375 px, under the real Content-Security-Policy: the challenge's
picture loads, nothing is wider than the phone, and a worker's application goes through."""
import pytest
from captcha.models import CaptchaStore

from members.joining import join_link_for
from members.models import JoinApplication, Member
from tests.browser.fixtures import page_at, screenshot  # noqa: F401  (fixtures)

from .factories import unique_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_applies_on_a_phone(page_at, screenshot, live_server, county):  # noqa: F811
    link = join_link_for(county.a)
    page = page_at(375, 800)
    page.goto(f"{live_server.url}/join/{link.code}/")
    picture = page.locator("img.captcha")
    picture.wait_for()
    assert page.evaluate("document.querySelector('img.captcha').complete && "
                         "document.querySelector('img.captcha').naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "join-apply-375")
    page.fill("#id_name", "王小明")
    page.fill("#id_id_number", unique_id_number())
    page.fill("#id_phone", "13700004444")
    page.fill("#id_employer", "甲机械有限公司")
    page.select_option("#id_employment_type", Member.EmploymentType.REGULAR)
    page.check("#id_consent")
    page.check("#id_sensitive_consent")
    key = page.locator("input[name=captcha_0]").input_value()
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/join/{link.code}/sent/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "join-sent-375")
    assert JoinApplication.objects.get().union == county.a
