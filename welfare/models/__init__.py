"""Welfare models, split by sub-domain."""
from .donations import Donation, DonationDrive
from .files import FileTransition, HardshipFile, HouseholdMember, LivingStandard
from .pairings import Pairing, PairingFollowUp
from .programmes import AidProgramme, Grant, ProgrammeBudget
from .visits import CONDOLENCE_RELATIONSHIPS, MustVisitOccasion, Visit

__all__ = [
    "AidProgramme", "CONDOLENCE_RELATIONSHIPS", "Donation", "DonationDrive", "FileTransition", "Grant",
    "HardshipFile", "HouseholdMember", "LivingStandard", "MustVisitOccasion", "Pairing", "PairingFollowUp",
    "ProgrammeBudget", "Visit",
]
