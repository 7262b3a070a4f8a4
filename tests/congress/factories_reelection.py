"""Factories of the reelection part, and its cross-tenant entries (merged by factories.py)."""
import datetime

import factory

from congress.models import CommitteeTerm
from tests.factories import GrassrootsFactory


class CommitteeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeTerm

    union = factory.SubFactory(GrassrootsFactory)
    number = factory.Sequence(lambda n: n + 1)
    length_years = 5
    starts_on = datetime.date(2023, 4, 20)  # ends_on follows from the length (CommitteeTerm.save)


CROSS_TENANT = {
    CommitteeTerm: lambda union: CommitteeTermFactory(union=union),
}
