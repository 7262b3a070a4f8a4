"""In Chromium at 375 px: a member applies for hardship aid from their portal — a draft with a
document, changed, submitted — and the union's welfare officer opens a hardship file from it."""
import pytest
from django.urls import reverse

from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from tests.uploads import PDF
from welfare.models import HardshipApplication, HardshipFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member_logs_in(page, live_server, login):
    """A member's own login lands on their portal (not on the officers' home page)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(login)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_member_applies_on_a_phone_and_the_officer_opens_a_file(live_server, page_at, screenshot, member_login,
                                                                  county, welfare_a, line, tmp_path):
    user, member = member_login(union=county.a, name="张建国")
    base = live_server.url
    phone = page_at(375, 800)
    member_logs_in(phone, live_server, user.username)

    phone.goto(base + reverse("welfare_portal:application_list"))
    phone.locator(f"a[href='{reverse('welfare_portal:application_create')}']").click()
    phone.wait_for_load_state()
    phone.locator("input[name=main_cause][value=illness]").check()
    phone.locator("input[name=secondary_causes][value=schooling]").check()
    phone.locator("input[name=household_size]").fill("3")
    phone.locator("input[name=household_income]").fill("2100")
    phone.locator("textarea[name=situation]").fill("爱人住院，孩子上初中。")
    document = tmp_path / "诊断证明.pdf"
    document.write_bytes(PDF)
    phone.locator("input[name=documents]").set_input_files(str(document))
    assert no_sideways_scroll(phone)
    screenshot(phone, "welfare-portal-application-form-375")
    phone.locator("button[name=then][value=draft]").click()
    phone.wait_for_load_state()

    application = HardshipApplication.objects.get(member=member)
    assert application.state == HardshipApplication.State.DRAFT
    assert phone.locator("#application-documents").inner_text().count("诊断证明.pdf") == 1
    assert no_sideways_scroll(phone)
    screenshot(phone, "welfare-portal-application-draft-375")
    phone.locator(f"form[action='{reverse('welfare_portal:application_submit', args=[application.pk])}'] "
                  "button[type=submit]").click()
    phone.wait_for_load_state()
    application.refresh_from_db()
    assert application.state == HardshipApplication.State.SUBMITTED
    assert phone.locator(f"a[href='{reverse('welfare_portal:application_update', args=[application.pk])}']").count() == 0

    officer = page_at(1280, 900)
    log_in(officer, live_server, welfare_a.username, PASSWORD)
    officer.goto(base + reverse("welfare:application_list"))
    officer.locator(f"a[href='{application.get_absolute_url()}']").first.click()
    officer.wait_for_load_state()
    assert "爱人住院" in officer.locator("main").inner_text()
    officer.locator(f"a[href='{reverse('welfare:application_open_file', args=[application.pk])}']").click()
    officer.wait_for_load_state()
    assert officer.locator("select[name=main_cause]").input_value() == "illness"  # from the application
    officer.locator("[name=identity_status]").select_option("on_duty")
    officer.locator("input[name=head_income]").fill("1800")
    officer.locator("main form[method=post] button[type=submit]").last.click()
    officer.wait_for_load_state()
    file = HardshipFile.objects.get(worker=member)
    assert officer.url.endswith(file.get_absolute_url())
    application.refresh_from_db()
    assert application.file == file and file.status == HardshipFile.Status.APPLIED
