"""Factories of model-worker care (welfare/models/model_worker_care.py) and its cross-tenant
entries, merged into tests/welfare/factories.py's CROSS_TENANT."""
import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from members.models import Honour
from tests.factories import GrassrootsFactory, MemberFactory
from welfare.models import CareInvitation, CareRound, CareSettings, SituationUpdate


def model_worker(union, *, level="county", year=2020, **kwargs):
    """A member of ``union`` with a model-worker honour at ``level`` (which sets the flag)."""
    member = MemberFactory(union=union, **kwargs)
    place = {"county": "县", "city": "市", "province": "省", "national": "全国"}[level]
    Honour.objects.create(member=member, title=f"{place}劳动模范", level=level, year=year)
    member.refresh_from_db()
    return member


class CareRoundFactory(factory.django.DjangoModelFactory):
    """A health-check round that started a week ago and ends in a week (so both inviting and
    recording who went are possible)."""

    class Meta:
        model = CareRound

    organiser = factory.SubFactory(GrassrootsFactory)
    kind = CareRound.Kind.HEALTH_CHECK
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    year = factory.LazyAttribute(lambda o: o.starts_on.year)
    title = factory.Sequence(lambda n: f"劳模健康体检第{n}批")
    place = "县人民医院体检中心"
    budget_per_person = Decimal("600")


class CareInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareInvitation

    care_round = factory.SubFactory(CareRoundFactory)
    member = factory.LazyAttribute(lambda o: model_worker(o.care_round.organiser))


class SituationUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SituationUpdate

    member = factory.LazyAttribute(lambda o: model_worker(GrassrootsFactory()))
    union = factory.LazyAttribute(lambda o: o.member.union)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    work = "一线技术攻关"
    health = "良好"
    family_income = SituationUpdate.Income.MIDDLE
    visited_by = "工会主席"
    visited_on = factory.LazyFunction(timezone.localdate)


CROSS_TENANT = {
    CareRound: lambda union: CareRoundFactory(organiser=union),
    CareInvitation: lambda union: CareInvitationFactory(care_round__organiser=union),
    SituationUpdate: lambda union: SituationUpdateFactory(member=model_worker(union)),
    CareSettings: lambda union: CareSettings.objects.get_or_create(organisation=union)[0],  # one per union
}
