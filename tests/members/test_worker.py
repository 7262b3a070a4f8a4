"""A large roster through a real Celery worker: the job row moves, the page can poll it."""
import datetime
import time

import pytest
from django.db import transaction

from members.imports import service
from members.models import ImportJob, Member
from tests.documents.fixtures import wait_for
from tests.factories import FederationFactory, GrassrootsFactory, RoleAssignmentFactory

from .sheets import upload, xlsx_bytes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def roster(rows: int) -> bytes:
    from members.validators import id_check_character

    data = []
    for i in range(rows):
        first17 = f"5130{i // 1000:02d}1990{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        number = first17 + id_check_character(first17)
        data.append([f"会员{i}", "男" if int(number[16]) % 2 else "女", number, "", datetime.date(2015, 1, 1), "", ""])
    return xlsx_bytes(data)


def test_a_large_import_runs_in_the_worker_with_progress(worker):
    union = GrassrootsFactory(parent=FederationFactory())
    officer = RoleAssignmentFactory(organisation=union).user
    data = roster(20_000)
    job = service.import_upload(user=officer, union=union, uploaded=upload(data))
    with transaction.atomic():
        service.import_set_mapping(job, job.mapping)  # the task is sent when this commits
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKING  # not done in the request
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).state == ImportJob.State.CHECKED, timeout=90,
             message="the worker checks the file")
    job.refresh_from_db()
    assert (job.error_count, job.to_create) == (0, 20_000)

    with transaction.atomic():
        service.import_request_apply(job)
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        current = ImportJob.objects.get(pk=job.pk)
        seen.add((current.state, current.progress))
        if current.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
            break
        time.sleep(0.05)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, (job.failure, worker.log_text()[-2000:])
    assert Member.objects.filter(union=union).count() == 20_000
    assert Member.history.filter(history_user=officer).count() == 20_000
    progress = sorted(p for state, p in seen if state == ImportJob.State.RUNNING)
    assert progress and progress[-1] > progress[0]  # the bar moved while the worker wrote
    # Written once: on a busy machine the test workers' 10-s visibility timeout may deliver the
    # message again while the write runs; that delivery finds a live runner and does nothing.
    assert job.attempts == 1 and worker.received("members.tasks.apply_import") >= 1
