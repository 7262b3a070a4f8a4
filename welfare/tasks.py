"""Welfare background jobs. Thin: each calls a service."""
from celery import shared_task

from .services import file_refresh_recheck_flags
from .services.files import files_remind_recheck_due


@shared_task(name="welfare.tasks.refresh_recheck_due")
def refresh_recheck_due() -> int:
    """Daily (beat): mark the files whose annual re-check falls due within 30 days."""
    return file_refresh_recheck_flags()


@shared_task(name="welfare.tasks.remind_recheck_due")
def remind_recheck_due() -> int:
    """Daily (beat): tell the welfare officers of files whose re-check falls due within 30 days."""
    return files_remind_recheck_due()
