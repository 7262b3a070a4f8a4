"""Factories for my record and my data (issue 19): members' correction and personal-information
requests, with their cross-tenant entries (merged into factories.CROSS_TENANT)."""
import factory

from members.models.portal import CorrectionRequest, DataRightsRequest

from .factories import UniqueMemberFactory


class CorrectionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionRequest

    member = factory.SubFactory(UniqueMemberFactory)
    field = "post"
    current_value = "技术员"
    proposed_value = "工程师"
    reason = "去年已晋升"


class DataRightsRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataRightsRequest

    member = factory.SubFactory(UniqueMemberFactory)
    kind = DataRightsRequest.Kind.WITHDRAW_CONSENT
    reason = "不再使用网上服务"


CROSS_TENANT = {
    CorrectionRequest: lambda union: CorrectionRequestFactory(member=UniqueMemberFactory(union=union)),
    DataRightsRequest: lambda union: DataRightsRequestFactory(member=UniqueMemberFactory(union=union)),
}
