"""The congress's rules, as small functions named ``<noun>_<verb>``; views, tasks and the
demo only call these. Every change of state runs in ``transaction.atomic()`` with the rows
it depends on locked (``select_for_update``). A broken rule raises ``CongressError`` with a
translated message, which views show as a form error or a message."""


class CongressError(Exception):
    """A rule of the congress would be broken; ``message`` is translated and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
