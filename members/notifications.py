"""What the members app notifies people of (registered with the core in MembersConfig.ready())."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    TRANSFER_WAITING = "transfer_waiting", _("A member's transfer awaits your union's answer")
