"""Welfare models, split by sub-domain."""
from .applications import ApplicationDocument, HardshipApplication
from .donations import Donation, DonationDrive
from .files import FileTransition, HardshipFile, HouseholdMember, LivingStandard
from .model_worker_care import CareInvitation, CareRound, CareSettings, SituationUpdate
from .pairings import Pairing, PairingFollowUp
from .programmes import AidProgramme, Grant, ProgrammeBudget
from .visits import CONDOLENCE_RELATIONSHIPS, MustVisitOccasion, Visit

__all__ = [
    "AidProgramme", "ApplicationDocument", "CONDOLENCE_RELATIONSHIPS", "CareInvitation", "CareRound", "CareSettings",
    "SituationUpdate", "Donation", "DonationDrive", "FileTransition", "Grant", "HardshipApplication",
    "HardshipFile", "HouseholdMember", "LivingStandard", "MustVisitOccasion", "Pairing", "PairingFollowUp",
    "ProgrammeBudget", "Visit",
]
