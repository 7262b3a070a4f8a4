"""What the review of the union's own congress found, as the union's office and the union above
meet it: a further round (另行选举) after a tie or a chair not elected, one counting mode per
round, corrections, the quorum, the women's minimums shared union-wide, and four eyes on the
approval (congress/elections.py)."""
import datetime

import pytest
from django.utils import timezone

from congress import elections
from congress.forms_elections import UnionCongressForm
from congress.models import BallotBox, Candidate, UnionCongress
from congress.services import CongressError
from finance.models import AuditCommittee
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories_elections import union_with_branches

Body = Candidate.Body


@pytest.fixture
def union(county):
    return union_with_branches(county)


def meeting(union, **fields):
    """A general meeting of union A's 20 members, all present, held yesterday."""
    defaults = dict(number=15, held_on=timezone.localdate() - datetime.timedelta(days=1), kind=UnionCongress.Kind.MEMBERS,
                    committee_seats=3, vice_chair_seats=1, audit_seats=1, margin_percent=5, entitled=20, present=20)
    return elections.congress_create(union.org, **{**defaults, **fields})


def counting(congress):
    congress.state = UnionCongress.State.VOTING
    congress.save()
    return {(c.body, c.member_id): c for c in congress.candidates.all()}


def enter(congress, body, votes, *, round=1, label="合计", ballots=12, by=None, totals=True):
    box = elections.box_create(congress, body=body, label=label, issued=ballots, returned=ballots, valid=ballots,
                               round=round, totals=totals, by=by)
    cand = {c.member_id: c for c in congress.candidates.filter(body=body)}
    return elections.votes_enter(box, {cand[p.pk]: n for p, n in votes.items()}, by=by)


def committee(congress):
    return {r.body: r for r in elections.results(congress)}[Body.COMMITTEE]


def test_a_tie_for_the_last_seat_is_settled_by_a_second_round_between_the_tied(union):
    congress = meeting(union)
    a, b, c, d = union.people["second"][:4]
    for person in (a, b, c, d):
        elections.candidate_add(congress, Body.COMMITTEE, person)
    counting(congress)
    # Round 1, 12 voting, more than half is 7: a 9, b 8, c 7, d 7 all above half; 3 seats, c and d tied
    # for the third.
    enter(congress, Body.COMMITTEE, {a: 9, b: 8, c: 7, d: 7})
    assert [x.member for x in committee(congress).tied] == [c, d]
    # Round 2 (另行选举) between c and d for the one seat left, 11 voting, so 6 or more: c 8, d 3.
    enter(congress, Body.COMMITTEE, {c: 8, d: 3}, round=2, ballots=11)
    result = committee(congress)
    assert [x.member for x in result.elected] == [a, b, c]
    assert [(r.number, r.seats, r.voting, r.more_than_half) for r in result.rounds] == [(1, 3, 12, 7), (2, 1, 11, 6)]
    # Round 1's figures stay those of round 1: those voting are not added up across rounds.
    assert result.voting == 12
    assert not any("tied" in r for r in elections.report_refusals(congress))


def test_a_chair_not_elected_is_voted_on_again_and_no_third_round_once_filled(union):
    congress = meeting(union)
    people = union.people["second"][:4]
    for person in people:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    elections.candidate_add(congress, Body.CHAIR, people[0])
    counting(congress)
    enter(congress, Body.CHAIR, {people[0]: 6})  # 6 of 12 is not more than half
    assert any("No chair was elected" in r for r in elections.report_refusals(congress))
    enter(congress, Body.CHAIR, {people[0]: 10}, round=2)
    chair = {r.body: r for r in elections.results(congress)}[Body.CHAIR]
    assert [c.member for c in chair.elected] == [people[0]]
    with pytest.raises(CongressError, match="Every seat of this election is filled"):
        elections.box_create(congress, body=Body.CHAIR, label="合计", issued=12, returned=12, valid=12, round=3)


def test_a_round_counted_box_by_box_takes_no_totals_entry_and_the_other_way_round(union):
    congress = meeting(union)
    for person in union.people["second"][:4]:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    counting(congress)
    elections.box_create(congress, body=Body.COMMITTEE, label="1", issued=10, returned=10, valid=10)
    with pytest.raises(CongressError, match="counted box by box"):
        elections.box_create(congress, body=Body.COMMITTEE, label="合计", issued=20, returned=20, valid=20, totals=True)
    elections.box_create(congress, body=Body.CHAIR, label="合计", issued=20, returned=20, valid=20, totals=True)
    with pytest.raises(CongressError, match="totals of all boxes are entered"):
        elections.box_create(congress, body=Body.CHAIR, label="1", issued=10, returned=10, valid=10)


def test_a_wrong_candidate_is_taken_off_while_preparing_and_a_wrong_box_while_counting(union):
    congress = meeting(union)
    person = union.people["second"][0]
    wrong = elections.candidate_add(congress, Body.CHAIR, person)
    elections.candidate_remove(wrong)
    # Off the chair list, the person may now stand for the 经审会.
    elections.candidate_add(congress, Body.AUDIT, person)
    kept = elections.candidate_add(congress, Body.COMMITTEE, person)
    counting(congress)
    with pytest.raises(CongressError, match="lists are closed"):
        elections.candidate_remove(kept)
    box = elections.box_create(congress, body=Body.COMMITTEE, label="1", issued=10, returned=10, valid=9)
    box_id = box.pk
    elections.box_delete(box)
    assert not congress.boxes.exists()
    assert BallotBox.history.filter(id=box_id, history_type="-").exists()  # the removal is kept in the history


def test_the_vote_waits_for_two_thirds_of_those_entitled(union):
    # 20 entitled: two thirds is 13.33, so 14 must be present; 13 is refused, at the lists and the count.
    congress = meeting(union, present=13)
    with pytest.raises(CongressError, match=r"13 present of 20 entitled to vote: at least two thirds \(14\)"):
        elections.open_voting(congress)
    counting(congress)
    with pytest.raises(CongressError, match="at least two thirds"):
        elections.box_create(congress, body=Body.COMMITTEE, label="1", issued=13, returned=13, valid=13)
    congress.present = 14
    congress.save()
    elections.box_create(congress, body=Body.COMMITTEE, label="1", issued=14, returned=14, valid=14)


def test_more_than_half_of_those_voting_not_of_those_entitled_elects(union):
    # The rule: 20 entitled, 14 present, 12 ballots returned; more than half of 12 is 7, so a
    # candidate with 7 votes is elected although 7 is not more than half of the 20 entitled.
    congress = meeting(union, present=14)
    people = union.people["second"][:4]
    for person in people:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    counting(congress)
    enter(congress, Body.COMMITTEE, dict(zip(people, (7, 6, 6, 5))))
    result = committee(congress)
    assert (result.voting, result.more_than_half) == (12, 7)
    assert [c.member for c in result.elected] == people[:1] and result.unfilled == 2


def test_ballots_are_not_changed_after_the_results_are_reported(union):
    congress = meeting(union)
    person = union.people["second"][0]
    elections.candidate_add(congress, Body.CHAIR, person)
    counting(congress)
    box = enter(congress, Body.CHAIR, {person: 10})
    congress.state = UnionCongress.State.REPORTED
    congress.save()
    with pytest.raises(CongressError, match="not being counted now"):
        elections.votes_enter(box, {congress.candidates.get(): 1})
    with pytest.raises(CongressError, match="not being counted now"):
        elections.box_create(congress, body=Body.CHAIR, label="2", issued=1, returned=1, valid=1)


def test_a_unit_without_women_is_asked_for_none(union):
    congress = elections.congress_create(union.org, held_on=timezone.localdate(), delegate_total=7, women_percent=30)
    quotas = {q.unit: q for q in elections.quotas_allocate(congress)}
    assert quotas[union.second].women_seats == 0


def test_the_delegates_to_elect_changed_after_the_quotas_share_them_again_or_are_refused(union):
    congress = elections.congress_create(union.org, held_on=timezone.localdate(), delegate_total=7, women_percent=30)
    elections.quotas_allocate(congress)
    data = {**{f: getattr(congress, f) for f in ("kind", "term_years", "committee_seats", "vice_chair_seats",
                                                 "audit_seats", "margin_percent", "women_percent",
                                                 "frontline_percent")},
            "held_on": congress.held_on.isoformat(), "delegate_total": 10}
    form = UnionCongressForm(data, instance=congress)
    assert form.is_valid() and form.reshare
    elections.delegate_add(congress, union.people["first"][0])
    form = UnionCongressForm(data, instance=UnionCongress.objects.get(pk=congress.pk))
    assert not form.is_valid()
    assert "Delegates are already recorded" in form.errors["delegate_total"][0]


def test_only_a_grassroots_union_holds_a_congress_here(union):
    with pytest.raises(CongressError, match="is not a grassroots union"):
        elections.congress_create(union.first, held_on=timezone.localdate())


@pytest.fixture
def counted(union):
    congress = meeting(union)
    c1, c2, c3, c4 = union.people["second"][:4]
    a1, a2 = union.people["first"][4:6]
    for person in (c1, c2, c3, c4):
        elections.candidate_add(congress, Body.COMMITTEE, person)
    elections.candidate_add(congress, Body.CHAIR, c1)
    elections.candidate_add(congress, Body.VICE_CHAIR, c2)
    for person in (a1, a2):
        elections.candidate_add(congress, Body.AUDIT, person)
    counting(congress)
    return congress, (c1, c2, c3, c4), (a1, a2)


def count_all(congress, c, a, *, by=None):
    enter(congress, Body.COMMITTEE, {c[0]: 10, c[1]: 9, c[2]: 8, c[3]: 1}, by=by)
    enter(congress, Body.CHAIR, {c[0]: 10}, by=by)
    enter(congress, Body.VICE_CHAIR, {c[1]: 10}, by=by)
    enter(congress, Body.AUDIT, {a[0]: 10, a[1]: 2}, by=by)


def test_the_officer_who_reported_or_counted_does_not_approve(counted, county):
    congress, c, a = counted
    counter = RoleAssignmentFactory(organisation=county.federation, role=Role.FEDERATION_ADMIN).user
    reporter = RoleAssignmentFactory(organisation=county.federation, role=Role.FEDERATION_ADMIN).user
    other = RoleAssignmentFactory(organisation=county.federation, role=Role.FEDERATION_ADMIN).user
    count_all(congress, c, a, by=counter)
    elections.report(congress, by=reporter)
    congress.refresh_from_db()
    assert congress.reported_by == reporter
    for person in (counter, reporter):
        assert "approve" not in congress.allowed_actions(person)
        with pytest.raises(CongressError, match="another officer of the union above decides"):
            elections.approve(congress, by=person)
        with pytest.raises(CongressError, match="another officer of the union above decides"):
            elections.return_results(congress, by=person, reason="重新计票")
    assert {"approve", "return"} <= congress.allowed_actions(other)
    elections.approve(congress, by=other)


def test_approval_links_no_login_to_the_funds_audit_committee_by_phone(counted, county):
    congress, c, a = counted
    a[0].phone = "13900000077"
    a[0].save()
    UserFactory(mobile="13900000077")  # a login an officer could have pointed the phone at
    count_all(congress, c, a)
    elections.report(congress)
    elections.approve(congress, by=RoleAssignmentFactory(organisation=county.federation,
                                                         role=Role.FEDERATION_ADMIN).user)
    seat = AuditCommittee.objects.get(organisation=congress.union, term_start=congress.held_on).members.get()
    assert seat.member == a[0] and seat.user is None


def test_more_present_than_entitled_is_refused_on_the_form(union):
    congress = meeting(union)
    data = {**{f: getattr(congress, f) for f in ("kind", "term_years", "committee_seats", "vice_chair_seats",
                                                 "audit_seats", "margin_percent", "delegate_total", "women_percent",
                                                 "frontline_percent")},
            "held_on": congress.held_on.isoformat(), "entitled": 20, "present": 21}
    form = UnionCongressForm(data, instance=congress)
    assert not form.is_valid()
    assert form.errors["present"] == ["More present than entitled to vote: count again."]


def test_a_typo_in_the_ballots_returned_is_corrected_and_the_majority_follows(client, union, county):
    congress = meeting(union)
    people = union.people["second"][:4]
    for person in people:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    counting(congress)
    box = enter(congress, Body.COMMITTEE, dict(zip(people, (7, 6, 6, 5))), totals=True)
    # Typed 12 returned; it was 14: more than half of 14 is 8, so the 7 votes no longer elect.
    officer = RoleAssignmentFactory(organisation=county.a, role=Role.UNION_OFFICER).user
    client.force_login(officer)
    response = client.post(f"/congress/ballot-boxes/{box.pk}/edit/", {"issued": 14, "returned": 14, "valid": 5},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # a candidate has 7 votes: more than 5 valid ballots is refused
    assert BallotBox.objects.get(pk=box.pk).valid == 12
    response = client.post(f"/congress/ballot-boxes/{box.pk}/edit/", {"issued": 14, "returned": 14, "valid": 14})
    assert response.status_code == 302
    result = committee(congress)
    assert (result.voting, result.more_than_half, result.elected) == (14, 8, [])
