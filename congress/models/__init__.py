from .committee_terms import CommitteeTerm
from .contracts import CollectiveContract, ContractReport
from .delegates import Delegate, Delegation
from .proposals import (
    Category,
    CoSignature,
    HandlingDepartment,
    Proposal,
    ProposalAttachment,
    ProposalRating,
    Reply,
)
from .sessions import AgendaItem, Congress, Resolution, Session, SessionDocument, Term
from .warnings import LabourRisk

__all__ = [
    "AgendaItem", "Category", "CommitteeTerm", "CoSignature", "CollectiveContract", "Congress", "ContractReport", "Delegate",
    "Delegation", "HandlingDepartment", "LabourRisk", "Proposal", "ProposalAttachment",
    "ProposalRating", "Reply", "Resolution", "Session", "SessionDocument", "Term",
]
