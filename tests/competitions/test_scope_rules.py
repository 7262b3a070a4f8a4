"""The competitions' declared rules answer the same for a list (``visible_to``, SQL) and for one
object (``scope.allows``, Python): for every scoped model, every action it names and every
kind of person, the two sets agree."""
import pytest

from competitions import models
from competitions.scope import judge_assignments
from competitions.services import competitions as services
from competitions.services.proposals import proposal_route
from unionadmin.roles import Role

from ..factories import FederationFactory
from .conftest import user_with
from .factories import (
    CompetitionFactory,
    EntryFactory,
    EntryMaterialFactory,
    EventParticipantFactory,
    EventPhotoFactory,
    JudgeAssignmentFactory,
    ProposalFactory,
    RecusalFactory,
    SportsEventFactory,
)

SCOPED = [models.Competition, models.ScoringItem, models.AwardTier, models.TieBreak, models.CompetitionTransition,
          models.Entry, models.EntryItemResult, models.EntryMaterial, models.JudgeAssignment, models.Recusal,
          models.Score, models.ImprovementProposal, models.SportsEvent, models.EventParticipant, models.EventPhoto]


@pytest.fixture
def people(published, county, federation_admin, officer_a, officer_b, judges):
    """A published cup with scores, a draft, a judge for one entry only, a routed proposal and events."""
    CompetitionFactory(organiser=county.federation)
    models.TieBreak.objects.create(competition=published.competition, criterion=models.TieBreak.Criterion.HIGHEST)
    draft_of_a = CompetitionFactory(organiser=county.a)
    EntryMaterialFactory(entry=published.a)
    one_entry_judge = user_with(Role.JUDGE, county.federation)
    other = services.competition_create(by=federation_admin, organiser=county.federation, title="创新杯", year=2026)
    entry = EntryFactory(competition=other, organisation=county.b)
    JudgeAssignmentFactory(competition=other, entry=entry, judge=one_entry_judge)
    RecusalFactory(entry=entry, judge=one_entry_judge)
    EntryFactory(competition=draft_of_a, organisation=county.a)
    evaluator = user_with(Role.DEPARTMENT, county.a, title="技术部")
    proposal_route(ProposalFactory(union=county.a), evaluator, by=officer_a)
    ProposalFactory(union=county.a)
    for organiser in (county.federation, county.a):
        event = SportsEventFactory(organiser=organiser)
        EventParticipantFactory(event=event)
        EventPhotoFactory(event=event)
    outsider = user_with(Role.FEDERATION_ADMIN, FederationFactory(name="邻县总工会"))
    revoked = judges[1]
    revoked.role_assignments.all().delete()
    people = {"federation admin": federation_admin, "officer A": officer_a, "officer B": officer_b,
            "judge": judges[0], "judge without the role": revoked, "judge of one entry": one_entry_judge,
            "evaluator": evaluator, "outsider": outsider}
    # fresh user objects: nothing cached from the set-up
    return {who: type(person).objects.get(pk=person.pk) for who, person in people.items()}


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_visible_to_and_allows_agree(people, model):
    rows = list(model.objects.all())
    assert rows, f"the fixture has no {model.__name__}"
    disagreements = []
    for who, person in people.items():
        for action in sorted(model.scope.actions()):
            listed = set(model.objects.visible_to(person, action))
            one_by_one = {row for row in rows if model.scope.allows(person, action, row)}
            if listed != one_by_one:
                disagreements.append(f"{who} {action}: list {sorted(r.pk for r in listed)} "
                                     f"one by one {sorted(r.pk for r in one_by_one)}")
    assert not disagreements, "\n".join(disagreements)


def test_a_judges_assignments_are_read_once_per_user_object(people, published, django_assert_num_queries):
    judge = people["judge"]
    competitions = list(models.Competition.objects.select_related("organiser"))
    assert len(competitions) > 2
    models.Competition.scope.allows(judge, "view", competitions[0])  # reads the roles and the assignments
    with django_assert_num_queries(0):
        seen = {c.pk for c in competitions if models.Competition.scope.allows(judge, "view", c)}
    assert seen == {published.competition.pk} == judge_assignments(judge).competitions


def test_the_buttons_and_the_posts_ask_the_same_steps(published, federation_admin, officer_a, judges):
    competition = published.competition
    assert competition.allowed_actions(federation_admin) == frozenset()  # published: nothing more to do
    entry = published.a
    assert "certificate" in entry.allowed_actions(officer_a) and "edit" not in entry.allowed_actions(officer_a)
    assert "score" not in entry.allowed_actions(judges[0])
