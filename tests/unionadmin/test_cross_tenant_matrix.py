"""The cross-tenant matrix: every URL that names an object, tried against another union's object.

The URL resolver is walked in full (only the Django admin, which is superuser-only, is left
out), so a page added by any app is covered the moment its URL exists. A URL that takes a
kwarg must name a view class with a ``model``, and that model must have an entry in
``MAKE_OBJECT`` below or in its app's ``tests/<app>/factories.py`` as ``CROSS_TENANT``;
otherwise ``test_every_object_url_is_covered_by_the_matrix`` fails and says what to add.

An app whose URL namespace has a ``tests/<namespace>/test_cross_tenant.py`` runs its own part
of the matrix there, declared once as a subclass of ``AppMatrix`` below (so a leak is reported
under the app's name and its helpers run one file); this module checks the URLs of every other
namespace, and that each such file does declare its matrix.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members.models import Member
from unionadmin.models import AuditEvent, Organisation, RoleAssignment
from unionadmin.roles import Role
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

from ..factories import AuditEventFactory, BranchFactory, MemberFactory, RoleAssignmentFactory, UserFactory

# model → a function making one fresh instance of that model belonging to ``union``.
# Add an entry for every model a URL names; the instance must sit inside ``union``'s subtree.
MAKE_OBJECT = {
    Organisation: lambda union: BranchFactory(parent=union),
    RoleAssignment: lambda union: RoleAssignmentFactory(organisation=union),
    AuditEvent: lambda union: AuditEventFactory(organisation=union),
    Member: lambda union: MemberFactory(union=union),
}

# Views that take a kwarg, with the reason they need no matrix entry: public pages reached by an
# unguessable token. Keep it short: an object page should be a class-based view on
# ScopedObjectMixin.
EXEMPT: dict[str, str] = {
    "finance:disclosure_public": "public by design: a published disclosure is read without login by whoever has "
                                 "its unguessable token (tests/finance/test_disclosure.py checks 404s and content)",
    "join:apply": "public by design: a union's join form, without login, by its link's unguessable code "
                  "(tests/members/test_joining.py checks closed and unknown codes)",
    "join:sent": "public by design: the join form's 'sent' page, only for the session that sent "
                 "(tests/members/test_joining.py)",
    # django-simple-captcha's pictures for the join form's challenge: keyed by a random hash, no record of a union.
    "captcha-image": "public by design: the join form's challenge picture, by its random key",
    "captcha-image-2x": "public by design: the join form's challenge picture (2x), by its random key",
    "captcha-audio": "public by design: the join form's challenge as sound, by its random key",
    "public:set_password": "public by design: Django's one-time password link, by a signed token "
                           "(tests/members/test_member_login.py checks used and expired links)",
    "public:card_verify": "public by design: an electronic card's check page, by a signed expiring token "
                          "(tests/members/test_ecards.py checks expiry, tampering, revocation and transfer)",
}

# How each kwarg a URL may take is filled in from the object made for it.
KWARG_VALUES = {
    "pk": lambda obj: obj.pk,
    # Reveal URLs name a personal field of the object.
    "field": lambda obj: next(iter(type(obj).personal_fields)),
    "code": lambda obj: "membership_rate",
}


def _collect_app_entries():
    """Each app's tests declare their own entries: ``CROSS_TENANT = {Model: make(union)}`` (and
    ``CROSS_TENANT_KWARGS`` for new kwargs) in ``tests/<app>/factories.py``."""
    tests_dir = Path(__file__).resolve().parents[1]
    for package in sorted(p.name for p in tests_dir.iterdir() if (p / "factories.py").exists()):
        module = importlib.import_module(f"tests.{package}.factories")
        MAKE_OBJECT.update(getattr(module, "CROSS_TENANT", {}))
        KWARG_VALUES.update(getattr(module, "CROSS_TENANT_KWARGS", {}))


_collect_app_entries()

# The Django admin is for superusers only (SuperuserAdminSite) and is tested in test_accounts.
EXCLUDED_PREFIXES = ("admin/",)

ALLOWED_FOR_OWN_OBJECTS = {200, 302, 403, 405}


@dataclass
class ObjectUrl:
    name: str  # the namespaced URL name, or the route when it has none
    route: str  # the full route, e.g. "organisations/<int:pk>/edit/"
    pattern: URLPattern
    kwargs: list[str]

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)

    @property
    def model(self):
        return getattr(self.view_class, "model", None)

    def url_for(self, obj) -> str:
        path = "/" + self.route
        for kwarg in self.kwargs:
            path = _fill(path, kwarg, KWARG_VALUES[kwarg](obj))
        return path


def _kwarg_names(pattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.pattern.regex.groupindex)


def _fill(path: str, kwarg: str, value) -> str:
    return re.sub(r"<(?:\w+:)?%s>" % re.escape(kwarg), str(value), path, count=1)


def _walk(patterns, prefix="", namespace="", inherited=()):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        kwargs = [*inherited, *_kwarg_names(entry)]
        if isinstance(entry, URLResolver):
            child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, child_ns, kwargs)
        else:
            name = f"{namespace}{entry.name}" if entry.name else route
            yield ObjectUrl(name=name, route=route, pattern=entry, kwargs=kwargs)


def all_urls() -> list[ObjectUrl]:
    return list(_walk(get_resolver().url_patterns))


def object_urls() -> list[ObjectUrl]:
    return [u for u in all_urls() if u.kwargs]


def uncovered_urls() -> list[str]:
    """Why each URL with a kwarg cannot be checked by the matrix (empty when all are covered)."""
    problems = []
    for u in object_urls():
        if u.name in EXEMPT:
            continue
        if u.view_class is None:
            if u.name not in EXEMPT:
                problems.append(f"{u.name} ({u.route}): a function view with a kwarg; make it a class-based "
                                f"view with `model`, or list it in EXEMPT with a reason")
            continue
        if u.model is None:
            problems.append(f"{u.name} ({u.route}): {u.view_class.__name__} has no `model`; set the model its "
                            f"kwarg names")
        elif u.model not in MAKE_OBJECT:
            problems.append(f"{u.name} ({u.route}): no MAKE_OBJECT entry for {u.model.__name__} in "
                            f"{__name__}; add one making an instance inside a given union")
        for kwarg in u.kwargs:
            if kwarg not in KWARG_VALUES:
                problems.append(f"{u.name} ({u.route}): the matrix does not know how to fill the kwarg "
                                f"{kwarg!r}; add it to KWARG_VALUES")
    return problems


def _checked_urls():
    return [u for u in object_urls() if u.view_class is not None and u.model in MAKE_OBJECT
            and all(k in KWARG_VALUES for k in u.kwargs)]


def _allows(view_class, method: str) -> bool:
    """Whether the view handles ``method`` at all; if not, Django answers 405 before any lookup."""
    return method in view_class.http_method_names and hasattr(view_class, method)


def namespace_of(u: ObjectUrl) -> str:
    return u.name.split(":", 1)[0] if ":" in u.name else ""


TESTS_DIR = Path(__file__).resolve().parents[1]


def app_matrix_namespaces() -> set[str]:
    """The namespaces whose app runs its part of the matrix in tests/<namespace>/test_cross_tenant.py."""
    return {p.parent.name for p in TESTS_DIR.glob("*/test_cross_tenant.py")}


def urls_of(namespace: str) -> list[ObjectUrl]:
    return [u for u in _checked_urls() if namespace_of(u) == namespace]


def project_urls() -> list[ObjectUrl]:
    """The checked URLs no app matrix runs: this module runs them."""
    own = app_matrix_namespaces()
    return [u for u in _checked_urls() if namespace_of(u) not in own]


def cross_tenant_leaks(client, user, other_union, urls=None, methods=("get", "post")) -> list[str]:
    """Every (URL name, method, status) where ``user`` did NOT get 404 for ``other_union``'s object.

    A method the view does not handle at all must get 405 (answered before any lookup, so it
    reveals nothing); every handled method must get 404. ``urls``: all checked URLs by default.
    """
    client.force_login(user)
    leaks = []
    for u in _checked_urls() if urls is None else urls:
        for method in methods:
            obj = MAKE_OBJECT[u.model](other_union)  # fresh each time: a leaking POST may delete it
            url = u.url_for(obj)
            response = getattr(client, method)(url)
            expected = 404 if _allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} {url} → {response.status_code}")
    return leaks


def unreachable(client, user, union, urls) -> list[str]:
    """The URLs whose GET of ``union``'s own object ``user`` could not reach (the positive control)."""
    client.force_login(user)
    failures = []
    for u in urls:
        url = u.url_for(MAKE_OBJECT[u.model](union))
        response = client.get(url)
        expected = ALLOWED_FOR_OWN_OBJECTS if _allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET {url} → {response.status_code}")
    return failures


def switch_scoping_off(monkeypatch):
    """visible_to returns every row, in the core and in any queryset still overriding it."""
    from django.apps import apps

    def every_row(self, user, action="view"):
        return self.all()

    monkeypatch.setattr(ScopedQuerySet, "visible_to", every_row)
    for model in apps.get_models():
        if isinstance(getattr(model, "scope", None), ScopePolicy):
            for klass in type(model._default_manager.get_queryset()).__mro__:
                if "visible_to" in vars(klass) and klass is not ScopedQuerySet:
                    monkeypatch.setattr(klass, "visible_to", every_row)


# A title some checks need (a handling department is matched by it until it is an explicit link).
TITLES_AT_B = {Role.DEPARTMENT: "人力资源部"}


class AppMatrix:
    """One app's part of the matrix; declare it in tests/<namespace>/test_cross_tenant.py::

        class TestCrossTenant(AppMatrix):
            namespace = "congress"
            min_urls = 40                                   # fails if URLs vanish from the walk
            roles_at_b = (Role.DELEGATE, Role.DEPARTMENT)   # each alone at union B: 404 for A's objects
            leaks_without_scoping = ("congress:proposal_detail GET",)  # proves the checks bite
    """

    namespace = ""
    min_urls = 1
    roles_at_b: tuple = (Role.UNION_OFFICER,)
    leaks_without_scoping: tuple = ()

    def urls(self) -> list[ObjectUrl]:
        return urls_of(self.namespace)

    def test_every_object_url_is_covered(self):
        urls = [u for u in object_urls() if namespace_of(u) == self.namespace]
        assert len(urls) >= self.min_urls, sorted(u.route for u in urls)
        problems = [p for p in uncovered_urls() if p.startswith(f"{self.namespace}:")]
        assert not problems, "\n".join(problems)
        assert [u.route for u in urls if u.name not in EXEMPT] == [u.route for u in self.urls()]

    def test_every_role_at_union_a_gets_404_for_union_b_objects(self, client, county, user_with_every_role_at_a):
        leaks = cross_tenant_leaks(client, user_with_every_role_at_a, county.b, self.urls())
        assert not leaks, f"These {self.namespace} URLs did not answer 404 for union B's object:\n" + "\n".join(leaks)

    def test_every_role_at_union_a_reaches_union_a_objects(self, client, county, user_with_every_role_at_a):
        """The positive control: the 404s above are scoping, not broken URLs."""
        failures = unreachable(client, user_with_every_role_at_a, county.a, self.urls())
        assert not failures, f"Union A's own {self.namespace} objects were not reachable:\n" + "\n".join(failures)

    def test_each_role_alone_at_union_b_gets_404_for_union_a_objects(self, client, county):
        leaks = []
        for role in self.roles_at_b:
            user = RoleAssignmentFactory(role=role, organisation=county.b, title=TITLES_AT_B.get(role, ""),
                                         user=UserFactory()).user
            leaks += [f"{role}: {leak}" for leak in cross_tenant_leaks(client, user, county.a, self.urls())]
        assert self.roles_at_b
        assert not leaks, "\n".join(leaks)

    def test_the_checks_report_leaks_when_scoping_is_switched_off(self, client, county, user_with_every_role_at_a,
                                                                monkeypatch):
        assert self.leaks_without_scoping, "declare a URL name and method that must leak without scoping"
        switch_scoping_off(monkeypatch)
        names = {leak.split()[0] for leak in self.leaks_without_scoping}
        leaks = cross_tenant_leaks(client, user_with_every_role_at_a, county.b,
                                   [u for u in self.urls() if u.name in names])
        for expected in self.leaks_without_scoping:
            assert any(leak.startswith(expected + " ") for leak in leaks), (expected, leaks)


def test_every_object_url_is_covered_by_the_matrix():
    problems = uncovered_urls()
    assert not problems, "URLs the cross-tenant matrix cannot check:\n" + "\n".join(problems)


def test_the_matrix_finds_the_object_urls_it_should():
    names = {u.name for u in object_urls()}
    assert {"organisation_detail", "organisation_update", "role_grant", "role_revoke"} <= names
    assert not any(u.route.startswith("admin/") for u in all_urls())


def test_each_app_matrix_file_declares_the_matrix_of_its_namespace():
    """A tests/<namespace>/test_cross_tenant.py takes its namespace's URLs away from this module,
    so it must run them: one AppMatrix subclass for that namespace."""
    namespaces = {namespace_of(u) for u in _checked_urls()}
    for namespace in sorted(app_matrix_namespaces()):
        module = importlib.import_module(f"tests.{namespace}.test_cross_tenant")
        declared = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, AppMatrix)
                    and v is not AppMatrix and v.__name__.startswith("Test")]
        assert [m.namespace for m in declared] == [namespace], (namespace, declared)
        assert namespace in namespaces, f"tests/{namespace}/test_cross_tenant.py names no URL namespace"
    assert project_urls() and len(project_urls()) < len(_checked_urls())


def test_user_with_every_role_at_union_a_gets_404_for_every_union_b_object_url(client, county,
                                                                              user_with_every_role_at_a):
    leaks = cross_tenant_leaks(client, user_with_every_role_at_a, county.b, project_urls())
    assert not leaks, "These URLs did not answer 404 for union B's object:\n" + "\n".join(leaks)


def test_user_with_every_role_at_union_a_reaches_union_a_objects(client, county, user_with_every_role_at_a):
    """The positive control: the 404s above are scoping, not broken URLs."""
    failures = unreachable(client, user_with_every_role_at_a, county.a, project_urls())
    assert not failures, "Union A's own objects were not reachable:\n" + "\n".join(failures)


def test_matrix_reports_leaks_when_scoping_is_switched_off(client, county, user_with_every_role_at_a,
                                                           monkeypatch):
    """Proves the matrix bites: with visible_to returning every row, it must report leaks."""
    switch_scoping_off(monkeypatch)
    leaks = cross_tenant_leaks(client, user_with_every_role_at_a, county.b, project_urls())
    assert any(leak.startswith("organisation_detail GET") for leak in leaks), leaks
    assert any(leak.startswith("organisation_update POST") for leak in leaks), leaks
    assert any(leak.startswith("role_revoke POST") for leak in leaks), leaks


@pytest.mark.parametrize("route,expected", [
    ("organisations/<int:pk>/", "/organisations/7/"),
    ("x/<pk>/y/", "/x/7/y/"),
])
def test_url_for_fills_the_pk(route, expected):
    u = ObjectUrl(name="n", route=route, pattern=None, kwargs=["pk"])
    assert u.url_for(type("O", (), {"pk": 7})()) == expected


@pytest.mark.urls("tests.unionadmin.uncovered_urls")
def test_matrix_refuses_object_urls_it_cannot_check():
    problems = "\n".join(uncovered_urls())
    assert len(uncovered_urls()) == 5, problems
    assert "function_with_kwarg (f/<int:pk>/): a function view" in problems
    assert "no_model (m/<int:pk>/): NoModelView has no `model`" in problems
    assert "ns:inner_no_model (ns/<int:pk>/)" in problems
    assert "unregistered_model (u/<int:pk>/): no MAKE_OBJECT entry for User" in problems
    assert "unknown_kwarg (s/<slug:handle>/): the matrix does not know how to fill the kwarg 'handle'" in problems
    assert "no-kwarg/" not in problems and "admin/" not in problems
