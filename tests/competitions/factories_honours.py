"""Factories for honours (评先评优); ``CROSS_TENANT`` is merged into the competitions entries
of the cross-tenant matrix (tests/competitions/factories.py)."""
import datetime

import factory
from django.utils import timezone

from competitions import honours
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


def closed_and_vetted(scheme, *, days_ago):
    """The scheme as it stood ``days_ago`` days back: nominations closed and the names vetted
    then (the story happened earlier; no clock is faked)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    HonourScheme.objects.filter(pk=scheme.pk).update(nominations_close=day)
    scheme.nominations.exclude(vetted_at=None).update(
        vetted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    scheme.refresh_from_db()
    return scheme


def posted(scheme, admin, nominations, *, days_ago=8):
    """Accept the nominations after nominations closed, and post the names ``days_ago`` days
    back (7 days of notice)."""
    for nomination in nominations:
        honours.nomination_vet(nomination, by=admin, decision="accept")
    scheme = closed_and_vetted(scheme, days_ago=days_ago + 1)
    return honours.scheme_publicise(scheme, by=admin, start=timezone.localdate() - datetime.timedelta(days=days_ago))


CROSS_TENANT = {
    HonourScheme: lambda union: HonourSchemeFactory(union=union),
    Nomination: lambda union: NominationFactory(scheme=HonourSchemeFactory(union=union)),
    HonourObjection: lambda union: HonourObjectionFactory(
        nomination=NominationFactory(scheme=HonourSchemeFactory(union=union), state=Nomination.State.ACCEPTED)),
}
