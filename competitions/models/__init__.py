"""Competitions' models, split by sub-domain. ``from competitions.models import Competition`` is the stable path."""
from .competitions import AwardTier, Competition, CompetitionTransition, ScoringItem, TieBreak
from .entries import Entry, EntryItemResult, EntryMaterial
from .events import EventMatch, EventParticipant, EventPhoto, SportsEvent
from .honours import HonourObjection, HonourQuota, HonourScheme, Nomination
from .judging import JudgeAssignment, Recusal, Score
from .proposals import ImprovementProposal

__all__ = [
    "AwardTier", "Competition", "CompetitionTransition", "Entry", "EntryItemResult", "EntryMaterial", "EventMatch",
    "EventParticipant", "EventPhoto", "HonourObjection", "HonourQuota", "HonourScheme", "Nomination", "ImprovementProposal", "JudgeAssignment", "Recusal", "Score", "ScoringItem",
    "SportsEvent", "TieBreak",
]
