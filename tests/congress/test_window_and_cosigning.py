"""The collection window is enforced by the server; co-signing rules."""
import datetime

import pytest
from django.utils import timezone

from congress.models import CoSignature, Proposal
from congress.notifications import Verb
from congress.services.proposals import (
    ProposalError,
    proposal_accept,
    proposal_cosign,
    proposal_create,
    proposal_submit,
)
from unionadmin.models import Notification

from .factories import ProposalFactory

DATA = {"subject": "关于增设职工休息室的提案", "reasons": "夜班职工无处休息。", "measures": "在二号楼增设休息室。",
        "category": "living"}


def _set_window(session, opens_in_days, closes_in_days):
    now = timezone.now()
    session.collection_opens_at = now + datetime.timedelta(days=opens_in_days)
    session.collection_closes_at = now + datetime.timedelta(days=closes_in_days)
    session.save()


def test_a_delegate_submits_inside_the_window(congress):
    proposal = proposal_create(session=congress.session, user=congress.d1.user, data=DATA)
    proposal_submit(proposal, user=congress.d1.user)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED and proposal.submitted_at


def test_submitting_before_the_window_opens_is_refused(congress):
    _set_window(congress.session, 1, 5)
    proposal = proposal_create(session=congress.session, user=congress.d1.user, data=DATA)  # drafting is fine
    with pytest.raises(ProposalError, match="opens at"):
        proposal_submit(proposal, user=congress.d1.user)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.DRAFT


def test_submitting_after_the_window_closed_is_refused(congress):
    proposal = proposal_create(session=congress.session, user=congress.d1.user, data=DATA)
    _set_window(congress.session, -5, -1)
    with pytest.raises(ProposalError, match="closed at"):
        proposal_submit(proposal, user=congress.d1.user)
    with pytest.raises(ProposalError, match="closed"):
        proposal_create(session=congress.session, user=congress.d2.user, data=DATA)


def test_the_window_is_checked_against_the_time_of_the_request(congress):
    """A boundary check: at closing time exactly the window is closed."""
    proposal = proposal_create(session=congress.session, user=congress.d1.user, data=DATA)
    closes = congress.session.collection_closes_at
    with pytest.raises(ProposalError):
        proposal_submit(proposal, user=congress.d1.user, now=closes)
    proposal_submit(proposal, user=congress.d1.user, now=closes - datetime.timedelta(seconds=1))


def test_co_signing_outside_the_window_is_refused(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    _set_window(congress.session, -5, -1)
    with pytest.raises(ProposalError, match="closed at"):
        proposal_cosign(proposal, user=congress.d2.user)
    _set_window(congress.session, 1, 5)
    with pytest.raises(ProposalError, match="opens at"):
        proposal_cosign(proposal, user=congress.d2.user)
    assert not CoSignature.objects.exists()


def test_submit_after_close_through_the_page_shows_the_reason_and_changes_nothing(client, congress, english):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state=Proposal.State.DRAFT,
                               submitted_at=None)
    _set_window(congress.session, -5, -1)
    english.force_login(congress.d1.user)
    response = english.post(f"/congress/proposals/{proposal.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "The collection window closed at" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.DRAFT


def test_a_delegate_cannot_co_sign_their_own_proposal(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    with pytest.raises(ProposalError, match="your own"):
        proposal_cosign(proposal, user=congress.d1.user)


def test_a_delegate_cannot_co_sign_another_sessions_proposal(congress):
    proposal = ProposalFactory(session=congress.other_session, proposer=congress.other_delegate)
    with pytest.raises(ProposalError, match="Only the delegates"):
        proposal_cosign(proposal, user=congress.d1.user)


def test_another_sessions_proposal_is_not_even_found_by_its_link(client, congress):
    proposal = ProposalFactory(session=congress.other_session, proposer=congress.other_delegate)
    client.force_login(congress.d1.user)
    assert client.get(f"/congress/proposals/{proposal.pk}/").status_code == 404
    assert client.post(f"/congress/proposals/{proposal.pk}/cosign/").status_code == 404
    assert not CoSignature.objects.exists()


def test_a_delegate_of_an_earlier_term_of_the_same_union_cannot_co_sign(congress):
    from .factories import DelegateFactory, SessionFactory, TermFactory

    old_term = TermFactory(congress=congress.congress, number=2)
    old_delegate = DelegateFactory(term=old_term)
    SessionFactory(term=old_term)
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    with pytest.raises(ProposalError, match="Only the delegates"):
        proposal_cosign(proposal, user=old_delegate.user)


def test_co_signing_twice_is_refused_and_counted_once(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    proposal_cosign(proposal, user=congress.d2.user)
    with pytest.raises(ProposalError, match="already"):
        proposal_cosign(proposal, user=congress.d2.user)
    assert proposal.cosignatures.count() == 1


def test_only_a_submitted_proposal_can_be_co_signed(congress):
    draft = ProposalFactory(session=congress.session, proposer=congress.d1, state=Proposal.State.DRAFT)
    with pytest.raises(ProposalError):
        proposal_cosign(draft, user=congress.d2.user)


def test_the_committee_needs_the_sessions_minimum_of_co_signers(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    proposal_cosign(proposal, user=congress.d2.user)
    with pytest.raises(ProposalError, match="1 co-signatures; the session requires 2"):
        proposal_accept(proposal, user=congress.officer)
    proposal_cosign(proposal, user=congress.d3.user)
    assert proposal_accept(proposal, user=congress.officer).number == 1


def test_the_committee_is_told_once_when_the_minimum_is_reached(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    for delegate in (congress.d2, congress.d3, congress.d4):
        proposal_cosign(proposal, user=delegate.user)
    notices = Notification.objects.filter(verb=Verb.READY_FOR_REVIEW)
    assert list(notices.values_list("recipient", flat=True)) == [congress.officer.pk]
