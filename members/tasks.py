"""Celery tasks: thin wrappers that hand a job's id to the import service."""
from celery import shared_task
from celery.signals import worker_init

from .imports import service
from .validators import division_is_known


@worker_init.connect(dispatch_uid="members.tasks.read_division_list")
def read_division_list(**kwargs):
    """The check looks every ID number's division up in python-stdnum's list, which takes a
    process seconds to read the first time: read once here, before the pool's processes are
    forked, so that they inherit it instead of each making a person wait for it."""
    division_is_known("110101")


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
