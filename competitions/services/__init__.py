"""The rules of competitions, entries, judging, results, proposals and events.

Each change is one ``<noun>_<verb>`` function, inside ``transaction.atomic()`` with the rows
it depends on locked (``select_for_update``). A refused step raises ``CompetitionError``
with a whole translated sentence; views show it as a form error or a message.
"""
from .errors import CompetitionError

__all__ = ["CompetitionError"]
