"""Rationalisation proposals (route → adopt or not → implement with benefit → award) and
sports and culture events (participants, matches, league table, photos)."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.models import EventMatch, EventParticipant, EventPhoto, ImprovementProposal
from competitions.services import CompetitionError
from competitions.services.events import event_standings
from competitions.services.proposals import proposal_award, proposal_decide, proposal_implement, proposal_route
from unionadmin.roles import Role

from .conftest import user_with
from .factories import PNG, EventParticipantFactory, ProposalFactory, SportsEventFactory

State = ImprovementProposal.State


def english_post(client, url, data):
    client.cookies["django_language"] = "en"
    return client.post(url, data).content.decode()


@pytest.fixture
def evaluator(county):
    return user_with(Role.DEPARTMENT, county.a, title="技术部")


def test_a_proposal_from_recording_to_award(client, county, officer_a, evaluator):
    client.force_login(officer_a)
    response = client.post(reverse("competitions:proposal_create"), {
        "union": county.a.pk, "kind": "innovation", "year": 2026, "title": "数控车床气动夹具改造",
        "proposer_name": "王建军、李强", "submitted_on": "2026-03-02", "suggestion": "手动夹具改气动夹具。",
    })
    proposal = ImprovementProposal.objects.get()
    assert response.status_code == 302 and proposal.created_by == officer_a and proposal.state == State.SUBMITTED
    client.post(reverse("competitions:proposal_route", args=[proposal.pk]), {"evaluator": evaluator.pk})
    proposal.refresh_from_db()
    assert proposal.state == State.ROUTED and proposal.evaluator == evaluator

    client.force_login(evaluator)
    assert client.get(reverse("home")).content.decode().count("数控车床气动夹具改造") == 1
    client.post(reverse("competitions:proposal_decide", args=[proposal.pk]),
                {"decision": "adopt", "opinion": "装夹时间可缩短一半，建议采纳。"})
    proposal.refresh_from_db()
    assert proposal.state == State.ADOPTED and proposal.decided_at
    assert client.get(reverse("competitions:proposal_implement", args=[proposal.pk])).status_code == 403

    client.force_login(officer_a)
    client.post(reverse("competitions:proposal_implement", args=[proposal.pk]),
                {"implemented_on": "2026-04-15", "annual_benefit": "86500.00", "benefit_note": "节约工时"})
    client.post(reverse("competitions:proposal_award", args=[proposal.pk]),
                {"award_name": "技术革新一等奖", "award_amount": "2000"})
    proposal.refresh_from_db()
    assert (proposal.state, proposal.annual_benefit, proposal.award_amount) == (
        State.IMPLEMENTED, Decimal("86500.00"), Decimal("2000.00"))
    page = client.get(reverse("competitions:proposal_list")).content.decode()
    assert "86,500.00" in page or "86500.00" in page


def test_proposal_steps_out_of_order_are_refused(county, officer_a, evaluator):
    proposal = ProposalFactory(union=county.a)
    with pytest.raises(CompetitionError):
        proposal_decide(proposal, by=evaluator, adopt=True, opinion="好")
    with pytest.raises(CompetitionError):
        proposal_implement(proposal, by=officer_a, implemented_on=datetime.date(2026, 4, 1),
                           annual_benefit=Decimal(1))
    proposal_route(proposal, evaluator, by=officer_a)
    with pytest.raises(CompetitionError, match="opinion"):
        proposal_decide(proposal, by=evaluator, adopt=False, opinion="")
    proposal_decide(proposal, by=evaluator, adopt=False, opinion="成本过高")
    with pytest.raises(CompetitionError):
        proposal_award(proposal, by=officer_a, award_name="奖", award_amount=Decimal(1))
    with pytest.raises(CompetitionError, match="decided"):
        proposal_route(proposal, evaluator, by=officer_a)


def test_an_evaluator_must_hold_a_role_over_the_union(county, officer_a):
    outsider = user_with(Role.DEPARTMENT, county.b, title="技术部")
    with pytest.raises(CompetitionError, match="cannot evaluate"):
        proposal_route(ProposalFactory(union=county.a), outsider, by=officer_a)


def test_the_benefit_cannot_be_negative_nor_in_the_future(county, officer_a, evaluator):
    proposal = ProposalFactory(union=county.a)
    proposal_route(proposal, evaluator, by=officer_a)
    proposal_decide(proposal, by=evaluator, adopt=True, opinion="可行")
    with pytest.raises(CompetitionError):
        proposal_implement(proposal, by=officer_a, implemented_on=datetime.date(2026, 4, 1),
                           annual_benefit=Decimal(-1))
    with pytest.raises(CompetitionError, match="future"):
        proposal_implement(proposal, by=officer_a, implemented_on=datetime.date(2999, 1, 1),
                           annual_benefit=Decimal(1))


def test_a_tournament_table_and_photos(client, county, officer_a):
    event = SportsEventFactory(organiser=county.a, points_win=2, points_draw=1, points_loss=1)
    one, two, three = (EventParticipantFactory(event=event, name=n) for n in ("机加车间", "装配车间", "后勤处"))
    EventMatch.objects.create(event=event, home=one, away=two, home_score=62, away_score=58)
    EventMatch.objects.create(event=event, home=two, away=three, home_score=70, away_score=41)
    EventMatch.objects.create(event=event, home=three, away=one, home_score=49, away_score=66)
    table = event_standings(event)
    assert [(line["participant"].name, line["row"].points) for line in table] == [
        ("机加车间", 4), ("装配车间", 3), ("后勤处", 2)]
    client.force_login(officer_a)
    client.post(reverse("competitions:event_photo_add", args=[event.pk]),
                {"image": SimpleUploadedFile("p.png", PNG, content_type="image/png"), "caption": "颁奖"})
    photo = EventPhoto.objects.get()
    response = client.get(reverse("competitions:event_photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    page = client.get(reverse("competitions:event_detail", args=[event.pk])).content.decode()
    assert "League table" in page and "颁奖" in page


def test_participants_and_matches_are_edited_as_tables(client, county, officer_a):
    event = SportsEventFactory(organiser=county.a)
    client.force_login(officer_a)
    url = reverse("competitions:event_participants", args=[event.pk])
    assert client.get(url).status_code == 200
    data = {"participants-TOTAL_FORMS": "3", "participants-INITIAL_FORMS": "0"}
    for n, name in enumerate(["一队", "二队", "一队"]):
        data.update({f"participants-{n}-kind": "team", f"participants-{n}-name": name})
    response = client.post(url, data)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not EventParticipant.objects.exists()
    data["participants-2-name"] = "三队"
    assert client.post(url, data).status_code == 302
    assert EventParticipant.objects.filter(event=event).count() == 3
    one, two = EventParticipant.objects.filter(event=event).order_by("pk")[:2]
    url = reverse("competitions:event_matches", args=[event.pk])
    data = {"matches-TOTAL_FORMS": "1", "matches-INITIAL_FORMS": "0", "matches-0-home": one.pk,
            "matches-0-away": one.pk, "matches-0-home_score": "10", "matches-0-away_score": "8"}
    assert "two different" in english_post(client, url, data)
    data["matches-0-away"] = two.pk
    assert client.post(url, data).status_code == 302 and EventMatch.objects.count() == 1


def test_units_below_see_the_organisers_events(county, federation_admin, officer_a, officer_b):
    from competitions.models import SportsEvent

    county_event = SportsEventFactory(organiser=county.federation)
    own = SportsEventFactory(organiser=county.a)
    assert set(SportsEvent.objects.visible_to(officer_a)) == {county_event, own}
    assert set(SportsEvent.objects.visible_to(officer_b)) == {county_event}
    assert set(SportsEvent.objects.visible_to(officer_a, "change")) == {own}
