"""The assessment's rules, as ``<noun>_<verb>`` functions: rubrics (writing, publishing,
correcting), sheets (self-scoring, evidence, submitting, appeals), review (item by item,
returning, sending, answering appeals, finalising) and results (computing, publishing).

Each change runs in ``transaction.atomic()`` with the rows two people could change at once
locked (``select_for_update``); a broken rule raises ``AssessmentError`` with a whole
translated sentence, which views show as a message or a form error.
"""
from .errors import AssessmentError

__all__ = ["AssessmentError"]
