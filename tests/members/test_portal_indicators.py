"""Joining online's indicators (issue 19) follow what the join services do, and the dashboard
shows them: applications received and approved, days to approve (a mean), the online share of
the year's new members. The arithmetic itself is worked out by hand in the indicator book
(tests/unionadmin/test_indicator_values.py)."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from members.joining import Applicant, application_approve, application_refuse, application_submit, join_link_for
from members.models import JoinApplication, Member
from unionadmin.indicators import registry

from .factories import UniqueMemberFactory, unique_id_number

pytestmark = pytest.mark.django_db

CODES = ("join_applications_received", "join_applications_approved", "join_approval_days", "online_join_share")


def measure(code, organisation):
    measured = registry.get(code).measure(organisation, timezone.localdate().year)
    return measured.numerator, measured.denominator, measured.value


def apply(union, name, phone):
    return application_submit(link=join_link_for(union), address=None, applicant=Applicant(
        name=name, id_number=unique_id_number(), phone=phone, employer=union.name,
        employment_type=Member.EmploymentType.REGULAR))


def test_applications_approved_through_the_service_make_the_figures(county, officer_a):
    typed_in = UniqueMemberFactory(union=county.a, joined_on=timezone.localdate())  # an officer typed this one in
    first = apply(county.a, "王小明", "13700001111")
    second = apply(county.a, "李小红", "13700002222")
    apply(county.b, "赵小刚", "13700003333")  # waiting at B
    # The first waited a day and a half before the officer approved it; the second is refused.
    JoinApplication.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=36))
    approved = application_approve(application_id=first.pk, user=officer_a)
    application_refuse(application_id=second.pk, user=officer_a, reason="不在本公司工作")

    federation = county.federation
    assert measure("join_applications_received", federation) == (3, None, Decimal("3"))
    assert measure("join_applications_received", county.b) == (1, None, Decimal("1"))
    assert measure("join_applications_approved", federation) == (1, None, Decimal("1"))
    assert measure("join_approval_days", federation) == (Decimal("1.5"), 1, Decimal("1.5"))
    # A's new members this year: the one approved online and the one typed in → 1 / 2
    assert approved.member.joined_on == timezone.localdate() and typed_in.status == Member.Status.ACTIVE
    assert measure("online_join_share", federation) == (1, 2, Decimal("50.0"))
    # B approved nobody and nobody joined it: no figure, not 0.
    assert measure("join_approval_days", county.b)[2] is None
    assert measure("online_join_share", county.b)[2] is None


def test_a_transfer_offered_is_received_but_no_approval_and_no_new_member(county, officer_a):
    from members.joining import application_offer_transfer

    elsewhere = UniqueMemberFactory(union=county.b, joined_on=datetime.date(2015, 3, 1))
    application = application_submit(link=join_link_for(county.a), address=None, applicant=Applicant(
        name=elsewhere.name, id_number=elsewhere.id_number, phone="13700004444", employer=county.a.name,
        employment_type=Member.EmploymentType.REGULAR))
    application_offer_transfer(application_id=application.pk, user=officer_a)
    assert measure("join_applications_received", county.federation)[0] == 1
    assert measure("join_applications_approved", county.federation)[0] == 0
    assert measure("online_join_share", county.federation) == (0, 0, None)


def test_the_dashboard_shows_the_four_tiles_and_days_as_a_mean(client, county, officer_a, federation_admin):
    first = apply(county.a, "王小明", "13700001111")
    JoinApplication.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=60))
    application_approve(application_id=first.pk, user=officer_a)
    client.force_login(federation_admin)
    page = client.get(f"/dashboard/{county.federation.pk}/").content.decode()
    for code in CODES:
        assert f"indicator={code}#charts" in page
    assert "2.5 <span class=\"small\">" in page  # 60 hours = 2.5 days, a mean to a tenth of a day
    drill = client.get(f"/dashboard/{county.federation.pk}/indicator/join_approval_days/").content.decode()
    assert county.a.name in drill and "2.5" in drill
