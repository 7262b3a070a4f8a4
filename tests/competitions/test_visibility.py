"""Who sees which competition, entry and proposal (the visible_to overrides)."""
import pytest
from django.urls import reverse

from competitions.models import Competition, Entry, ImprovementProposal
from competitions.services import competitions as services
from unionadmin.roles import Role

from ..factories import FederationFactory, GrassrootsFactory
from .conftest import enter, user_with
from .factories import CompetitionFactory, ProposalFactory


def test_units_below_see_a_competition_once_it_is_open_but_not_a_draft(county, cup, officer_a, officer_b):
    draft = CompetitionFactory(organiser=county.federation)
    for officer in (officer_a, officer_b):
        visible = set(Competition.objects.visible_to(officer))
        assert cup in visible and draft not in visible
    assert not Competition.objects.visible_to(officer_a, "change").exists()


def test_a_unit_sees_its_own_entries_not_other_units(cup, county, branch_a, officer_a, officer_b, federation_admin):
    mine = enter(cup, branch_a, "数控班组", federation_admin)
    theirs = enter(cup, county.b, "后勤班组", federation_admin)
    assert set(Entry.objects.visible_to(officer_a)) == {mine}
    assert set(Entry.objects.visible_to(officer_b)) == {theirs}
    assert set(Entry.objects.visible_to(federation_admin)) == {mine, theirs}
    assert not Entry.objects.visible_to(officer_a, "manage").exists()


def test_another_countys_staff_and_judges_see_nothing(cup, federation_admin, branch_a):
    other = FederationFactory(name="邻县总工会")
    union = GrassrootsFactory(parent=other)
    for role, where in ((Role.FEDERATION_ADMIN, other), (Role.UNION_OFFICER, union), (Role.JUDGE, other)):
        user = user_with(role, where)
        assert not Competition.objects.visible_to(user).exists()
        assert not Entry.objects.visible_to(user).exists()


def test_a_judge_sees_only_the_competitions_they_are_assigned_to(cup, county, judges, federation_admin):
    other = services.competition_create(by=federation_admin, organiser=county.federation, title="创新杯", year=2026)
    assert set(Competition.objects.visible_to(judges[0])) == {cup}
    assert set(Competition.objects.visible_to(judges[0], "score")) == {cup}
    assert other not in Competition.objects.visible_to(judges[0])


def test_results_of_others_are_public_only_from_the_notice(client, scored, officer_b, federation_admin):
    client.force_login(officer_b)
    url = reverse("competitions:competition_results", args=[scored.competition.pk])
    assert "86.00" not in client.get(url).content.decode()
    services.competition_transition(scored.competition, "lock", by=federation_admin)
    assert "86.00" not in client.get(url).content.decode()
    import datetime

    services.competition_transition(scored.competition, "start_notice", by=federation_admin,
                                    notice_ends_on=datetime.date(2099, 1, 1))
    page = client.get(url).content.decode()
    assert "86.00" in page and "数控班组" in page


def test_the_organiser_sees_a_provisional_ranking_while_scoring(client, scored, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("competitions:competition_results", args=[scored.competition.pk])).content.decode()
    assert "Provisional" in page and "86.00" in page and "评委1" in page


def test_an_evaluator_sees_only_the_proposals_routed_to_them(county, officer_a):
    from competitions.services.proposals import proposal_route

    evaluator = user_with(Role.DEPARTMENT, county.a, title="技术部")
    routed = ProposalFactory(union=county.a)
    waiting = ProposalFactory(union=county.a)
    elsewhere = ProposalFactory(union=county.b)
    proposal_route(routed, evaluator, by=officer_a)
    assert set(ImprovementProposal.objects.visible_to(evaluator)) == {routed}
    assert set(ImprovementProposal.objects.visible_to(evaluator, "evaluate")) == {routed}
    assert not ImprovementProposal.objects.visible_to(evaluator, "change").exists()
    assert set(ImprovementProposal.objects.visible_to(officer_a)) == {routed, waiting}
    assert elsewhere not in ImprovementProposal.objects.visible_to(officer_a)


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.WELFARE_OFFICER])
def test_roles_without_a_part_see_no_proposals_to_evaluate(county, role):
    user = user_with(role, county.a)
    ProposalFactory(union=county.a)
    assert not ImprovementProposal.objects.visible_to(user, "evaluate").exists()
