class WelfareError(Exception):
    """A welfare rule refused an action; the message is translated and shown to the person.

    ``field`` names the form field the message belongs to, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)
