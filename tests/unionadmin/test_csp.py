"""Content-Security-Policy: every response carries one, it allows no inline script and no outside
origin, and every page of a small county obeys the policy it is sent with (no inline script, no
event-handler attribute, no inline style where the policy forbids it).

The browser tests (tests/browser/fixtures.py) prove the same from the other side: Chromium
reports no violation on any page they visit.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.template import engines
from django.urls import reverse

from .test_cross_tenant_matrix import MAKE_OBJECT, _checked_urls, all_urls

HEADER = "Content-Security-Policy"
# Source expressions that name no outside origin.
LOCAL_SOURCES = {"'self'", "'none'", "data:", "'unsafe-inline'", "'strict-dynamic'", "'report-sample'"}


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def effective(policy: dict[str, list[str]], *names: str) -> list[str]:
    """The sources that apply for the first directive named that the policy has (CSP's fallback)."""
    for name in names:
        if name in policy:
            return policy[name]
    return policy.get("default-src", [])


def script_may_be_inline(policy):
    return "'unsafe-inline'" in effective(policy, "script-src-attr", "script-src", "default-src")


def style_attr_may_be_inline(policy):
    return "'unsafe-inline'" in effective(policy, "style-src-attr", "style-src", "default-src")


def style_elem_may_be_inline(policy):
    return "'unsafe-inline'" in effective(policy, "style-src-elem", "style-src", "default-src")


class InlineFinder(HTMLParser):
    """Collects what a strict policy would block: inline <script>, on*= handlers, hx-on,
    javascript: URLs, inline <style> and style="" attributes, and iframes' srcdoc documents
    (which inherit the page's policy)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.styles, self.srcdocs = [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.scripts.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.scripts.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.styles.append(f"<{tag} style={value!r}>")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            self._in_script = None if attributes.get("src") or kind == "application/json" else tag
        if tag == "style":
            self.styles.append("<style> element")
        if tag == "iframe" and attributes.get("srcdoc"):
            self.srcdocs.append(attributes["srcdoc"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append(f"inline <script>: {data.strip()[:60]!r}")


def policy_breaches(html: str, policy: dict[str, list[str]]) -> list[str]:
    """What in ``html`` the browser would refuse under ``policy``."""
    finder = InlineFinder()
    finder.feed(html)
    breaches = []
    if not script_may_be_inline(policy):
        breaches += finder.scripts
    if not style_attr_may_be_inline(policy):
        breaches += [s for s in finder.styles if s.startswith("<") and "style=" in s]
    if not style_elem_may_be_inline(policy):
        breaches += [s for s in finder.styles if s == "<style> element"]
    for document in finder.srcdocs:
        breaches += [f"in an iframe's srcdoc: {b}" for b in policy_breaches(document, policy)]
    return breaches


def check_response(url: str, response) -> list[str]:
    header = response.headers.get(HEADER)
    if not header:
        return [f"{url} → {response.status_code} without a {HEADER} header"]
    if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
        return []
    return [f"{url}: {b}" for b in policy_breaches(response.content.decode(), parse_policy(header))]


# --- The settings -----------------------------------------------------------------------
def test_the_csp_middleware_is_installed_early():
    assert "csp" in settings.INSTALLED_APPS
    middleware = settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" in middleware
    # Before WhiteNoise, so static files and any early answer (lockouts, 503s) carry it too.
    assert middleware.index("csp.middleware.CSPMiddleware") < middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")


def test_the_policy_allows_no_inline_script_no_eval_and_no_outside_origin():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    policy = {name: list(sources) for name, sources in directives.items()}
    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "script-src-elem", "script-src-attr", "default-src"):
        assert "'unsafe-inline'" not in policy.get(name, []), name
        assert "'unsafe-eval'" not in policy.get(name, []), name
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert not style_attr_may_be_inline(policy) and not style_elem_may_be_inline(policy)
    outside = {name: [s for s in sources if s not in LOCAL_SOURCES]
               for name, sources in policy.items() if isinstance(sources, (list, tuple))}
    assert not any(outside.values()), f"sources that name another origin: {outside}"


def test_the_header_the_middleware_writes_is_the_configured_policy(client, db):
    policy = parse_policy(client.get(reverse("login")).headers[HEADER])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


# --- The checker itself -----------------------------------------------------------------
def test_the_checker_finds_what_a_strict_policy_blocks():
    strict = parse_policy("default-src 'self'; style-src 'self'")
    html = ('<script>alert(1)</script><script type="application/json" id="d">{}</script>'
            '<script src="/static/x.js"></script><button onclick="x()" hx-on:click="y()">b</button>'
            '<a href="javascript:void(0)">a</a><div style="width: 3%"></div><style>p{}</style>'
            '<iframe srcdoc="&lt;p style=&quot;color: red&quot;&gt;"></iframe>')
    breaches = policy_breaches(html, strict)
    assert len(breaches) == 7, breaches
    assert not policy_breaches(html.replace("<script>alert(1)</script>", ""), parse_policy(
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"))


# --- Every template ---------------------------------------------------------------------
def _print_template(name: str, source: str) -> bool:
    """Templates rendered to PDF by WeasyPrint, never sent to a browser as a page of the site."""
    return "/pdf/" in f"/{name}" or name == "documents/_base.html" or '{% extends "documents/_base.html" %}' in source


def _templates():
    roots = [Path(d) for d in engines["django"].engine.dirs]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in
              ("unionadmin", "members", "welfare", "congress", "competitions", "planning", "assessment")]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            yield str(path.relative_to(root)), path.read_text()


def test_no_template_of_the_site_has_inline_script_handlers_or_style():
    """The source-level check: catches pages the walk below cannot reach (error pages, forms
    with errors, htmx fragments)."""
    breaches = []
    for name, source in _templates():
        if _print_template(name, source):
            continue
        plain = re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", source, flags=re.S)
        plain = re.sub(r"{%.*?%}|{{.*?}}", "", plain, flags=re.S)  # template tags out of the way
        found = policy_breaches(plain, parse_policy("default-src 'self'"))
        breaches += [f"{name}: {b}" for b in found]
    assert not breaches, "Templates that break the policy:\n" + "\n".join(breaches)


# --- Every page of a small county -------------------------------------------------------
def test_every_page_of_a_small_county_carries_the_policy_and_obeys_it(client, county, user_with_every_role_at_a,
                                                                   federation_admin):
    failures = check_response("/accounts/login/", client.get(reverse("login")))
    failures += check_response("/no-such-page/", client.get("/no-such-page/"))
    client.force_login(user_with_every_role_at_a)
    pages = [("/" + u.route, u) for u in all_urls() if not u.kwargs]
    pages += [(u.url_for(MAKE_OBJECT[u.model](county.a)), u) for u in _checked_urls()]
    for url, _ in pages:
        failures += check_response(url, client.get(url))
    client.force_login(federation_admin)
    for url in (reverse("home"), reverse("dashboard", args=[county.federation.pk])):
        failures += check_response(url, client.get(url))
    assert len(pages) > 50
    assert not failures, "\n".join(failures)


def test_static_files_and_the_admin_carry_the_policy_and_obey_it(client, superuser):
    static = client.get("/static/css/unionadmin.css")  # WhiteNoise answers this before any view
    assert static.status_code == 200 and HEADER in static.headers
    client.force_login(superuser)
    failures = check_response("/admin/", client.get("/admin/"))
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            failures += check_response(url, client.get(url))
    assert not failures, "\n".join(failures)


def test_every_browser_test_opens_its_pages_through_the_watching_fixture():
    """page_at (tests/browser/fixtures.py) fails a test on any violation; a page opened past it
    would not be watched."""
    tests_dir = Path(__file__).resolve().parents[1]
    fixtures = tests_dir / "browser" / "fixtures.py"
    bypasses = [f"{path.relative_to(tests_dir)}:{n}" for path in sorted(tests_dir.rglob("*.py")) if path != fixtures
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if re.search(r"\.(new_context|new_page|launch(_persistent_context)?)\(", line)]
    assert not bypasses, "Browser pages opened without page_at:\n" + "\n".join(bypasses)
