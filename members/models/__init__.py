"""Members and what hangs off them. ``from members.models import Member`` is the stable path."""
from .cadres import CadrePost, Level, TrainingRecord
from .cards import CardBatch
from .dues import ARREARS_MONTHS, DUES_RATE, FUNDS_RATE, DuesPayment, DuesRule, FundReceipt
from .imports import ImportJob, ImportValueMapping
from .joining import JoinApplication, JoinLink
from .member import Member, MemberQuerySet
from .model_workers import ArchiveEntry, Honour
from .portal import CorrectionRequest, DataRightsRequest, ElectronicCard
from .tally import MemberTally
from .transfers import Transfer

__all__ = [
    "ARREARS_MONTHS", "DUES_RATE", "FUNDS_RATE", "ArchiveEntry", "CadrePost", "CardBatch", "CorrectionRequest",
    "DataRightsRequest", "DuesPayment", "DuesRule", "ElectronicCard", "FundReceipt", "Honour", "ImportJob",
    "ImportValueMapping", "JoinApplication", "JoinLink", "Level", "Member", "MemberQuerySet", "MemberTally",
    "TrainingRecord", "Transfer",
]
