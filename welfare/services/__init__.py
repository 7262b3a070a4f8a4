"""Welfare business rules as small service functions named ``<noun>_<verb>``; views call these."""
from .errors import WelfareError
from .files import (
    TRANSITIONS,
    TransitionNotAllowed,
    allowed_transitions,
    file_confirm_category,
    file_create,
    file_recompute,
    file_refile,
    file_refresh_recheck_flags,
    file_transition,
)
from .grants import grant_approve, grant_propose, grant_reject, may_approve
from .pairings import pairing_assess

__all__ = [
    "TRANSITIONS", "TransitionNotAllowed", "WelfareError", "allowed_transitions", "file_confirm_category",
    "file_create", "file_recompute", "file_refile", "file_refresh_recheck_flags", "file_transition",
    "grant_approve", "grant_propose", "grant_reject", "may_approve", "pairing_assess",
]
