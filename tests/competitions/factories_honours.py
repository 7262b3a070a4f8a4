"""Factories for honours (评先评优); ``CROSS_TENANT`` is merged into the competitions entries
of the cross-tenant matrix (tests/competitions/factories.py)."""
import datetime

import factory
from django.utils import timezone

from competitions.models import HonourObjection, HonourScheme, Nomination

from ..factories import GrassrootsFactory, MemberFactory


class HonourSchemeFactory(factory.django.DjangoModelFactory):
    """A person's honour run by a union, nominations open today."""

    class Meta:
        model = HonourScheme

    union = factory.SubFactory(GrassrootsFactory)
    title = factory.Sequence(lambda n: f"2026年度劳动模范评选{n}")
    honour_title = "青溪县劳动模范"
    year = 2026
    nominations_open = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    nominations_close = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    scheme = factory.SubFactory(HonourSchemeFactory)
    unit = factory.LazyAttribute(lambda n: n.scheme.union)
    member = factory.LazyAttribute(lambda n: MemberFactory(union=n.unit))
    deeds = "扎根一线十五年，带领班组攻克技术难题。"


class HonourObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonourObjection

    nomination = factory.SubFactory(NominationFactory, state=Nomination.State.ACCEPTED)
    raised_by = "匿名"
    channel = HonourObjection.Channel.LETTER
    received_on = factory.LazyFunction(timezone.localdate)
    content = "反映事迹材料不实。"


CROSS_TENANT = {
    HonourScheme: lambda union: HonourSchemeFactory(union=union),
    Nomination: lambda union: NominationFactory(scheme=HonourSchemeFactory(union=union)),
    HonourObjection: lambda union: HonourObjectionFactory(
        nomination=NominationFactory(scheme=HonourSchemeFactory(union=union), state=Nomination.State.ACCEPTED)),
}
