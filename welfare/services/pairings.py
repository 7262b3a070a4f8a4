"""Pairings: ending one with its checked and assessed outcome."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Pairing
from .errors import WelfareError


def pairing_assess(pairing: Pairing, *, by, status: str, outcome: str, rating: str) -> Pairing:
    if status == Pairing.Status.ACTIVE or status not in Pairing.Status.values:
        raise WelfareError(_("Choose how the pairing ended."))
    if not (outcome or "").strip():
        raise WelfareError(_("Describe the outcome."))
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if pairing.status != Pairing.Status.ACTIVE:
            raise WelfareError(_("This pairing has already been assessed."))
        pairing.status = status
        pairing.outcome = outcome.strip()
        pairing.rating = rating
        pairing.assessed_on = timezone.localdate()
        pairing.assessed_by = by
        pairing.save()
    return pairing
