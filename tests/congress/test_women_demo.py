"""The demo county's women workers' work: load_demo makes committees with directors (and their
cadre posts), activities of every kind, and the women's contract rate between 0 and 100 %."""
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.demo import load_demo_congress
from congress.demo_women import load_demo_women
from congress.models import WomenActivity, WomenCommittee, WomenCommitteeMember
from members.models import CadrePost
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS
from unionadmin.indicators import registry


@pytest.fixture
def demo(db):
    federation = load_demo(members=200).federation
    users = {login.username: get_user_model().objects.get(username=login.username) for login in LOGINS}
    load_demo_congress(federation, users)  # the step before ours (order 40): delegates and contracts
    assert load_demo_women(federation, users) >= 3
    return federation, users


def test_load_demo_fills_every_model_of_the_women_part(demo, client):
    federation, users = demo
    assert WomenCommittee.objects.current().count() >= 3
    assert WomenCommitteeMember.objects.filter(position="director").count() == WomenCommittee.objects.count()
    assert CadrePost.objects.current().filter(position=CadrePost.Position.WOMEN_DIRECTOR).count() >= 3
    assert set(WomenActivity.objects.values_list("kind", flat=True)) >= {"screening", "march8", "publicity"}
    rate = registry.get("women_contract_rate").measure(federation, timezone.localdate().year)
    assert 0 < rate.value < 100
    assert load_demo_women(federation, users) == 0  # loaded once
    client.force_login(users["fed_admin"])
    page = client.get("/congress/women/").content.decode()
    for committee in WomenCommittee.objects.select_related("union"):
        assert (committee.union.short_name or committee.union.name) in page
