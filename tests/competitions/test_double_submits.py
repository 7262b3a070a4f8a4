"""Competition forms sent twice at once (a double click, or two organisers): one record, and
the second request reads why — never a server error (two threads, own connections, real
PostgreSQL; tests/concurrency.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from competitions.models import EventParticipant, Recusal, ScoringItem
from competitions.services import competitions as services
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.forms import page_form

from .factories import SportsEventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def rendered(user, url):
    client = Client()
    client.force_login(user)
    return page_form(client.get(url).content.decode())


def test_a_scoring_item_added_twice_at_once(county, federation_admin):
    competition = services.competition_create(by=federation_admin, organiser=county.federation,
                                              title="2026年安康杯竞赛", year=2026)
    url = reverse("competitions:competition_scheme", args=[competition.pk])
    data = rendered(federation_admin, url)
    first_new = int(data["items-INITIAL_FORMS"])
    data.update({f"items-{first_new}-name": "安全培训", f"items-{first_new}-max_score": "40",
                 f"items-{first_new}-weight": "1"})
    with writes_meet(ScoringItem):
        responses = post_at_once(federation_admin, url, data, referer=url)
    assert_no_server_error_and_told(responses, "Scoring item with this Competition and Name already exists.")
    assert ScoringItem.objects.filter(competition=competition, name="安全培训").count() == 1


def test_a_participant_added_twice_at_once(county, officer_a):
    event = SportsEventFactory(organiser=county.a)
    url = reverse("competitions:event_participants", args=[event.pk])
    data = rendered(officer_a, url)
    data["participants-0-name"] = "机修车间队"
    with writes_meet(EventParticipant):
        responses = post_at_once(officer_a, url, data, referer=url)
    assert_no_server_error_and_told(responses, "This event already has a participant of this name.")
    assert EventParticipant.objects.filter(event=event).count() == 1


def test_a_judge_recuses_twice_at_once(scoring, judges):
    url = reverse("competitions:entry_recuse", args=[scoring.a.pk])
    with writes_meet(Recusal):
        responses = post_at_once(judges[0], url, {"reason": "本班组长是我的亲属"}, referer=url)
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    assert Recusal.objects.filter(entry=scoring.a, judge=judges[0]).count() == 1


def test_a_judge_assigned_twice_at_once(county, federation_admin, judges):
    from competitions.models import JudgeAssignment

    competition = services.competition_create(by=federation_admin, organiser=county.federation,
                                              title="2026年创新杯", year=2026)
    url = reverse("competitions:judge_assign", args=[competition.pk])
    with writes_meet(JudgeAssignment):
        responses = post_at_once(federation_admin, url, {"judge": judges[0].pk, "entry": "", "weight": "1"},
                                 referer=url)
    assert_no_server_error_and_told(responses, "already judges every entry")
    assert JudgeAssignment.objects.filter(competition=competition, judge=judges[0]).count() == 1
