"""Factories for the work plan; ``CROSS_TENANT`` feeds the cross-tenant matrix."""
import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from planning.models import ItemProgress, PlanAcknowledgement, PlanAttachment, PlanItem, PlanTarget, WorkPlan

from ..factories import FederationFactory


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan

    issuer = factory.SubFactory(FederationFactory)
    year = 2026
    organ_code = "测工发"
    signing_organ = factory.LazyAttribute(lambda plan: plan.issuer.name)
    title = factory.Sequence(lambda n: f"测试工作要点{n}")
    addressees = "各基层工会"
    guiding = "现将2026年工作要点印发给你们，请结合实际认真贯彻落实。"


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(WorkPlanFactory)
    heading = factory.Sequence(lambda n: f"工作事项{n}")
    body = "认真组织实施。"
    position = factory.Sequence(lambda n: n)


class PlanTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTarget

    item = factory.SubFactory(PlanItemFactory)
    kind = PlanTarget.Kind.INDICATOR
    indicator_code = "membership_rate"
    target_value = Decimal("100")


class ItemProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemProgress

    item = factory.SubFactory(PlanItemFactory)
    date = datetime.date(2026, 6, 30)
    note = "已完成阶段任务。"
    percent = 50


class PlanAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAttachment

    plan = factory.SubFactory(WorkPlanFactory)
    title = "考核细则"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="rubric.pdf"))
    file_name = "rubric.pdf"
    file_size = 13


def issued(plan, sequence=1):
    """Mark a plan issued directly (the services are tested on their own)."""
    from django.utils import timezone

    plan.state = WorkPlan.State.ISSUED
    plan.sequence = plan.sequence or sequence
    plan.signing_date = plan.signing_date or datetime.date(2026, 2, 20)
    plan.approved_at = plan.approved_at or timezone.now()
    plan.issued_at = timezone.now()
    plan.save()
    return plan


CROSS_TENANT = {
    WorkPlan: lambda union: PlanItemFactory(plan=WorkPlanFactory(issuer=union)).plan,
    PlanItem: lambda union: PlanItemFactory(plan=WorkPlanFactory(issuer=union)),
    PlanTarget: lambda union: PlanTargetFactory(item=PlanItemFactory(plan=WorkPlanFactory(issuer=union))),
    PlanAttachment: lambda union: PlanAttachmentFactory(plan=WorkPlanFactory(issuer=union)),
    ItemProgress: lambda union: ItemProgressFactory(item=PlanItemFactory(plan=WorkPlanFactory(issuer=union))),
    PlanAcknowledgement: lambda union: PlanAcknowledgement.objects.create(
        plan=issued(WorkPlanFactory(issuer=union.parent)), organisation=union),
}
