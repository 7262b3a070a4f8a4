"""Honours forms sent twice at once (a double click, or two officers): one record, and the
second request reads why — never a server error (two threads, own connections, real
PostgreSQL; tests/concurrency.py)."""
import pytest
from django.urls import reverse

from competitions.models import HonourQuota, Nomination
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

from ..factories import MemberFactory
from .factories_honours import HonourSchemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_nominated_twice_at_once(county, officer_a):
    scheme = HonourSchemeFactory(union=county.federation)
    member = MemberFactory(union=county.a)
    url = reverse("competitions:honour_nominate", args=[scheme.pk])
    with writes_meet(Nomination):
        responses = post_at_once(officer_a, url, {"unit": county.a.pk, "member": member.pk, "deeds": "事迹"},
                                 referer=url)
    assert_no_server_error_and_told(responses, "nominated to this scheme already")
    assert Nomination.objects.filter(scheme=scheme, member=member).count() == 1


def test_the_last_place_of_a_quota_taken_twice_at_once(county, officer_a):
    """Two different members for A's one place: the scheme's lock lets one through."""
    scheme = HonourSchemeFactory(union=county.federation)
    HonourQuota.objects.create(scheme=scheme, unit=county.a, places=1)
    url = reverse("competitions:honour_nominate", args=[scheme.pk])
    posts = [(url, {"unit": county.a.pk, "member": MemberFactory(union=county.a).pk, "deeds": "事迹"})
             for _ in range(2)]
    with writes_meet(Nomination):
        responses = post_at_once(officer_a, posts=posts, referer=url)
    assert_no_server_error_and_told(responses, "it has been used up")
    assert Nomination.objects.filter(scheme=scheme).count() == 1


def test_a_quota_set_twice_at_once(county, federation_admin):
    scheme = HonourSchemeFactory(union=county.federation)
    url = reverse("competitions:honour_quota_set", args=[scheme.pk])
    with writes_meet(HonourQuota):
        responses = post_at_once(federation_admin, url, {"unit": county.a.pk, "places": 2}, referer=url)
    assert_no_server_error_and_told(responses, "The quota was set.")
    assert HonourQuota.objects.get(scheme=scheme).places == 2
