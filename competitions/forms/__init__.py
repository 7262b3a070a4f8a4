"""Forms of the competitions app, split by sub-domain."""
from .competitions import (
    AwardTierForm,
    CompetitionForm,
    ItemFormSet,
    JudgeAssignForm,
    RecusalForm,
    SchemeSettingsForm,
    TieBreakFormSet,
    TierFormSet,
    TransitionForm,
)
from .entries import EntryForm, MaterialForm, ReasonForm, enterable_units
from .proposals import (
    AwardForm,
    DecideForm,
    ImplementForm,
    MatchFormSet,
    ParticipantFormSet,
    PhotoForm,
    ProposalForm,
    RouteForm,
    SportsEventForm,
)

__all__ = [
    "AwardForm", "AwardTierForm", "CompetitionForm", "DecideForm", "EntryForm", "ImplementForm", "ItemFormSet",
    "JudgeAssignForm", "MatchFormSet", "MaterialForm", "ParticipantFormSet", "PhotoForm", "ProposalForm",
    "ReasonForm", "RecusalForm", "RouteForm", "SchemeSettingsForm", "SportsEventForm", "TieBreakFormSet",
    "TierFormSet", "TransitionForm", "enterable_units",
]
