"""A proposal from the delegate's draft to "satisfied", through the pages, with the
notifications each step sends; the committee's other decisions; illegal steps refused."""
import datetime

import pytest
from django.utils import timezone

from congress.models import Proposal, ProposalAttachment
from congress.notifications import Verb
from congress.services.proposals import (
    ProposalError,
    proposal_accept,
    proposal_assign,
    proposal_cosign,
    proposal_decline,
    proposal_merge,
    proposal_rate,
    proposal_reply,
    proposers,
)
from unionadmin.models import Notification

from .factories import ProposalFactory

FORM = {"subject": "关于食堂增加夜班餐的提案", "category": "living", "reasons": "夜班职工凌晨无处就餐。",
        "measures": "食堂增开夜班窗口。"}


def notified(user, verb):
    return Notification.objects.filter(recipient=user, verb=verb).count()


def test_the_whole_way_through_the_pages(client, congress, english):
    d1, d2, d3 = congress.d1, congress.d2, congress.d3
    session = congress.session

    english.force_login(d1.user)
    response = english.post(f"/congress/sessions/{session.pk}/proposals/new/", {**FORM, "draft": "1"})
    proposal = Proposal.objects.get(subject=FORM["subject"])
    assert response.status_code == 302 and proposal.state == Proposal.State.DRAFT
    english.post(f"/congress/proposals/{proposal.pk}/submit/")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED

    for delegate in (d2, d3):
        english.force_login(delegate.user)
        assert "Co-sign this proposal" in english.get(f"/congress/proposals/{proposal.pk}/").content.decode()
        english.post(f"/congress/proposals/{proposal.pk}/cosign/")
    assert proposal.cosignatures.count() == 2
    assert notified(congress.officer, Verb.READY_FOR_REVIEW) == 1

    english.force_login(congress.officer)
    english.post(f"/congress/sessions/{session.pk}/review/", {"proposal": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED and proposal.number == 1
    assert notified(d1.user, Verb.DECIDED) == 1
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    english.post(f"/congress/proposals/{proposal.pk}/assign/",
                 {"lead": congress.hr.pk, "co_departments": [congress.safety.pk], "deadline": deadline.isoformat()})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED and proposal.deadline == deadline
    assert notified(congress.hr_user, Verb.ASSIGNED) == 1
    assert notified(congress.safety_user, Verb.ASSIGNED) == 1

    english.force_login(congress.safety_user)  # a co-handling department adds its part
    english.post(f"/congress/proposals/{proposal.pk}/reply/", {"department": congress.safety.pk, "text": "配合做好安全。"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED

    english.force_login(congress.hr_user)
    english.post(f"/congress/proposals/{proposal.pk}/reply/", {"department": congress.hr.pk, "text": "下月研究。"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REPLIED
    assert notified(d1.user, Verb.REPLIED) == 1

    english.force_login(d1.user)
    english.post(f"/congress/proposals/{proposal.pk}/rate/", {"rating": "unsatisfied", "comment": "没有具体时间。"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED and proposal.round == 2
    assert notified(congress.hr_user, Verb.RETURNED) == 1

    english.force_login(congress.hr_user)
    page = english.get(f"/congress/proposals/{proposal.pk}/reply/").content.decode()
    assert "没有具体时间。" in page  # the department sees why the proposer was not satisfied
    english.post(f"/congress/proposals/{proposal.pk}/reply/", {"department": congress.hr.pk,
                                                               "text": "下月1日起开设夜班窗口。"})
    english.force_login(d1.user)
    english.post(f"/congress/proposals/{proposal.pk}/rate/", {"rating": "satisfied"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.CLOSED and proposal.rating == "satisfied"
    page = english.get(f"/congress/proposals/{proposal.pk}/").content.decode()
    assert "Reply, round 1" in page and "Reply, round 2" in page and "下月1日起开设夜班窗口。" in page


def test_saving_and_submitting_at_once_with_an_attachment(client, congress, english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    english.force_login(congress.d1.user)
    from tests.uploads import png

    upload = SimpleUploadedFile("照片.png", png(), content_type="image/png")
    english.post(f"/congress/sessions/{congress.session.pk}/proposals/new/", {**FORM, "submit": "1",
                                                                               "attachment": upload})
    proposal = Proposal.objects.get(subject=FORM["subject"])
    assert proposal.state == Proposal.State.SUBMITTED
    attachment = ProposalAttachment.objects.get(proposal=proposal)
    english.force_login(congress.d2.user)  # another delegate of the session may read it
    response = english.get(f"/congress/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png()


def test_a_rejection_needs_a_reason_the_proposer_sees(client, congress, english):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    with pytest.raises(ProposalError):
        proposal_decline(proposal, user=congress.officer, outcome="rejected", reason=" ")
    english.force_login(congress.officer)
    response = english.post(f"/congress/proposals/{proposal.pk}/decide/", {"outcome": "rejected", "reason": ""})
    assert "Give the reason" in response.content.decode()
    english.post(f"/congress/proposals/{proposal.pk}/decide/", {"outcome": "rejected", "reason": "属于个人诉求。"})
    english.force_login(congress.d1.user)
    page = english.get(f"/congress/proposals/{proposal.pk}/").content.decode()
    assert "Not accepted" in page and "属于个人诉求。" in page


def test_turning_into_an_opinion_needs_no_minimum_of_co_signers(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1)
    assert proposal_decline(proposal, user=congress.officer, outcome="opinion", reason="").state == "opinion"


def test_merging_keeps_the_proposers_of_both(congress):
    keep = ProposalFactory(session=congress.session, proposer=congress.d1)
    earlier = ProposalFactory(session=congress.session, proposer=congress.d3)
    merged = ProposalFactory(session=congress.session, proposer=congress.d2)
    proposal_merge(earlier, into=merged, user=congress.officer)
    proposal_merge(merged, into=keep, user=congress.officer)
    keep.refresh_from_db()
    assert [d.pk for d in proposers(keep)] == [congress.d1.pk, congress.d3.pk, congress.d2.pk]
    assert Proposal.objects.get(pk=earlier.pk).merged_into_id == keep.pk
    for delegate in (congress.d2, congress.d3):
        assert notified(delegate.user, Verb.DECIDED) >= 1


def test_merging_across_sessions_or_into_itself_is_refused(congress):
    here = ProposalFactory(session=congress.session, proposer=congress.d1)
    there = ProposalFactory(session=congress.other_session, proposer=congress.other_delegate)
    with pytest.raises(ProposalError):
        proposal_merge(here, into=there, user=congress.officer)
    with pytest.raises(ProposalError):
        proposal_merge(here, into=here, user=congress.officer)


def test_the_replying_proposers_of_a_merged_proposal_are_told_of_the_reply(congress):
    keep = ProposalFactory(session=congress.session, proposer=congress.d1)
    other = ProposalFactory(session=congress.session, proposer=congress.d2)
    for d in (congress.d3, congress.d4):
        proposal_cosign(keep, user=d.user)
    proposal_merge(other, into=keep, user=congress.officer)
    proposal_accept(keep, user=congress.officer)
    proposal_assign(keep, user=congress.officer, lead=congress.hr)
    proposal_reply(keep, user=congress.hr_user, department=congress.hr, text="已落实。")
    assert notified(congress.d2.user, Verb.REPLIED) == 1


@pytest.mark.parametrize("url,state,actor", [
    ("accept", "rejected", "officer"), ("submit", "submitted", "proposer"), ("withdraw", "accepted", "proposer"),
    ("cosign", "accepted", "other"), ("delete", "submitted", "proposer"), ("accept", "submitted", "officer"),
])
def test_illegal_steps_by_url_are_refused_with_a_message_not_an_error(client, congress, url, state, actor):
    """(The last: accepting without the minimum of co-signers.)"""
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state=state,
                               number=1 if state == "accepted" else None,
                               decision_reason="重复" if state == "rejected" else "")
    client.force_login({"officer": congress.officer, "proposer": congress.d1.user, "other": congress.d2.user}[actor])
    response = client.post(f"/congress/proposals/{proposal.pk}/{url}/", follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert Proposal.objects.get(pk=proposal.pk).state == state


def test_others_drafts_cannot_even_be_found(client, congress):
    draft = ProposalFactory(session=congress.session, proposer=congress.d1, state="draft", submitted_at=None)
    for user in (congress.d2.user, congress.officer):
        client.force_login(user)
        assert client.get(f"/congress/proposals/{draft.pk}/").status_code == 404
        assert client.post(f"/congress/proposals/{draft.pk}/submit/").status_code == 404


@pytest.mark.parametrize("url", ["rate", "reply", "assign", "decide", "merge", "edit"])
def test_step_pages_for_a_proposal_in_the_wrong_state_send_you_back(client, congress, url):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="closed", number=1,
                               lead_department=congress.hr, deadline=timezone.localdate())
    actor = {"rate": congress.d1.user, "reply": congress.hr_user, "edit": congress.d1.user}.get(url, congress.officer)
    client.force_login(actor)
    response = client.get(f"/congress/proposals/{proposal.pk}/{url}/")
    assert response.status_code == 302 and response["Location"] == f"/congress/proposals/{proposal.pk}/"


def test_only_the_proposer_rates_and_a_not_satisfied_rating_needs_a_comment(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="replied", number=1,
                               lead_department=congress.hr, deadline=timezone.localdate())
    with pytest.raises(ProposalError, match="proposer"):
        proposal_rate(proposal, user=congress.d2.user, rating="satisfied")
    with pytest.raises(ProposalError, match="missing"):
        proposal_rate(proposal, user=congress.d1.user, rating="unsatisfied", comment="")


def test_a_department_not_handling_the_proposal_cannot_reply(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="accepted", number=1)
    proposal_assign(proposal, user=congress.officer, lead=congress.hr)
    with pytest.raises(ProposalError, match="Only the departments"):
        proposal_reply(proposal, user=congress.safety_user, department=congress.safety, text="越权答复")


def test_a_department_answers_once_per_round(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="accepted", number=1)
    proposal_assign(proposal, user=congress.officer, lead=congress.hr, co_departments=[congress.safety])
    proposal_reply(proposal, user=congress.safety_user, department=congress.safety, text="一")
    with pytest.raises(ProposalError, match="already answered"):
        proposal_reply(proposal, user=congress.safety_user, department=congress.safety, text="二")


def test_the_assignment_deadline_cannot_be_in_the_past(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="accepted", number=1)
    with pytest.raises(ProposalError, match="past"):
        proposal_assign(proposal, user=congress.officer, lead=congress.hr,
                        deadline=timezone.localdate() - datetime.timedelta(days=1))


def test_the_proposer_deletes_a_draft_and_withdraws_a_submitted_proposal(client, congress):
    draft = ProposalFactory(session=congress.session, proposer=congress.d1, state="draft", submitted_at=None)
    submitted = ProposalFactory(session=congress.session, proposer=congress.d1)
    client.force_login(congress.d1.user)
    response = client.post(f"/congress/proposals/{draft.pk}/delete/")
    assert response["Location"] == "/congress/mine/" and not Proposal.objects.filter(pk=draft.pk).exists()
    client.post(f"/congress/proposals/{submitted.pk}/withdraw/")
    assert Proposal.objects.get(pk=submitted.pk).state == "withdrawn"
    client.force_login(congress.d2.user)  # a withdrawn proposal is the proposer's own again
    assert client.get(f"/congress/proposals/{submitted.pk}/").status_code == 404
