"""Factories for the union's own congress and its elections (congress/elections.py), and their
cross-tenant entries."""
import datetime
import itertools

import factory

from congress.models import BallotBox, Candidate, UnionCongress, UnionDelegate
from tests.factories import BranchFactory, MemberFactory, make_id_number

_ids = itertools.count(1)
BORN = datetime.date(1990, 3, 8)  # a birth date the other factories do not use, so ID numbers stay unique


def member(union, name, *, female=False, phone=""):
    return MemberFactory(union=union, name=name, id_number=make_id_number(2 * next(_ids), female=female, born=BORN),
                         phone=phone)


def union_with_branches(county):
    """Union A with two branches: 2 members at the union itself, 6 at the first branch (3 women),
    12 at the second."""
    first, second = BranchFactory(parent=county.a, name="一车间分会"), BranchFactory(parent=county.a, name="二车间分会")
    people = {"own": [member(county.a, f"机关{i}") for i in range(2)],
              "first": [member(first, f"一车间{i}", female=i < 3) for i in range(6)],
              "second": [member(second, f"二车间{i}") for i in range(12)]}
    return type("Union", (), {"org": county.a, "first": first, "second": second, "people": people,
                              "county": county})


class UnionCongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionCongress

    number = factory.Sequence(lambda n: n + 1)
    held_on = datetime.date(2026, 11, 20)
    committee_seats = 3
    vice_chair_seats = 1
    audit_seats = 1
    margin_percent = 5


def _voting_congress(union):
    """A congress of ``union`` counting its ballots, with one box for the committee."""
    congress = UnionCongressFactory(union=union, state=UnionCongress.State.VOTING)
    candidate = Candidate.objects.create(congress=congress, body=Candidate.Body.COMMITTEE,
                                         member=MemberFactory(union=union))
    return congress, candidate


def _box(union):
    congress, _candidate = _voting_congress(union)
    return BallotBox.objects.create(congress=congress, body=Candidate.Body.COMMITTEE, label="1", issued=5,
                                    returned=5, valid=5)


def _delegate(union):
    congress = UnionCongressFactory(union=union)
    return UnionDelegate.objects.create(congress=congress, unit=union, member=MemberFactory(union=union))


CROSS_TENANT = {
    UnionCongress: lambda union: _voting_congress(union)[0],
    BallotBox: _box,
    Candidate: lambda union: _voting_congress(union)[1],
    UnionDelegate: _delegate,
}
