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
from .surveys import *  # noqa: F401,F403  (Survey and its questions, participations, responses, answers)
from .union_congress import *  # noqa: F401,F403  (each part lists its models in __all__)
from .warnings import LabourRisk
from .women import *  # noqa: F401,F403

__all__ = [
    "AgendaItem", "Category", "CommitteeTerm", "CoSignature", "CollectiveContract", "Congress", "ContractReport", "Delegate",
    "Delegation", "HandlingDepartment", "LabourRisk", "Proposal", "ProposalAttachment",
    "ProposalRating", "Reply", "Resolution", "Session", "SessionDocument", "Term",
]
