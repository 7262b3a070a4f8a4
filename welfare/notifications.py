"""What welfare notifies people of (registered with the core in WelfareConfig.ready())."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    RECHECK_DUE = "recheck_due", _("A hardship file's annual re-check falls due soon")
    # A member's own application from the portal (issue 19)
    APPLICATION_SUBMITTED = "hardship_application_submitted", _("A member applied for hardship aid")
