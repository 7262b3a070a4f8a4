"""Factories for the member portal's login and electronic card (issue 19), merged into the
members matrix by factories._merge_parts; ``PORTAL_OWN`` is read by tests/members/test_portal_access.py."""
import itertools

import factory

from members.models import ElectronicCard

from .factories import UniqueMemberFactory

_card_numbers = itertools.count(1)


def card_number() -> str:
    return f"E{next(_card_numbers):07d}"


class CardMemberFactory(UniqueMemberFactory):
    card_number = factory.LazyFunction(card_number)


class ElectronicCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectronicCard

    member = factory.SubFactory(CardMemberFactory)
    union = factory.SelfAttribute("member.union")
    card_number = factory.SelfAttribute("member.card_number")


CROSS_TENANT = {
    ElectronicCard: lambda union: ElectronicCardFactory(member=CardMemberFactory(union=union)),
}

# The portal's own objects (member → one object of theirs): none of the card's pages names one.
PORTAL_OWN = {}


def _union_wide():
    """Objects every member of a union may open (tests/members/test_portal_access.py). The
    union's survey is congress's; it belongs in tests/congress/factories_surveys.py (moved there
    when that part declares PORTAL_UNION_WIDE itself)."""
    from congress.models import Survey

    return {Survey}


PORTAL_UNION_WIDE = _union_wide()
