"""A member's application for hardship aid sent twice at once (a double click on a phone), and
two officers answering it at once: one record, one answer, and the second request reads why —
never a server error (two threads, own connections, real PostgreSQL; tests/concurrency.py)."""
import pytest
from django.urls import reverse

from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from unionadmin.models import Notification
from welfare.models import HardshipApplication, HardshipFile

from .factories import HardshipApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT = {"main_cause": "illness", "household_size": "3", "household_income": "2100",
         "situation": "爱人住院。", "then": "draft"}


@pytest.fixture
def member_a(member_login, county):
    return member_login(union=county.a, name="张建国")[1]


def test_an_application_started_twice_at_once(member_a):
    url = reverse("welfare_portal:application_create")
    with writes_meet(HardshipApplication):
        responses = post_at_once(member_a.user, url, DRAFT, referer=url)
    assert_no_server_error_and_told(responses, "You already have an application for hardship aid in progress")
    assert HardshipApplication.objects.filter(member=member_a).count() == 1


def test_an_application_submitted_twice_at_once(member_a, welfare_a):
    application = HardshipApplicationFactory(member=member_a)
    url = reverse("welfare_portal:application_submit", args=[application.pk])
    responses = post_at_once(member_a.user, url, {}, referer=application.get_portal_url())
    assert_no_server_error_and_told(responses, "This application has already been submitted.")
    assert Notification.objects.filter(recipient=welfare_a).count() == 1


def test_two_officers_open_a_file_from_one_application_at_once(member_a, welfare_a, line):
    application = HardshipApplicationFactory(member=member_a, submitted=True)
    url = reverse("welfare:application_open_file", args=[application.pk])
    with writes_meet(HardshipFile):
        responses = post_at_once(welfare_a, url, {
            "head_income": "1800", "identity_status": "on_duty", "health": "healthy", "housing": "own",
            "main_cause": "illness", "medical_costs": "0", "education_costs": "0", "other_costs": "0",
            "applied_on": "2026-01-05"}, referer=url)
    assert_no_server_error_and_told(responses, "This application has already been answered")
    assert HardshipFile.objects.filter(worker=member_a).count() == 1
    application.refresh_from_db()
    assert application.file == HardshipFile.objects.get(worker=member_a)
