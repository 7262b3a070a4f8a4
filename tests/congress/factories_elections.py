"""Factories for the union's own congress and its elections (congress/elections.py), and their
cross-tenant entries."""
import datetime

import factory

from congress.models import BallotBox, Candidate, UnionCongress
from tests.factories import MemberFactory


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


CROSS_TENANT = {
    UnionCongress: lambda union: _voting_congress(union)[0],
    BallotBox: _box,
}
