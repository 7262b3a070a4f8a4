"""The URL fuzz test: no query string ever gives a server error.

Every URL of every app (the resolver walked like the cross-tenant matrix walks it, the kwargs
filled with objects of a small county made by the apps' own factories) is asked for by every
role, an outsider and an anonymous visitor, with a hostile value in every GET parameter name
the project reads anywhere. The names are collected from the code, not listed by hand:

- ``request.GET`` look-ups in Python (``GET.get("x")``, ``GET["x"]``, and through an alias
  such as ``get = self.request.GET``);
- the fields of every FilterSet, and of every form a view binds to ``request.GET``;
- the query strings of links (``href``/``hx-get``/``action``), ``request.GET.x`` and
  ``{% query_with x=… %}`` in templates, and the inputs of ``<form method="get">``;
- ``page_kwarg`` and ``redirect_field_name`` of the views.

So a new parameter is covered the moment the code reads it. One request per URL × user ×
round carries every parameter at once; the rounds rotate the hostile values so that each
parameter meets each value on each URL, and three more turn on the literal values the links
use (``format=xlsx``, ``full=1``, ``show=expiring``) so that exports run with hostile filters.
``request.GET`` records what a page read: a page that read no parameter in the first round
gets no more rounds (nothing else could change what it does). A FilterSet drops only its
invalid fields, so one bad value can hide another that validates: a second test binds each
FilterSet field alone to each value and runs the query. It runs in ``make test`` (~1.5 min on an idle machine).
"""
from __future__ import annotations

import ast
import copy
import functools
import inspect
import re
import sys
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.core.signals import got_request_exception
from django.db import transaction
from django.forms.widgets import MultiWidget
from django.http import QueryDict
from django.test import Client
from django.utils.functional import cached_property

from unionadmin.models import Organisation
from unionadmin.querystring import ObjectQuery, query_choice, query_object
from unionadmin.roles import Role

from ..factories import RoleAssignmentFactory, UserFactory
from . import test_cross_tenant_matrix as matrix

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = [app.split(".")[0] for app in settings.INSTALLED_APPS
                if (ROOT / app.split(".")[0]).is_dir() and not app.startswith("django")]

HOSTILE = [
    "99999999999",  # beyond a 32-bit integer (and beyond any year)
    "-1",
    "1e309",  # beyond a float
    "abc",
    "²",  # a digit to str.isdigit(), not to int()
    "\x00",  # NUL, which PostgreSQL refuses in any text
    "x" * 3000,
    "2026-13-45",  # an impossible date
    "'\"><script>alert(1)</script>",
]

FEDERATION_ROLES = {Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER}


# --- collecting every GET parameter name the project uses ---------------------------------------

def _python_files():
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _template_files():
    dirs = [ROOT / "templates", *(ROOT / app / "templates" for app in PROJECT_APPS)]
    for directory in dirs:
        if directory.is_dir():
            yield from directory.rglob("*.html")


_GET_LOOKUP = r"(?:(?:\.get|\.getlist)\(\s*[\"'](\w+)[\"']|\[[\"'](\w+)[\"']\])"
_GET_ALIAS = re.compile(r"^\s*(\w+)\s*=\s*(?:self\.)?request\.GET\s*$", re.M)


def names_in_python(source: str) -> set[str]:
    names = set()
    holders = ["GET", *_GET_ALIAS.findall(source)]
    for holder in holders:
        for a, b in re.findall(r"\b%s%s" % (re.escape(holder), _GET_LOOKUP), source):
            names.add(a or b)
        names.update(re.findall(r"[\"'](\w+)[\"']\s+in\s+(?:self\.)?(?:request\.)?%s\b" % re.escape(holder), source))
    return names


def names_in_template(source: str) -> set[str]:
    names = set(re.findall(r"request\.GET\.(\w+)", source))
    names.update(re.findall(r"\{%\s*query_with\s+(\w+)=", source))
    for attribute in re.findall(r"(?:href|hx-get|action)=\"([^\"]*)\"", source):
        if "?" in attribute:
            names.update(re.findall(r"(?:[?&]|&amp;)(\w+)=", attribute.split("?", 1)[1].join("?&")))
    for form in re.findall(r"<form\b[^>]*method=\"get\"[^>]*>(.*?)</form>", source, re.S | re.I):
        names.update(re.findall(r"\bname=\"(\w+)\"", form))
    return names


def _field_names(name: str, field) -> set[str]:
    widget = field.widget
    if hasattr(widget, "suffixes"):  # django-filter's range widgets: year_min, date_after, …
        return {widget.suffixed(name, suffix) for suffix in widget.suffixes}
    if isinstance(widget, MultiWidget):
        return {name + suffix for suffix in widget.widgets_names}
    return {name}


def _filterset_names(filterset) -> set[str]:
    names = set()
    for name, filter_ in filterset.base_filters.items():
        # A copy: a filter's field is made once and kept, and one made on the class's own
        # filter would be every later instance's (with none of the choices or querysets an
        # instance sets), which broke the request lists for the tests run after this one.
        names |= _field_names(name, copy.deepcopy(filter_).field)
    return names


def _form_names(form_class) -> set[str]:
    names = set()
    for name, field in form_class.base_fields.items():
        names |= _field_names(name, field)
    return names


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _names_bound_to_get(path: Path, source: str) -> set[str]:
    """The fields of the forms and FilterSets a module binds to ``request.GET``:
    ``F(self.request.GET or None, …)``, ``F.read(request.GET, …)``, and the keyword names of
    ``ObjectQuery.read(request.GET, parent=…)`` / ``query_object(request.GET, "parent", …)``."""
    module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    names = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args and re.search(r"\bGET\b", ast.unparse(node.args[0]))):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "read":
            func = func.value
        if not isinstance(func, ast.Name):
            continue
        try:
            module = __import__(module_name, fromlist=["_"])
        except ImportError:
            continue
        target = getattr(module, func.id, None)
        if target in (query_object, query_choice) and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            names.add(node.args[1].value)
        if not inspect.isclass(target):
            continue
        if issubclass(target, django_filters.FilterSet):
            names |= _filterset_names(target)
        elif issubclass(target, forms.BaseForm):
            names |= _form_names(target)
            if issubclass(target, ObjectQuery):
                names |= {k.arg for k in node.keywords if k.arg}
    return names


def view_classes():
    return {u.view_class for u in matrix.all_urls() if u.view_class is not None}


@functools.cache
def get_parameter_names() -> frozenset[str]:
    names = set()
    for path in _python_files():
        source = path.read_text()
        names |= names_in_python(source)
        names |= _names_bound_to_get(path, source)
    for path in _template_files():
        names |= names_in_template(path.read_text())
    for filterset in _all_subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] in PROJECT_APPS:
            names |= _filterset_names(filterset)
    for view in view_classes():
        if getattr(view, "paginate_by", None):
            names.add(view.page_kwarg)
        if getattr(view, "redirect_field_name", None):
            names.add(view.redirect_field_name)
    return frozenset(names)


@functools.cache
def switch_values() -> dict[str, list[str]]:
    """The literal values links give a parameter (``format=xlsx``, ``full=1``, ``show=expiring``):
    with them on, a page takes the path its links take (an export, a filtered list) while the
    other parameters stay hostile."""
    values = {}
    for path in _template_files():
        for attribute in re.findall(r"(?:href|hx-get|action)=\"([^\"]*)\"", path.read_text()):
            if "?" in attribute:
                query = attribute.split("?", 1)[1]
                for name, value in re.findall(r"(?:^|[?&;}])(\w+)=([\w.-]+)(?=&|#|$)", query):
                    values.setdefault(name, set()).add(value)
    return {name: sorted(found) for name, found in sorted(values.items())}


# Rounds: each hostile value in each parameter (rotated), then a few with the links' switches on.
ROUNDS = [(r, None) for r in range(len(HOSTILE))] + [(3 * k + 1, k) for k in range(3)]
# A person whose pages are another's with fewer rows (a welfare officer's are the chair's, an
# officer's the chair's, a reviewer's the federation administrator's, an outsider's are empty
# lists) runs the same parsing code: they get the first round and the switch rounds, the
# others every round. (Every role in every round took 150 s of `make test`; this takes ~100.)
EVERY_ROUND = {"federation_admin", "union_chair", "delegate", "department", "judge", "finance_officer", "anonymous"}
FEWER_ROUNDS = ROUNDS[:1] + ROUNDS[len(HOSTILE):]


# --- the county and its people ------------------------------------------------------------------

@pytest.fixture
def people(county):
    """One user per role (federation roles at the county federation, the others at union A),
    an outsider holding no role, and an anonymous visitor (None)."""
    users = {}
    for role in Role:
        organisation = county.federation if role in FEDERATION_ROLES else county.a
        users[role.value] = RoleAssignmentFactory(role=role, organisation=organisation).user
    users["outsider"] = UserFactory()
    users["anonymous"] = None
    return users


def _urls_with_objects(county):
    """Every URL with its kwargs filled by an object of union A (one object per model)."""
    objects = {}
    urls = []
    for u in matrix.all_urls():
        if not u.kwargs:
            urls.append((u.name, "/" + u.route))
            continue
        if u.model not in matrix.MAKE_OBJECT:
            continue  # test_cross_tenant_matrix says which; nothing to fill the kwargs with
        if u.model not in objects:
            objects[u.model] = matrix.MAKE_OBJECT[u.model](county.a)
        urls.append((u.name, u.url_for(objects[u.model])))
    return urls


class _Rollback(Exception):
    pass


class _ReadLog:
    """Which query parameters a request read; ``bulk`` when it read them all (items(), copy(),
    urlencode(): the values may go anywhere)."""

    def __init__(self):
        self.keys, self.bulk = set(), False


class RecordingQueryDict(QueryDict):
    """request.GET that notes what the view, its forms and its templates read."""

    log = _ReadLog()

    def __getitem__(self, key):
        self.log.keys.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.log.keys.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.log.keys.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.log.keys.add(key)
        return super().__contains__(key)


def _bulk(method_name):
    def method(self, *args, **kwargs):
        self.log.bulk = True
        return getattr(QueryDict, method_name)(self, *args, **kwargs)
    return method


for _name in ("items", "lists", "values", "keys", "dict", "urlencode", "copy", "__iter__", "__copy__",
              "__deepcopy__"):
    setattr(RecordingQueryDict, _name, _bulk(_name))


@pytest.fixture
def recording_get(monkeypatch):
    """Every request's GET is a RecordingQueryDict."""
    def get(request):
        raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
        return RecordingQueryDict(raw, encoding=request._encoding)

    prop = cached_property(get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def server_errors(client: Client, user, urls, names: list[str], rounds=ROUNDS) -> list[str]:
    """Ask for every URL with every parameter set to a hostile value; return each answer ≥ 500.

    The first round notes which parameters the page read; a page that read none of them (a
    detail page, a POST-only action, the login redirect) gets nothing more from the other
    rounds, so they are asked only of pages that read some."""
    client.raise_request_exception = False
    if user is not None:
        client.force_login(user)
    errors = []
    caught = []

    def remember(sender, request, **kwargs):
        caught.append(sys.exc_info()[1])

    def ask(url, r, switches):
        query = {p: HOSTILE[(i + r) % len(HOSTILE)] for i, p in enumerate(names)}
        if switches is not None:
            query.update({p: values[switches % len(values)] for p, values in switch_values().items() if p in query})
        caught.clear()
        log = RecordingQueryDict.log = _ReadLog()
        try:
            with transaction.atomic():  # a failing query must not spoil the next request
                response = client.get(url, query)
                raise _Rollback
        except _Rollback:
            pass
        return response, log, query

    got_request_exception.connect(remember)
    try:
        for name, url in urls:
            pending, n = list(rounds), -1
            while pending:
                (r, switches), n = pending.pop(0), n + 1
                response, log, query = ask(url, r, switches)
                if response.status_code >= 500:
                    exc = caught[0] if caught else None
                    read = "all" if log.bulk else ", ".join(f"{k}={query[k][:20]!r}" for k in sorted(log.keys)
                                                          if k in query)
                    errors.append(f"{name} {url} → {response.status_code} "
                                  f"{type(exc).__name__}: {str(exc)[:120]!r} (read: {read})")
                    break  # one error per URL and user is enough to go on
                if n == 0:
                    read = log.keys & set(names)
                    if not log.bulk and not read:
                        break  # the page read no parameter: other values cannot change what it does
                    if not read & switch_values().keys():  # then a switch round repeats a hostile one
                        pending = [spec for spec in pending if spec[1] is None]
    finally:
        got_request_exception.disconnect(remember)
    return errors


# --- the tests ----------------------------------------------------------------------------------

def test_the_collector_finds_the_parameters_the_project_reads():
    names = get_parameter_names()
    # One of each source: a FilterSet, a form bound to GET, a GET look-up, a template link,
    # pagination and the login redirect.
    assert {"q", "within", "status", "year", "union", "page", "next", "box", "show", "parent", "after",
            "format", "indicator", "full", "copy", "worker", "against", "item"} <= names, sorted(names)


def test_the_switches_are_the_links_literal_values():
    switches = switch_values()
    assert "xlsx" in switches["format"] and "1" in switches["full"] and "expiring" in switches["show"], switches
    assert not any("{" in value for values in switches.values() for value in values)


def test_the_collector_reads_each_kind_of_source():
    assert names_in_python('x = self.request.GET.get("alpha")\nget = request.GET\nget["beta"]\n'
                           'if "gamma" in self.request.GET: pass') == {"alpha", "beta", "gamma"}
    assert names_in_template('<a href="{% url \'x\' %}?one=1&amp;two={{ v }}">'
                             '<form method="get"><input name="three"></form>'
                             '{{ request.GET.four }} {% query_with five=2 %}') == {"one", "two", "three", "four",
                                                                                  "five"}


@pytest.mark.timeout(1500)
def test_no_query_string_gives_a_server_error(client, county, people, recording_get):
    """Every URL × every role, an outsider and an anonymous visitor × hostile values in every
    parameter (every value for the roles in EVERY_ROUND): no answer ≥ 500."""
    names = sorted(get_parameter_names())
    urls = _urls_with_objects(county)
    errors = []
    assert EVERY_ROUND < set(people), "a role named here no longer exists"
    for who, user in people.items():
        rounds = ROUNDS if who in EVERY_ROUND else FEWER_ROUNDS
        errors += [f"{who}: {error}" for error in server_errors(client, user, urls, names, rounds)]
        client.logout()
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)


def test_the_fuzz_test_sees_a_server_error(client, county, people, settings, recording_get):
    """The positive control: a view that fails on a bad value is reported."""
    settings.ROOT_URLCONF = "tests.unionadmin.fuzz_urls"
    # The first round (99999999999) passes; the page read n, so the later rounds come, and 1e309 fails.
    errors = server_errors(client, people["union_officer"], [("boom", "/boom/")], ["n"])
    assert len(errors) == 1 and "ValueError" in errors[0] and "(read: n='1e309')" in errors[0], errors


def _project_filtersets():
    matrix.all_urls()  # imports every view, and so every FilterSet the views use
    return sorted((f for f in _all_subclasses(django_filters.FilterSet)
                   if f.__module__.split(".")[0] in PROJECT_APPS and f._meta.model is not None),
                  key=lambda f: f.__qualname__)


def test_each_filter_alone_takes_every_hostile_value(county, people):
    """A FilterSet drops a field that does not validate, so in the requests above one bad value
    can hide another that validates (1e309 is a number): here each field meets each value
    alone, and the query it builds runs."""
    from tests.assessment.factories import build_rubric

    # What a filter is built for on its page (the person; the rubric whose units are listed).
    context = {"user": people["federation_admin"], "rubric": build_rubric(county.federation),
               "unions": Organisation.objects.all()}
    errors = []
    filtersets = _project_filtersets()
    assert len(filtersets) >= 7, filtersets
    for filterset in filtersets:
        parameters = inspect.signature(filterset.__init__).parameters
        kwargs = {name: value for name, value in context.items() if name in parameters}
        for name in sorted(_filterset_names(filterset)):
            for value in HOSTILE:
                try:
                    with transaction.atomic():
                        f = filterset({name: value}, queryset=filterset._meta.model.objects.all(), **kwargs)
                        list(f.qs[:1])
                        raise _Rollback
                except _Rollback:
                    pass
                except Exception as error:  # noqa: BLE001 — every error is the finding
                    errors.append(f"{filterset.__qualname__} {name}={value[:20]!r}: {type(error).__name__}: {error}")
    assert not errors, "\n".join(errors)
