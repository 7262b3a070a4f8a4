"""Issue 19's journey in a real browser, the worker on a 375 × 812 phone and the officer at a desk:
the worker opens the union's join link (as the QR poster leads) and applies; the officer opens
the application, looks at the full ID number (a logged view) and approves; the worker opens the
one-time link texted to the mobile (unionadmin.texting's file backend, read with sent_texts()),
sets a password, logs in with mobile and password, opens the electronic card; the card's code,
opened on another phone with no login, says "valid member of" the union; the member prepares
their data (a real Celery worker renders the PDF), downloads the ZIP (PDF + JSON) and sees the
officer's earlier view of their ID number. No page scrolls sideways on the phone; every page
passes the CSP and WCAG 2 AA checks of tests/browser/fixtures.py. Screenshots:
var/screenshots/journey-*-375.png (and the officer's at 1280)."""
import io
import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from members.joining import join_link_for
from members.models import JoinApplication, Member
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.members.factories import unique_id_number
from unionadmin.roles import Role
from unionadmin.texting import sent_texts

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PHONE, TALL = 375, 812
MOBILE = "13766668888"
NEW_PASSWORD = "Qingxi-2026-union"


def no_sideways_scroll(page, where):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow}px at {PHONE}px"


def phone(page_at, live_server):
    """A fresh phone (its own cookies) reading English."""
    page = page_at(PHONE, TALL)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    return page


def test_a_worker_joins_online_on_a_phone_and_ends_with_their_card_and_their_data(
        county, live_server, page_at, screenshot, worker):
    union = county.a
    officer = UserFactory(full_name="刘志强", language="en")
    RoleAssignmentFactory(user=officer, role=Role.UNION_CHAIR, organisation=union)
    link = join_link_for(union)
    id_number = unique_id_number()

    # --- the worker scans the poster's code: the join link opens on the phone ----------------------
    worker_phone = phone(page_at, live_server)
    worker_phone.goto(f"{live_server.url}{link.get_absolute_url()}")
    worker_phone.fill("#id_name", "欧阳志远")
    worker_phone.fill("#id_id_number", id_number)
    worker_phone.fill("#id_phone", MOBILE)
    worker_phone.fill("#id_employer", "甲公司")
    worker_phone.fill("#id_post", "数控车工")
    worker_phone.select_option("#id_employment_type", Member.EmploymentType.MIGRANT)
    worker_phone.check("#id_consent")
    worker_phone.check("#id_sensitive_consent")
    # The picture challenge, answered from django-simple-captcha's store by the key in the form.
    key = worker_phone.locator("input[name=captcha_0]").input_value()
    worker_phone.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)
    no_sideways_scroll(worker_phone, "the join form")
    screenshot(worker_phone, "journey-1-apply-375")
    worker_phone.locator("main form button[type=submit]").click()
    worker_phone.wait_for_url(f"{live_server.url}/join/{link.code}/sent/")
    no_sideways_scroll(worker_phone, "the 'sent' page")
    screenshot(worker_phone, "journey-2-sent-375")
    application = JoinApplication.objects.get(union=union)
    assert application.state == JoinApplication.State.SUBMITTED and application.member_elsewhere is None

    # --- the officer, at the desk, looks at the full ID number (logged) and approves ---------------
    desk = page_at(1280, 900)
    log_in(desk, live_server, officer.username, PASSWORD)
    desk.goto(f"{live_server.url}/members/joining/")
    desk.locator("main").get_by_role("link", name="欧阳志远").click()
    desk.wait_for_url(f"**/members/joining/{application.pk}/")
    id_row = desk.locator("dd", has=desk.locator(".personal-field")).first
    assert id_number not in id_row.inner_text()  # masked until shown
    id_row.get_by_role("button", name="Show").click()
    expect(id_row).to_contain_text(id_number)
    desk.get_by_role("button", name="Approve: make a member").click()
    expect(desk.locator(".alert-success")).to_contain_text("欧阳志远 is now a member")
    screenshot(desk, "journey-3-approved-1280")
    member = Member.objects.get(id_number=id_number)
    assert member.union == union and member.card_number and member.user.mobile == MOBILE

    # --- the one-time link from the text sets the password; then a login by mobile -----------------
    texts = sent_texts(MOBILE)
    assert len(texts) == 1 and texts[0]["purpose"] == "password_link"
    path = urlsplit(re.search(r"https?://\S+/me/welcome/\S+/", texts[0]["body"]).group(0)).path
    worker_phone.goto(f"{live_server.url}{path}")
    worker_phone.wait_for_url("**/me/welcome/**/set-password/")
    worker_phone.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    worker_phone.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    no_sideways_scroll(worker_phone, "the set-password page")
    screenshot(worker_phone, "journey-4-password-375")
    worker_phone.get_by_role("button", name="Set password").click()
    worker_phone.wait_for_url(f"{live_server.url}/me/welcome/done/")
    worker_phone.goto(f"{live_server.url}{path}")  # the link worked once
    expect(worker_phone.locator("main")).to_contain_text("This link has been used or has expired")

    # A login takes the person's saved language (Chinese by default): this member reads English,
    # as the rest of the journey does.
    get_user_model().objects.filter(mobile=MOBILE).update(language="en")
    member_phone = phone(page_at, live_server)  # logged out: log in with the mobile and the new password
    member_phone.goto(f"{live_server.url}/accounts/login/")
    member_phone.locator("input[name=username]").fill(MOBILE)
    member_phone.locator("input[name=password]").fill(NEW_PASSWORD)
    member_phone.locator("main form button[type=submit]").click()
    member_phone.wait_for_url(f"{live_server.url}/me/")
    expect(member_phone.locator("main")).to_contain_text("欧阳志远")
    no_sideways_scroll(member_phone, "the portal's home page")
    screenshot(member_phone, "journey-5-home-375")

    # --- the card, and its code verified on another phone ------------------------------------------
    member_phone.get_by_role("link", name="My electronic membership card").first.click()
    member_phone.wait_for_url(f"{live_server.url}/me/card/")
    code = member_phone.locator("[data-verify-url]")
    expect(code.locator("svg")).to_be_visible()
    expect(member_phone.locator("main")).to_contain_text(member.card_number)
    no_sideways_scroll(member_phone, "the card page")
    screenshot(member_phone, "journey-6-card-375")
    verify_url = code.get_attribute("data-verify-url")
    officer_phone = phone(page_at, live_server)  # any phone, no login
    officer_phone.goto(verify_url)
    verdict = officer_phone.locator("main").inner_text()
    assert f"Valid member of {union.name}" in verdict and "欧阳志远" in verdict
    assert id_number not in verdict and MOBILE not in verdict
    no_sideways_scroll(officer_phone, "the verify page")
    screenshot(officer_phone, "journey-7-verified-375")

    # --- my data: the ZIP, and the officer's view of the ID number ---------------------------------
    member_phone.goto(f"{live_server.url}/me/data/")
    views = member_phone.locator("section[aria-labelledby=data-views]")
    expect(views).to_contain_text("刘志强")
    expect(views).to_contain_text(union.name)
    member_phone.get_by_role("button", name="Prepare my data").click()
    download_link = member_phone.get_by_role("link", name="Download my data (ZIP)")
    download_link.wait_for(timeout=90_000)  # the worker renders the PDF; the page polls (htmx)
    with member_phone.expect_download() as download:
        download_link.click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        names = archive.namelist()
        assert any(name.endswith(".pdf") for name in names), names
        data = json.loads(archive.read(next(name for name in names if name.endswith(".json"))))
    assert id_number in json.dumps(data, ensure_ascii=False)
    no_sideways_scroll(member_phone, "my data")
    screenshot(member_phone, "journey-8-my-data-375")
