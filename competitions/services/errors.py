from unionadmin.errors import DomainError


class CompetitionError(DomainError):
    """A rule of the competitions app would be broken; the message is translated and shown as is."""