"""The accessibility watch itself: every browser test runs axe-core on each page it visits
(page_at in tests/browser/fixtures.py). This control proves the watch reports what it should,
and that a page of the product it names is clean."""
import pytest

from tests.conftest import PASSWORD

from .fixtures import log_in


def wait_for_audit(page, accessibility_violations, url, tries=200):
    """Playwright hands events over only while it is called, so wait in the page, not in sleep."""
    for _ in range(tries):
        if url in accessibility_violations.audited:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{url} was never checked; checked: {accessibility_violations.audited}")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POOR_PAGE = ("<!doctype html><html lang='en'><title>control</title><main>"
             "<p style='color:#aaa;background:#fff'>pale grey on white</p>"
             "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
             "<button></button></main></html>")


def test_the_watch_reports_contrast_a_missing_alt_and_a_nameless_button(page_at, accessibility_violations):
    page = page_at(800)
    page.route("http://a11y.invalid/", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                     body=POOR_PAGE))
    page.goto("http://a11y.invalid/")
    wait_for_audit(page, accessibility_violations, "http://a11y.invalid/")
    rules = {violation.split(" ")[0] for violation in accessibility_violations}
    assert {"color-contrast", "image-alt", "button-name"} <= rules, accessibility_violations
    page.goto("about:blank")
    accessibility_violations.clear()  # the control's violations were wanted; page_at checks the rest


def test_the_officer_home_page_passes_wcag_2_aa(page_at, live_server, officer_a, accessibility_violations):
    page = page_at(1280)
    log_in(page, live_server, officer_a.username, PASSWORD)
    wait_for_audit(page, accessibility_violations, f"{live_server.url}/")
    assert not accessibility_violations, accessibility_violations
