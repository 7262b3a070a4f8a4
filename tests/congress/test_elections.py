"""A union runs its own congress (工会会员代表大会): quotas, delegates, candidates, the count,
the results and the approval from the union above (congress/elections.py)."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress import elections
from congress.models import BallotBox, Candidate, CommitteeTerm, UnionCongress
from congress.services import CongressError
from finance import audit as finance_audit
from finance.models import AuditCommittee
from members.models import CadrePost
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories_elections import union_with_branches

Body = Candidate.Body
TOTALS = "合计"  # the box label when all boxes' totals are entered at once

@pytest.fixture
def union(county):
    return union_with_branches(county)


def make_congress(union, **fields):
    defaults = dict(number=15, held_on=timezone.localdate() - datetime.timedelta(days=10), delegate_total=7,
                    women_percent=30, frontline_percent=50, committee_seats=3, vice_chair_seats=1, audit_seats=1,
                    margin_percent=5, entitled=20, present=20)
    return elections.congress_create(union.org, **{**defaults, **fields})


def test_quotas_are_shared_by_membership_with_the_largest_remainder(union):
    congress = make_congress(union)
    quotas = {q.unit.name: q for q in elections.quotas_allocate(congress)}
    # 7 delegates over 20 members: exact shares 0.7 (union itself, 2), 2.1 (first, 6), 4.2 (second, 12);
    # floors 0 + 2 + 4 = 6, the one left goes to the largest remainder (0.7): 1, 2, 4.
    assert [(q.members, q.seats) for q in quotas.values()] == [(2, 1), (6, 2), (12, 4)]
    # Women at least 30 percent of the union's 7: ceil(2.1) = 3, shared by the units' seats but no unit
    # asked for more women than it has: the union's own 2 and the second branch's 12 are all men, the
    # first branch has 3 women and 2 seats, so 0, 2, 0 and the union is 1 short (a warning on the page).
    assert [q.women_seats for q in quotas.values()] == [0, 2, 0]
    assert elections.quota_warnings(congress) == [
        "The units have too few women members for the union's share: 2 women delegates can be asked of them, "
        "3 are wanted."]
    # Front-line workers at least 50 percent: ceil(3.5) = 4 over seats 1, 2, 4: exact 4/7, 8/7, 16/7, floors
    # 0, 1, 2, the one left to the largest remainder (4/7): 1, 1, 2.
    assert [q.frontline_seats for q in quotas.values()] == [1, 1, 2]


def test_a_unit_elects_no_more_delegates_than_its_quota_and_the_shares_are_shown(union):
    congress = make_congress(union)
    elections.quotas_allocate(congress)
    first = union.people["first"]
    elections.delegate_add(congress, first[0], frontline=True)  # a woman
    elections.delegate_add(congress, first[3])
    with pytest.raises(CongressError, match="has elected all its 2 delegates"):
        elections.delegate_add(congress, first[4])
    shares = elections.delegate_shares(congress)
    assert (shares["women"].count, shares["women"].of, shares["women"].percent) == (1, 2, 50.0)
    row = next(u for u in shares["units"] if u["quota"].unit == union.first)
    # The first branch's 2 seats are filled, but it is asked for 2 women (the union's 3 shared among the
    # units that have women) and elected 1.
    assert not row["short"] and row["women_short"]


def test_the_funds_audit_committee_refuses_the_chair_and_the_finance_officer(union):
    congress = make_congress(union)
    chair, cashier, candidate = union.people["second"][:3]
    CadrePost.objects.create(member=chair, organisation=union.org, position=CadrePost.Position.CHAIR,
                             term_start=datetime.date(2021, 11, 1))
    cashier.phone = "13800000001"
    cashier.save()
    RoleAssignmentFactory(user=UserFactory(mobile="13800000001"), organisation=union.org, role=Role.FINANCE_OFFICER)
    with pytest.raises(CongressError, match="union's chair, and may not sit"):
        elections.candidate_add(congress, Body.AUDIT, chair)
    with pytest.raises(CongressError, match="finance officer at"):
        elections.candidate_add(congress, Body.AUDIT, cashier)
    elections.candidate_add(congress, Body.VICE_CHAIR, candidate)
    with pytest.raises(CongressError, match="stands for chair or vice-chair"):
        elections.candidate_add(congress, Body.AUDIT, candidate)


def test_the_lists_close_only_with_more_candidates_than_seats(union):
    congress = make_congress(union, kind=UnionCongress.Kind.MEMBERS, delegate_total=0)
    people = union.people["second"]
    for person in people[:3]:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    with pytest.raises(CongressError) as refused:
        elections.open_voting(congress)
    # 3 seats and a 5 percent margin: ceil(3.15) = 4, and at least one more than the seats.
    assert "Committee member: 3 candidates for 3 seats; at least 4 are needed." in refused.value.message


def test_a_count_with_more_ballots_returned_than_issued_is_refused(union):
    congress = make_congress(union)
    congress.state = UnionCongress.State.VOTING
    congress.save()
    with pytest.raises(CongressError, match=r"More ballots returned \(9\) than issued \(8\)"):
        elections.box_create(congress, body=Body.COMMITTEE, label="1", issued=8, returned=9, valid=9)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        BallotBox.objects.create(congress=congress, body=Body.COMMITTEE, label="1", issued=8, returned=9, valid=9)


@pytest.fixture
def counted(union):
    """The 15th congress (a members' meeting, so no delegates) with its lists closed and every
    ballot entered; the previous committee (the 2nd term), its chair and 经审会 in office."""
    org = union.org
    old_chair = union.people["own"][0]
    CommitteeTerm.objects.create(union=org, number=2, length_years=5, starts_on=datetime.date(2021, 11, 1))
    CadrePost.objects.create(member=old_chair, organisation=org, position=CadrePost.Position.CHAIR,
                             term_start=datetime.date(2021, 11, 1))
    old_audit = finance_audit.committee_create(org, term_start=datetime.date(2022, 1, 10), years=5)
    congress = make_congress(union, kind=UnionCongress.Kind.MEMBERS, delegate_total=0)
    c1, c2, c3, c4 = union.people["first"][:4]  # c1, c2, c3 women
    a1, a2 = union.people["second"][:2]
    for person in (c1, c2, c3, c4):
        elections.candidate_add(congress, Body.COMMITTEE, person)
    elections.candidate_add(congress, Body.CHAIR, c1)
    elections.candidate_add(congress, Body.VICE_CHAIR, c2)
    for person in (a1, a2):
        elections.candidate_add(congress, Body.AUDIT, person)
    elections.open_voting(congress)
    cand = {(c.body, c.member_id): c for c in congress.candidates.all()}

    def enter(body, label, issued, returned, valid, votes):
        box = elections.box_create(congress, body=body, label=label, issued=issued, returned=returned, valid=valid)
        elections.votes_enter(box, {cand[(body, p.pk)]: n for p, n in votes.items()})

    # Committee, two boxes: 8 issued, 6 returned (those voting), so more than half is 4 votes.
    enter(Body.COMMITTEE, "1", 4, 4, 4, {c1: 4, c2: 3, c3: 2, c4: 3})
    enter(Body.COMMITTEE, "2", 4, 2, 2, {c1: 2, c2: 1, c3: 1, c4: 0})
    enter(Body.CHAIR, TOTALS, 8, 6, 6, {c1: 5})
    enter(Body.VICE_CHAIR, TOTALS, 8, 6, 6, {c2: 4})
    enter(Body.AUDIT, TOTALS, 8, 6, 6, {a1: 5, a2: 1})
    return type("Counted", (), {"congress": congress, "c": (c1, c2, c3, c4), "a": (a1, a2), "old_chair": old_chair,
                                "old_audit": old_audit, "union": union})


def test_more_than_half_of_those_voting_is_elected_and_unfilled_seats_are_reported(counted):
    result = {r.body: r for r in elections.results(counted.congress)}[Body.COMMITTEE]
    c1, c2, c3, c4 = counted.c
    # Votes: c1 4+2=6, c2 3+1=4, c3 2+1=3, c4 3+0=3; 6 voting, so 4 or more is elected: c2's 4 is more
    # than half of the 6 voting, though not of the 8 ballots issued.
    assert (result.voting, result.issued, result.more_than_half) == (6, 8, 4)
    assert [(c.member, v, outcome) for c, v, outcome in result.rows] == [
        (c1, 6, "elected"), (c2, 4, "elected"), (c3, 3, "not_elected"), (c4, 3, "not_elected")]
    assert result.unfilled == 1
    # Women among the elected committee: c1 and c2, both women.
    share = elections.committee_shares(counted.congress)["women"]
    assert (share.count, share.of) == (2, 2)


def test_a_tie_for_the_last_seat_is_reported_not_decided(union):
    congress = make_congress(union, kind=UnionCongress.Kind.MEMBERS, delegate_total=0)
    people = union.people["second"][:4]
    for person in people:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    congress.state = UnionCongress.State.VOTING
    congress.save()
    box = elections.box_create(congress, body=Body.COMMITTEE, label="合计", issued=12, returned=12, valid=12)
    cand = {c.member_id: c for c in congress.candidates.all()}
    elections.votes_enter(box, {cand[p.pk]: n for p, n in zip(people, (9, 8, 7, 7))})
    result = {r.body: r for r in elections.results(congress)}[Body.COMMITTEE]
    assert [c.member for c in result.elected] == people[:2]
    assert [c.member for c in result.tied] == people[2:]
    refusals = elections.report_refusals(congress)
    assert any("are tied for the last seat" in r for r in refusals)


def test_the_union_itself_may_not_approve_only_the_union_directly_above(counted):
    congress = counted.congress
    chair = RoleAssignmentFactory(organisation=counted.union.org, role=Role.UNION_CHAIR).user
    federation = RoleAssignmentFactory(organisation=counted.union.county.federation, role=Role.FEDERATION_ADMIN).user
    elections.report(congress, by=chair)
    congress.refresh_from_db()
    assert "approve" not in congress.allowed_actions(chair)
    assert {"approve", "return"} <= congress.allowed_actions(federation)


def test_returned_results_carry_the_reason_and_may_be_reported_again(counted):
    congress = counted.congress
    federation = RoleAssignmentFactory(organisation=counted.union.county.federation, role=Role.FEDERATION_ADMIN).user
    elections.report(congress)
    with pytest.raises(CongressError, match="Say why"):
        elections.return_results(congress, by=federation, reason=" ")
    elections.return_results(congress, by=federation, reason="二号票箱未监票")
    congress.refresh_from_db()
    assert (congress.state, congress.return_reason) == (UnionCongress.State.RETURNED, "二号票箱未监票")
    elections.report(congress)


def test_approval_starts_the_new_term_posts_audit_committee_and_chair(counted):
    congress, union = counted.congress, counted.union.org
    c1, c2, c3, c4 = counted.c
    federation = RoleAssignmentFactory(organisation=counted.union.county.federation, role=Role.FEDERATION_ADMIN).user
    elections.report(congress)
    elections.approve(congress, by=federation)
    congress.refresh_from_db()
    day, eve = congress.held_on, congress.held_on - datetime.timedelta(days=1)
    assert congress.state == UnionCongress.State.APPROVED
    previous, new = CommitteeTerm.objects.filter(union=union).order_by("number")
    assert (previous.succeeded_on, new.number, new.starts_on, new.length_years) == (day, 3, day, 5)
    assert new.ends_on == day.replace(year=day.year + 5)
    assert congress.committee_term == new
    old_post = CadrePost.objects.get(member=counted.old_chair)
    assert old_post.term_end == eve
    current = set(CadrePost.objects.current().filter(organisation=union).values_list("member__name", "position"))
    assert current == {(c1.name, "committee"), (c2.name, "committee"), (c1.name, "chair"), (c2.name, "vice_chair"),
                       (counted.a[0].name, "funds_review")}
    counted.old_audit.refresh_from_db()
    assert counted.old_audit.term_end == eve
    audit_committee = AuditCommittee.objects.get(organisation=union, term_start=day)
    assert [s.member for s in audit_committee.members.all()] == [counted.a[0]]
    union.refresh_from_db()
    assert union.chair_name == c1.name
    shown = elections.committee_in_office(union)
    assert shown["term"] == new and shown["audit_committee"] == audit_committee
