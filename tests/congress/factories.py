"""Factories for the congress, and its entries for the cross-tenant matrix."""
import datetime

import factory
from django.utils import timezone

from congress.models import (
    AgendaItem,
    CollectiveContract,
    Congress,
    CoSignature,
    Delegate,
    HandlingDepartment,
    LabourRisk,
    Proposal,
    ProposalAttachment,
    Resolution,
    Session,
    SessionDocument,
    Term,
)
from congress.notifications import Verb
from tests.factories import GrassrootsFactory, UserFactory
from unionadmin.models import Notification


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    union = factory.SubFactory(GrassrootsFactory)
    kind = Congress.Kind.WORKERS


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    congress = factory.SubFactory(CongressFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2028, 12, 31)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session whose collection window is open now."""

    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    held_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    collection_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    collection_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    min_cosigners = 2


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate
        skip_postgeneration_save = True

    term = factory.SubFactory(TermFactory)
    user = factory.SubFactory(UserFactory, mobile=factory.Sequence(lambda n: f"139{n:08d}"))
    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Delegate.Gender.MALE
    category = Delegate.Category.FRONT_LINE

    @factory.post_generation
    def with_role(obj, create, extracted, **kwargs):
        """The delegate role at the union, as delegate_add grants it (pass with_role=False to skip)."""
        if create and extracted is not False:
            from unionadmin.models import RoleAssignment

            RoleAssignment.objects.get_or_create(user=obj.user, organisation=obj.term.congress.union, role="delegate")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    session = factory.SubFactory(SessionFactory)
    proposer = factory.LazyAttribute(lambda p: DelegateFactory(term=p.session.term))
    subject = factory.Sequence(lambda n: f"关于改善第{n}车间通风条件的提案")
    reasons = "车间夏季温度过高，通风设备老化。"
    measures = "更换排风扇，增设降温设施。"
    category = "safety"
    state = Proposal.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class CoSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoSignature

    proposal = factory.SubFactory(ProposalFactory)
    delegate = factory.LazyAttribute(lambda c: DelegateFactory(term=c.proposal.session.term))


class HandlingDepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingDepartment
        skip_postgeneration_save = True

    union = factory.SubFactory(GrassrootsFactory)
    name = factory.Sequence(lambda n: f"第{n}部门")

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        """``officers=[user, …]``: the people who answer for it (give them the department role too)."""
        if create and extracted:
            obj.officers.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    title = "审议行政工作报告"


class SessionDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionDocument

    session = factory.SubFactory(SessionFactory)
    title = "行政工作报告"
    file = factory.django.FileField(filename="report.txt", data=b"report")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    session = factory.SubFactory(SessionFactory)
    title = "关于行政工作报告的决议"
    delegates_entitled = 50
    votes_for = 45
    votes_against = 2
    abstentions = 3


class ProposalAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalAttachment

    proposal = factory.SubFactory(ProposalFactory)
    name = "现场照片.txt"
    file = factory.django.FileField(filename="photo.txt", data=b"photo")


class CollectiveContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveContract

    union = factory.SubFactory(GrassrootsFactory)
    kind = CollectiveContract.Kind.GENERAL
    consulted_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=390))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=380))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))


class LabourRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabourRisk

    union = factory.SubFactory(GrassrootsFactory)
    reported_on = factory.LazyFunction(timezone.localdate)
    title = "部分职工反映加班费未足额发放"
    kind = LabourRisk.Kind.WAGE_ARREARS


def make_notification(*, target, recipient=None, organisation=None, verb=Verb.DECIDED):
    from django.contrib.contenttypes.models import ContentType

    return Notification.objects.create(
        recipient=recipient or UserFactory(), verb=verb, organisation=organisation,
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk,
    )


def _session(union):
    return SessionFactory(term=TermFactory(congress=_congress(union)))


def _proposal(union):
    return ProposalFactory(session=_session(union))


# Every model a congress URL names → one fresh instance inside ``union``'s subtree.
CROSS_TENANT = {
    Congress: lambda union: _congress(union),
    Term: lambda union: TermFactory(congress=_congress(union)),
    Session: _session,
    AgendaItem: lambda union: AgendaItemFactory(session=_session(union)),
    SessionDocument: lambda union: SessionDocumentFactory(session=_session(union)),
    Resolution: lambda union: ResolutionFactory(session=_session(union)),
    Delegate: lambda union: DelegateFactory(term=TermFactory(congress=_congress(union))),
    Proposal: _proposal,
    ProposalAttachment: lambda union: ProposalAttachmentFactory(proposal=_proposal(union)),
    HandlingDepartment: lambda union: HandlingDepartmentFactory(union=union),
    CollectiveContract: lambda union: CollectiveContractFactory(union=union),
    LabourRisk: lambda union: LabourRiskFactory(union=union),
    Notification: lambda union: make_notification(organisation=union, target=_proposal(union)),
}


def _congress(union):
    return Congress.objects.filter(union=union).first() or CongressFactory(union=union)



# Member portal objects (issue 19): model → make(member), read by tests/members/test_portal_access.py.
PORTAL_OWN: dict = {}


def _merge_parts():
    """Parts added later keep their factories in ``factories_<part>.py`` next to this file, each
    with its own ``CROSS_TENANT`` (and ``PORTAL_OWN``); the matrix reads this module's one dict."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("factories_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        CROSS_TENANT.update(module.CROSS_TENANT)
        PORTAL_OWN.update(getattr(module, "PORTAL_OWN", {}))


_merge_parts()
