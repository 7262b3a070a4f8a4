"""The competition's workflow: draft → open → scoring → locked → public notice → published,
each step by a service, illegal steps refused (also when posted straight to the URL)."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from competitions.models import Competition, CompetitionTransition, Entry, EntryItemResult
from competitions.services import CompetitionError
from competitions.services import competitions as services

from .conftest import enter

State = Competition.State


def test_the_whole_way_to_published_results(published, federation_admin):
    competition = published.competition
    assert competition.state == State.PUBLISHED and competition.published_at and competition.locked_at
    a, b = published.a, published.b
    assert (a.total, a.rank, b.total, b.rank) == (Decimal("86.00"), 1, Decimal("72.00"), 2)
    assert a.award.name == "First prize" or a.award.position == 0
    assert b.award.position == 1  # second prize covers ranks 2–3
    items = dict(EntryItemResult.objects.filter(entry=a).values_list("item__name", "result"))
    assert items == {"安全培训": Decimal("33.67"), "隐患排查": Decimal("52.33")}
    steps = list(CompetitionTransition.objects.filter(competition=competition).values_list("action", flat=True))
    assert steps == ["open", "start_scoring", "lock", "start_notice", "publish"]


def test_a_step_the_state_does_not_allow_is_refused(cup, federation_admin):
    with pytest.raises(CompetitionError, match="not possible now"):
        services.competition_transition(cup, "publish", by=federation_admin)
    with pytest.raises(CompetitionError):
        services.competition_transition(cup, "no_such_step", by=federation_admin)
    cup.refresh_from_db()
    assert cup.state == State.OPEN


def test_an_illegal_step_posted_to_the_url_is_a_message_not_an_error(client, cup, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("competitions:competition_transition", args=[cup.pk]), {"action": "publish"},
                           follow=True)
    assert response.status_code == 200
    assert "not possible now" in response.content.decode() or "不" in response.content.decode()
    cup.refresh_from_db()
    assert cup.state == State.OPEN
    response = client.post(reverse("competitions:competition_transition", args=[cup.pk]), {"action": "nonsense"})
    assert response.status_code == 302


def test_a_judge_or_a_unit_cannot_move_the_competition(client, cup, judges, officer_a):
    for user in (judges[0], officer_a):
        client.force_login(user)
        response = client.post(reverse("competitions:competition_transition", args=[cup.pk]),
                               {"action": "start_scoring"})
        assert response.status_code == 403
    cup.refresh_from_db()
    assert cup.state == State.OPEN


def test_opening_needs_an_item(county, federation_admin):
    competition = services.competition_create(by=federation_admin, organiser=county.federation, title="空", year=2026)
    with pytest.raises(CompetitionError, match="scoring item"):
        services.competition_transition(competition, "open", by=federation_admin)
    assert competition.tiers.count() == 3  # 一/二/三等奖 by default


def test_scoring_needs_entries_and_judges(cup, federation_admin, branch_a):
    with pytest.raises(CompetitionError, match="entered"):
        services.competition_transition(cup, "start_scoring", by=federation_admin)
    enter(cup, branch_a, "数控班组", federation_admin)
    cup.judge_assignments.all().delete()
    with pytest.raises(CompetitionError, match="judge"):
        services.competition_transition(cup, "start_scoring", by=federation_admin)


def test_back_to_draft_only_without_entries(cup, federation_admin, branch_a):
    enter(cup, branch_a, "数控班组", federation_admin)
    with pytest.raises(CompetitionError, match="draft"):
        services.competition_transition(cup, "back_to_draft", by=federation_admin)


def test_locking_needs_every_score(scoring, judges, federation_admin):
    from competitions.services.judging import score_save

    item = scoring.competition.items.first()
    score_save(scoring.a, item, judges[0], "30")
    with pytest.raises(CompetitionError) as error:
        services.competition_transition(scoring.competition, "lock", by=federation_admin)
    assert "11" in error.value.message  # 12 expected (2 entries × 2 items × 3 judges), 1 given
    scoring.competition.refresh_from_db()
    assert scoring.competition.state == State.SCORING


def test_unlocking_clears_the_frozen_results_and_needs_a_reason(scored, federation_admin):
    competition = scored.competition
    services.competition_transition(competition, "lock", by=federation_admin)
    assert EntryItemResult.objects.filter(entry__competition=competition).count() == 4
    with pytest.raises(CompetitionError, match="why"):
        services.competition_transition(competition, "unlock", by=federation_admin)
    services.competition_transition(competition, "unlock", by=federation_admin, reason="评委3录入有误")
    assert not EntryItemResult.objects.filter(entry__competition=competition).exists()
    assert not Entry.objects.filter(competition=competition, rank__isnull=False).exists()
    assert CompetitionTransition.objects.filter(competition=competition, action="unlock").get().reason == "评委3录入有误"


def test_the_notice_must_end_before_publication(scored, federation_admin):
    competition = scored.competition
    services.competition_transition(competition, "lock", by=federation_admin)
    today = datetime.date(2026, 6, 1)
    with pytest.raises(CompetitionError, match="before today"):
        services.competition_transition(competition, "start_notice", by=federation_admin,
                                        notice_ends_on=datetime.date(2026, 5, 31), today=today)
    services.competition_transition(competition, "start_notice", by=federation_admin,
                                    notice_ends_on=datetime.date(2026, 6, 7), today=today)
    with pytest.raises(CompetitionError, match="day after"):
        services.competition_transition(competition, "publish", by=federation_admin, today=datetime.date(2026, 6, 7))
    services.competition_transition(competition, "reopen_scoring", by=federation_admin, reason="异议成立")
    competition.refresh_from_db()
    assert competition.state == State.SCORING and competition.notice_ends_on is None


def test_the_scheme_cannot_change_once_scoring_started(client, scoring, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("competitions:competition_scheme", args=[scoring.competition.pk]))
    assert response.status_code == 302
    with pytest.raises(CompetitionError):
        services.ensure_scheme_editable(scoring.competition)


def test_the_scheme_page_saves_items_tie_breaks_and_awards(client, county, federation_admin):
    competition = services.competition_create(by=federation_admin, organiser=county.federation, title="技术比武",
                                              year=2026)
    client.force_login(federation_admin)
    url = reverse("competitions:competition_scheme", args=[competition.pk])
    assert client.get(url).status_code == 200
    data = {
        "settings-method": "trimmed", "settings-trim_min_judges": "5",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-0-name": "理论考试", "items-0-max_score": "30", "items-0-weight": "1",
        "items-1-name": "实际操作", "items-1-max_score": "70", "items-1-weight": "1",
        "tiebreaks-TOTAL_FORMS": "1", "tiebreaks-INITIAL_FORMS": "0", "tiebreaks-0-criterion": "lowest",
        "tiers-TOTAL_FORMS": "4", "tiers-INITIAL_FORMS": "3",
    }
    for n, tier in enumerate(competition.tiers.all()):
        data.update({f"tiers-{n}-id": tier.pk, f"tiers-{n}-name": tier.name, f"tiers-{n}-count": tier.count})
    data.update({"tiers-3-name": "优秀奖", "tiers-3-min_total": "60"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    competition.refresh_from_db()
    assert competition.method == "trimmed"
    assert list(competition.items.values_list("name", "position")) == [("理论考试", 0), ("实际操作", 1)]
    assert list(competition.tie_breaks.values_list("criterion", flat=True)) == ["lowest"]
    assert competition.tiers.get(name="优秀奖").count is None
    # an award without a limit and without a minimum is refused by the form
    data.update({"tiers-TOTAL_FORMS": "4", "tiers-INITIAL_FORMS": "4",
                 "tiers-3-id": competition.tiers.get(name="优秀奖").pk,
                 "tiers-3-min_total": "", "items-INITIAL_FORMS": "0", "items-TOTAL_FORMS": "0",
                 "tiebreaks-TOTAL_FORMS": "0", "tiebreaks-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200 and "minimum" in response.content.decode().lower() or \
        "最低" in response.content.decode()
