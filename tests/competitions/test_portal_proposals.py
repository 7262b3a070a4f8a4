"""A member submits a rationalisation proposal in the member portal (issue 19): it enters the
union's workflow as submitted with the member as proposer, the officers see it as submitted
online, the member follows its state; another member never opens it."""
from django.urls import reverse
from django.utils import timezone

from competitions.models import ImprovementProposal
from competitions.services.proposals import proposal_route
from unionadmin.models import Notification
from unionadmin.roles import Role

from .conftest import user_with
from .factories import ProposalFactory

FORM = {"kind": "rationalisation", "title": "数控车床气动夹具改造", "problem": "手动装夹每件要三分钟。",
        "suggestion": "将手动夹具改为气动夹具。", "expected_benefit": "每班省一小时"}


def submit(client, **changes):
    return client.post(reverse("competitions_portal:proposal_create"), {**FORM, **changes}, follow=True)


def test_a_proposal_from_the_portal_is_in_the_officers_list_as_submitted_by_the_member(client, county, officer_a,
                                                                                       member_login):
    user, member = member_login(union=county.a, name="王建军")
    client.force_login(user)
    response = submit(client)
    proposal = ImprovementProposal.objects.get()
    assert (proposal.member, proposal.proposer_name, proposal.union, proposal.state, proposal.created_by) == (
        member, "王建军", county.a, "submitted", user)
    assert proposal.submitted_on == timezone.localdate() and proposal.year == timezone.localdate().year
    assert response.redirect_chain[-1][0] == reverse("competitions_portal:proposal_detail", args=[proposal.pk])
    assert "Your proposal was sent to 甲公司工会. You can follow it here." in [str(m) for m in response.context["messages"]]

    assert Notification.objects.filter(recipient=officer_a, verb="proposal_from_member",
                                       target_id=proposal.pk).count() == 1
    client.force_login(officer_a)
    listing = client.get(reverse("competitions:proposal_list")).content.decode()
    assert "数控车床气动夹具改造" in listing and "王建军" in listing and "Submitted online by the member" in listing
    page = client.get(reverse("competitions:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Submitted online by the member" in page and "手动装夹每件要三分钟。" in page
    assert "Route to an evaluator" in page


def test_the_member_follows_the_state_of_their_proposal(client, county, officer_a, member_login):
    user, member = member_login(union=county.a)
    client.force_login(user)
    submit(client)
    proposal = ImprovementProposal.objects.get()
    assert "Submitted" in client.get(reverse("competitions_portal:proposal_list")).content.decode()
    proposal_route(proposal, user_with(Role.DEPARTMENT, county.a, title="技术部"), by=officer_a)
    listing = client.get(reverse("competitions_portal:proposal_list")).content.decode()
    assert "数控车床气动夹具改造" in listing and "With the evaluator" in listing
    page = client.get(reverse("competitions_portal:proposal_detail", args=[proposal.pk])).content.decode()
    assert "With the evaluator" in page and "将手动夹具改为气动夹具。" in page


def test_a_double_tap_on_submit_is_one_proposal(client, county, member_login):
    user, _ = member_login(union=county.a)
    client.force_login(user)
    submit(client)
    response = submit(client)
    assert "You submitted a proposal with this title today already." in response.content.decode()
    assert ImprovementProposal.objects.count() == 1


def test_the_problem_and_the_proposal_are_required(client, county, member_login):
    user, _ = member_login(union=county.a)
    client.force_login(user)
    response = submit(client, problem="", suggestion="")
    assert response.status_code == 200 and set(response.context["form"].errors) == {"problem", "suggestion"}
    assert not ImprovementProposal.objects.exists()


def test_member_b_cannot_open_member_as_proposal(client, county, member_login):
    user_a, member_a = member_login(union=county.a)
    user_b, _ = member_login(union=county.a)
    mine = ProposalFactory(union=county.a, member=member_a, title="甲的建议")
    recorded_by_officer = ProposalFactory(union=county.a, title="官方录入的建议")
    client.force_login(user_b)
    for proposal in (mine, recorded_by_officer):
        assert client.get(reverse("competitions_portal:proposal_detail", args=[proposal.pk])).status_code == 404
    assert "甲的建议" not in client.get(reverse("competitions_portal:proposal_list")).content.decode()
    client.force_login(user_a)
    assert client.get(reverse("competitions_portal:proposal_detail", args=[mine.pk])).status_code == 200
    # A member's login does not open the officers' pages, not even for their own proposal.
    assert client.get(reverse("competitions:proposal_detail", args=[mine.pk])).status_code == 404
    assert "甲的建议" not in client.get(reverse("competitions:proposal_list")).content.decode()


def test_a_login_without_a_membership_cannot_submit(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("competitions_portal:proposal_create"), FORM)
    assert response.status_code == 403 and not ImprovementProposal.objects.exists()
