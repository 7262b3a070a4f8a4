"""Jobs survive a dead worker and a broker outage: real workers, a real redis-server.

The workers here run with the production visibility timeout (600 s), so Redis' own
redelivery of an unacknowledged message cannot be what rescues a job within these tests:
the job row's runner and heartbeat, the sweep at worker start and the beat sweep do.
"""
import time
from contextlib import contextmanager

import pytest
import redis
from django.db import connection, connections
from django.urls import reverse

from members.imports import service as imports
from members.models import ImportJob, Member
from unionadmin.documents.services import document_request
from unionadmin.models import DocumentJob

from ..factories import RoleAssignmentFactory
from ..members.sheets import upload
from ..members.test_worker import roster
from .broker_server import PrivateRedis, switch_broker
from .fixtures import Worker, stored_pdfs, wait_for
from .helpers import make_profiled_union

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PRODUCTION_VISIBILITY_TIMEOUT = "600"
TWO_MINUTES = 120


@pytest.fixture
def admin(county):
    return RoleAssignmentFactory(organisation=county.federation, role="federation_admin").user


@pytest.fixture
def union(county):
    return make_profiled_union(county.a.parent, name="内江市乙机械厂工会委员会")


@pytest.fixture
def own_workers(workers, documents_broker, tmp_path):
    """Workers of this test only (the session's shared worker is stopped first, so that no
    other worker takes the job); all stopped at the end, and the messages a killed one left
    unacknowledged are removed, so that the next worker (with the tests' 10-s visibility
    timeout) does not receive them."""
    if workers.current is not None and workers.current.alive:
        workers.current.stop()
    started = []

    def start(name, beat=False, **env):
        extra = ["-B", "-s", str(tmp_path / f"beat-{name}")] if beat else []
        worker = Worker(f"recovery-{name}", {**workers.env, "CELERY_VISIBILITY_TIMEOUT": PRODUCTION_VISIBILITY_TIMEOUT,
                                             **env}, tmp_path / f"{name}.log", extra)
        started.append(worker.start().wait_ready())
        return worker

    yield start
    for worker in started:
        worker.stop()
    redis.Redis.from_url(documents_broker).flushdb()  # the run's private broker database


def state(model, pk):
    return model.objects.get(pk=pk)


@contextmanager
def writes_held(model):
    """Holds an EXCLUSIVE lock on ``model``'s table from a connection of its own: others read
    it, and whoever writes to it waits, inside its transaction, until the block ends."""
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()


def waiting_to_write(model) -> bool:
    """A session of this database is waiting for a lock to COPY rows into ``model``'s table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock' AND query LIKE %s",
                       [f"COPY {connection.ops.quote_name(model._meta.db_table)} %"])
        return cursor.fetchone()[0] > 0


def test_a_whole_worker_killed_mid_render_is_taken_up_by_the_next_worker_exactly_once(
        own_workers, admin, union, documents_media_root):
    files_before = stored_pdfs(documents_media_root)
    first = own_workers("a")
    job = document_request(user=admin, kind="test_slow", obj=union, options={"sleep": 3})
    wait_for(lambda: state(DocumentJob, job.pk).state == "running", timeout=60, message="the render to start")
    assert state(DocumentJob, job.pk).runner.endswith(f":{first.children()[0]}")  # the pool process runs it
    first.kill()  # main process and pool: no ack, no requeue, no clean-up
    killed_at = time.monotonic()
    second = own_workers("b")
    job = wait_for(lambda: (j := state(DocumentJob, job.pk)).state in ("done", "failed") and j,
                   timeout=TWO_MINUTES, message="the job to be taken up and finished")
    assert time.monotonic() - killed_at < TWO_MINUTES
    assert job.state == "done", (job.error, second.log_text()[-2000:])
    assert job.attempts == 2 and job.runner == ""  # the killed render and one more
    assert second.received() == 1  # sent once
    new_files = sorted(set(stored_pdfs(documents_media_root)) - set(files_before))
    assert [p.relative_to(documents_media_root).as_posix() for p in new_files] == [job.file.name]


def test_the_heartbeat_moves_while_a_worker_renders(own_workers, admin, union):
    own_workers("c", JOBS_HEARTBEAT_SECONDS="1", JOBS_STALE_SECONDS="5")
    job = document_request(user=admin, kind="test_slow", obj=union, options={"sleep": 4})
    first = wait_for(lambda: (j := state(DocumentJob, job.pk)).state == "running" and j.heartbeat_at, timeout=60,
                     message="the render to start")
    wait_for(lambda: (state(DocumentJob, job.pk).heartbeat_at or first) > first, timeout=10,
             message="a heartbeat")
    job = wait_for(lambda: (j := state(DocumentJob, job.pk)).state == "done" and j, timeout=60, message="the render")
    assert job.runner == "" and job.heartbeat_at is None


def test_an_import_whose_worker_was_killed_while_writing_ends_interrupted_and_the_retry_imports(
        own_workers, client, county):
    union = county.a
    officer = RoleAssignmentFactory(organisation=union, role="union_officer").user
    first = own_workers("d")
    job = imports.import_upload(user=officer, union=union, uploaded=upload(roster(20_000)))
    imports.import_set_mapping(job, job.mapping)
    wait_for(lambda: state(ImportJob, job.pk).state == ImportJob.State.CHECKED, timeout=90, message="the check")
    assert state(ImportJob, job.pk).error_count == 0
    # The worker is caught mid-write: it has copied the first members into its transaction and
    # waits to copy their history, which this test holds, until it is killed.
    with writes_held(Member.history.model):
        imports.import_request_apply(state(ImportJob, job.pk))
        wait_for(lambda: waiting_to_write(Member.history.model), timeout=60, message="the write to start")
        assert state(ImportJob, job.pk).state == ImportJob.State.RUNNING
        first.kill()
    killed_at = time.monotonic()
    assert state(ImportJob, job.pk).state == ImportJob.State.RUNNING  # what the page showed for good before

    second = own_workers("e")
    job = wait_for(lambda: (j := state(ImportJob, job.pk)).state == ImportJob.State.FAILED and j,
                   timeout=TWO_MINUTES, message="the import to end interrupted")
    assert time.monotonic() - killed_at < TWO_MINUTES
    assert job.failure["code"] == "interrupted" and job.runner == ""
    assert Member.objects.filter(union=union).count() == 0  # nothing was written

    client.force_login(officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "nothing was written" in page and reverse("members:import_retry", args=[job.pk]) in page
    assert client.post(reverse("members:import_retry", args=[job.pk])).status_code == 302
    job = wait_for(lambda: (j := state(ImportJob, job.pk)).state in (ImportJob.State.DONE, ImportJob.State.FAILED)
                   and j, timeout=120, message="the retried import")
    assert job.state == ImportJob.State.DONE, (job.failure, second.log_text()[-2000:])
    assert Member.objects.filter(union=union).count() == 20_000


def test_a_pdf_asked_for_while_the_broker_is_down_is_made_after_it_comes_back(
        own_workers, client, admin, union, documents_broker, tmp_path):
    """The fault test: a real redis-server of our own is the broker; it is stopped, a PDF is
    asked for (the page says it is queued), the server is started again, and the PDF is made
    without anyone asking again: the beat sweep sends the job once the broker answers."""
    broker = PrivateRedis(tmp_path).start()
    try:
        switch_broker(broker.url(1))
        worker = own_workers("f", beat=True, REDIS_URL=broker.url(1), JOBS_SWEEP_SECONDS="2",
                             JOBS_SEND_GRACE_SECONDS="1")
        broker.stop()
        client.force_login(admin)
        response = client.post(reverse("documents:request"), {"kind": "organisation_profile", "pk": union.pk})
        assert response.status_code == 302
        job = DocumentJob.objects.get(requested_by=admin)
        assert job.state == "queued" and job.sent_at is None
        page = client.get(response.url)
        assert page.status_code == 200 and "hx-get" in page.content.decode()  # the page polls, no error

        broker.start()
        job = wait_for(lambda: (j := state(DocumentJob, job.pk)).state in ("done", "failed") and j,
                       timeout=TWO_MINUTES, message="the PDF after the broker came back")
        assert job.state == "done", (job.error, worker.log_text()[-3000:])
        assert job.attempts == 1 and job.sent_at is not None
    finally:
        switch_broker(documents_broker)
        broker.stop()
