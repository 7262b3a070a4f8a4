"""Background jobs are never lost (unionadmin/jobs.py): the broker may be down, a worker may
die; the job row says where the job stands and the sweep moves it on, exactly once.

These tests use the real broker of the test run (a private Redis database) or a port where
nothing listens; the real-worker stories are in tests/documents/test_job_recovery.py.
"""
import subprocess
import sys
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from members.imports import service as imports
from members.models import ImportJob, Member
from tests.documents.broker_server import free_port, switch_broker
from tests.documents.helpers import make_profiled_union
from tests.factories import RoleAssignmentFactory
from tests.members.sheets import csv_bytes, good_rows, upload
from unionadmin import jobs
from unionadmin.celery import app
from unionadmin.documents.services import MAX_ATTEMPTS, document_request
from unionadmin.models import DocumentJob


@pytest.fixture
def broker(documents_broker, workers):
    """The run's private broker, with no worker consuming it (a test worker of the session is
    stopped), so that the messages sent can be counted; they are removed afterwards."""
    if workers.current is not None and workers.current.alive:
        workers.current.stop()
    yield documents_broker
    redis.Redis.from_url(documents_broker).delete("pdf", "default")


@pytest.fixture
def broker_down(documents_broker):
    """A broker URL where nothing listens: every publish is refused."""
    switch_broker(f"redis://127.0.0.1:{free_port()}/0")
    yield
    switch_broker(documents_broker)


@pytest.fixture
def union(county):
    return make_profiled_union(county.federation, name="丙钢铁集团有限公司工会")


@pytest.fixture
def officer(union):
    return RoleAssignmentFactory(organisation=union, role="union_officer").user


def queued(model, **fields):
    return model.objects.filter(**fields)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# --- the broker is down ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_document_asked_for_while_the_broker_is_down_is_queued_not_a_500(client, officer, union, broker_down):
    client.force_login(officer)
    response = client.post(reverse("documents:request"), {"kind": "organisation_profile", "pk": union.pk})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[job.pk])
    assert job.state == "queued" and job.sent_at is None and job.queued_at is not None
    client.cookies["django_language"] = "en"
    page = client.get(reverse("documents:detail", args=[job.pk])).content.decode()
    assert "cannot be reached just now" in page and "will be made as soon as it is back" in page


@pytest.mark.django_db(transaction=True)
def test_an_import_checked_while_the_broker_is_down_waits_and_is_sent_by_the_sweep(client, county, officer_a, broker,
                                                                                  broker_down, documents_broker):
    client.force_login(officer_a)
    client.post(reverse("members:import_start"), {"union": county.a.pk, "file": upload(csv_bytes(good_rows(2)))})
    job = ImportJob.objects.get()
    response = client.post(reverse("members:import_mapping", args=[job.pk]),
                           {f"col_{i}": job.mapping.get(str(i), "") for i in range(len(job.columns))})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKING and job.sent_at is None
    assert jobs.sweep()["sent"] == []  # still down, and within the grace period anyway
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=1))
    switch_broker(documents_broker)  # the broker is back
    try:
        assert jobs.sweep()["sent"] == [f"members.ImportJob:{job.pk}"]
        assert jobs.sweep()["sent"] == []  # once
        job.refresh_from_db()
        assert job.sent_at is not None
        assert redis.Redis.from_url(documents_broker).llen("default") == 1
    finally:
        redis.Redis.from_url(documents_broker).delete("default")


# --- a dead runner is taken up, exactly once ---------------------------------------------------


def test_a_document_whose_heartbeat_stopped_is_queued_again_exactly_once(officer, union, broker,
                                                                        django_capture_on_commit_callbacks):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    stale = timezone.now() - timedelta(minutes=2)
    queued(DocumentJob, pk=job.pk).update(state="running", attempts=1, runner="elsewhere:4242", heartbeat_at=stale)
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.sweep()
    with django_capture_on_commit_callbacks(execute=True):
        second = jobs.sweep()
    assert first["taken_up"] == [f"unionadmin.DocumentJob:{job.pk}"] and second["taken_up"] == []
    job.refresh_from_db()
    assert job.state == "queued" and job.runner == "" and job.attempts == 1 and job.sent_at is not None
    assert redis.Redis.from_url(broker).llen("pdf") == 1  # sent once


def test_two_sweeps_seeing_the_same_dead_runner_take_it_up_once(officer, union, broker):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    stale = timezone.now() - timedelta(minutes=2)
    queued(DocumentJob, pk=job.pk).update(state="running", attempts=1, runner="elsewhere:4242", heartbeat_at=stale)
    results = [jobs.take_up(DocumentJob, job.pk, "elsewhere:4242", stale) for _ in range(2)]
    assert results == [True, False]


def test_a_live_runner_elsewhere_is_left_alone(officer, union, broker):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="running", runner="elsewhere:4242", heartbeat_at=timezone.now(),
                                          sent_at=timezone.now())
    assert jobs.sweep() == {"taken_up": [], "sent": []}


def test_a_runner_whose_process_is_gone_on_this_machine_is_taken_up_at_once(officer, union, broker,
                                                                            django_capture_on_commit_callbacks):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="running", attempts=1, runner=f"{jobs.HOST}:{dead_pid()}",
                                          heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep()["taken_up"] == [f"unionadmin.DocumentJob:{job.pk}"]


def test_a_document_out_of_attempts_is_failed_when_taken_up(officer, union, broker):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="running", attempts=MAX_ATTEMPTS, runner="elsewhere:1",
                                          heartbeat_at=timezone.now() - timedelta(minutes=5))
    jobs.sweep()
    job.refresh_from_db()
    assert job.state == "failed" and job.error and job.can_retry


def test_asking_again_for_a_stuck_document_takes_it_up_instead_of_handing_back_the_stuck_job(
        officer, union, broker, django_capture_on_commit_callbacks):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="running", attempts=1, runner="elsewhere:1",
                                          heartbeat_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        again = document_request(user=officer, kind="organisation_profile", obj=union)
    again.refresh_from_db()
    assert again.pk == job.pk and again.state == "queued" and again.runner == "" and again.sent_at is not None


def test_asking_again_for_a_document_whose_message_was_never_sent_sends_it(officer, union, broker,
                                                                          django_capture_on_commit_callbacks):
    job = document_request(user=officer, kind="organisation_profile", obj=union)  # on_commit never ran: unsent
    queued(DocumentJob, pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        document_request(user=officer, kind="organisation_profile", obj=union)
    job.refresh_from_db()
    assert job.sent_at is not None and redis.Redis.from_url(broker).llen("pdf") == 1


# --- imports: interrupted, nothing written, retry --------------------------------------------


def _checked_import(union, user):
    job = imports.import_upload(user=user, union=union, uploaded=upload(csv_bytes(good_rows(3))))
    imports.import_set_mapping(job, job.mapping)
    imports.import_check(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and job.to_create == 3
    return job


def test_an_import_whose_worker_died_ends_interrupted_with_nothing_written(client, county, officer_a, broker):
    job = _checked_import(county.a, officer_a)
    imports.import_request_apply(job)
    queued(ImportJob, pk=job.pk).update(state="running", attempts=1, runner="elsewhere:7",
                                        heartbeat_at=timezone.now() - timedelta(minutes=1), progress=40)
    assert jobs.sweep()["taken_up"] == [f"members.ImportJob:{job.pk}"]
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.failure == {"code": "interrupted", "params": {}, "step": "apply"}
    assert Member.objects.count() == 0 and job.can_retry
    client.force_login(officer_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "interrupted before it finished" in page and "nothing was written" in page
    assert reverse("members:import_retry", args=[job.pk]) in page and "Importing…" not in page


def test_an_interrupted_import_is_retried_by_the_person_who_asked_and_imports(client, county, officer_a, broker,
                                                                             django_capture_on_commit_callbacks):
    job = _checked_import(county.a, officer_a)
    queued(ImportJob, pk=job.pk).update(state="failed", failure={"code": "interrupted", "params": {}, "step": "apply"})
    client.force_login(officer_a)
    app.conf.task_always_eager = True  # the worker's part runs here once the request commits
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:import_retry", args=[job.pk]))
    finally:
        app.conf.task_always_eager = False
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Member.objects.filter(union=county.a).count() == 3


def test_only_the_person_who_asked_may_retry_an_import(client, county, officer_a, broker):
    job = _checked_import(county.a, officer_a)
    queued(ImportJob, pk=job.pk).update(state="failed", failure={"code": "interrupted", "params": {}, "step": "check"})
    colleague = RoleAssignmentFactory(organisation=county.a, role="union_officer").user
    client.force_login(colleague)
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert reverse("members:import_retry", args=[job.pk]) not in page
    assert client.post(reverse("members:import_retry", args=[job.pk])).status_code == 403  # sees it, may not
    assert client.get(reverse("members:import_retry", args=[job.pk])).status_code in (404, 405)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED


def test_a_refused_file_is_not_offered_a_retry(client, county, officer_a, broker):
    job = _checked_import(county.a, officer_a)
    queued(ImportJob, pk=job.pk).update(state="failed", failure={"code": "encrypted", "params": {}, "step": "check"})
    client.force_login(officer_a)
    assert reverse("members:import_retry", args=[job.pk]) not in client.get(
        reverse("members:import_detail", args=[job.pk])).content.decode()
    client.post(reverse("members:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED


# --- documents: retry ----------------------------------------------------------------------------


def test_a_failed_document_has_a_retry_button_for_the_person_who_asked(client, officer, union, broker, federation_admin,
                                                                       django_capture_on_commit_callbacks):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="failed", attempts=MAX_ATTEMPTS, error="could not be produced")
    retry = reverse("documents:retry", args=[job.pk])
    client.force_login(officer)
    assert retry in client.get(reverse("documents:detail", args=[job.pk])).content.decode()
    assert retry in client.get(reverse("documents:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "queued" and job.attempts == 0 and job.error == "" and job.sent_at is not None
    assert client.post(retry).status_code == 302  # not failed any more: a message, nothing done
    job.refresh_from_db()
    assert job.state == "queued"


def test_nobody_else_may_retry_a_document(client, officer, union, broker, federation_admin, superuser):
    job = document_request(user=officer, kind="organisation_profile", obj=union)
    queued(DocumentJob, pk=job.pk).update(state="failed", error="x")
    for other in (federation_admin, superuser):
        client.force_login(other)
        assert client.post(reverse("documents:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == "failed"


def test_an_import_stopped_by_the_time_limit_ends_interrupted_and_may_be_retried(county, officer_a, broker,
                                                                                 monkeypatch):
    """Celery raises SoftTimeLimitExceeded inside a task that runs too long; the check stops."""
    from celery.exceptions import SoftTimeLimitExceeded

    job = imports.import_upload(user=officer_a, union=county.a, uploaded=upload(csv_bytes(good_rows(3))))
    imports.import_set_mapping(job, job.mapping)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(imports, "check", too_slow)
    imports.import_check(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.failure["code"] == "interrupted"
    assert job.runner == "" and job.can_retry and Member.objects.count() == 0
