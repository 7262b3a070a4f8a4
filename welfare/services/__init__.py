"""Welfare business rules as small service functions named ``<noun>_<verb>``; views call these."""
from .errors import WelfareError
from .files import (
    TRANSITIONS,
    TransitionNotAllowed,
    file_confirm_category,
    file_create,
    file_recompute,
    file_refile,
    file_refresh_recheck_flags,
    file_transition,
)
from .grants import grant_approve, grant_propose, grant_reject
from .pairings import pairing_assess
from .standards import standard_save

__all__ = [
    "TRANSITIONS", "TransitionNotAllowed", "WelfareError", "file_confirm_category",
    "file_create", "file_recompute", "file_refile", "file_refresh_recheck_flags", "file_transition",
    "grant_approve", "grant_propose", "grant_reject", "pairing_assess",
    "standard_save",
]
