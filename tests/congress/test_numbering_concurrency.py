"""Formal proposals get gapless, unique numbers per session, also when several committee
members accept at the same moment (real PostgreSQL, one connection per thread)."""
import threading

import pytest
from django.db import connection, connections

from congress.models import CoSignature, Proposal
from congress.services.proposals import ProposalError, proposal_accept

from .factories import DelegateFactory, ProposalFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def widen_the_race(monkeypatch):
    """Pause between taking the number and saving it, so that without the session lock two
    transactions would certainly read the same maximum (the test fails then; try it)."""
    import time

    from congress.services import proposals

    original = proposals._decided

    def slow(*args, **kwargs):
        time.sleep(0.05)
        return original(*args, **kwargs)

    monkeypatch.setattr(proposals, "_decided", slow)


def _ready_proposals(session, count):
    """Submitted proposals, each with the session's minimum of co-signers."""
    helpers = [DelegateFactory(term=session.term) for _ in range(session.min_cosigners)]
    proposals = []
    for _ in range(count):
        proposal = ProposalFactory(session=session)
        for helper in helpers:
            CoSignature.objects.create(proposal=proposal, delegate=helper)
        proposals.append(proposal)
    return proposals


def _run_at_once(work, items):
    """Each item in its own thread (own database connection), all released together."""
    barrier = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        try:
            barrier.wait(timeout=30)
            results.append(work(item))
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_many_acceptances_at_once_give_numbers_one_to_n(officer_a, county):
    session = SessionFactory(term__congress__union=county.a, min_cosigners=2)
    proposals = _ready_proposals(session, 12)
    results, errors = _run_at_once(lambda p: proposal_accept(p, user=officer_a).number, proposals)
    assert not errors, errors
    assert sorted(results) == list(range(1, 13))
    numbers = list(Proposal.objects.filter(session=session).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, 13))


def test_numbers_continue_gaplessly_across_rounds_and_stay_per_session(officer_a, county):
    first = SessionFactory(term__congress__union=county.a, min_cosigners=1)
    second = SessionFactory(term=first.term, min_cosigners=1)
    batch_one = _ready_proposals(first, 4)
    batch_two = _ready_proposals(first, 4) + _ready_proposals(second, 4)
    _run_at_once(lambda p: proposal_accept(p, user=officer_a), batch_one)
    results, errors = _run_at_once(lambda p: (p.session_id, proposal_accept(p, user=officer_a).number), batch_two)
    assert not errors, errors
    assert sorted(n for s, n in results if s == first.pk) == [5, 6, 7, 8]
    assert sorted(n for s, n in results if s == second.pk) == [1, 2, 3, 4]


def test_the_same_proposal_accepted_twice_at_once_is_numbered_once(officer_a, county):
    session = SessionFactory(term__congress__union=county.a, min_cosigners=0)
    proposal = _ready_proposals(session, 1)[0]
    results, errors = _run_at_once(lambda p: proposal_accept(p, user=officer_a).number, [proposal] * 4)
    assert results == [1]
    assert len(errors) == 3 and all(isinstance(e, ProposalError) for e in errors)
    assert Proposal.objects.get(pk=proposal.pk).number == 1


def test_the_database_refuses_a_duplicate_number(county):
    from django.db import IntegrityError, transaction

    session = SessionFactory(term__congress__union=county.a)
    a, b = _ready_proposals(session, 2)
    Proposal.objects.filter(pk=a.pk).update(state="accepted", number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=b.pk).update(state="accepted", number=1)
    assert connection.vendor == "postgresql"
