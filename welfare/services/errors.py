from unionadmin.errors import DomainError


class WelfareError(DomainError):
    """A welfare rule refused an action; the message is translated and shown to the person.

    ``field`` names the form field the message belongs to, when there is one."""