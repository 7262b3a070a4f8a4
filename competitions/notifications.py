"""What competitions notify people of (registered with the core in CompetitionsConfig.ready())."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    SCORES_WAITING = "scores_waiting", _("A competition's score sheet awaits your scores")
    # Issue 19: a member's proposal from the member portal, for the union's managing officers.
    PROPOSAL_FROM_MEMBER = "proposal_from_member", _("A member submitted a rationalisation proposal online")
