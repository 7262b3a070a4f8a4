"""Playwright driving Debian's Chromium (Playwright's own browser download is not used)."""
import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop; Django's ORM calls from the test thread are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every page of every browser test listens for Content-Security-Policy violations, in every frame:
# the 'securitypolicyviolation' event (reported through a binding) and Chromium's console message
# (which names the "Content Security Policy"; it also comes from sandboxed frames where no script
# runs). A test that saw one fails at teardown.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation && window.__cspViolation(
    e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.documentURI +
    (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : "") + (e.sample ? " «" + e.sample + "»" : ""));
}, true);
"""


def is_csp_message(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


class CspViolations(list):
    """What the browser refused on the pages of one test (empty is the only good answer)."""

    def watch(self, context):
        context.expose_binding("__cspViolation", lambda source, text: self.append(text))
        context.add_init_script(CSP_LISTENER)
        context.on("page", self._watch_page)

    def _watch_page(self, page):
        page.on("console", lambda message: is_csp_message(message.text) and self.append(
            f"console: {message.text} at {page.url}"))

    def check(self):
        unique = list(dict.fromkeys(self))
        assert not unique, "Content-Security-Policy violations:\n" + "\n".join(unique)


# Every page a browser test visits is also checked by axe-core (vendored under vendor/axe-core,
# MPL-2.0) against the WCAG 2 A and AA rules, once it has loaded; a test whose pages broke one
# fails at teardown, naming the rule, the page and the elements. axe is put into the page with
# an evaluate (not a <script> tag), so the Content-Security-Policy stays as strict as it is.
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_RUN = """async () => {
  // A part of the page waiting for an htmx answer is dimmed on purpose for that moment; it is
  // checked once it has its answer (the page's next check), not in between.
  const context = document.querySelector(".htmx-request") ? {exclude: [".htmx-request"]} : document;
  const result = await axe.run(context, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]},
                                         resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, help: v.help,
                                      targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


class AccessibilityViolations(list):
    """The WCAG 2 A/AA rules broken on the pages of one test (empty is the only good answer)."""

    def __init__(self):
        super().__init__()
        self.audited: list[str] = []  # the pages checked, in order

    def watch(self, context):
        context.on("page", self._watch_page)

    def _watch_page(self, page):
        page.on("load", lambda: self.audit(page))

    def audit(self, page):
        from playwright.sync_api import Error

        try:
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.evaluate(AXE_SOURCE)
            found = page.evaluate(AXE_RUN)
        except Error:
            return  # the page navigated on (or closed) while it was checked: its next load is checked
        for violation in found:
            self.append(f"{violation['id']} ({violation['help']}) at {page.url}: {', '.join(violation['targets'])}")
        self.audited.append(page.url)

    def check(self):
        unique = list(dict.fromkeys(self))
        assert not unique, "WCAG 2 AA violations (axe-core):\n" + "\n".join(unique)


@pytest.fixture
def accessibility_violations():
    return AccessibilityViolations()


@pytest.fixture
def csp_violations():
    """The violations the pages of this test reported; page_at checks them after the test."""
    return CspViolations()


@pytest.fixture
def page_at(chromium, csp_violations, accessibility_violations):
    """page_at(width) → a fresh page (own cookies) of that width; closed after the test, which
    fails if any page broke the Content-Security-Policy or a WCAG 2 AA rule."""
    contexts = []

    def make(width=1280, height=900):
        # Reduced motion: Bootstrap then shows a tab, modal or collapse at once instead of fading
        # it in, so axe (which runs while the test goes on) never measures a half-faded pane's
        # contrast — a failure no user sees, which once failed CI on a tab opened mid-check.
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="en-US",
                                       reduced_motion="reduce")
        csp_violations.watch(context)
        accessibility_violations.watch(context)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        # Playwright hands a page's load event over only while it is called: the page a test
        # ended on may not have been checked yet, so check every open page before closing.
        for page in context.pages:
            if page.url.startswith("http") and accessibility_violations.audited[-1:] != [page.url]:
                accessibility_violations.audit(page)
        context.close()
    csp_violations.check()
    accessibility_violations.check()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, live_server, login, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def search_box(page, field, typed):
    """Types ``typed`` into the field's search box (static/js/pickers.js) and waits until the
    box has shown the server's answer to exactly that text; returns its options.

    Waiting for the answer, not for any option, matters: a box that already holds a chosen
    option shows it at once, and an answer arriving after the next box was focused reopens
    this one (Tom Select's open() takes the focus; headless Chromium never reports the blur)."""
    box = page.locator(f"#id_{field}-ts-control")
    with page.expect_response(lambda r: "/pick/" in r.url and parse_qs(urlsplit(r.url).query).get("q") == [typed]):
        box.press_sequentially(typed)
    expect(page.locator(f".ts-wrapper:has(#id_{field}-ts-control)")).not_to_have_class(re.compile(r"\bloading\b"))
    return page.locator(f"#id_{field}-ts-dropdown .option")


def pick(page, field, typed, option=None):
    """Searches a box for ``typed`` and chooses the first option showing ``option`` (or ``typed``)."""
    search_box(page, field, typed).filter(has_text=option or typed).first.click()
