"""Honours after the reviews: the 公示 keeps its full days (not dated before the names were
accepted, not posted while units may still nominate, objections only during it), the officer
who nominated does not vet, a nominating union is not told of an objection or of its sibling
units' nominations, the honour on the member's record is of the scheme's kind, a team's
模范职工之家 is refused, and the nominee's record lists only their own proposals."""
import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from competitions import honours as services
from competitions.forms.honours import NominationForm
from competitions.models import HonourScheme, Nomination
from competitions.services.errors import CompetitionError
from competitions.wiring_honours import notice_context
from members.models import Honour
from unionadmin.models import Organisation
from unionadmin.roles import Role

from ..factories import MemberFactory, RoleAssignmentFactory
from .factories import ProposalFactory
from .factories_honours import HonourSchemeFactory, posted

pytestmark = pytest.mark.django_db
today = timezone.localdate


@pytest.fixture
def scheme(county):
    return HonourSchemeFactory(union=county.federation, honour_title="测试县劳动模范")


def nominate(scheme, unit, by, **kwargs):
    kwargs.setdefault("member", MemberFactory(union=unit))
    return services.nomination_create(scheme, by=by, unit=unit, deeds="事迹材料。", **kwargs)


def close_nominations(scheme, *, days_ago=1):
    HonourScheme.objects.filter(pk=scheme.pk).update(nominations_close=today() - datetime.timedelta(days=days_ago))
    return HonourScheme.objects.get(pk=scheme.pk)  # as the next page loads it


def test_the_notice_cannot_be_dated_before_the_names_were_accepted(scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    scheme = close_nominations(scheme)
    services.nomination_vet(nomination, by=federation_admin, decision="accept")  # accepted today
    with translation.override("en"), pytest.raises(CompetitionError, match=f"dated between {today().isoformat()}"):
        # "posted 8 days ago" would leave no day to object and allow conferral at once
        services.scheme_publicise(scheme, by=federation_admin, start=today() - datetime.timedelta(days=8))
    scheme = services.scheme_publicise(scheme, by=federation_admin, start=today())
    with translation.override("en"), pytest.raises(CompetitionError, match="The public notice runs until"):
        services.scheme_confer(scheme, by=federation_admin)


def test_the_names_are_not_posted_while_units_may_still_nominate(client, scheme, county, officer_a,
                                                                federation_admin):
    services.nomination_vet(nominate(scheme, county.a, officer_a), by=federation_admin, decision="accept")
    assert "publicise" not in scheme.allowed_actions(federation_admin)
    client.force_login(federation_admin)
    with translation.override("en"):
        assert "Post the names for public notice" not in client.get(scheme.get_absolute_url()).content.decode()
        response = client.post(reverse("competitions:honour_publicise", args=[scheme.pk]),
                               {"start": today().isoformat()}, follow=True)
        assert "Nominations are open until" in response.content.decode()
        with pytest.raises(CompetitionError, match="Nominations are open until"):
            services.scheme_publicise(scheme, by=federation_admin, start=today())
    scheme = close_nominations(scheme)
    assert "publicise" in scheme.allowed_actions(federation_admin)
    assert services.scheme_publicise(scheme, by=federation_admin, start=today()).state == HonourScheme.State.PUBLICITY


def test_an_objection_received_after_the_notice_ended_is_refused_and_conferral_goes_ahead(
        scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    scheme = posted(scheme, federation_admin, [nomination], days_ago=9)  # the notice ended 3 days ago
    with translation.override("en"), pytest.raises(CompetitionError, match="The public notice ended on"):
        services.objection_record(nomination, by=federation_admin, raised_by="张三", channel="letter",
                                  received_on=today(), content="反映事迹不实。")
    assert services.scheme_confer(scheme, by=federation_admin).state == HonourScheme.State.CONFERRED


def test_the_officer_who_nominated_does_not_vet_the_nomination(client, scheme, county, federation_admin):
    nomination = nominate(scheme, county.a, federation_admin)
    assert "vet" not in nomination.allowed_actions(federation_admin)
    client.force_login(federation_admin)
    with translation.override("en"):
        response = client.post(reverse("competitions:honour_nomination_vet", args=[nomination.pk]),
                               {"decision": "accept"}, follow=True)
    assert "You sent this nomination: another officer of 测试县总工会 vets it." in response.content.decode()
    with translation.override("en"), pytest.raises(CompetitionError, match="You sent this nomination"):
        services.nomination_vet(nomination, by=federation_admin, decision="accept")
    colleague = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user
    assert "vet" in nomination.allowed_actions(colleague)
    assert services.nomination_vet(nomination, by=colleague, decision="accept").state == Nomination.State.ACCEPTED


def test_the_nominating_union_is_not_told_of_an_objection_to_its_nominee(client, scheme, county, officer_a,
                                                                        federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    posted(scheme, federation_admin, [nomination], days_ago=2)
    services.objection_record(nomination, by=federation_admin, raised_by="匿名", channel="letter",
                              received_on=today(), content="反映事迹不实。")
    with translation.override("en"):
        client.force_login(federation_admin)
        assert "objection open" in client.get(scheme.get_absolute_url()).content.decode()
        client.force_login(officer_a)
        page = client.get(scheme.get_absolute_url()).content.decode()
    assert nomination.member.name in page and "objection open" not in page


def test_a_union_sees_its_own_nominations_counted_not_its_siblings(client, scheme, county, officer_a, officer_b,
                                                                   federation_admin):
    services.quota_set(scheme, by=federation_admin, category=Organisation.Category.ENTERPRISE, places=3)
    Organisation.objects.filter(pk__in=[county.a.pk, county.b.pk]).update(category="enterprise")
    county.a.refresh_from_db()
    county.b.refresh_from_db()
    nominate(scheme, county.a, officer_a)
    nominate(scheme, county.a, officer_a)
    nominate(scheme, county.b, officer_b)
    for user, expected in ((federation_admin, 3), (officer_a, 2), (officer_b, 1)):
        client.force_login(user)
        listed = client.get(reverse("competitions:honour_scheme_list")).context["object_list"]
        assert [s.nominated for s in listed] == [expected]
        assert [row["taken"] for row in client.get(scheme.get_absolute_url()).context["quotas"]] == [expected]


@pytest.mark.parametrize("kind, expected", [
    (HonourScheme.Kind.OUTSTANDING_CADRE, Honour.Kind.OTHER),
    (HonourScheme.Kind.ADVANCED_WORKER, Honour.Kind.ADVANCED_WORKER),
    (HonourScheme.Kind.MAY_DAY_MEDAL, Honour.Kind.MAY_DAY_MEDAL),
])
def test_the_honour_on_the_members_record_is_of_the_schemes_kind_even_when_entered_by_hand(
        county, officer_a, federation_admin, kind, expected):
    scheme = HonourSchemeFactory(union=county.federation, kind=kind, honour_title="测试县优秀")
    member = MemberFactory(union=county.a)
    # Entered by hand before conferral, with the form's default kind (model worker).
    Honour.objects.create(member=member, title="测试县优秀", year=2026, level="county")
    scheme = posted(scheme, federation_admin, [nominate(scheme, county.a, officer_a, member=member)])
    services.scheme_confer(scheme, by=federation_admin)
    assert list(Honour.objects.filter(member=member).values_list("kind", flat=True)) == [expected]


def test_a_model_workers_home_is_the_union_not_a_named_team(county, officer_a, federation_admin):
    scheme = HonourSchemeFactory(union=county.federation, kind=HonourScheme.Kind.MODEL_HOME,
                                 nominee=HonourScheme.Nominee.COLLECTIVE, honour_title="测试县模范职工之家")
    with translation.override("en"), pytest.raises(CompetitionError, match="Model Workers' Home is the union itself"):
        services.nomination_create(scheme, by=officer_a, unit=county.a, collective=county.a,
                                   collective_name="机加工车间班组", deeds="事迹")
    # The nominating page does not ask for a team's name for this kind.
    assert "collective_name" not in NominationForm(scheme=scheme, user=officer_a).fields
    assert services.nomination_create(scheme, by=officer_a, unit=county.a, collective=county.a, deeds="事迹")


def test_the_nominees_record_lists_proposals_naming_them_not_a_longer_name(scheme, county, officer_a):
    member = MemberFactory(union=county.a, name="王芳")
    ProposalFactory(union=county.a, proposer_name="王芳芳", title="别人的建议")
    ProposalFactory(union=county.a, proposer_name="李强、王芳", title="王芳参与的建议")
    ProposalFactory(union=county.a, proposer_name="王芳", title="王芳的建议")
    record = services.nominee_record(nominate(scheme, county.a, officer_a, member=member), officer_a)
    assert sorted(p.title for p in record["proposals"]) == ["王芳参与的建议", "王芳的建议"]


def test_the_printed_notice_says_where_to_send_an_objection(scheme, county, officer_a, federation_admin):
    Organisation.objects.filter(pk=county.federation.pk).update(phone="0571-12345678",
                                                               address="测试县人民路1号县总工会")
    scheme = posted(scheme, federation_admin, [nominate(scheme, county.a, officer_a)], days_ago=2)
    with translation.override("en"):
        html = render_to_string("competitions/honours/pdf/notice.html", notice_context(scheme, {}))
    assert "0571-12345678" in html and "测试县人民路1号县总工会" in html
