"""A score sheet waiting for a judge: the judges are told when scoring starts (or reopens), and
a judge assigned while scoring is open is told at once; the notification leads to the competition."""
from django.urls import reverse

from competitions.services import competitions as services
from tests.conftest import _user_with
from unionadmin.models import Notification
from unionadmin.roles import Role


def _told(competition):
    return sorted(n.recipient_id for n in Notification.objects.filter(verb="scores_waiting", target_id=competition.pk))


def test_every_judge_is_told_when_scoring_starts(client, cup, judges, federation_admin, county):
    assert _told(cup) == []  # assigned while the competition is open for entries: nothing to score yet
    from .conftest import enter

    enter(cup, county.b, "后勤班组", federation_admin)
    services.competition_transition(cup, "start_scoring", by=federation_admin)
    assert _told(cup) == sorted(j.pk for j in judges)
    client.force_login(judges[0])
    notice = Notification.objects.get(recipient=judges[0])
    response = client.post(reverse("notification_open", args=[notice.pk]))
    assert response["Location"] == cup.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_judge_assigned_during_scoring_is_told_at_once(scoring, judges, federation_admin, county):
    late = _user_with(Role.JUDGE, county.federation)
    Notification.objects.all().delete()
    services.judge_assign(scoring.competition, late, by=federation_admin, entry=scoring.b)
    assert _told(scoring.competition) == [late.pk]
