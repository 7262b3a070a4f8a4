"""The competitions demo: loads onto the demo county, once."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.demo import load_demo_competitions
from competitions.models import Competition, Entry, ImprovementProposal, Recusal, SportsEvent
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS, PASSWORD
from unionadmin.indicators import registry


@pytest.fixture
def demo(db):
    federation = load_demo(members=200).federation
    User = get_user_model()
    users = {login.username: User.objects.get(username=login.username) for login in LOGINS}
    return federation, users, load_demo_competitions(federation, users)


def test_the_demo_competitions(demo):
    federation, users, result = demo
    assert result["created"]
    safety, innovation = result["competitions"]
    assert safety.state == Competition.State.PUBLISHED and innovation.state == Competition.State.SCORING
    assert result["judges"] == ["judge", "judge2", "judge3"]
    assert set(get_user_model().objects.filter(username__in=["judge2", "judge3"]).values_list("mobile", flat=True)) \
        == {"13900000021", "13900000022"}
    entries = Entry.objects.filter(competition=safety)
    assert entries.count() == 7 and len({e.organisation.parent_id for e in entries}) >= 4
    assert list(entries.order_by("rank").values_list("rank", flat=True))[:3] == [1, 2, 3]
    assert entries.filter(award__name="一等奖").count() == 1 and entries.filter(award__name="优胜班组").exists()
    assert Recusal.objects.filter(entry__competition=safety).count() == 1
    assert ImprovementProposal.objects.filter(state="implemented").count() == 3
    assert set(ImprovementProposal.objects.values_list("state", flat=True)) == set(ImprovementProposal.State.values)
    assert SportsEvent.objects.get().matches.count() == 6
    year = timezone.localdate().year
    assert registry.get("rationalisation_benefit").measure(federation, year).value > 200000
    assert registry.get("competitions_held").measure(federation, year).value == 2


def test_the_demo_judge_has_entries_waiting_and_the_organiser_sees_everything(demo):
    federation, users, result = demo
    client = Client()
    client.cookies["django_language"] = "en"
    User = get_user_model()
    client.force_login(users["judge"])
    home = client.get(reverse("home")).content.decode()
    assert "3 entries to score" in home
    safety, innovation = result["competitions"]
    assert client.get(reverse("competitions:score_grid", args=[innovation.pk])).status_code == 200
    assert User.objects.get(username="judge2").check_password(PASSWORD)
    client.force_login(users["fed_admin"])
    for url in (reverse("competitions:competition_results", args=[safety.pk]),
                reverse("competitions:competition_results", args=[innovation.pk]),
                reverse("competitions:proposal_list"), reverse("competitions:event_list"),
                reverse("competitions:event_detail", args=[result["event"].pk])):
        assert client.get(url).status_code == 200
    client.force_login(users["department"])
    assert "Rationalisation proposals to evaluate" in client.get(reverse("home")).content.decode()


def test_the_demo_is_loaded_once(demo):
    federation, users, _ = demo
    assert load_demo_competitions(federation, users) == {"created": False}
    assert Competition.objects.count() == 2
