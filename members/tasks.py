"""Celery tasks: thin wrappers that hand a job's id to the import service."""
from celery import shared_task

from .imports import service


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def check_import(job_id: int) -> None:
    service.import_check(job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def apply_import(job_id: int) -> None:
    service.import_apply(job_id)


@shared_task(ignore_result=True)
def delete_old_import_files(days: int = 7) -> int:
    """Uploaded rosters hold people's details: keep them no longer than the import needs."""
    return service.import_delete_old_files(days)
