"""In a real browser, under the real Content-Security-Policy.

Every browser test fails on a violation (page_at in tests/browser/fixtures.py); the first test
here proves that the watch catches one. The second walks what used to be inline script, inline
handlers and inline style, now static JS: Chart.js draws, bars take their width, the language
switch, a select that sends its form, a question before a delete, the rubric item form that
shows only the fields its kind uses.
"""
import re
import time

import pytest
from django.urls import reverse

from planning.models import WorkPlan
from tests.assessment.factories import build_rubric
from tests.conftest import PASSWORD
from tests.planning.factories import WorkPlanFactory

from .fixtures import log_in
from .test_dashboard import county_with_plan  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_the_watch_catches_an_inline_script_and_an_inline_style(page_at, csp_violations, accessibility_violations):
    page = page_at(800)
    body = ("<!doctype html><title>before</title><script>document.title = 'ran'</script>"
            "<p style='color: red'>styled</p><img src='https://example.org/x.png' alt=''>")
    page.route("http://csp.invalid/", lambda route: route.fulfill(
        status=200, content_type="text/html", body=body,
        headers={"Content-Security-Policy": "default-src 'self'; img-src 'self'"}))
    page.goto("http://csp.invalid/")
    wait_until(lambda: len({v.split(" ")[0] for v in csp_violations if not v.startswith("console")}) >= 3)
    assert page.title() == "before"  # the inline script did not run
    reported = " ".join(csp_violations)
    assert "script-src" in reported and "style-src" in reported and "example.org" in reported
    csp_violations.clear()  # the control's violations were wanted; page_at checks the rest
    page.goto("about:blank")  # the bare control page is no product page: leave it unchecked
    accessibility_violations.clear()


def test_charts_bars_language_autosubmit_confirm_and_item_form_work_under_the_policy(
        county_with_plan, live_server, page_at, csp_violations):  # noqa: F811
    federation, units, user = county_with_plan
    page = page_at(1280)
    log_in(page, live_server, user.username, PASSWORD)

    # The dashboard: Chart.js draws every chart, the tile's bar has the width the server gave.
    page.goto(f"{live_server.url}{reverse('dashboard', args=[federation.pk])}")
    page.wait_for_function("[...document.querySelectorAll('canvas')].length === 3 && "
                           "[...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))")
    bar = page.locator("#tile-membership_rate .progress-bar")
    assert bar.evaluate("b => b.style.width") == bar.get_attribute("data-width") + "%"
    assert bar.evaluate("b => b.getBoundingClientRect().width") > 0

    # The language switch (a plain form) and back.
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")

    # A select that sends its form when the choice changes (was onchange="this.form.submit()").
    page.goto(f"{live_server.url}{reverse('members:arrears')}")
    union = page.locator("select#id_union option:not([selected])").first.get_attribute("value")
    page.select_option("select#id_union", union)
    page.wait_for_url(re.compile(rf"union={union}"))

    # A question before a delete (was onsubmit="return confirm(…)"): "no" keeps, "yes" deletes.
    plan = WorkPlanFactory(issuer=federation)
    page.goto(f"{live_server.url}{reverse('planning:plan_detail', args=[plan.pk])}")
    answers = []

    def answer(dialog):
        answers.append(dialog.message)
        dialog.accept() if len(answers) > 1 else dialog.dismiss()

    page.on("dialog", answer)
    for _attempt in range(2):
        page.get_by_role("button", name="More").click()
        page.get_by_role("button", name="Delete the draft").click()
    page.wait_for_url(re.compile(r"/planning/$"))
    assert answers == ["Delete this draft with all its items?"] * 2
    assert not WorkPlan.objects.filter(pk=plan.pk).exists()

    # The rubric item form shows only the fields of the chosen kind (was an inline <script>).
    version = build_rubric(federation, publish=False).versions.get()
    page.goto(f"{live_server.url}{reverse('assessment:item_create', args=[version.pk])}")
    area, maximum = page.locator("#id_area"), page.locator("#id_maximum")
    assert area.is_visible() and maximum.is_visible()
    page.select_option("#id_kind", "veto")
    page.wait_for_function("document.getElementById('id_area').offsetParent === null")
    assert not maximum.is_visible()
    page.select_option("#id_kind", "standard")
    area.wait_for(state="visible")
    assert not csp_violations
