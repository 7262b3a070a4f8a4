"""Pairings with plans, follow-ups and an assessed outcome; donation drives and where the money went."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from welfare.models import Pairing
from welfare.services import WelfareError, grant_approve, grant_propose, pairing_assess

from .factories import (
    AidProgrammeFactory,
    DonationDriveFactory,
    DonationFactory,
    HardshipFileFactory,
    PairingFactory,
    ProgrammeBudgetFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_overdue_pairings_are_flagged_on_the_list_and_the_home_page(client, county, welfare_a):
    late = PairingFactory(file__union=county.a, started_on=TODAY - datetime.timedelta(days=400),
                          deadline=TODAY - datetime.timedelta(days=1))
    on_time = PairingFactory(file__union=county.a)
    assert late.is_overdue and not on_time.is_overdue
    assert list(Pairing.objects.visible_to(welfare_a).overdue()) == [late]
    client.force_login(welfare_a)
    response = client.get(reverse("welfare:pairing_list"), {"overdue": "true"})
    assert list(response.context["object_list"]) == [late]
    assert 'class="table-danger"' in response.content.decode()


def test_follow_ups_and_the_assessed_outcome(client, county, welfare_a):
    pairing = PairingFactory(file__union=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:followup_create", args=[pairing.pk]),
                           {"on": str(TODAY), "note": "帮助配偶在园区找到保洁工作"})
    assert response.status_code == 302
    assert pairing.follow_ups.get().recorded_by == welfare_a
    response = client.post(reverse("welfare:pairing_assess", args=[pairing.pk]),
                           {"status": "achieved", "rating": "good", "outcome": "人均收入达到低保标准2.3倍"})
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.status, pairing.assessed_by, pairing.assessed_on) == ("achieved", welfare_a, TODAY)
    with pytest.raises(WelfareError):
        pairing_assess(pairing, by=welfare_a, status="achieved", outcome="again", rating="good")
    # Assessing again by URL is refused with a message.
    response = client.get(reverse("welfare:pairing_assess", args=[pairing.pk]))
    assert response.status_code == 302


def test_a_pairing_is_for_a_filed_household(county, welfare_a):
    from welfare.forms import PairingForm

    applied = HardshipFileFactory(union=county.a)
    form = PairingForm({"file": applied.pk, "helper_name": "x", "helper_post": "y", "started_on": str(TODAY),
                        "goal": "g", "plan": "p", "deadline": str(TODAY)}, user=welfare_a)
    assert "file" in form.errors


def test_a_drive_counts_what_came_in_and_what_went_out(client, county, welfare_a, welfare_a2):
    drive = DonationDriveFactory(organisation=county.a)
    DonationFactory(drive=drive, amount=Decimal("300"), donor_type="staff")
    DonationFactory(drive=drive, amount=Decimal("200"), donor_type="student")
    budget = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a))
    member = MemberFactory(union=county.a)
    grant = grant_propose(programme=budget.programme, member=member, by=welfare_a, amount=Decimal("400"),
                          granted_on=TODAY, donation_drive=drive)
    grant_approve(grant, by=welfare_a2)
    assert (drive.collected, drive.allocated) == (Decimal("500"), Decimal("400"))
    too_much = grant_propose(programme=budget.programme, member=MemberFactory(union=county.a), by=welfare_a,
                             amount=Decimal("150"), granted_on=TODAY, donation_drive=drive)
    with pytest.raises(WelfareError, match="not yet given out"):
        grant_approve(too_much, by=welfare_a2)
    client.force_login(welfare_a)
    response = client.get(reverse("welfare:drive_detail", args=[drive.pk]))
    assert response.context["left"] == Decimal("100")
    assert list(response.context["grants"]) == [grant] or grant in response.context["grants"]


def test_recording_a_donation(client, county, welfare_a):
    drive = DonationDriveFactory(organisation=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:donation_create", args=[drive.pk]), {
        "donor_type": "public", "donor_name": "热心市民", "amount": "88.00", "donated_on": str(TODAY)})
    assert response.status_code == 302
    assert drive.collected == Decimal("88.00")
