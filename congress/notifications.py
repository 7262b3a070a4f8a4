"""What the congress notifies people of (registered with the core in CongressConfig.ready())."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionadmin.notifications import role_holders
from unionadmin.roles import OFFICER_ROLES


class Verb(models.TextChoices):
    READY_FOR_REVIEW = "ready_for_review", _("A proposal has its co-signatures and awaits review")
    DECIDED = "decided", _("The review committee decided on your proposal")
    ASSIGNED = "assigned", _("A proposal was assigned to your department")
    REPLIED = "replied", _("Your proposal was answered; please rate the reply")
    RETURNED = "returned", _("The proposer was not satisfied; please answer again")
    OVERDUE = "overdue", _("The reply to a proposal is overdue")
    CONTRACT_EXPIRING = "contract_expiring", _("A collective contract is about to expire")


def union_officers(union):
    """The people who run the union's congress work: its union officers."""
    return role_holders(union, OFFICER_ROLES)
