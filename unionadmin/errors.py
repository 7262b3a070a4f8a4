"""The one error type for a step the domain refuses.

Services raise ``DomainError`` (or an app's subclass, e.g. ``WelfareError``) with a message
already translated for the person; the view family (views/objects.py) shows it as a form
error or a message, never an error page. ``field`` names the form field the message belongs
to, when there is one.
"""
from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)
