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


FADING_TAB_PAGE = ("<!doctype html><html lang='en'><title>tabs</title>"
                   "<link rel='stylesheet' href='http://a11y.invalid/bootstrap.min.css'><main>"
                   "<div class='tab-pane fade' id='pane'><a href='#'>a link in a tab</a></div></main></html>")


def test_a_tab_opened_while_the_watch_checks_is_never_seen_half_faded(page_at, accessibility_violations):
    """axe runs while the test goes on: a tab clicked meanwhile was once measured mid-fade (its
    link at 40 % opacity) and failed CI on a contrast no user sees. The watch's browser asks for
    reduced motion, for which Bootstrap shows panes at once."""
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").read_text()
    page = page_at(800)
    page.route("http://a11y.invalid/bootstrap.min.css",
               lambda route: route.fulfill(status=200, content_type="text/css", body=css))
    page.route("http://a11y.invalid/", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                     body=FADING_TAB_PAGE))
    page.goto("http://a11y.invalid/")
    assert page.evaluate("getComputedStyle(document.getElementById('pane')).transitionDuration") == "0s"
