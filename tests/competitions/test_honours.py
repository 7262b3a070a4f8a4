"""Honours (评先评优): the county federation runs a 劳动模范 scheme; unions A and B nominate their
own members within their quotas; the federation vets, posts the names (公示), records and
answers objections, and confers; the conferred honour lands on the member's record."""
import datetime

import pytest
from django.utils import timezone

from competitions import honours as services
from competitions.models import HonourObjection, HonourScheme, Nomination
from competitions.services.errors import CompetitionError
from members.models import Honour
from unionadmin.models import Organisation

from ..factories import BranchFactory, MemberFactory
from .factories_honours import HonourSchemeFactory, closed_and_vetted, posted

pytestmark = pytest.mark.django_db
today = timezone.localdate


@pytest.fixture
def scheme(county, federation_admin):
    return HonourSchemeFactory(union=county.federation, title="2026年度测试县劳动模范评选",
                               honour_title="测试县劳动模范", kind=HonourScheme.Kind.MODEL_WORKER)


def nominate(scheme, unit, by, member=None, **kwargs):
    return services.nomination_create(scheme, by=by, unit=unit, member=member or MemberFactory(union=unit),
                                      deeds="带领班组攻克技术难题，年创效益120万元。", **kwargs)


def test_a_union_nominates_its_own_member_and_the_quota_refuses_one_too_many(scheme, county, officer_a,
                                                                              federation_admin):
    services.quota_set(scheme, by=federation_admin, unit=county.a, places=1)
    services.quota_set(scheme, by=federation_admin, unit=county.b, places=2)
    first = nominate(scheme, county.a, officer_a)
    assert first.state == Nomination.State.SUBMITTED
    with pytest.raises(CompetitionError, match="The quota of .* for this scheme is 1; it has been used up"):
        nominate(scheme, county.a, officer_a)
    # A refused nomination gives its place back.
    services.nomination_vet(first, by=federation_admin, decision="refuse", reason="不符合推荐条件")
    assert nominate(scheme, county.a, officer_a).state == Nomination.State.SUBMITTED


def test_a_branch_counts_against_its_unions_quota(scheme, county, federation_admin):
    branch = BranchFactory(parent=county.a)
    services.quota_set(scheme, by=federation_admin, unit=county.a, places=1)
    nominate(scheme, branch, federation_admin)
    with pytest.raises(CompetitionError, match="used up"):
        nominate(scheme, county.a, federation_admin)


def test_a_category_quota_gives_each_unit_of_the_category_its_places(scheme, county, federation_admin):
    Organisation.objects.filter(pk__in=[county.a.pk, county.b.pk]).update(category="enterprise")
    county.a.refresh_from_db()
    county.b.refresh_from_db()
    services.quota_set(scheme, by=federation_admin, category="enterprise", places=1)
    nominate(scheme, county.a, federation_admin)
    nominate(scheme, county.b, federation_admin)  # B's own place
    with pytest.raises(CompetitionError, match="used up"):
        nominate(scheme, county.b, federation_admin)
    assert [row["taken"] for row in services.quota_rows(scheme, federation_admin)] == [2]


def test_with_quotas_set_a_unit_without_one_has_no_place(scheme, county, federation_admin):
    services.quota_set(scheme, by=federation_admin, unit=county.a, places=3)
    with pytest.raises(CompetitionError, match="has no place"):
        nominate(scheme, county.b, federation_admin)


def test_a_union_nominates_only_its_own_members(scheme, county, officer_a):
    with pytest.raises(CompetitionError, match="only its own members"):
        nominate(scheme, county.a, officer_a, member=MemberFactory(union=county.b))


def test_the_same_member_is_nominated_once(scheme, county, officer_a):
    member = MemberFactory(union=county.a)
    nominate(scheme, county.a, officer_a, member=member)
    with pytest.raises(CompetitionError, match="nominated to this scheme already"):
        nominate(scheme, county.a, officer_a, member=member)


def test_nominations_outside_the_window_are_refused(scheme, county, officer_a):
    HonourScheme.objects.filter(pk=scheme.pk).update(nominations_close=today() - datetime.timedelta(days=1))
    scheme.refresh_from_db()
    with pytest.raises(CompetitionError, match="not open"):
        nominate(scheme, county.a, officer_a)
    assert "nominate" not in scheme.allowed_actions(officer_a)


def test_returning_needs_a_reason_and_the_unit_sends_it_again(scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    with pytest.raises(CompetitionError, match="Give the reason"):
        services.nomination_vet(nomination, by=federation_admin, decision="return")
    services.nomination_vet(nomination, by=federation_admin, decision="return", reason="请补充近三年考核结果")
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.RETURNED
    assert "resubmit" in nomination.allowed_actions(officer_a)
    services.nomination_resubmit(nomination, by=officer_a, deeds="补充：近三年考核均为优秀。")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.deeds) == (Nomination.State.SUBMITTED, "补充：近三年考核均为优秀。")


def test_only_the_schemes_union_vets(scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    assert "vet" not in nomination.allowed_actions(officer_a)
    assert "vet" in nomination.allowed_actions(federation_admin)


def test_names_are_posted_only_when_every_nomination_is_vetted(scheme, county, officer_a, federation_admin):
    first, second = nominate(scheme, county.a, officer_a), nominate(scheme, county.a, officer_a)
    services.nomination_vet(first, by=federation_admin, decision="accept")
    with pytest.raises(CompetitionError, match="Vet every nomination first"):
        services.scheme_publicise(scheme, by=federation_admin, start=today())
    services.nomination_vet(second, by=federation_admin, decision="accept")
    scheme = closed_and_vetted(scheme, days_ago=1)
    scheme = services.scheme_publicise(scheme, by=federation_admin, start=today())
    # 7 days of notice: the day it is posted and six more.
    assert (scheme.state, scheme.publicity_end) == (HonourScheme.State.PUBLICITY, today() + datetime.timedelta(days=6))


def test_no_conferral_before_the_notice_ends(scheme, county, officer_a, federation_admin):
    scheme = posted(scheme, federation_admin, [nominate(scheme, county.a, officer_a)], days_ago=6)
    with pytest.raises(CompetitionError, match="The public notice runs until"):
        services.scheme_confer(scheme, by=federation_admin)


def test_no_conferral_while_an_objection_is_open(scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    scheme = posted(scheme, federation_admin, [nomination])
    objection = services.objection_record(nomination, by=federation_admin, raised_by="匿名", channel="letter",
                                          received_on=today() - datetime.timedelta(days=3), content="反映事迹不实。")
    with pytest.raises(CompetitionError, match="An objection is still open"):
        services.scheme_confer(scheme, by=federation_admin)
    services.objection_answer(objection, by=federation_admin, upheld=False, answer="经核实，事迹属实。")
    scheme = services.scheme_confer(scheme, by=federation_admin)
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.CONFERRED


def test_an_upheld_objection_removes_the_nomination_and_a_dismissed_one_keeps_it(scheme, county, officer_a,
                                                                                 officer_b, federation_admin):
    kept, removed = nominate(scheme, county.a, officer_a), nominate(scheme, county.b, officer_b)
    scheme = posted(scheme, federation_admin, [kept, removed])
    day = today() - datetime.timedelta(days=5)
    for nomination, upheld in ((kept, False), (removed, True)):
        objection = services.objection_record(nomination, by=federation_admin, raised_by="职工 王某",
                                              channel="phone", received_on=day, content="反映有违纪记录。")
        services.objection_answer(objection, by=federation_admin, upheld=upheld, answer="经核查并答复反映人。")
    kept.refresh_from_db()
    removed.refresh_from_db()
    assert (kept.state, removed.state) == (Nomination.State.ACCEPTED, Nomination.State.REMOVED)
    assert set(HonourObjection.objects.values_list("state", flat=True)) == {"upheld", "dismissed"}
    services.scheme_confer(scheme, by=federation_admin)
    removed.refresh_from_db()
    assert removed.state == Nomination.State.REMOVED and not removed.certificate_number


def test_an_objection_dated_before_the_notice_is_refused(scheme, county, officer_a, federation_admin):
    nomination = nominate(scheme, county.a, officer_a)
    scheme = posted(scheme, federation_admin, [nomination])
    with pytest.raises(CompetitionError, match="between the posting of the notice and today"):
        services.objection_record(nomination, by=federation_admin, raised_by="匿名", channel="letter",
                                  received_on=today() - datetime.timedelta(days=9), content="反映")


def test_a_conferred_persons_honour_lands_on_the_members_record_and_archive(scheme, county, officer_a, officer_b,
                                                                            federation_admin):
    member_a, member_b = MemberFactory(union=county.a), MemberFactory(union=county.b)
    nominations = [nominate(scheme, county.a, officer_a, member=member_a),
                   nominate(scheme, county.b, officer_b, member=member_b)]
    scheme = posted(scheme, federation_admin, nominations)
    scheme = services.scheme_confer(scheme, by=federation_admin)
    assert (scheme.state, scheme.conferred_on) == (HonourScheme.State.CONFERRED, today())
    honour = Honour.objects.get(member=member_a)
    assert (honour.title, honour.kind, honour.level, honour.year, honour.awarded_by) == (
        "测试县劳动模范", Honour.Kind.MODEL_WORKER, "county", 2026, "测试县总工会")
    member_a.refresh_from_db()
    assert member_a.is_model_worker  # the model-worker archive lists them
    numbers = sorted(Nomination.objects.values_list("certificate_number", flat=True))
    assert numbers == [f"2026-{scheme.pk:03d}-001", f"2026-{scheme.pk:03d}-002"]


def test_an_honour_already_entered_by_hand_is_linked_not_doubled(scheme, county, officer_a, federation_admin):
    member = MemberFactory(union=county.a)
    by_hand = Honour.objects.create(member=member, title="测试县劳动模范", year=2026, level="county")
    scheme = posted(scheme, federation_admin, [nominate(scheme, county.a, officer_a, member=member)])
    services.scheme_confer(scheme, by=federation_admin)
    assert Honour.objects.filter(member=member).count() == 1
    assert Nomination.objects.get().honour == by_hand


def test_a_model_workers_home_becomes_the_unions_home_rating(county, officer_a, federation_admin):
    scheme = HonourSchemeFactory(union=county.federation, kind=HonourScheme.Kind.MODEL_HOME,
                                 nominee=HonourScheme.Nominee.COLLECTIVE, honour_title="测试县模范职工之家")
    nomination = services.nomination_create(scheme, by=officer_a, unit=county.a, collective=county.a,
                                            deeds="职代会制度健全，职工书屋、母婴室齐全。")
    scheme = posted(scheme, federation_admin, [nomination])
    services.scheme_confer(scheme, by=federation_admin)
    county.a.refresh_from_db()
    assert (county.a.home_rating, county.a.home_rating_year) == (Organisation.HomeRating.MODEL, 2026)
    assert not Honour.objects.exists()  # a collective's honour stays on the nomination


def test_a_collective_scheme_refuses_a_person_and_a_collective_outside_the_unit(county, officer_a):
    scheme = HonourSchemeFactory(union=county.federation, nominee=HonourScheme.Nominee.COLLECTIVE,
                                 kind=HonourScheme.Kind.PIONEER)
    with pytest.raises(CompetitionError, match="for a collective"):
        nominate(scheme, county.a, officer_a)
    with pytest.raises(CompetitionError, match="only collectives of its own"):
        services.nomination_create(scheme, by=officer_a, unit=county.a, collective=county.b, deeds="事迹")


def test_the_nominees_record_is_read_from_members_and_competitions(scheme, county, officer_a):
    from members.models import CadrePost

    from .factories import CompetitionFactory, EntryFactory, ProposalFactory

    member = MemberFactory(union=county.a, name="李建华")
    Honour.objects.create(member=member, title="县先进工作者", year=2020, level="county")
    CadrePost.objects.create(member=member, organisation=county.a, position=CadrePost.Position.COMMITTEE,
                             term_start=datetime.date(2021, 1, 1))
    entry = EntryFactory(competition=CompetitionFactory(organiser=county.federation), organisation=county.a,
                         name="李建华")
    entry.members.add(member)
    ProposalFactory(union=county.a, proposer_name="李建华、王强", title="数控刀具寿命管理")
    record = services.nominee_record(nominate(scheme, county.a, officer_a, member=member), officer_a)
    assert [h.title for h in record["honours"]] == ["县先进工作者"]
    assert record["entries"] == [entry]
    assert [p.title for p in record["proposals"]] == ["数控刀具寿命管理"]
    assert [p.position for p in record["cadre_posts"]] == ["committee"]
