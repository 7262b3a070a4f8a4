"""The congress's PDFs, produced by the PDF pipeline (unionadmin.documents): the proposal
collection booklet (提案汇编) and the report on how proposals were carried out
(提案落实情况报告), both of a session. What they show depends only on the session."""
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionadmin.documents.kinds import DocumentKind, registry

from .models import Proposal, Session
from .services.proposals import proposers


def _proposals(session):
    return (
        Proposal.objects.filter(session=session).exclude(state__in=Proposal.PRIVATE_STATES)
        .select_related("proposer", "lead_department", "merged_into")
        .prefetch_related("cosignatures__delegate", "co_departments", "replies__department", "ratings",
                          "merged_from__proposer")
        .order_by("number", "submitted_at", "pk")
    )


def _rows(session):
    rows = []
    for proposal in _proposals(session):
        rows.append({"proposal": proposal, "proposers": proposers(proposal),
                     "cosigners": [c.delegate for c in proposal.cosignatures.all()]})
    return rows


def booklet_context(session: Session, options: dict) -> dict:
    rows = _rows(session)
    formal = [r for r in rows if r["proposal"].number]
    others = [r for r in rows if not r["proposal"].number and r["proposal"].state != Proposal.State.SUBMITTED]
    return {"session": session, "union": session.union, "formal": formal, "others": others,
            "today": timezone.localdate()}


def report_context(session: Session, options: dict) -> dict:
    rows = [r for r in _rows(session) if r["proposal"].number]
    for row in rows:
        replies = list(row["proposal"].replies.all())
        row["replies"] = sorted(replies, key=lambda r: (r.round, not r.is_lead, r.replied_at))
        row["ratings"] = sorted(row["proposal"].ratings.all(), key=lambda r: r.round)
    counts = Proposal.objects.filter(session=session, state__in=Proposal.NUMBERED_STATES).aggregate(
        formal=Count("pk"),
        handled=Count("pk", filter=Q(state__in=[Proposal.State.REPLIED, Proposal.State.CLOSED])),
        closed=Count("pk", filter=Q(state=Proposal.State.CLOSED)),
        satisfied=Count("pk", filter=Q(rating=Proposal.Rating.SATISFIED)),
        basically=Count("pk", filter=Q(rating=Proposal.Rating.BASICALLY)),
        unsatisfied=Count("pk", filter=Q(rating=Proposal.Rating.UNSATISFIED)),
    )
    return {"session": session, "union": session.union, "rows": rows, "counts": counts,
            "today": timezone.localdate()}


booklet = DocumentKind(
    code="congress_proposal_booklet",
    label=_("Proposal collection booklet"),
    model=Session,
    template="congress/pdf/booklet.html",
    context=booklet_context,
    filename=lambda session, options: gettext("%(session)s proposal booklet") % {"session": session.title} + ".pdf",
    organisation=lambda session: session.union,
)
implementation_report = DocumentKind(
    code="congress_implementation_report",
    label=_("Report on the implementation of proposals"),
    model=Session,
    template="congress/pdf/implementation_report.html",
    context=report_context,
    filename=lambda session, options: (
        gettext("%(session)s implementation of proposals") % {"session": session.title} + ".pdf"
    ),
    organisation=lambda session: session.union,
)


def register():
    registry.register(booklet)
    registry.register(implementation_report)
