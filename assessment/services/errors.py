from unionadmin.errors import DomainError


class AssessmentError(DomainError):
    """A rule of the assessment would be broken; the message is translated and shown as is."""