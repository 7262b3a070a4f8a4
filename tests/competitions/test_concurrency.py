"""A score cannot slip in after the organiser locks the scores, on real PostgreSQL.

Each score save locks the competition row (select_for_update) before it reads the state. Here
the lock transition holds that row (in the main thread, inside its transaction) while a
judge's save starts in another thread on its own connection: the save waits, and once the
lock commits it reads "locked" and is refused, so the frozen results never miss a score."""
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import translation

from competitions.models import Competition, Score
from competitions.services import CompetitionError
from competitions.services.judging import score_save

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_score_waits_for_the_lock_and_is_then_refused(scoring, judges):
    competition, entry = scoring.competition, scoring.a
    item = competition.items.first()
    outcome = {}
    started = threading.Event()

    def judge_saves():
        translation.activate("en")
        try:
            started.set()
            score_save(entry, item, judges[0], "30")
            outcome["result"] = "saved"
        except CompetitionError as error:
            outcome["result"] = error.message
        finally:
            outcome["finished_at"] = time.monotonic()
            connection.close()

    with transaction.atomic():
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        thread = threading.Thread(target=judge_saves)
        thread.start()
        started.wait(5)
        time.sleep(0.5)  # the save is now waiting for the row
        assert "finished_at" not in outcome
        Competition.objects.filter(pk=locked.pk).update(state=Competition.State.LOCKED,
                                                        locked_at="2026-06-01T00:00Z")
        committed_at = time.monotonic()
    thread.join(10)
    assert outcome["finished_at"] >= committed_at
    assert "cannot be changed" in outcome["result"]
    assert not Score.objects.exists()


def test_concurrent_saves_of_the_same_cell_leave_one_score(scoring, judges):
    entry, item = scoring.a, scoring.competition.items.first()
    barrier = threading.Barrier(4)
    errors = []

    def save(value):
        try:
            barrier.wait(5)
            score_save(entry, item, judges[0], value)
        except Exception as error:  # pragma: no cover - shows up in the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(str(v),)) for v in (10, 20, 30, 40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    (score,) = Score.objects.filter(entry=entry, item=item, judge=judges[0])
    assert score.value in {Decimal(10), Decimal(20), Decimal(30), Decimal(40)}
