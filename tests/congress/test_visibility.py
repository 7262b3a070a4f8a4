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


def test_a_department_role_not_linked_to_a_department_sees_nothing_whatever_its_title(congress, proposals):
    stranger = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.a, title="财务部").user
    namesake = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.a, title="人力资源部").user
    assert visible(stranger) == set() and visible(namesake) == set()
    assert visible(namesake, "reply") == set()


def test_a_same_named_department_of_another_union_sees_nothing(congress, proposals):
    elsewhere = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.b, title="人力资源部").user
    HandlingDepartmentFactory(union=congress.county.b, name="人力资源部", officers=[elsewhere])
    assert visible(elsewhere) == set()


def test_an_officer_needs_the_department_role_at_the_department_s_union(congress, proposals):
    """Linked to union A's department but holding the role only at union B: nothing of A's."""
    elsewhere = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.b).user
    congress.hr.officers.add(elsewhere)
    assert visible(elsewhere) == set()
    assert proposals.to_hr.scope.allows(elsewhere, "view", proposals.to_hr) is False


def test_revoking_the_department_role_ends_the_access(congress, proposals):
    RoleAssignment.objects.filter(user=congress.hr_user, role=Role.DEPARTMENT).delete()
    fresh = type(congress.hr_user).objects.get(pk=congress.hr_user.pk)  # role paths are cached per object
    assert visible(fresh) == set()


def test_renaming_a_department_keeps_its_people(client, congress, proposals, officer_a):
    client.force_login(congress.officer)
    response = client.post(f"/congress/departments/{congress.hr.pk}/edit/",
                           {"union": congress.county.a.pk, "name": "人力资源中心", "is_active": "on",
                            "officers": [congress.hr_user.pk]})
    assert response.status_code == 302
    fresh = type(congress.hr_user).objects.get(pk=congress.hr_user.pk)
    assert visible(fresh) == {proposals.to_hr, proposals.co_hr}


def test_the_department_page_links_its_officers_among_the_role_s_holders(client, congress, proposals):
    newcomer = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.a,
                                     user=UserFactory(full_name="周新")).user
    outsider = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.b,
                                     user=UserFactory(full_name="吴外")).user
    client.force_login(congress.officer)
    page = client.get(f"/congress/departments/{congress.hr.pk}/edit/").content.decode()
    assert "周新" in page and "赵敏" in page and "吴外" not in page
    refused = client.post(f"/congress/departments/{congress.hr.pk}/edit/",
                          {"name": "人力资源部", "is_active": "on", "officers": [outsider.pk]})
    assert refused.status_code == 200 and set(congress.hr.officers.all()) == {congress.hr_user}
    client.post(f"/congress/departments/{congress.hr.pk}/edit/",
                {"name": "人力资源部", "is_active": "on", "officers": [newcomer.pk]})
    assert set(congress.hr.officers.all()) == {newcomer}
    assert visible(newcomer) == {proposals.to_hr, proposals.co_hr}
    fresh = type(congress.hr_user).objects.get(pk=congress.hr_user.pk)
    assert visible(fresh) == set()  # no longer linked
    listing = client.get("/congress/departments/").content.decode()
    assert "周新" in listing


def test_an_officer_without_the_role_is_refused_by_the_service(congress):
    from congress.services.sessions import SessionError, department_save

    with pytest.raises(SessionError, match="do not hold"):
        department_save(congress.hr, officers=[UserFactory(full_name="无角色")])
    assert set(congress.hr.officers.all()) == {congress.hr_user}


def test_the_migration_links_title_matches_and_lists_the_others(congress, capsys):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("congress.migrations.0003_department_officers")
    congress.hr.officers.clear()
    unmatched = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=congress.county.a, title="财务部",
                                      user=UserFactory(username="caiwu")).user
    migration.link_officers(apps, None)
    assert set(congress.hr.officers.all()) == {congress.hr_user}
    assert set(congress.safety.officers.all()) == {congress.safety_user}
    printed = capsys.readouterr().out
    assert "caiwu" in printed and "财务部" in printed and "赵敏" not in printed
    assert not unmatched.handling_departments.exists()


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
