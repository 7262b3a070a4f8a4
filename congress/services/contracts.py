"""Collective contracts: reminders before one expires."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from unionadmin.notifications import notify

from ..models import CollectiveContract
from ..notifications import Verb, union_officers

REMIND_DAYS_BEFORE = 60


def contracts_remind_expiring(today=None) -> int:
    """Tells the union's officers, once, when a contract in force has 60 days or fewer left
    (time to start the next equal consultation). Returns how many contracts were reminded."""
    today = today or timezone.localdate()
    due = CollectiveContract.objects.filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        expiry_reminded_on__isnull=True,
    ).select_related("union")
    count = 0
    for contract in due:
        with transaction.atomic():
            updated = CollectiveContract.objects.filter(pk=contract.pk, expiry_reminded_on__isnull=True).update(
                expiry_reminded_on=today)
            if updated:
                notify(union_officers(contract.union), Verb.CONTRACT_EXPIRING, contract,
                       organisation=contract.union)
                count += 1
    return count
