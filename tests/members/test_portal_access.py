"""Who may open the member portal's pages (issue 19, item 2): every URL whose route starts with
``me/``, in every app, found by walking the URL resolver — a page an app adds under
``me/<app>/`` is checked the moment its URL exists, with nothing to add here.

For each such URL:

* anonymous → the login page (the public set-password pages, namespace ``public``, excepted);
* a login without a membership (an officer, say) → 403 with a page saying why (on a page naming
  an object: 404 unless the officer's roles show them the object, as the cross-tenant matrix
  expects);
* member B, of the same union as member A (and as the owners of the objects below), never
  sees their name, card number, ID number or mobile on any page;
* a URL that names an object (it has a kwarg): member B gets 404 for another member's object,
  and its owner reaches it (the positive control).

The registry for the last point — ``PORTAL_OWN``
-------------------------------------------------
A portal URL with a kwarg names an object of the logged-in member's own (the view's ``model``).
The app that adds it declares how to make one, in ``tests/<app>/factories.py`` (or, for a part
of members, ``tests/members/factories_<part>.py``)::

    PORTAL_OWN = {
        HardshipApplication: lambda member: HardshipApplicationFactory(member=member),
    }
    PORTAL_OWN_KWARGS = {"token": lambda obj: obj.token}   # only for a kwarg other than pk

each function making one fresh object that belongs to ``member``. An object every member of
a union may open (a union's survey) is no one member's: name its model in
``PORTAL_UNION_WIDE = {Survey}`` as well, and the 404 check is made by a member of another union.
``test_every_portal_url_with_a_kwarg_has_a_maker`` fails, naming the URL and model, until it
is there.
"""
from __future__ import annotations

import importlib
import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from members import ecards
from tests.unionadmin.test_cross_tenant_matrix import ALLOWED_FOR_OWN_OBJECTS, _allows, _fill, all_urls

from .factories_access import CardMemberFactory

pytestmark = pytest.mark.django_db

TESTS_DIR = Path(__file__).resolve().parents[1]
PUBLIC_NAMESPACE = "public:"  # the one-time-link pages: reached without a login by design

PORTAL_OWN: dict = {}
PORTAL_OWN_KWARGS: dict = {"pk": lambda obj: obj.pk}
PORTAL_UNION_WIDE: set = set()


def _collect_portal_makers():
    modules = []
    for package in sorted(p.name for p in TESTS_DIR.iterdir() if (p / "factories.py").exists()):
        modules.append(f"tests.{package}.factories")
        modules += [f"tests.{package}.{p.stem}" for p in sorted((TESTS_DIR / package).glob("factories_*.py"))]
    for name in modules:
        module = importlib.import_module(name)
        PORTAL_OWN.update(getattr(module, "PORTAL_OWN", {}))
        PORTAL_OWN_KWARGS.update(getattr(module, "PORTAL_OWN_KWARGS", {}))
        PORTAL_UNION_WIDE.update(getattr(module, "PORTAL_UNION_WIDE", set()))


_collect_portal_makers()


def portal_urls():
    """Every URL under me/ but the public set-password pages."""
    return [u for u in all_urls() if u.route.startswith("me/") and not u.name.startswith(PUBLIC_NAMESPACE)]


def public_portal_urls():
    return [u for u in all_urls() if u.route.startswith("me/") and u.name.startswith(PUBLIC_NAMESPACE)]


def _any_value(u, kwarg):
    converter = u.pattern.pattern.converters.get(kwarg) if hasattr(u.pattern.pattern, "converters") else None
    kind = type(converter).__name__
    return {"IntConverter": 1, "UUIDConverter": uuid.uuid4()}.get(kind, "x")


def path_with_any_values(u) -> str:
    """The URL with made-up kwargs (the login wall comes before any lookup)."""
    path = "/" + u.route
    for kwarg in u.kwargs:
        path = _fill(path, kwarg, _any_value(u, kwarg))
    return path


def path_for(u, obj) -> str:
    path = "/" + u.route
    for kwarg in u.kwargs:
        path = _fill(path, kwarg, PORTAL_OWN_KWARGS[kwarg](obj))
    return path


def page_text(response) -> str:
    """What the person receives, readable: HTML, JSON, or the text files inside a ZIP."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        texts = []
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                if name.endswith((".json", ".txt", ".csv", ".html")):
                    texts.append(archive.read(name).decode("utf-8", "replace"))
        return "\n".join(texts)
    text = body.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text += json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


@pytest.fixture
def two_members(county, member_login):
    """Members A and B of the same union, each with a login, a card number and an electronic card."""
    user_a, a = member_login(CardMemberFactory(union=county.a, name="甲某某", card_number="A0000777",
                                               phone="13911110001"))
    user_b, b = member_login(CardMemberFactory(union=county.a, name="乙某某", card_number="A0000888",
                                               phone="13922220002"))
    ecards.card_for(a)
    ecards.card_for(b)
    return type("Two", (), {"user_a": user_a, "a": a, "user_b": user_b, "b": b})


def test_the_walk_finds_the_portals_pages():
    names = {u.name for u in portal_urls()}
    assert {"portal:home", "portal:card", "portal:card_code"} <= names
    assert {u.name for u in public_portal_urls()} >= {"public:set_password", "public:set_password_done"}


def test_every_portal_url_with_a_kwarg_has_a_maker():
    problems = []
    for u in portal_urls():
        if not u.kwargs:
            continue
        model = getattr(u.view_class, "model", None)
        if model is None:
            problems.append(f"{u.name} ({u.route}): the view names no `model` for its kwarg")
        elif model not in PORTAL_OWN:
            problems.append(f"{u.name} ({u.route}): add PORTAL_OWN = {{{model.__name__}: lambda member: …}} to "
                            f"your app's tests/<app>/factories.py (see {__name__})")
        problems += [f"{u.name} ({u.route}): add PORTAL_OWN_KWARGS[{k!r}]" for k in u.kwargs
                     if k not in PORTAL_OWN_KWARGS]
    assert not problems, "\n".join(problems)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    wrong = []
    for u in portal_urls():
        path = path_with_any_values(u)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code != 302 or not response.url.startswith(reverse("login")):
                wrong.append(f"{u.name} {method.upper()} {path} → {response.status_code}")
    assert not wrong, "These portal pages did not send an anonymous visitor to the login page:\n" + "\n".join(wrong)


def test_the_set_password_pages_need_no_login(client):
    for u in public_portal_urls():
        response = client.get(path_with_any_values(u))
        assert response.status_code in (200, 302) and not response.get("Location", "").startswith(
            reverse("login")), u.name


def test_a_login_without_a_membership_gets_403_saying_why(client, english, officer_a, member_login, county):
    """…or, on a page naming an object, 404 unless the officer's roles show them that object."""
    own = own_objects(member_login, county.a)
    client.force_login(officer_a)
    wrong = []
    for u in portal_urls():
        model = getattr(u.view_class, "model", None)
        path = path_for(u, own[model][2]) if u.kwargs and model in own else path_with_any_values(u)
        response = client.get(path)
        text = response.content.decode()
        if u.kwargs and response.status_code in (404, 405):
            continue  # an object page the officer's roles do not show them: its existence is not confirmed
        if response.status_code != 403 or "This login does not belong to a member of a union" not in text:
            wrong.append(f"{u.name} GET {path} → {response.status_code}")
    assert not wrong, "\n".join(wrong)


def _leaks_of(member, text: str) -> list[str]:
    return [label for label, value in (("name", member.name), ("card number", member.card_number),
                                       ("ID number", member.id_number), ("mobile", member.phone))
            if value and value in text]


def pages_leaking(client, user, others) -> tuple[list[str], int]:
    """(what of ``others`` each portal page without a kwarg shows ``user``, pages seen)."""
    client.force_login(user)
    leaks, seen = [], 0
    for u in portal_urls():
        if u.kwargs:
            continue  # the objects pages: test_member_b_gets_404_for_member_as_objects
        response = client.get("/" + u.route)
        assert response.status_code < 500, (u.name, response.status_code)
        if response.status_code == 200:
            seen += 1
            text = page_text(response)
            leaks += [f"{u.name}: {other.name}'s {what}" for other in others for what in _leaks_of(other, text)]
    return leaks, seen


def test_member_b_never_sees_member_as_data_on_any_portal_page(client, two_members, member_login, county):
    others = [two_members.a] + [owner for _u, owner, _o in own_objects(member_login, county.a).values()]
    leaks, seen = pages_leaking(client, two_members.user_b, others)
    assert seen >= 3
    assert not leaks, "Member B saw another member's data:\n" + "\n".join(leaks)


def test_the_leak_check_bites_when_the_portal_shows_the_wrong_member(client, two_members, monkeypatch):
    """Proves the check above can fail: with the portal taking member A for everyone, B sees A."""
    import members.portal

    monkeypatch.setattr(members.portal, "current_member", lambda user: two_members.a)
    leaks, _seen = pages_leaking(client, two_members.user_b, [two_members.a])
    assert any(leak.startswith("portal:home: 甲某某's name") for leak in leaks), leaks
    assert any(leak.startswith("portal:card: 甲某某's card number") for leak in leaks), leaks


def test_member_b_sees_their_own_name_and_card(client, two_members):
    client.force_login(two_members.user_b)
    for name in ("portal:home", "portal:card"):
        text = client.get(reverse(name)).content.decode()
        assert "乙某某" in text and "A0000888" in text


def own_objects(make_login, union) -> dict:
    """{model: (owner's login, owner, object)}: one object of each registered kind, each with an
    owner of its own in ``union`` (an app may allow a member one at a time, e.g. one hardship
    application in progress, and one maker may make another's object too)."""
    made = {}
    for i, (model, make) in enumerate(PORTAL_OWN.items()):
        user, owner = make_login(CardMemberFactory(union=union, name=f"丙某某{i}", card_number=f"C{i:07d}",
                                                   phone=f"1370000{i:04d}"))
        made[model] = (user, owner, make(owner))
    return made


def _kwarg_urls():
    return [u for u in portal_urls() if u.kwargs and getattr(u.view_class, "model", None) in PORTAL_OWN
            and all(k in PORTAL_OWN_KWARGS for k in u.kwargs)]


def test_member_b_gets_404_for_member_as_objects(client, two_members, member_login, county):
    """B is of the same union as the owners; for a union-wide object, B is of another union."""
    own = own_objects(member_login, county.a)
    elsewhere, _member = member_login(CardMemberFactory(union=county.b, name="丁某某", card_number="B0000999"))
    leaks = []
    for u in _kwarg_urls():
        model = u.view_class.model
        client.force_login(elsewhere if model in PORTAL_UNION_WIDE else two_members.user_b)
        for method in ("get", "post"):
            path = path_for(u, own[model][2])
            response = getattr(client, method)(path)
            expected = 404 if _allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} {path} → {response.status_code}")
    assert not leaks, "Another member reached a member's objects:\n" + "\n".join(leaks)


def test_each_owner_reaches_their_own_objects(client, member_login, county):
    """The positive control: the 404s above come from the scoping, not from broken URLs."""
    own = own_objects(member_login, county.a)
    failures = []
    for u in _kwarg_urls():
        user, _owner, obj = own[u.view_class.model]
        client.force_login(user)
        path = path_for(u, obj)
        response = client.get(path)
        expected = ALLOWED_FOR_OWN_OBJECTS if _allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET {path} → {response.status_code}")
    assert not failures, "\n".join(failures)
