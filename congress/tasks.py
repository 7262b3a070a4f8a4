"""Celery tasks of the congress: thin, the rules are in the services. Beat runs them daily
(the schedule is added in CongressConfig.ready)."""
from celery import shared_task

from .services.contracts import contracts_remind_expiring
from .services.proposals import proposals_remind_overdue


@shared_task(name="congress.remind_overdue_replies")
def remind_overdue_replies() -> dict:
    return proposals_remind_overdue()


@shared_task(name="congress.remind_expiring_contracts")
def remind_expiring_contracts() -> int:
    return contracts_remind_expiring()
