"""A plan acknowledged twice at once (a double click): one acknowledgement, and the second
request reads why — never a server error (two threads, own connections, real PostgreSQL;
tests/concurrency.py)."""
import pytest
from django.urls import reverse

from planning.models import PlanAcknowledgement
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

from .factories import issued

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_plan_acknowledged_twice_at_once(county, plan, officer_a):
    issued(plan)
    url = reverse("planning:plan_acknowledge", args=[plan.pk])
    with writes_meet(PlanAcknowledgement):
        responses = post_at_once(officer_a, url, {"organisation": county.a.pk},
                                 referer=reverse("planning:plan_detail", args=[plan.pk]))
    assert_no_server_error_and_told(responses, "has already acknowledged this plan.")
    assert PlanAcknowledgement.objects.filter(plan=plan, organisation=county.a).count() == 1
