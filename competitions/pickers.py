"""The competitions app's picker kinds (unionadmin/pickers.py): a competition's judge, and a
proposal's evaluator, each among the people the service would accept."""
import re

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from unionadmin.pickers import PickerKind, account_label, register, search_accounts

from .models import Competition, ImprovementProposal
from .services.competitions import eligible_judges
from .services.proposals import eligible_evaluators


def _one(queryset, context):
    """The object ``context`` names (an id) among ``queryset``, or None."""
    return queryset.filter(pk=int(context)).first() if re.fullmatch(r"[0-9]{1,9}", context) else None


def judges(user, context):
    """Judges for the competition ``context``, for a user who may change it."""
    competition = _one(Competition.objects.visible_to(user, "change").select_related("organiser"), context)
    return eligible_judges(competition) if competition else get_user_model().objects.none()


def evaluators(user, context):
    """Evaluators for the proposal ``context``, for a user who may change it."""
    proposal = _one(ImprovementProposal.objects.visible_to(user, "change").select_related("union"), context)
    return eligible_evaluators(proposal.union) if proposal else get_user_model().objects.none()


def register_kinds():
    placeholder = _("Name, username or the last 4 digits of the mobile number")
    register(PickerKind("judge", judges, search_accounts, account_label, placeholder))
    register(PickerKind("evaluator", evaluators, search_accounts, account_label, placeholder))
