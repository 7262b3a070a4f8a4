"""The member's record and data (issue 19): competitions and honours, events and rationalisation
proposals — each section and the personal-data source show the member's own rows only."""
import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from competitions.models import HonourScheme, Nomination
from competitions.services.portal import event_sign_up
from unionadmin.portal import actions_for, personal_data_sources, record_sections

from .factories import EntryFactory, ProposalFactory, _open_event
from .factories_honours import HonourSchemeFactory, NominationFactory

TODAY = timezone.localdate()


def conferred_scheme(union, honour_title):
    return HonourSchemeFactory(
        union=union, honour_title=honour_title, state=HonourScheme.State.CONFERRED,
        nominations_open=TODAY - datetime.timedelta(days=40), nominations_close=TODAY - datetime.timedelta(days=30),
        publicity_start=TODAY - datetime.timedelta(days=20), publicity_end=TODAY - datetime.timedelta(days=14),
        conferred_on=TODAY - datetime.timedelta(days=10))


def render_section(key, member):
    section = record_sections[key]
    context = section.context(None, member)
    return None if context is None else render_to_string(section.template, context)


@pytest.fixture
def two_members(county, member_login):
    """Members A and B of union A, each with an entry, an honour, a sign-up and a proposal of their own."""
    _, a = member_login(union=county.a, name="王建军")
    _, b = member_login(union=county.a, name="李强")
    for member, suffix in ((a, "甲"), (b, "乙")):
        entry = EntryFactory(name=f"数控班组{suffix}")
        entry.members.add(member)
        NominationFactory(scheme=conferred_scheme(county.a, f"县劳动模范{suffix}"), unit=county.a, member=member,
                          state=Nomination.State.CONFERRED, certificate_number=f"LM-{suffix}")
        event_sign_up(_open_event(county.a, title=f"职工篮球赛{suffix}"), member)
        ProposalFactory(union=county.a, member=member, title=f"节能改造建议{suffix}")
    # An honour still in vetting is not the member's yet.
    NominationFactory(scheme=HonourSchemeFactory(union=county.a, honour_title="先进工作者（评选中）"), unit=county.a,
                      member=a, state=Nomination.State.ACCEPTED)
    return a, b


def test_each_section_shows_the_members_own_rows(two_members):
    a, _ = two_members
    competitions = render_section("competitions", a)
    assert "数控班组甲" in competitions and "县劳动模范甲" in competitions and "LM-甲" in competitions
    assert "乙" not in competitions and "先进工作者（评选中）" not in competitions
    events = render_section("competition_events", a)
    assert "职工篮球赛甲" in events and "职工篮球赛乙" not in events
    proposals = render_section("improvement_proposals", a)
    assert "节能改造建议甲" in proposals and "节能改造建议乙" not in proposals


def test_a_member_with_nothing_here_gets_no_sections(county, member_login):
    _, member = member_login(union=county.a)
    assert [render_section(key, member) for key in
            ("competitions", "competition_events", "improvement_proposals")] == [None, None, None]


def test_my_data_holds_the_same_rows_readable(two_members):
    a, _ = two_members
    rows = personal_data_sources["competitions"].collect(a)
    text = " ".join(str(value) for row in rows for value in row.values())
    assert len(rows) == 4
    for own in ("数控班组甲", "县劳动模范甲", "职工篮球赛甲", "节能改造建议甲"):
        assert own in text
    assert "乙" not in text and "评选中" not in text
    assert all(isinstance(v, (str, int, datetime.date)) for row in rows for v in row.values())


def test_the_portal_actions_are_offered_when_they_can_be_done(county, member_login):
    _, member = member_login(union=county.a)
    assert [a.key for a in actions_for(member) if a.key.startswith(("event", "improvement"))] == [
        "improvement_proposal_submit"]
    _open_event(county.a, signup_closes=TODAY - datetime.timedelta(days=1))  # closed: not offered
    assert "event_sign_up" not in [a.key for a in actions_for(member)]
    _open_event(county.federation)
    assert "event_sign_up" in [a.key for a in actions_for(member)]


def test_the_record_page_shows_the_sections_of_the_member_only(client, two_members):
    from django.urls import reverse

    a, _ = two_members
    client.force_login(a.user)
    page = client.get(reverse("portal:record")).content.decode()
    for heading in ("Competitions and honours", "Sports and culture events", "Rationalisation proposals"):
        assert heading in page
    for own in ("数控班组甲", "县劳动模范甲", "职工篮球赛甲", "节能改造建议甲"):
        assert own in page
    assert not any(other in page for other in ("数控班组乙", "县劳动模范乙", "职工篮球赛乙", "节能改造建议乙"))


def test_an_honour_conferred_onto_the_members_record_is_listed_once(client, county, member_login):
    """Conferring a person's honour writes a members.Honour row; the record lists it under the
    member's honours, not a second time under competitions."""
    from django.urls import reverse

    from members.models import Honour, Level

    _, member = member_login(union=county.a, name="赵敏")
    honour = Honour.objects.create(member=member, title="县劳动模范", level=Level.COUNTY, year=2026)
    NominationFactory(scheme=conferred_scheme(county.a, "县劳动模范"), unit=county.a, member=member,
                      state=Nomination.State.CONFERRED, honour=honour)
    client.force_login(member.user)
    page = client.get(reverse("portal:record")).content.decode()
    assert page.count("县劳动模范") == 1
