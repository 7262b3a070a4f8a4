"""The dashboard at scale (issue 20): each indicator's whole is cached under the stamps of every
table its sources read, per subtree and unit category, so a visit after a change recounts only
what the change touched; the figures are always those of a fresh count. The drill-down orders
every unit but names only the page's."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from tests.factories import GrassrootsFactory, MemberFactory
from unionadmin.models import Organisation

YEAR = timezone.localdate().year


@pytest.fixture
def units(county):
    """A (enterprise): 4 of 10 employees members; B (enterprise): 8 of 10; C (organ): 1 of 20."""
    a, b = county.a, county.b
    Organisation.objects.filter(pk__in=[a.pk, b.pk]).update(employee_count=10, category="enterprise")
    county.c = GrassrootsFactory(name="丙机关工会", parent=county.federation, employee_count=20, category="organ")
    for union, n in ((a, 4), (b, 8), (county.c, 1)):
        for _ in range(n):
            MemberFactory(union=union)
    return county


def _tiles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return {tile.indicator.code: (tile.measurement, tile.parts, tile.previous) for tile in response.context["tiles"]}


def _fresh(client, url, settings, **params):
    cached = settings.INDICATOR_CACHE_SECONDS
    settings.INDICATOR_CACHE_SECONDS = 0
    try:
        return _tiles(client, url, **params)
    finally:
        settings.INDICATOR_CACHE_SECONDS = cached


def test_every_tile_read_from_the_cache_after_a_change_equals_a_fresh_count(client, units, federation_admin,
                                                                            settings):
    settings.INDICATOR_CACHE_SECONDS = 3600
    client.force_login(federation_admin)
    url = reverse("dashboard", args=[units.federation.pk])
    _tiles(client, url)  # every whole cached
    MemberFactory(union=units.c)  # the members' tiles change, the others are read from the cache
    after = _tiles(client, url)
    assert after["membership_rate"][0].numerator == 14
    assert after == _fresh(client, url, settings)


def test_a_whole_is_cached_per_unit_category(client, units, federation_admin, settings):
    settings.INDICATOR_CACHE_SECONDS = 3600
    client.force_login(federation_admin)
    url = reverse("dashboard", args=[units.federation.pk])
    everyone = _tiles(client, url)["membership_rate"][0]
    enterprises = _tiles(client, url, category="enterprise")["membership_rate"][0]
    assert (everyone.numerator, everyone.denominator, everyone.value) == (13, 40, Decimal("32.5"))
    assert (enterprises.numerator, enterprises.denominator, enterprises.value) == (12, 20, Decimal("60.0"))
    Member.objects.filter(union=units.a).update(status=Member.Status.WITHDRAWN, left_on=timezone.localdate())
    assert _tiles(client, url, category="enterprise")["membership_rate"][0].numerator == 8
    assert _tiles(client, url)["membership_rate"][0].numerator == 9


def test_the_drill_down_names_the_units_of_its_page_in_order(client, units, federation_admin, monkeypatch):
    from unionadmin.views import dashboard

    monkeypatch.setattr(dashboard, "DRILL_DOWN_PAGE", 2)
    client.force_login(federation_admin)
    url = reverse("dashboard_indicator", args=[units.federation.pk, "membership_rate"])
    first = client.get(url).context["rows"]
    assert [(row["rank"], row["unit"].name, row["value"]) for row in first] == [
        (1, "丙机关工会", Decimal("5.0")), (2, units.a.name, Decimal("40.0"))]
    last = client.get(url, {"page": "last"})
    assert [(row["rank"], row["unit"].pk, row["value"]) for row in last.context["rows"]] == [
        (3, units.b.pk, Decimal("80.0"))]
    assert units.b.name in last.content.decode() and units.a.name not in last.content.decode()
    # A page past the end is the last one, as the paginator reads it; the unit links to its dashboard.
    beyond = client.get(url, {"page": 99})
    assert [row["rank"] for row in beyond.context["rows"]] == [3]
    assert reverse("dashboard", args=[units.b.pk]) in beyond.content.decode()


def _drill_down(client, url):
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    return ([(row["unit"].name, row["value"], row["measurement"]) for row in context["rows"]],
            context["units_total"], context["incomplete"])


def test_the_units_worst_first_read_from_the_cache_are_those_of_a_fresh_count(client, units, federation_admin,
                                                                              settings):
    """The order of every unit is cached with the figures (a province's is 10,000 units judged
    and sorted): a visit with nothing changed reads it, a change to the members or to the tree
    makes the next visit order them afresh."""
    settings.INDICATOR_CACHE_SECONDS = 3600
    client.force_login(federation_admin)
    url = reverse("dashboard_indicator", args=[units.federation.pk, "membership_rate"])
    first = _drill_down(client, url)
    assert [(name, value) for name, value, _m in first[0]] == [
        ("丙机关工会", Decimal("5.0")), (units.a.name, Decimal("40.0")), (units.b.name, Decimal("80.0"))]
    assert _drill_down(client, url) == first

    for _ in range(9):  # 丙 passes 甲: 10 of 20 is 50 %
        MemberFactory(union=units.c)
    after = _drill_down(client, url)
    assert [name for name, _v, _m in after[0]] == [units.a.name, "丙机关工会", units.b.name]
    assert after == _fresh_drill_down(client, url, settings)

    Organisation.objects.filter(pk=units.a.pk).update(employee_count=2)  # 4 of 2: counted at 100 %
    moved = _drill_down(client, url)
    assert [(name, value) for name, value, _m in moved[0]] == [
        ("丙机关工会", Decimal("50.0")), (units.b.name, Decimal("80.0")), (units.a.name, Decimal("100.0"))]
    assert moved[0][2][2].capped == 1 and moved[0][2][2].excess == 2
    assert moved == _fresh_drill_down(client, url, settings)


def _fresh_drill_down(client, url, settings):
    cached = settings.INDICATOR_CACHE_SECONDS
    settings.INDICATOR_CACHE_SECONDS = 0
    try:
        return _drill_down(client, url)
    finally:
        settings.INDICATOR_CACHE_SECONDS = cached
