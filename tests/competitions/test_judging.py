"""Judges: scores checked against each item's maximum (service and database), only assigned
judges score, recusals (回避), and a judge never reads or writes another judge's scores,
by any URL, before or after publication (unless the organiser publishes them, numbered)."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from competitions.models import Competition, Entry, JudgeAssignment, Recusal, Score, ScoringItem
from competitions.services import CompetitionError
from competitions.services import competitions as services
from competitions.services.judging import parse_score, recusal_declare, recusal_lift, score_save
from competitions.services.results import results_progress
from unionadmin.models import RoleAssignment
from unionadmin.roles import Role

from .conftest import user_with


@pytest.fixture
def items(scoring):
    return list(scoring.competition.items.all())


# --- values -------------------------------------------------------------------------------
@pytest.mark.parametrize("raw,expected", [
    ("35", Decimal("35.00")), ("8.5", Decimal("8.50")), ("３５．５", Decimal("35.50")), ("7,25", Decimal("7.25")),
    (" 0 ", Decimal("0.00")), ("", None)])
def test_scores_typed_in_are_read_as_decimals(raw, expected):
    item = ScoringItem(name="安全培训", max_score=Decimal(40))
    assert parse_score(raw, item) == expected


@pytest.mark.parametrize("raw,message", [("41", "At most 40"), ("-1", "negative"), ("8.555", "two decimal"),
                                         ("abc", "number"), ("NaN", "number"), ("1e400", "")])
def test_bad_scores_are_refused_with_a_message(raw, message):
    item = ScoringItem(name="安全培训", max_score=Decimal(40))
    with pytest.raises(CompetitionError) as error:
        parse_score(raw, item)
    assert message in error.value.message


def test_the_database_refuses_a_score_above_its_items_maximum(scoring, items, judges):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(entry=scoring.a, item=items[0], judge=judges[0], value=Decimal("40.01"))


def test_the_database_refuses_a_score_with_a_maximum_other_than_its_items(scoring, items, judges):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(entry=scoring.a, item=items[0], judge=judges[0], value=Decimal(50), max_score=Decimal(99))
        # the composite foreign key is checked at the end of the transaction
        from django.db import connection

        connection.check_constraints()


def test_lowering_a_maximum_below_a_given_score_is_refused_by_the_database(scoring, items, judges):
    score_save(scoring.a, items[0], judges[0], "38")
    ScoringItem.objects.filter(pk=items[0].pk).update(max_score=Decimal(39))  # follows: 38 ≤ 39
    assert Score.objects.get().max_score == Decimal(39)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringItem.objects.filter(pk=items[0].pk).update(max_score=Decimal(30))


# --- who scores ---------------------------------------------------------------------------
def test_only_assigned_judges_score_and_only_while_scoring(scoring, items, judges, county, federation_admin):
    stranger = user_with(Role.JUDGE, county.federation)
    with pytest.raises(CompetitionError, match="not a judge"):
        score_save(scoring.a, items[0], stranger, "30")
    score_save(scoring.a, items[0], judges[0], "30")
    assert score_save(scoring.a, items[0], judges[0], "") is None  # an emptied cell removes the score
    assert not Score.objects.exists()
    Competition.objects.filter(pk=scoring.competition.pk).update(state=Competition.State.LOCKED,
                                                                 locked_at="2026-06-01T00:00Z")
    with pytest.raises(CompetitionError, match="cannot be changed"):
        score_save(scoring.a, items[0], judges[0], "30")


def test_a_judge_assigned_to_one_entry_scores_only_that_one(scoring, items, county, federation_admin):
    expert = user_with(Role.JUDGE, county.federation)
    services.judge_assign(scoring.competition, expert, by=federation_admin, entry=scoring.b)
    score_save(scoring.b, items[0], expert, "30")
    with pytest.raises(CompetitionError):
        score_save(scoring.a, items[0], expert, "30")
    assert set(Entry.objects.visible_to(expert, "score")) == {scoring.b}
    assert results_progress(scoring.competition).expected == 2 * 2 * 3 + 2


def test_a_judge_needs_the_role_at_the_organiser_or_above(cup, county, federation_admin):
    local = user_with(Role.JUDGE, county.a)
    with pytest.raises(CompetitionError, match="judge role"):
        services.judge_assign(cup, local, by=federation_admin)


def test_a_judge_with_scores_cannot_be_unassigned(scoring, items, judges, federation_admin):
    score_save(scoring.a, items[0], judges[0], "30")
    assignment = JudgeAssignment.objects.get(competition=scoring.competition, judge=judges[0])
    with pytest.raises(CompetitionError, match="recusal"):
        services.judge_unassign(assignment, by=federation_admin)


def test_recusal_removes_the_judges_scores_and_their_place_in_the_result(scoring, items, judges, federation_admin):
    score_save(scoring.a, items[0], judges[2], "10")
    recusal_declare(scoring.a, judges[2], by=judges[2], reason="该班组长是本人配偶")
    assert not Score.objects.filter(entry=scoring.a, judge=judges[2]).exists()
    with pytest.raises(CompetitionError, match="recused"):
        score_save(scoring.a, items[0], judges[2], "10")
    with pytest.raises(CompetitionError, match="already"):
        recusal_declare(scoring.a, judges[2], by=judges[2], reason="again")
    with pytest.raises(CompetitionError, match="why"):
        recusal_declare(scoring.b, judges[2], by=judges[2], reason=" ")
    # two judges left on entry A: the lock needs only theirs
    from .conftest import score_all

    score_all(scoring.competition, judges[:2], {scoring.a: [(30, 50), (32, 54)], scoring.b: [(30, 40), (31, 41)]})
    score_all(scoring.competition, judges[2:], {scoring.b: [(32, 42)]})
    services.competition_transition(scoring.competition, "lock", by=federation_admin)
    scoring.a.refresh_from_db()
    assert scoring.a.total == Decimal("83.00")  # (30+32)/2 + (50+54)/2
    recusal = Recusal.objects.get()
    with pytest.raises(CompetitionError, match="locked"):
        recusal_lift(recusal, by=federation_admin)


# --- nobody reads another judge's scores ------------------------------------------------------
def test_a_judge_sees_only_their_own_scores_in_the_queryset(scored, judges, federation_admin):
    mine = Score.objects.visible_to(judges[1])
    assert mine.count() == 4 and set(mine.values_list("judge", flat=True)) == {judges[1].pk}
    assert Score.objects.visible_to(judges[1], "change").count() == 4
    assert Score.objects.visible_to(federation_admin).count() == 12
    assert Score.objects.visible_to(federation_admin, "change").count() == 0  # the organiser never edits scores


def test_a_judge_cannot_read_another_judges_scores_by_url(client, scored, judges):
    client.force_login(judges[1])
    competition, entry = scored.competition, scored.a
    grid = client.get(reverse("competitions:score_grid", args=[competition.pk])).content.decode()
    assert 'value="36.00"' in grid and 'value="35.00"' not in grid and 'value="30.00"' not in grid
    item = competition.items.first()
    cell = client.get(reverse("competitions:score_cell", args=[entry.pk]), {"item": item.pk}).content.decode()
    assert 'value="36.00"' in cell
    assert client.get(reverse("competitions:entry_scores", args=[entry.pk])).status_code == 403
    assert client.get(reverse("competitions:competition_export", args=[competition.pk])).status_code == 403
    results = client.get(reverse("competitions:competition_results", args=[competition.pk])).content.decode()
    assert "86.00" not in results and "35.00" not in results and "not public" in results


def test_a_judge_cannot_write_another_judges_score_by_url(client, scored, judges):
    client.force_login(judges[1])
    entry, item = scored.a, scored.competition.items.first()
    name = f"score-{entry.pk}-{item.pk}"
    response = client.post(reverse("competitions:score_cell", args=[entry.pk]), {name: "1", "judge": judges[0].pk},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Score.objects.get(entry=entry, item=item, judge=judges[0]).value == Decimal(35)  # untouched
    assert Score.objects.get(entry=entry, item=item, judge=judges[1]).value == Decimal(1)  # only their own


def test_a_judge_not_assigned_to_an_entry_gets_404(client, scoring, county, federation_admin):
    expert = user_with(Role.JUDGE, county.federation)
    services.judge_assign(scoring.competition, expert, by=federation_admin, entry=scoring.b)
    client.force_login(expert)
    item = scoring.competition.items.first()
    response = client.post(reverse("competitions:score_cell", args=[scoring.a.pk]),
                           {f"score-{scoring.a.pk}-{item.pk}": "3"})
    assert response.status_code == 404
    assert client.get(reverse("competitions:entry_detail", args=[scoring.a.pk])).status_code == 404


def test_after_publication_judges_scores_stay_private_unless_the_organiser_publishes_them(client, published, judges,
                                                                                         officer_a):
    competition = published.competition
    url = reverse("competitions:competition_results", args=[competition.pk])
    for user in (judges[1], officer_a):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "86.00" in page and "72.00" in page
        assert "35.00" not in page and "Judge 1" not in page
    Competition.objects.filter(pk=competition.pk).update(publish_judge_scores=True)
    client.force_login(officer_a)
    page = client.get(url).content.decode()
    assert "35.00" in page and "Judge 1" in page and "评委1" not in page  # numbered, never named


def test_revoking_the_judge_role_ends_access_at_once(client, scoring, judges):
    RoleAssignment.objects.filter(user=judges[0], role=Role.JUDGE).delete()
    judges[0] = type(judges[0]).objects.get(pk=judges[0].pk)
    client.force_login(judges[0])
    assert client.get(reverse("competitions:score_grid", args=[scoring.competition.pk])).status_code == 404
    assert not Competition.objects.visible_to(judges[0]).exists()


def test_the_grid_saves_a_cell_and_answers_with_the_cell_total_and_progress(client, scoring, judges):
    client.force_login(judges[0])
    entry, (first, second) = scoring.a, list(scoring.competition.items.all())
    url = reverse("competitions:score_cell", args=[entry.pk])
    response = client.post(url, {f"score-{entry.pk}-{first.pk}": "41"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "is-invalid" in html and "At most 40" in html and 'value="41"' in html
    assert not Score.objects.exists()
    client.post(url, {f"score-{entry.pk}-{first.pk}": "35.5"}, HTTP_HX_REQUEST="true")
    html = client.post(url, {f"score-{entry.pk}-{second.pk}": "50"}, HTTP_HX_REQUEST="true").content.decode()
    assert "is-valid" in html and 'id="total-%d" hx-swap-oob="true">85.50' % entry.pk in html
    assert "2 of 4" in html


def test_the_whole_grid_can_be_posted_without_javascript(client, scoring, judges):
    client.force_login(judges[0])
    entry, (first, second) = scoring.a, list(scoring.competition.items.all())
    url = reverse("competitions:score_grid", args=[scoring.competition.pk])
    response = client.post(url, {f"score-{entry.pk}-{first.pk}": "30", f"score-{entry.pk}-{second.pk}": "99",
                                 f"score-{scoring.b.pk}-{first.pk}": "20"})
    assert response.status_code == 200 and "At most 60" in response.content.decode()
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal(30), Decimal(20)}
