"""Celery tasks of the PDF pipeline: thin, with ids only; the rules are in services.py.

``render_document`` runs on the ``pdf`` queue with late acknowledgement: the message is
acknowledged only after the job row is final, and a pool process that dies mid-render
(SIGKILL, OOM) has its message requeued at once (``reject_on_worker_lost``); the redelivery
finds the dead runner on the row and renders again. A whole worker that dies is found by
the job sweep (unionadmin/jobs.py: no heartbeat, or the process is gone) and the job is
sent again, exactly once. The job row's ``attempts`` counter, committed before each render,
stops a render that keeps killing its worker after ``MAX_ATTEMPTS``. docs/decisions.md
("Documents", "Background jobs") explains the settings.
"""
from celery import Task, shared_task
from django.conf import settings

from . import services


class RenderDocumentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries for a passing fault are used up (or an unexpected error escaped the
        # service): the job must not stay "running" until the stuck-job sweep finds it.
        job_id = args[0] if args else kwargs.get("job_id")
        if job_id is not None:
            services.document_give_up(job_id)


DOCUMENT_TASK = dict(
    base=RenderDocumentTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    queue="pdf",
)


@shared_task(name="documents.render", **DOCUMENT_TASK)
def render_document(self, job_id: int) -> None:
    services.document_render(job_id)


# A file a kind writes itself (a roster export) grows with the rows: a province's two million
# members take some four minutes, past the two minutes a PDF is given. Same service, longer limits.
@shared_task(name="documents.write", soft_time_limit=settings.DOCUMENTS_WRITE_SOFT_TIME_LIMIT,
             time_limit=settings.DOCUMENTS_WRITE_SOFT_TIME_LIMIT + 30, **DOCUMENT_TASK)
def write_document(self, job_id: int) -> None:
    services.document_render(job_id)


@shared_task(name="documents.delete_expired")
def delete_expired_documents() -> dict:
    return services.document_delete_expired()
