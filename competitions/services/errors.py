class CompetitionError(Exception):
    """A rule of the competitions app would be broken; the message is translated and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
