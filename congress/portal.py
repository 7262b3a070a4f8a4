"""What the congress offers the member portal (issue 19): the "answer a survey" action, the
"workers' congress" part of my record, and the congress's rows of "my data".

Everything here starts from the member (and the login on their membership), never from an id
the request names: a delegate's proposals are those whose proposer or co-signer is a
``Delegate`` seat held by the member's own login.
"""
from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.portal import PersonalDataSource, PortalAction, RecordSection

from . import surveys
from .models import Proposal, Reply

REPLY_SUMMARY_WORDS = 60  # characters of the reply shown in the record


def delegate_proposals(member) -> list[dict]:
    """The proposals the member's login submitted or co-signed as a delegate, newest first, with
    their state and the latest reply's summary. Drafts are the delegate's own and included."""
    user_id = member.user_id
    if user_id is None:
        return []
    replies = Reply.objects.order_by("-round", "-is_lead", "-replied_at")
    proposals = (Proposal.objects.filter(Q(proposer__user_id=user_id) | Q(cosignatures__delegate__user_id=user_id))
                 .exclude(~Q(proposer__user_id=user_id), state__in=Proposal.PRIVATE_STATES)
                 .distinct().select_related("session__term__congress__union", "proposer")
                 .prefetch_related(Prefetch("replies", queryset=replies)).order_by("-created_at", "-pk"))
    rows = []
    for proposal in proposals:
        reply = next(iter(proposal.replies.all()), None)
        rows.append({
            "proposal": proposal,
            "own": proposal.proposer.user_id == user_id,
            "union": proposal.session.term.congress.union,
            "reply": Truncator(reply.text).chars(REPLY_SUMMARY_WORDS) if reply else "",
            "replied_on": reply.replied_at if reply else None,
        })
    return rows


def record_context(request, member):
    proposals = delegate_proposals(member)
    answered = list(surveys.answered_by(member))
    if not proposals and not answered:
        return None
    return {"proposals": proposals, "answered": answered}


def personal_data(member) -> list[dict]:
    rows = []
    for row in delegate_proposals(member):
        proposal = row["proposal"]
        rows.append({
            _("Record"): _("Proposal submitted") if row["own"] else _("Proposal co-signed"),
            _("Union"): row["union"].name,
            _("Subject"): proposal.subject,
            _("State"): str(proposal.get_state_display()),
            _("Reply"): row["reply"],
            _("Date"): proposal.created_at.date(),
        })
    for participation in surveys.answered_by(member):
        rows.append({
            _("Record"): _("Survey answered"),
            _("Union"): participation.survey.union.name,
            _("Subject"): participation.survey.title,
            _("State"): "",
            _("Reply"): "",
            _("Date"): participation.answered_on,
        })
    for answer in surveys.named_answers_of(member):
        rows.append({
            _("Record"): _("Survey answer"),
            _("Union"): answer.response.survey.union.name,
            _("Subject"): f"{answer.response.survey.title} · {answer.question.position}. {answer.question.text}",
            _("State"): "",
            _("Reply"): str(answer.value),
            _("Date"): answer.response.submitted_at.date() if answer.response.submitted_at else None,
        })
    return rows


def register() -> None:
    from unionadmin.portal import add_personal_data_source, add_portal_action, add_record_section

    add_portal_action(PortalAction(
        key="congress_survey", label=gettext_lazy("Answer a survey"), url_name="congress_portal:survey_list",
        icon="clipboard-check", order=60,
        description=gettext_lazy("Your union asks what you think; it takes a few minutes."),
        available=surveys.has_survey_to_answer))
    add_record_section(RecordSection(
        key="congress", label=gettext_lazy("Workers' congress"), template="congress/portal/_record.html",
        context=record_context, order=60))
    add_personal_data_source(PersonalDataSource(
        key="congress", label=gettext_lazy("Workers' congress and surveys"), collect=personal_data, order=60))
