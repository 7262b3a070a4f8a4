"""The pipeline with a REAL Celery worker (prefork, Redis broker, the test database).

What Celery 5.7 + Redis actually do, as these tests show:
* the pool process running a task is SIGKILLed → the main worker process sees the lost
  process (WorkerLostError) and, with acks_late + reject_on_worker_lost, requeues the message
  at once; a fresh pool process takes it;
* the whole worker is SIGKILLed → nothing acknowledges or requeues; the message stays in
  Redis' "unacked" set and is restored by the next worker's start-up sweep once it is older
  than the visibility timeout — and the job sweep (unionadmin/jobs.py) takes the job up
  anyway, long before the production 600 s (tests/documents/test_job_recovery.py);
* a render that kills its process every time is requeued each time, and the job row's
  attempts counter (committed before each render) fails it on the delivery after the third.
"""
import hashlib
import io
import os
import signal
import time

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from unionadmin.documents.services import MAX_ATTEMPTS, document_request
from unionadmin.models import DocumentJob

from ..factories import RoleAssignmentFactory, UserFactory
from .fixtures import TEST_VISIBILITY_TIMEOUT, stored_pdfs, wait_for
from .helpers import fonts_without_embedded_file, html_text, make_profiled_union, missing_characters, pdf_text

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def job_state(job):
    return DocumentJob.objects.get(pk=job.pk)


def wait_final(job, timeout=60):
    return wait_for(lambda: (j := job_state(job)).state in ("done", "failed") and j, timeout=timeout,
                    message=f"job {job.pk} to finish")


@pytest.fixture
def officer(county):
    return RoleAssignmentFactory(organisation=county.a, role="union_officer").user


@pytest.fixture
def union(county):
    return make_profiled_union(county.a.parent, name="内江市甲钢铁集团有限责任公司工会委员会")


@pytest.fixture
def admin(county):
    return RoleAssignmentFactory(organisation=county.federation, role="federation_admin").user


def test_worker_renders_a_requested_document(worker, admin, union, documents_media_root):
    before = worker.received()
    job = document_request(user=admin, kind="organisation_profile", obj=union)
    assert job.state == "queued"
    job = wait_final(job)
    assert job.state == "done", job.error
    assert job.progress == 100 and job.attempts == 1 and worker.received() == before + 1
    with default_storage.open(job.file.name, "rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == job.sha256 and len(data) == job.size
    assert PdfReader(io.BytesIO(data)).pages
    # Every character of the document's text comes back out of the PDF; every font is embedded.
    from unionadmin.documents import rendering
    from unionadmin.documents.profile import organisation_profile

    source = html_text(rendering.render_html(organisation_profile, union, {}, job.language))
    extracted = pdf_text(data)
    assert "内江市甲钢铁集团有限责任公司工会委员会" in extracted and "欧阳振华" in extracted
    assert not missing_characters(source, extracted)
    assert not fonts_without_embedded_file(data)


def test_duplicate_request_reuses_the_file_and_a_change_renders_anew(worker, admin, union, county):
    before = worker.received()
    first = wait_final(document_request(user=admin, kind="organisation_profile", obj=union))
    assert first.state == "done"
    colleague = UserFactory(language=admin.language)
    RoleAssignmentFactory(user=colleague, organisation=county.federation, role="federation_reviewer")
    second = document_request(user=colleague, kind="organisation_profile", obj=union)
    assert second.state == "done" and second.pk != first.pk  # at once, no queue
    assert (second.file.name, second.sha256) == (first.file.name, first.sha256)
    time.sleep(1)
    assert worker.received() == before + 1  # the worker rendered once

    union.name = "内江市甲钢铁集团股份有限公司工会委员会"
    union.save()
    third = wait_final(document_request(user=admin, kind="organisation_profile", obj=union))
    assert third.state == "done" and worker.received() == before + 2
    assert third.sha256 != first.sha256 and third.file.name != first.file.name


def _wait_running(job):
    return wait_for(lambda: job_state(job).state == "running", timeout=60, message="the render to start")


def test_killing_the_pool_process_mid_render_still_ends_with_one_document(worker, admin, union,
                                                                          documents_media_root):
    files_before = stored_pdfs(documents_media_root)
    job = document_request(user=admin, kind="test_slow", obj=union, options={"sleep": 4})
    _wait_running(job)
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)
    job = wait_final(job, timeout=90)
    assert job.state == "done", job.error
    assert job.attempts == 2  # the killed render and the one that finished
    assert worker.alive
    new_files = sorted(set(stored_pdfs(documents_media_root)) - set(files_before))
    assert [p.relative_to(documents_media_root).as_posix() for p in new_files] == [job.file.name]
    assert "WorkerLostError" in worker.log_text() or "exited prematurely" in worker.log_text()


def test_killing_the_whole_worker_mid_render_renders_it_once_more_when_redis_also_restores_the_message(
        workers, worker, admin, union, documents_media_root):
    """Two rescues meet: the next worker's start takes the job up (its runner's process is
    gone) and Redis restores the unacknowledged message (older than the visibility timeout);
    whichever comes second finds the job run or finished and does nothing."""
    files_before = stored_pdfs(documents_media_root)
    job = document_request(user=admin, kind="test_slow", obj=union, options={"sleep": 3})
    _wait_running(job)
    delivered_at = time.monotonic()
    worker.kill()  # main process and pool: no ack, no requeue
    time.sleep(1)
    assert job_state(job).state == "running" and job_state(job).attempts == 1
    time.sleep(max(0.0, delivered_at + TEST_VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    second = workers.start()
    job = wait_final(job, timeout=90)
    assert job.state == "done", job.error
    assert job.attempts == 2 and second.received() >= 1  # rendered once more, whatever was delivered
    new_files = sorted(set(stored_pdfs(documents_media_root)) - set(files_before))
    assert [p.relative_to(documents_media_root).as_posix() for p in new_files] == [job.file.name]


def test_a_render_that_kills_its_worker_every_time_fails_after_max_attempts(worker, admin, union):
    before = worker.received()
    job = document_request(user=admin, kind="test_poison", obj=union)
    job = wait_final(job, timeout=120)
    assert job.state == "failed"
    # Three renders were started (each killed its process); the fourth delivery found the
    # budget spent and failed the job without rendering.
    assert job.attempts == MAX_ATTEMPTS == 3
    assert worker.received() == before + MAX_ATTEMPTS + 1
    assert job.error and not job.file
    assert worker.alive
    time.sleep(2)
    assert worker.received() == before + MAX_ATTEMPTS + 1  # and never again


def test_a_real_error_fails_the_job_at_once_with_a_message(worker, admin, union):
    admin.language = "en"
    admin.save()
    job = wait_final(document_request(user=admin, kind="test_broken", obj=union))
    assert job.state == "failed" and job.attempts == 1
    assert job.error.startswith("This document could not be produced from the current data")


def test_worker_refuses_to_start_without_harfbuzz_subset(workers, tmp_path):
    """A worker whose WeasyPrint cannot load hb-subset exits with the reason, before consuming."""
    from .fixtures import Worker

    sitecustomize = tmp_path / "sitecustomize.py"
    sitecustomize.write_text(
        "import weasyprint.text.ffi as ffi\nffi.harfbuzz_subset = None\n"
        "import weasyprint.pdf.fonts as fonts\nfonts.harfbuzz_subset = None\n"
    )
    env = {**workers.env, "PYTHONPATH": f"{tmp_path}:{workers.env['PYTHONPATH']}"}
    refused = Worker("docs-test-refused", env, tmp_path / "refused.log").start()
    try:
        assert refused.proc.wait(60) != 0
    finally:
        refused.kill()
    log = refused.log_text()
    assert "refuses to start" in log and "libharfbuzz-subset0" in log
