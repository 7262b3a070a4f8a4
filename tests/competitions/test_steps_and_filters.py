"""What a person may do next is one set (``allowed_actions``): the page shows those buttons and
the step's URL refuses the others with a message. The lists' filters come from FilterSets."""
from django.urls import reverse

from competitions.models import Competition, ImprovementProposal
from unionadmin.roles import Role

from .conftest import user_with
from .factories import ProposalFactory


def test_the_list_filter_keeps_the_chosen_stage_and_ignores_a_bad_year(client, cup, county, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("competitions:competition_list"), {"state": "open", "year": "abc"}).content.decode()
    assert '<option value="open" selected>' in page
    assert cup.title in page  # the bad year is ignored, the stage still applies
    page = client.get(reverse("competitions:competition_list"), {"state": "draft"}).content.decode()
    assert cup.title not in page


def test_a_submitted_proposal_offers_routing_only_and_refuses_an_award_by_url(client, county, officer_a):
    proposal = ProposalFactory(union=county.a)
    assert proposal.allowed_actions(officer_a) == {"edit", "route"}
    client.force_login(officer_a)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("competitions:proposal_route", args=[proposal.pk]) in page
    assert reverse("competitions:proposal_award", args=[proposal.pk]) not in page
    response = client.post(reverse("competitions:proposal_award", args=[proposal.pk]),
                           {"award_name": "一等奖", "award_amount": "500"}, follow=True)
    assert "Only an adopted proposal can receive an award." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.award_name == ""


def test_the_evaluator_may_decide_but_not_route(county, officer_a):
    from competitions.services.proposals import proposal_route

    evaluator = user_with(Role.DEPARTMENT, county.a, title="技术部")
    proposal = proposal_route(ProposalFactory(union=county.a), evaluator, by=officer_a)
    assert ImprovementProposal.objects.get(pk=proposal.pk).allowed_actions(evaluator) == {"decide"}


def test_a_judge_gets_the_score_button_only_while_scoring(client, cup, scoring, judges):
    client.force_login(judges[0])
    page = client.get(reverse("competitions:competition_list")).content.decode()
    assert reverse("competitions:score_grid", args=[cup.pk]) in page
    Competition.objects.filter(pk=cup.pk).update(state=Competition.State.OPEN)
    page = client.get(reverse("competitions:competition_list")).content.decode()
    assert reverse("competitions:score_grid", args=[cup.pk]) not in page
    assert "You judge" in page
