"""Who sees which proposals: union staff by subtree, delegates their sessions, departments
only what is assigned to them."""
import pytest

from congress.models import Proposal
from congress.services.proposals import proposal_assign
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.models import RoleAssignment
from unionadmin.roles import Role

from .factories import HandlingDepartmentFactory, ProposalFactory


def visible(user, action="view"):
    return set(Proposal.objects.visible_to(user, action))


@pytest.fixture
def proposals(congress):
    """One of each kind at union A, and one at union B."""
    accepted = dict(state=Proposal.State.ACCEPTED)
    p = type("P", (), {})
    p.draft = ProposalFactory(session=congress.session, proposer=congress.d1, state=Proposal.State.DRAFT)
    p.withdrawn = ProposalFactory(session=congress.session, proposer=congress.d1, state=Proposal.State.WITHDRAWN)
    p.submitted = ProposalFactory(session=congress.session, proposer=congress.d2)
    p.to_hr = ProposalFactory(session=congress.session, proposer=congress.d2, number=1, **accepted)
    p.to_safety = ProposalFactory(session=congress.session, proposer=congress.d3, number=2, **accepted)
    p.co_hr = ProposalFactory(session=congress.session, proposer=congress.d3, number=3, **accepted)
    p.unassigned = ProposalFactory(session=congress.session, proposer=congress.d4, number=4, **accepted)
    proposal_assign(p.to_hr, user=congress.officer, lead=congress.hr)
    proposal_assign(p.to_safety, user=congress.officer, lead=congress.safety)
    proposal_assign(p.co_hr, user=congress.officer, lead=congress.safety, co_departments=[congress.hr])
    p.other_union = ProposalFactory(session=congress.other_session, proposer=congress.other_delegate)
    for name in ("to_hr", "to_safety", "co_hr"):
        setattr(p, name, Proposal.objects.get(pk=getattr(p, name).pk))
    return p


def test_a_department_sees_only_the_proposals_assigned_to_it(congress, proposals):
    assert visible(congress.hr_user) == {proposals.to_hr, proposals.co_hr}
    assert visible(congress.safety_user) == {proposals.to_safety, proposals.co_hr}
    assert visible(congress.hr_user, "reply") == {proposals.to_hr, proposals.co_hr}


def test_a_department_never_sees_an_unassigned_proposal_by_its_url(client, congress, proposals):
    client.force_login(congress.hr_user)
    for proposal in (proposals.draft, proposals.submitted, proposals.to_safety, proposals.unassigned,
                     proposals.other_union):
        assert client.get(f"/congress/proposals/{proposal.pk}/").status_code == 404, proposal
        assert client.get(f"/congress/proposals/{proposal.pk}/reply/").status_code == 404, proposal
    assert client.get(f"/congress/proposals/{proposals.to_hr.pk}/").status_code == 200
    page = client.get("/congress/assigned/").content.decode()
    assert proposals.to_hr.subject in page and proposals.to_safety.subject not in page


def test_a_department_role_whose_title_names_no_department_sees_nothing(congress, proposals):
    stranger = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.a, title="财务部").user
    assert visible(stranger) == set()


def test_a_same_named_department_of_another_union_sees_nothing(congress, proposals):
    HandlingDepartmentFactory(union=congress.county.b, name="人力资源部")
    elsewhere = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.b, title="人力资源部").user
    assert visible(elsewhere) == set()


def test_revoking_the_department_role_ends_the_access(congress, proposals):
    RoleAssignment.objects.filter(user=congress.hr_user, role=Role.DEPARTMENT).delete()
    fresh = type(congress.hr_user).objects.get(pk=congress.hr_user.pk)  # role paths are cached per object
    assert visible(fresh) == set()


def test_renaming_a_department_keeps_its_people(client, congress, proposals, officer_a):
    client.force_login(congress.officer)
    response = client.post(f"/congress/departments/{congress.hr.pk}/edit/",
                           {"union": congress.county.a.pk, "name": "人力资源中心", "is_active": "on"})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=congress.hr_user, role=Role.DEPARTMENT).title == "人力资源中心"
    fresh = type(congress.hr_user).objects.get(pk=congress.hr_user.pk)
    assert visible(fresh) == {proposals.to_hr, proposals.co_hr}


def test_delegates_see_the_submitted_proposals_of_their_session_and_their_own_drafts(congress, proposals):
    everyone_sees = {proposals.submitted, proposals.to_hr, proposals.to_safety, proposals.co_hr, proposals.unassigned}
    assert visible(congress.d1.user) == everyone_sees | {proposals.draft, proposals.withdrawn}
    assert visible(congress.d4.user) == everyone_sees
    assert visible(congress.other_delegate.user) == {proposals.other_union}


def test_a_delegate_whose_role_was_revoked_sees_nothing(congress, proposals):
    RoleAssignment.objects.filter(user=congress.d4.user, role=Role.DELEGATE).delete()
    fresh = type(congress.d4.user).objects.get(pk=congress.d4.user.pk)
    assert visible(fresh) == set()


def test_delegates_may_not_act_for_the_committee(client, congress, proposals):
    client.force_login(congress.d4.user)
    assert client.post(f"/congress/proposals/{proposals.submitted.pk}/accept/").status_code == 403
    assert client.get(f"/congress/sessions/{congress.session.pk}/review/").status_code == 403
    assert client.get(f"/congress/sessions/{congress.session.pk}/register.xlsx").status_code == 403
    assert Proposal.objects.get(pk=proposals.submitted.pk).state == Proposal.State.SUBMITTED


def test_union_staff_see_their_subtree_but_not_the_delegates_drafts(congress, proposals, federation_reviewer):
    officer_view = visible(congress.officer)
    assert proposals.submitted in officer_view and proposals.unassigned in officer_view
    assert proposals.other_union not in officer_view
    assert proposals.draft not in officer_view and proposals.withdrawn not in officer_view
    assert proposals.other_union in visible(federation_reviewer)


def test_an_outsider_sees_nothing(congress, proposals):
    assert visible(UserFactory()) == set()
