"""The document pipeline's rules: asking for a document, producing it, and keeping the store tidy.

Most kinds are PDFs rendered from HTML; a kind with a ``write`` function (a spreadsheet
export) writes its file itself and is identified by its ``fingerprint`` (see kinds.py).

Views and Celery tasks only call these functions (with ids, for tasks).

* ``document_request`` (web): checks the person may see the object, renders the HTML (cheap)
  or takes the kind's fingerprint to get the content hash, and either hands back a finished
  file made from the same inputs or queues a job; the Celery task is sent when the
  transaction commits.
* ``document_render`` (worker): claims the job, counts the attempt, renders in the
  requester's language into a temporary file, stores it from there under a content-addressed
  name (the SHA-256 and size read from the file in chunks: flat memory whatever its size) and
  finishes the job.
  Passing faults (database, storage) propagate so the task retries them; anything else fails
  the job with a translated message and the details in the log.
* ``document_retry`` (web): the person who asked tries a failed document again.
* ``document_interrupted`` (the job sweep, unionadmin/jobs.py): the worker died mid-render.
* ``document_delete_expired`` (beat).

Sending, heartbeats and taking up jobs whose worker died are unionadmin.jobs' business.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import jobs
from ..errors import DomainError
from ..models import AuditEvent, DocumentJob
from ..replica import report_reads
from . import rendering
from .kinds import UnknownDocumentKind, registry

logger = logging.getLogger("unionadmin.documents")

MAX_ATTEMPTS = 3  # renders a worker may start for one job; the next delivery fails it
EXPIRES_AFTER = timedelta(days=7)  # how long a finished file stays downloadable
REUSE_MARGIN = timedelta(minutes=10)  # never hand out a file that is about to be cleaned up

# Passing faults: the task retries these with backoff (a new attempt each time).
TRANSIENT_ERRORS = (OperationalError, OSError)

MSG_GAVE_UP = _(
    "This document could not be produced; the error has been logged. Please try again later, "
    "and tell your federation's administrator if it keeps failing."
)
MSG_RENDER_ERROR = _(
    "This document could not be produced from the current data; the error has been logged. "
    "Check the record for unusual content or tell your federation's administrator."
)
MSG_TOO_SLOW = _("Producing this document took too long and was stopped; the error has been logged.")
MSG_OBJECT_GONE = _("The record this document was made from no longer exists.")
MSG_NOT_RETRYABLE = _("Only a document that could not be produced can be tried again.")


class DocumentError(DomainError):
    """A request that cannot be served, with a message for the person who made it."""


# --- helpers ----------------------------------------------------------------------------


def _normalise_options(options) -> dict:
    """JSON-clean options with sorted keys (so equal options hash equally)."""
    try:
        return json.loads(json.dumps(options or {}, sort_keys=True))
    except (TypeError, ValueError):
        raise DocumentError(_("The document options are not valid.")) from None


_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _safe_filename(name: str, extension: str = "pdf") -> str:
    suffix = f".{extension}"
    name = _UNSAFE_FILENAME.sub("_", str(name)).strip(" .") or f"document{suffix}"
    if not name.lower().endswith(suffix):
        name += suffix
    return name[-200:]


def _storage_name(content_hash: str, when, extension: str = "pdf") -> str:
    return f"documents/{when:%Y}/{when:%m}/{content_hash}.{extension}"


def _content_hash(kind, obj, options: dict, language: str, html: str | None = None) -> str:
    """The hash of what the document is made from: the rendered HTML of a PDF (rendered here
    unless given), the fingerprint of a written file (in ``language``: its headings are)."""
    if kind.is_pdf:
        if html is None:
            html = rendering.render_html(kind, obj, options, language)
        return rendering.content_hash(kind, options, html)
    with translation.override(language):
        summary = kind.fingerprint(obj, options)
    text = json.dumps({"language": language, "fingerprint": summary}, sort_keys=True, default=str, ensure_ascii=False)
    return rendering.content_hash(kind, options, text)


CHUNK_SIZE = 1024 * 1024
ZIP_END_RECORD = b"PK\x05\x06"  # a ZIP's (an XLSX's) end-of-central-directory record, 22 bytes + comment
ZIP_END_MAX = 22 + 0xFFFF


def _digest_of(f) -> tuple[str, int]:
    """(SHA-256, size) of an open binary file, read from the start in chunks."""
    f.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := f.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _is_complete(f, extension: str) -> bool:
    """Whether an open stored file was written to its end: a PDF ends with %%EOF, an XLSX with
    the ZIP's end record. A CSV has no end mark, so one already there is always written anew."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    tail_size = min(size, ZIP_END_MAX)
    f.seek(size - tail_size)
    tail = f.read(tail_size)
    if extension == "pdf":
        return tail.rstrip().endswith(b"%%EOF")
    if extension == "xlsx":
        at = tail.rfind(ZIP_END_RECORD)
        return at >= 0 and len(tail) - at == 22 + int.from_bytes(tail[at + 20:at + 22], "little")
    return False


def _translated(message, language: str) -> str:
    with translation.override(language):
        return str(message)


def _copy_file(job: DocumentJob, source: DocumentJob, now) -> None:
    """Point ``job`` at ``source``'s stored file: done at once, no render."""
    job.file.name = source.file.name
    job.sha256 = source.sha256
    job.size = source.size
    job.state = DocumentJob.State.DONE
    job.progress = 100
    job.error = ""
    job.started_at = job.started_at or now
    job.finished_at = now
    job.render_seconds = 0
    job.expires_at = now + EXPIRES_AFTER


def _fail(job: DocumentJob, message, now=None) -> None:
    job.state = DocumentJob.State.FAILED
    job.error = _translated(message, job.language)
    job.finished_at = now or timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


# --- web side ---------------------------------------------------------------------------


def document_request(*, user, kind: str, obj, options=None) -> DocumentJob:
    """Ask for document ``kind`` of ``obj`` for ``user``; returns the job (maybe already done).

    Raises Http404 when the user may not see ``obj`` (outsiders learn nothing), and
    DocumentError for an unknown kind or bad options.
    """
    try:
        document_kind = registry.get(kind)
    except UnknownDocumentKind:
        raise DocumentError(_("There is no such kind of document.")) from None
    if not isinstance(obj, document_kind.model):
        raise DocumentError(_("This kind of document cannot be made from that record."))
    if not document_kind.model._default_manager.visible_to(user).filter(pk=obj.pk).exists():
        raise Http404("not in the user's scope")

    options = _normalise_options(options)
    language = getattr(user, "language", "") or translation.get_language()
    try:
        digest = _content_hash(document_kind, obj, options, language)
        with translation.override(language):
            filename = _safe_filename(document_kind.filename(obj, options), document_kind.extension)
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        logger.exception("document %s of %r could not be prepared", document_kind.code, obj)
        raise DocumentError(MSG_RENDER_ERROR) from None

    with transaction.atomic():
        # A double click: the same person's identical job is still on its way.
        # Handed back only while it is really on its way: one whose worker died is taken up
        # now, one whose message was never accepted (or long ago) is sent now.
        pending = DocumentJob.objects.filter(
            requested_by=user, content_hash=digest, state__in=DocumentJob.PENDING_STATES
        ).first()
        if pending is not None:
            jobs.nudge(pending)
            return pending

        job = DocumentJob(
            kind=document_kind.code,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            organisation=document_kind.organisation(obj),
            options=options,
            requested_by=user,
            language=language,
            filename=filename,
            content_hash=digest,
        )
        source = DocumentJob.objects.reusable(digest, valid_for=REUSE_MARGIN).first()
        if source is not None:
            _copy_file(job, source, timezone.now())
            job.save()
            logger.info("document job %s reuses the file of job %s (%s)", job.pk, source.pk, source.file.name)
            return job

        job.save()
        jobs.dispatch(job)  # sent when this commits; a broker that is down leaves it queued
    return job


def document_retry(*, user, job: DocumentJob) -> DocumentJob:
    """The person who asked tries a failed document again: the same row, queued afresh.

    The view's queryset holds only the person's own jobs; the object must still be in their
    scope (Http404 otherwise). Raises DocumentError when the job did not fail.
    """
    kind = registry.get_or_none(job.kind)
    if kind is None or not kind.model._default_manager.visible_to(user).filter(pk=job.object_id).exists():
        raise Http404("the object is no longer in the user's scope")
    with transaction.atomic():
        retried = DocumentJob.objects.filter(pk=job.pk, requested_by=user, state=DocumentJob.State.FAILED).update(
            state=DocumentJob.State.QUEUED, attempts=0, progress=0, error="", started_at=None, finished_at=None,
        )
        if not retried:
            raise DocumentError(MSG_NOT_RETRYABLE)
        job.refresh_from_db()
        jobs.dispatch(job)
    logger.info("document job %s retried by %s", job.pk, user.pk)
    return job


def document_download(*, user, job: DocumentJob):
    """Check that ``user`` may download ``job``'s file now, record the download, return the kind.

    The job must be the user's (the view's queryset sees to that) and the user must still be
    able to see the object the document was made from. Raises Http404 otherwise, and
    DocumentError when there is no file to download (yet, or any more).
    """
    kind = registry.get_or_none(job.kind)
    if kind is None:
        raise Http404("unknown document kind")
    if not kind.model._default_manager.visible_to(user).filter(pk=job.object_id).exists():
        raise Http404("the object is no longer in the user's scope")
    if job.state != DocumentJob.State.DONE:
        raise DocumentError(_("This document is not ready yet."))
    if job.is_expired or not default_storage.exists(job.file.name):
        raise DocumentError(_("This document is no longer kept. Ask for it again to get a fresh copy."))
    AuditEvent.record(
        actor=user, verb=AuditEvent.Verb.DOWNLOAD, organisation=job.organisation, target=job,
        detail=job.filename, kind=job.kind, object_id=job.object_id, sha256=job.sha256,
    )
    return kind


# --- worker side ------------------------------------------------------------------------


def _claim(job_id: int):
    """Lock the job and decide: render it (returns job, True), or nothing to do (job, False)."""
    now = timezone.now()
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("document job %s does not exist (deleted before its render)", job_id)
            return None, False
        if job.state in DocumentJob.FINAL_STATES:
            logger.info("document job %s is already %s; duplicate delivery ignored", job.pk, job.state)
            return job, False
        status = jobs.runner_status(job)
        if status == jobs.BUSY:
            logger.info("document job %s is being rendered by %s; duplicate delivery ignored", job.pk, job.runner)
            return job, False
        if status == jobs.ORPHANED:
            logger.warning("document job %s: its render by %s died; rendering again", job.pk, job.runner)
        if job.attempts >= MAX_ATTEMPTS:
            logger.error(
                "document job %s (%s of %s %s): %s attempts used up, failing it", job.pk, job.kind,
                job.content_type_id, job.object_id, job.attempts,
            )
            _fail(job, MSG_GAVE_UP, now)
            return job, False
        source = DocumentJob.objects.reusable(job.content_hash, valid_for=REUSE_MARGIN).exclude(pk=job.pk).first()
        if source is not None:
            _copy_file(job, source, now)
            job.save()
            return job, False
        job.attempts += 1  # committed before the render: a render that kills its worker still counts
        job.state = DocumentJob.State.RUNNING
        job.progress = 10
        job.started_at = now
        job.error = ""
        job.save(update_fields=["attempts", "state", "progress", "started_at", "error", *jobs.begin(job)])
    return job, True


def _set_progress(job: DocumentJob, progress: int) -> None:
    DocumentJob.objects.filter(pk=job.pk, state=DocumentJob.State.RUNNING).update(progress=progress)


def _store(name: str, spool, extension: str) -> tuple[str, str, int]:
    """Save the open temporary file ``spool`` under the content-addressed ``name``; returns
    (name, sha256, size).

    Same name means same inputs, so a complete file already there (a duplicate delivery, or a
    render that was killed after saving) is kept as it is; a partial one (killed mid-write)
    is replaced.
    """
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing:
            if _is_complete(existing, extension):
                return (name, *_digest_of(existing))
        logger.warning("replacing the incomplete file %s", name)
        default_storage.delete(name)
    sha, size = _digest_of(spool)
    spool.seek(0)
    saved = default_storage.save(name, File(spool, name=os.path.basename(name)))
    return saved, sha, size


def document_render(job_id: int) -> DocumentJob | None:
    """Produce the document of job ``job_id`` (the worker's side; see the module docstring)."""
    job, should_render = _claim(job_id)
    if not should_render:
        return job
    # A heartbeat on the row while it renders; the file is written to a temporary file first.
    with jobs.running(job), tempfile.TemporaryFile(prefix="document-") as spool:
        return _render(job, spool)


def _produce(job: DocumentJob, kind, obj, spool) -> str:
    """Write the job's document into ``spool`` (inside the job's report reads: the data and
    the fingerprint come from the same database); returns its content hash."""
    if kind.is_pdf:
        html = rendering.render_html(kind, obj, job.options, job.language)
        digest = _content_hash(kind, obj, job.options, job.language, html)
        _set_progress(job, 60)
        spool.write(rendering.html_to_pdf(html, stylesheets=kind.stylesheets))
        return digest
    digest = _content_hash(kind, obj, job.options, job.language)
    _set_progress(job, WRITE_STARTS_AT)
    with translation.override(job.language):
        kind.write(obj, job.options, spool, WriteProgress(job))
    return digest


WRITE_STARTS_AT, WRITE_ENDS_AT = 20, 95  # the bar's share of a written file; storing it is the rest


class WriteProgress:
    """What a kind's ``write`` calls as it goes, ``progress(done, total)``: the job's bar moves
    from 20 to 95 %, the row written only when the percentage has grown (a province's export
    calls it a few hundred times over four minutes)."""

    def __init__(self, job: DocumentJob):
        self.job, self.shown = job, WRITE_STARTS_AT

    def __call__(self, done: int, total: int) -> None:
        if not total:
            return
        percent = WRITE_STARTS_AT + (WRITE_ENDS_AT - WRITE_STARTS_AT) * min(done, total) // total
        if percent > self.shown:
            self.shown = percent
            _set_progress(self.job, percent)


def _render(job: DocumentJob, spool) -> DocumentJob:
    log_ctx = f"document job {job.pk} ({job.kind} of {job.content_type.model} {job.object_id}, attempt {job.attempts})"
    try:
        kind = registry.get(job.kind)
        model = job.content_type.model_class()
        # The document's data: from the replica once it has replayed what the request saw.
        with report_reads():
            obj = model._default_manager.filter(pk=job.object_id).first() if model is not None else None
            if obj is None:
                logger.error("%s: the object no longer exists", log_ctx)
                _fail(job, MSG_OBJECT_GONE)
                return job
            started = time.perf_counter()
            digest = _produce(job, kind, obj, spool)
        render_seconds = time.perf_counter() - started
    except TRANSIENT_ERRORS:
        logger.warning("%s: passing fault, the task will retry", log_ctx, exc_info=True)
        raise
    except SoftTimeLimitExceeded:
        logger.error("%s: soft time limit exceeded", log_ctx)
        _fail(job, MSG_TOO_SLOW)
        return job
    except Exception:
        logger.exception("%s: render failed", log_ctx)
        _fail(job, MSG_RENDER_ERROR)
        return job

    now = timezone.now()
    name, sha, size = _store(_storage_name(digest, now, kind.extension), spool, kind.extension)  # OSError: retried
    with transaction.atomic():
        runner = job.runner
        job = DocumentJob.objects.select_for_update().get(pk=job.pk)
        if job.runner != runner:  # taken up by the sweep meanwhile; that run will finish it
            logger.warning("%s: taken up meanwhile; this render's file is left to the other run", log_ctx)
            return job
        if job.state in DocumentJob.FINAL_STATES:
            logger.info("%s: finished meanwhile by another delivery", log_ctx)
            return job
        job.file.name = name
        job.sha256 = sha
        job.size = size
        job.content_hash = digest  # the data may have changed since the request
        job.state = DocumentJob.State.DONE
        job.progress = 100
        job.finished_at = now
        job.render_seconds = round(render_seconds, 4)
        job.expires_at = now + EXPIRES_AFTER
        job.save()
    logger.info("%s: done in %.2f s, %s bytes, %s", log_ctx, render_seconds, size, name)
    return job


def document_give_up(job_id: int) -> None:
    """The task ran out of retries for a passing fault: fail the job if it is still pending."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is not None and job.is_pending:
            logger.error("document job %s: retries exhausted, failing it", job_id)
            _fail(job, MSG_GAVE_UP)


# --- beat -------------------------------------------------------------------------------


def document_interrupted(job: DocumentJob) -> bool:
    """The job's worker died mid-render (the job sweep took it up, row locked): queue it again
    while attempts remain (returns True: send it), else fail it."""
    if job.state in DocumentJob.FINAL_STATES:
        return False
    if job.attempts < MAX_ATTEMPTS:
        job.state = DocumentJob.State.QUEUED
        job.progress = 0
        job.save(update_fields=["state", "progress"])
        return True
    _fail(job, MSG_GAVE_UP)
    return False


def document_delete_expired(now=None) -> dict:
    """Delete the files of expired jobs, except a file another unexpired job still uses."""
    now = now or timezone.now()
    deleted, kept = [], []
    expired = DocumentJob.objects.filter(expires_at__lte=now).exclude(file="")
    for name in expired.values_list("file", flat=True).distinct():
        with transaction.atomic():
            # Lock every row using the file, so a reuse cannot slip in between check and delete.
            users = list(DocumentJob.objects.select_for_update().filter(file=name))
            if any(j.expires_at and j.expires_at > now for j in users):
                kept.append(name)
                DocumentJob.objects.filter(pk__in=[j.pk for j in users if j.expires_at and j.expires_at <= now]).update(file="")
                continue
            DocumentJob.objects.filter(pk__in=[j.pk for j in users]).update(file="")
            transaction.on_commit(lambda name=name: default_storage.delete(name))
            deleted.append(name)
    if deleted:
        logger.info("deleted %d expired document files", len(deleted))
    return {"deleted": deleted, "kept": kept}
