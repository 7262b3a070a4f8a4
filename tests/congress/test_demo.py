"""The congress demo: loads onto the demo county, holds proposals in every state, and the demo
logins see what they should."""
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.demo import load_demo_congress
from congress.models import CollectiveContract, Congress, Delegate, LabourRisk, Proposal
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS, PASSWORD
from unionadmin.indicators import registry
from unionadmin.models import Notification


@pytest.fixture
def demo(db):
    federation = load_demo(members=200).federation
    User = get_user_model()
    users = {login.username: User.objects.get(username=login.username) for login in LOGINS}
    return federation, users, load_demo_congress(federation, users)


def test_the_demo_has_proposals_in_every_state_and_the_rest(demo):
    federation, users, result = demo
    assert result["created"]
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(Proposal.State.values), set(Proposal.State.values) - states
    assert Delegate.objects.filter(user=users["delegate"]).exists()
    assert result["delegates"] == 12
    assert all(u.mobile for u in get_user_model().objects.filter(username__in=result["users"]))
    assert CollectiveContract.objects.filter(ends_on__lt=timezone.localdate()).exists()
    assert LabourRisk.objects.count() == 4
    rate = registry.get("contract_signing_rate").measure(federation, timezone.localdate().year)
    assert 40 <= rate.value <= 90
    assert Notification.objects.filter(recipient=users["delegate"], verb="replied").exists()


def test_the_demo_is_loaded_once(demo):
    federation, users, _ = demo
    assert load_demo_congress(federation, users) == {"created": False}
    assert Congress.objects.count() == 1


def test_the_demo_logins_see_their_congress_pages(client, demo):
    federation, users, result = demo
    session = result["sessions"][1]
    for username, urls in {
        "delegate": ["/congress/mine/", f"/congress/sessions/{session.pk}/proposals/?show=to_cosign"],
        "department": ["/congress/assigned/"],
        "officer": ["/congress/", f"/congress/sessions/{result['sessions'][0].pk}/review/", "/congress/contracts/"],
        "fed_admin": ["/congress/contracts/", "/congress/warnings/", "/"],
        "delegate2": ["/congress/mine/"],
    }.items():
        client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    response = client.post("/accounts/login/", {"username": "13900001001", "password": PASSWORD})
    assert response.status_code == 302  # a new delegate logs in by mobile number with the demo password
    client.force_login(users["department"])
    assigned = client.get("/congress/assigned/").content.decode()
    assert "导师带徒" in assigned and "夜班供餐" not in assigned  # HR's, not the canteen's
