"""A sheet the federation returns to the unit: the unit's staff who submitted it are told, and
the notification leads them to the sheet."""
import pytest
from django.urls import reverse

from assessment.services import review as services
from assessment.services.sheets import assessment_submit
from unionadmin.models import Notification
from unionadmin.roles import Role

from .conftest import user_with
from .factories import evidence_for, fill

pytestmark = pytest.mark.django_db


def test_the_submitters_are_told_when_the_sheet_comes_back(client, sheet_a, reviewer, officer_a, county):
    other_officer = user_with(Role.UNION_OFFICER, county.a)
    fill(sheet_a, default="0.9")
    evidence_for(sheet_a.scores.get(item__evidence_required=True))
    assessment_submit(sheet_a, officer_a)
    assert not Notification.objects.filter(verb="sheet_returned").exists()
    services.assessment_return(sheet_a, reviewer, reasons="请补充材料")
    notice = Notification.objects.get(verb="sheet_returned")
    assert notice.recipient == officer_a and notice.target == sheet_a and notice.organisation == county.a
    assert not Notification.objects.filter(recipient=other_officer).exists()  # did not submit it
    client.force_login(officer_a)
    response = client.post(reverse("notification_open", args=[notice.pk]))
    assert response["Location"] == sheet_a.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_submitter_who_left_the_unit_is_not_told(sheet_a, reviewer, officer_a):
    fill(sheet_a, default="0.9")
    evidence_for(sheet_a.scores.get(item__evidence_required=True))
    assessment_submit(sheet_a, officer_a)
    officer_a.role_assignments.all().delete()
    services.assessment_return(sheet_a, reviewer, reasons="请补充材料")
    assert not Notification.objects.filter(verb="sheet_returned").exists()
