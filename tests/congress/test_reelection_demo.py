"""The demo county's committee terms: the demo step (order 46) gives every grassroots union a term but two,
two of them overdue and some due within six months, sends the day's reminders, and runs once."""
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.demo_reelection import load_demo_reelection
from congress.models import CommitteeTerm
from congress.reelection import status_counts
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS
from unionadmin.indicators import registry
from unionadmin.models import Notification, Organisation


@pytest.fixture
def demo(db):
    federation = load_demo(members=200).federation
    users = {login.username: get_user_model().objects.get(username=login.username) for login in LOGINS}
    load_demo_reelection(federation, users)  # as `manage.py load_demo` runs the registered steps
    return federation, users


def test_load_demo_records_terms_for_the_county(demo):
    federation, users = demo
    counts = status_counts(Organisation.objects.subtree_of(federation), timezone.localdate())
    assert counts["overdue"] == 2 and counts["none"] == 2 and counts["due"] >= 3
    assert CommitteeTerm.objects.filter(succeeded_on__isnull=False).exists()  # some history
    assert Notification.objects.filter(verb="reelection_overdue", recipient=users["fed_admin"]).count() == 2
    rate = registry.get("on_time_reelection_rate").measure(federation, timezone.localdate().year)
    assert rate.incomplete == 2 and 50 <= rate.value < 100


def test_the_demo_step_runs_once(demo):
    federation, users = demo
    before = CommitteeTerm.objects.count()
    assert load_demo_reelection(federation, users) == {"committee_terms": 0}
    assert CommitteeTerm.objects.count() == before
