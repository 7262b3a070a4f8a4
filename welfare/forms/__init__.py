from .files import (
    CategoryForm,
    HardshipFileCreateForm,
    HardshipFileForm,
    HouseholdMemberForm,
    LivingStandardForm,
    TransitionForm,
)
from .grants import AidProgrammeForm, GrantForm, ProgrammeBudgetForm, RejectGrantForm
from .other import (
    AssessPairingForm,
    DonationDriveForm,
    DonationForm,
    FollowUpForm,
    MustVisitOccasionForm,
    PairingForm,
    VisitForm,
)

__all__ = [
    "AidProgrammeForm", "AssessPairingForm", "CategoryForm", "DonationDriveForm", "DonationForm", "FollowUpForm",
    "GrantForm", "HardshipFileCreateForm", "HardshipFileForm", "HouseholdMemberForm", "LivingStandardForm",
    "MustVisitOccasionForm", "PairingForm", "ProgrammeBudgetForm", "RejectGrantForm", "TransitionForm",
    "VisitForm",
]
