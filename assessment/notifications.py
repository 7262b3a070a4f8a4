"""What assessment notifies people of (registered with the core in AssessmentConfig.ready())."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    SHEET_RETURNED = "sheet_returned", _("Your assessment sheet was returned for correction")
