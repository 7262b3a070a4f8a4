"""Factories for competitions; ``CROSS_TENANT`` feeds the cross-tenant matrix."""
import base64
import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from competitions.models import (
    AwardTier,
    Competition,
    Entry,
    EntryMaterial,
    EventParticipant,
    EventPhoto,
    ImprovementProposal,
    JudgeAssignment,
    Recusal,
    ScoringItem,
    SportsEvent,
)

from ..factories import BranchFactory, GrassrootsFactory, MemberFactory, UserFactory

# A 1×1 PNG, for photos.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    organiser = factory.SubFactory(GrassrootsFactory)
    title = factory.Sequence(lambda n: f"2026年安康杯竞赛{n}")
    year = 2026


class ScoringItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringItem

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"评分项目{n}")
    position = factory.Sequence(lambda n: n)
    max_score = Decimal("10")
    weight = Decimal("1")


class AwardTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardTier

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"{n}等奖")
    count = 1


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    competition = factory.SubFactory(CompetitionFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"第{n}班组")
    organisation = factory.LazyAttribute(lambda o: BranchFactory(parent=o.competition.organiser))


class JudgeAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    competition = factory.SubFactory(CompetitionFactory)
    judge = factory.SubFactory(UserFactory)


class RecusalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recusal

    entry = factory.SubFactory(EntryFactory)
    judge = factory.SubFactory(UserFactory)
    reason = "本班组成员系本人亲属"


class EntryMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryMaterial

    entry = factory.SubFactory(EntryFactory)
    title = "安全培训台账"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="ledger.pdf"))
    file_name = "ledger.pdf"
    file_size = 13


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementProposal

    union = factory.SubFactory(GrassrootsFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"改进数控车床夹具{n}")
    proposer_name = "王建军"
    submitted_on = datetime.date(2026, 3, 2)
    suggestion = "将手动夹具改为气动夹具，缩短装夹时间。"


class SportsEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SportsEvent

    organiser = factory.SubFactory(GrassrootsFactory)
    discipline = "篮球"
    title = factory.Sequence(lambda n: f"职工篮球赛{n}")
    year = 2026
    starts_on = datetime.date(2026, 5, 1)


class EventParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipant

    event = factory.SubFactory(SportsEventFactory)
    name = factory.Sequence(lambda n: f"第{n}队")


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    event = factory.SubFactory(SportsEventFactory)
    image = factory.LazyFunction(lambda: ContentFile(PNG, name="photo.png"))
    caption = "开幕式"


CROSS_TENANT = {
    Competition: lambda union: CompetitionFactory(organiser=union),
    Entry: lambda union: EntryFactory(competition=CompetitionFactory(organiser=union)),
    JudgeAssignment: lambda union: JudgeAssignmentFactory(competition=CompetitionFactory(organiser=union)),
    Recusal: lambda union: RecusalFactory(entry=EntryFactory(competition=CompetitionFactory(organiser=union))),
    EntryMaterial: lambda union: EntryMaterialFactory(
        entry=EntryFactory(competition=CompetitionFactory(organiser=union))),
    ImprovementProposal: lambda union: ProposalFactory(union=union),
    SportsEvent: lambda union: SportsEventFactory(organiser=union),
    EventPhoto: lambda union: EventPhotoFactory(event=SportsEventFactory(organiser=union)),
}


# The member portal (issue 19): members' sign-ups and proposals.
def _signup(event, member):
    return EventParticipantFactory(event=event, kind=EventParticipant.Kind.PLAYER, name=member.name,
                                   organisation=member.union, member=member, signed_up_at=timezone.now())


def _open_event(union, **fields):
    today = timezone.localdate()
    fields = {"starts_on": today + datetime.timedelta(days=20), "signup_open": True,
              "signup_closes": today + datetime.timedelta(days=10), "year": today.year, **fields}
    return SportsEventFactory(organiser=union, **fields)


CROSS_TENANT[EventParticipant] = lambda union: _signup(SportsEventFactory(organiser=union),
                                                       MemberFactory(union=union))

# For tests/members/test_portal_access.py: an object of ``member``'s own that a portal URL names.
# An event open for sign-up is every member's of the organiser's subtree: the 404 check for it is
# made by a member of another union.
PORTAL_OWN = {
    SportsEvent: lambda member: _open_event(member.union),
    EventParticipant: lambda member: _signup(_open_event(member.union), member),
    ImprovementProposal: lambda member: ProposalFactory(union=member.union, member=member,
                                                        proposer_name=member.name),
}
PORTAL_UNION_WIDE = {SportsEvent}


def _merge_parts():
    """Parts added later keep their factories in ``factories_<part>.py`` next to this file, each
    with its own ``CROSS_TENANT``; the matrix reads this module's one dict."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("factories_*.py")):
        CROSS_TENANT.update(importlib.import_module(f"{__package__}.{path.stem}").CROSS_TENANT)


_merge_parts()
