"""Fixtures for competitions: a county where the federation runs a 安康杯 with two items,
three judges (holding the judge role at the federation), and teams from unions A and B."""
from decimal import Decimal

import pytest
from django.utils import translation

from competitions.models import Entry
from competitions.services import competitions as services
from competitions.services.entries import entry_create
from competitions.services.judging import score_save
from unionadmin.roles import Role

from ..factories import BranchFactory, RoleAssignmentFactory, UserFactory
from .factories import ScoringItemFactory


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """These tests read English messages: pages through the language cookie, services and
    forms through the active language (the product's default is Chinese)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def user_with(role, organisation, **kwargs):
    return RoleAssignmentFactory(role=role, organisation=organisation, **kwargs).user


@pytest.fixture
def judges(county):
    return [user_with(Role.JUDGE, county.federation, user=UserFactory(full_name=f"评委{n}")) for n in (1, 2, 3)]


@pytest.fixture
def branch_a(county):
    return BranchFactory(parent=county.a, name="一车间分会")


@pytest.fixture
def cup(county, federation_admin, judges, branch_a):
    """A federation competition open for entries: two items (40 and 60), three judges, default awards."""
    competition = services.competition_create(by=federation_admin, organiser=county.federation,
                                              title="2026年安康杯竞赛", year=2026)
    ScoringItemFactory(competition=competition, name="安全培训", max_score=Decimal(40), position=0)
    ScoringItemFactory(competition=competition, name="隐患排查", max_score=Decimal(60), position=1)
    services.competition_transition(competition, "open", by=federation_admin)
    for judge in judges:
        services.judge_assign(competition, judge, by=federation_admin)
    competition.refresh_from_db()
    return competition


def enter(competition, unit, name, by):
    return entry_create(competition, by=by, organisation=unit, kind=Entry.Kind.TEAM, name=name)


@pytest.fixture
def scoring(cup, county, branch_a, federation_admin):
    """The cup with two teams (one from A's branch, one from B) and scoring started."""
    team_a = enter(cup, branch_a, "数控班组", federation_admin)
    team_b = enter(cup, county.b, "后勤班组", federation_admin)
    services.competition_transition(cup, "start_scoring", by=federation_admin)
    cup.refresh_from_db()
    return type("Scoring", (), {"competition": cup, "a": team_a, "b": team_b})


def score_all(competition, judges, values):
    """values: {entry: [(item 1, item 2) per judge]}."""
    items = list(competition.items.all())
    for entry, per_judge in values.items():
        for judge, row in zip(judges, per_judge):
            for item, value in zip(items, row):
                score_save(entry, item, judge, str(value))


@pytest.fixture
def scored(scoring, judges):
    score_all(scoring.competition, judges, {
        scoring.a: [(35, 50), (36, 52), (30, 55)],  # 33.67 + 52.33 = 86.00
        scoring.b: [(30, 40), (31, 41), (32, 42)],  # 31.00 + 41.00 = 72.00
    })
    return scoring


@pytest.fixture
def published(scored, federation_admin):
    import datetime

    competition = scored.competition
    services.competition_transition(competition, "lock", by=federation_admin)
    today = datetime.date(2026, 6, 1)
    services.competition_transition(competition, "start_notice", by=federation_admin,
                                    notice_ends_on=datetime.date(2026, 6, 7), today=today)
    services.competition_transition(competition, "publish", by=federation_admin, today=datetime.date(2026, 6, 8))
    competition.refresh_from_db()
    scored.a.refresh_from_db()
    scored.b.refresh_from_db()
    return scored
