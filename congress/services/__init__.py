"""The congress's rules, as small functions named ``<noun>_<verb>``; views, tasks and the
demo only call these. Every change of state runs in ``transaction.atomic()`` with the rows
it depends on locked (``select_for_update``). A broken rule raises ``CongressError`` with a
translated message, which views show as a form error or a message."""
from unionadmin.errors import DomainError


class CongressError(DomainError):
    """A rule of the congress would be broken; ``message`` is translated and shown as is."""
