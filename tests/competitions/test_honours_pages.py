"""Honours pages, as the people who use them: the federation sets up a scheme and its quotas,
union A's officer nominates through the page (a quota used up and a double click are
messages), only the federation vets and sees who objected, union B never sees A's nominee, the
certificate is A's to download once conferred, and the member's record shows the nomination."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import honours as services
from competitions.models import HonourScheme, Nomination
from unionadmin.models import DocumentJob

from ..factories import MemberFactory
from .factories_honours import HonourSchemeFactory, posted

pytestmark = pytest.mark.django_db
today = timezone.localdate


@pytest.fixture
def scheme(county):
    return HonourSchemeFactory(union=county.federation, title="2026年度测试县劳动模范评选", honour_title="测试县劳动模范")


def url(name, *args):
    return reverse(f"competitions:honour_{name}", args=args)


def text(response):
    return response.content.decode()


def test_the_federation_sets_up_a_scheme_and_a_quota(client, county, federation_admin):
    client.force_login(federation_admin)
    response = client.post(url("scheme_create"), {
        "union": county.federation.pk, "title": "2026年度测试县五一劳动奖章评选", "kind": "may_day_medal",
        "nominee": "person", "honour_title": "测试县五一劳动奖章", "level": "county", "year": 2026,
        "nominations_open": "2026-03-01", "nominations_close": "2026-02-01", "publicity_days": 7})
    assert "Nominations close on or after the day they open." in text(response)
    response = client.post(url("scheme_create"), {
        "union": county.federation.pk, "title": "2026年度测试县五一劳动奖章评选", "kind": "may_day_medal",
        "nominee": "person", "honour_title": "测试县五一劳动奖章", "level": "county", "year": 2026,
        "nominations_open": today().isoformat(), "nominations_close": today().isoformat(), "publicity_days": 7})
    scheme = HonourScheme.objects.get(title="2026年度测试县五一劳动奖章评选")
    assert response.url == scheme.get_absolute_url()
    client.post(url("quota_set", scheme.pk), {"unit": county.a.pk, "places": 2})
    response = client.get(scheme.get_absolute_url())
    assert "测试县五一劳动奖章" in text(response) and county.a.name in text(response)
    # Neither a unit nor a category: a message, nothing saved.
    response = client.post(url("quota_set", scheme.pk), {"places": 2})
    assert "Choose either a unit or a category." in text(response)


def test_a_union_officer_may_not_set_up_a_scheme_for_the_federation(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(url("scheme_create"), {
        "union": county.federation.pk, "title": "x", "kind": "other", "nominee": "person", "honour_title": "x",
        "level": "county", "year": 2026, "nominations_open": "2026-01-01", "nominations_close": "2026-01-02",
        "publicity_days": 7})
    assert response.status_code == 200 and not HonourScheme.objects.exists()


def test_union_a_nominates_its_member_and_a_used_up_quota_is_a_message(client, scheme, county, officer_a,
                                                                      federation_admin):
    services.quota_set(scheme, by=federation_admin, unit=county.a, places=1)
    first, second = MemberFactory(union=county.a, name="张红梅"), MemberFactory(union=county.a)
    client.force_login(officer_a)
    assert "Nominate" in text(client.get(scheme.get_absolute_url()))
    response = client.post(url("nominate", scheme.pk), {"unit": county.a.pk, "member": first.pk,
                                                         "deeds": "带领班组攻克技术难题。"})
    nomination = Nomination.objects.get()
    assert response.url == nomination.get_absolute_url()
    page = text(client.get(nomination.get_absolute_url()))
    assert "张红梅" in page and "带领班组攻克技术难题。" in page and "As the members and competitions records have it" in page
    # The same page sent twice (a double click) is a message, not a second nomination.
    response = client.post(url("nominate", scheme.pk), {"unit": county.a.pk, "member": first.pk, "deeds": "同上"})
    assert "nominated to this scheme already" in text(response)
    response = client.post(url("nominate", scheme.pk), {"unit": county.a.pk, "member": second.pk, "deeds": "事迹"})
    assert "it has been used up" in text(response)
    assert Nomination.objects.count() == 1


def test_union_a_cannot_nominate_union_bs_member(client, scheme, county, officer_a):
    client.force_login(officer_a)
    response = client.post(url("nominate", scheme.pk), {"unit": county.a.pk,
                                                         "member": MemberFactory(union=county.b).pk, "deeds": "事迹"})
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_only_the_federation_vets(client, scheme, county, officer_a, federation_admin):
    nomination = services.nomination_create(scheme, by=officer_a, unit=county.a,
                                            member=MemberFactory(union=county.a), deeds="事迹")
    client.force_login(officer_a)
    # A's officer sees the nomination but may not vet it: forbidden, not a page with a button.
    assert client.post(url("nomination_vet", nomination.pk), {"decision": "accept"}).status_code == 403
    assert url("nomination_vet", nomination.pk) not in text(client.get(nomination.get_absolute_url()))
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.SUBMITTED
    client.force_login(federation_admin)
    response = client.post(url("nomination_vet", nomination.pk), {"decision": "refuse"})
    assert "Give the reason for returning or refusing the nomination." in text(response)
    client.post(url("nomination_vet", nomination.pk), {"decision": "return", "reason": "请补充考核结果"})
    nomination.refresh_from_db()
    assert (nomination.state, nomination.vetting_reason) == (Nomination.State.RETURNED, "请补充考核结果")
    client.force_login(officer_a)
    assert "请补充考核结果" in text(client.get(url("nomination_resubmit", nomination.pk)))


def test_union_b_sees_the_federations_scheme_but_not_union_as_nominee(client, scheme, county, officer_a,
                                                                      officer_b):
    nomination = services.nomination_create(scheme, by=officer_a, unit=county.a,
                                            member=MemberFactory(union=county.a, name="甲会员"), deeds="事迹")
    client.force_login(officer_b)
    page = text(client.get(scheme.get_absolute_url()))
    assert scheme.title in page and "甲会员" not in page
    assert client.get(nomination.get_absolute_url()).status_code == 404
    assert client.post(reverse("documents:request"), {"kind": "honour_certificate",
                                                      "pk": nomination.pk}).status_code == 404


def test_who_objected_is_kept_from_the_nominating_union(client, scheme, county, officer_a, federation_admin):
    nomination = services.nomination_create(scheme, by=officer_a, unit=county.a,
                                            member=MemberFactory(union=county.a), deeds="事迹")
    posted(scheme, federation_admin, [nomination])  # 8 days ago: the notice ended 2 days ago
    client.force_login(federation_admin)
    received_on = today() - datetime.timedelta(days=3)  # the phone call during the notice
    response = client.post(url("objection_record", nomination.pk), {
        "raised_by": "职工 钱某某", "channel": "phone", "received_on": received_on.isoformat(), "content": "反映材料不实"})
    assert response.url == nomination.get_absolute_url()
    assert "钱某某" in text(client.get(nomination.get_absolute_url()))
    response = client.post(url("confer", scheme.pk), follow=True)
    assert "An objection is still open: answer it before conferring." in text(response)
    client.force_login(officer_a)
    assert "钱某某" not in text(client.get(nomination.get_absolute_url()))
    objection = nomination.objections.get()
    assert client.get(url("objection_answer", objection.pk)).status_code == 404


def test_once_conferred_union_a_asks_for_the_certificate_and_the_members_record_shows_it(
        client, scheme, county, officer_a, federation_admin):
    member = MemberFactory(union=county.a)
    nomination = services.nomination_create(scheme, by=officer_a, unit=county.a, member=member, deeds="事迹")
    scheme = posted(scheme, federation_admin, [nomination])
    client.force_login(federation_admin)
    response = client.post(url("confer", scheme.pk), follow=True)
    assert "Honours conferred: 1." in text(response)
    client.force_login(officer_a)
    page = text(client.get(nomination.get_absolute_url()))
    assert "honour_certificate" in page and f"2026-{scheme.pk:03d}-001" in page
    response = client.post(reverse("documents:request"), {"kind": "honour_certificate", "pk": nomination.pk})
    assert response.status_code == 302 and DocumentJob.objects.filter(kind="honour_certificate").exists()
    record = text(client.get(reverse("members:member_detail", args=[member.pk])))
    assert "测试县劳动模范" in record and "Honour nominations" in record


def test_the_list_ignores_a_bad_filter_value(client, scheme, officer_a):
    client.force_login(officer_a)
    response = client.get(url("scheme_list"), {"year": "二〇二六", "state": "nonsense", "kind": "<script>"})
    assert response.status_code == 200 and scheme.title in text(response)


def test_the_scheme_page_and_the_list_take_as_many_queries_for_eight_nominations_as_for_two(
        client, scheme, county, officer_a, federation_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.quota_set(scheme, by=federation_admin, unit=county.a, places=20)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    client.force_login(federation_admin)
    for _ in range(2):
        services.nomination_create(scheme, by=officer_a, unit=county.a, member=MemberFactory(union=county.a),
                                   deeds="事迹")
    client.get(scheme.get_absolute_url())  # warm the per-process caches (the menu, the catalogue)
    few = (queries(scheme.get_absolute_url()), queries(url("scheme_list")))
    for _ in range(6):
        services.nomination_create(scheme, by=officer_a, unit=county.a, member=MemberFactory(union=county.a),
                                   deeds="事迹")
    assert (queries(scheme.get_absolute_url()), queries(url("scheme_list"))) == few


def test_a_unions_page_shows_its_collective_honours_and_union_b_sees_none_of_them(
        client, county, officer_a, officer_b):
    scheme = HonourSchemeFactory(union=county.federation, nominee=HonourScheme.Nominee.COLLECTIVE,
                                 kind=HonourScheme.Kind.PIONEER, honour_title="测试县工人先锋号")
    services.nomination_create(scheme, by=officer_a, unit=county.a, collective=county.a,
                               collective_name="数控班组", deeds="事迹")
    client.force_login(officer_a)
    page = text(client.get(reverse("organisation_detail", args=[county.a.pk])))
    assert "数控班组" in page and "测试县工人先锋号" in page
    client.force_login(officer_b)
    assert "数控班组" not in text(client.get(reverse("organisation_detail", args=[county.b.pk])))


def test_the_nomination_form_starts_with_the_officers_own_union(client, scheme, county, officer_a):
    client.force_login(officer_a)
    response = client.get(url("nominate", scheme.pk))
    assert response.context["form"].initial["unit"] == county.a
