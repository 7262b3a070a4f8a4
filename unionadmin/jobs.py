"""Background jobs that are never lost: one mechanism for every job row a Celery task works on.

A job kind (``DocumentJob``, the members' ``ImportJob``) is a model that inherits
``TrackedJob``. The row is written first and is the truth; the broker only carries its id.
This module keeps four things on the row and acts on them:

* ``queued_at`` – when the job last started waiting for a worker (``dispatch``);
* ``sent_at`` – when the broker last accepted its message; empty while the broker could not
  take it (the user sees "queued", the sweep sends it when the broker is back);
* ``runner`` and ``heartbeat_at`` – who runs it (``host:pid``) and when that process last
  said so: the running task updates ``heartbeat_at`` every ``JOBS_HEARTBEAT_SECONDS`` from a
  thread of its own (``running``).

``sweep`` (beat, every ``JOBS_SWEEP_SECONDS``, and once when a worker starts) sends waiting
jobs whose message was never accepted or may be lost, and takes up jobs whose runner died
(heartbeat older than ``JOBS_STALE_SECONDS``, or a process on this machine that no longer
exists). Taking up is a conditional UPDATE on the runner seen, so exactly one sweep (or one
redelivered task) takes a job up; the model decides what that means (``job_interrupted``:
documents are queued again while attempts remain, an import ends "interrupted, nothing was
written").

A model that inherits ``TrackedJob`` provides:

* ``JOB_PENDING_STATES`` – the states in which a worker still has to do something;
* ``job_task_name()`` – the Celery task to send for the row's current state (or None);
* ``job_interrupted()`` – called with the row locked after its runner died; returns True
  when the job should be sent again (the row then waits again), False when it is final.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("unionadmin.jobs")

HOST = socket.gethostname()
# Publishing waits at most about a second for a broker that does not answer; the sweep sends
# the message later.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5}

BUSY, ORPHANED, FREE = "busy", "orphaned", "free"


def _seconds(name: str, default: int) -> timedelta:
    return timedelta(seconds=getattr(settings, name, default))


def heartbeat_every() -> timedelta:
    return _seconds("JOBS_HEARTBEAT_SECONDS", 10)


def stale_after() -> timedelta:
    return _seconds("JOBS_STALE_SECONDS", 45)


def send_grace() -> timedelta:
    """A job not yet sent this long after it was queued was not sent by its request."""
    return _seconds("JOBS_SEND_GRACE_SECONDS", 10)


def resend_after() -> timedelta:
    """A waiting job whose message was accepted this long ago is sent again (it may be lost)."""
    return _seconds("JOBS_RESEND_SECONDS", 600)


class TrackedJob(models.Model):
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    runner = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    JOB_PENDING_STATES: tuple = ()

    class Meta:
        abstract = True

    def job_task_name(self) -> str | None:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def job_interrupted(self) -> bool:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    @property
    def is_waiting_for_broker(self) -> bool:
        """Queued, but the broker has not taken its message yet (it is sent when it is back)."""
        return self.state in self.JOB_PENDING_STATES and not self.runner and self.sent_at is None


def job_models() -> list[type[TrackedJob]]:
    return [m for m in apps.get_models() if issubclass(m, TrackedJob)]


# --- sending ----------------------------------------------------------------------------------


def dispatch(job: TrackedJob) -> None:
    """The job waits for a worker from now: record it and send its message when the
    transaction commits. A broker that cannot take the message leaves the job queued, unsent;
    the sweep sends it later. Never raises for the broker."""
    job.queued_at, job.sent_at, job.runner, job.heartbeat_at = timezone.now(), None, "", None
    type(job).objects.filter(pk=job.pk).update(queued_at=job.queued_at, sent_at=None, runner="", heartbeat_at=None)
    model, pk = type(job), job.pk
    transaction.on_commit(lambda: send(model, pk))


def _publish(name: str, pk) -> None:
    from .celery import app

    if app.conf.task_always_eager:  # tests run the task here, as a worker would (send_task never does)
        if name not in app.tasks:
            app.loader.import_default_modules()
        app.tasks[name].apply_async((pk,))
        return
    # By name: a web process does not import every app's tasks modules for it (seconds, PDF
    # libraries included, paid by the first job each process sent). Routes apply by name.
    app.send_task(name, (pk,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)


def send(model: type[TrackedJob], pk, *, resend_if_sent_before=None) -> bool:
    """Hand job ``pk``'s message to the broker, once: the row is marked sent first (a
    conditional UPDATE, so two senders never both send) and unmarked if the broker refuses.
    ``resend_if_sent_before``: also send a job whose message was accepted before that time."""
    now = timezone.now()
    unsent = Q(sent_at__isnull=True)
    if resend_if_sent_before is not None:
        unsent |= Q(sent_at__lt=resend_if_sent_before)
    claimed = model.objects.filter(unsent, pk=pk, runner="", state__in=model.JOB_PENDING_STATES).update(sent_at=now)
    if not claimed:
        return False
    job = model.objects.filter(pk=pk).first()
    name = job.job_task_name() if job is not None else None
    if name is None:
        return False
    try:
        _publish(name, pk)
    except Exception:  # noqa: BLE001 - any broker fault: the job stays queued, unsent
        logger.warning("%s %s: the broker did not take the message; the sweep will send it",
                       model._meta.label, pk, exc_info=True)
        model.objects.filter(pk=pk, sent_at=now).update(sent_at=None)
        return False
    return True


def nudge(job: TrackedJob) -> None:
    """Someone asked again for a job that is still pending: take it up now if its runner died,
    send it again now if its message was never accepted or was accepted long ago."""
    now = timezone.now()
    model, pk = type(job), job.pk
    if job.runner:
        if runner_is_dead(job.runner, job.heartbeat_at, now):
            take_up(model, pk, job.runner, job.heartbeat_at)
        return
    if job.sent_at is None and job.queued_at is not None and job.queued_at > now - send_grace():
        return  # its own request is sending it right now
    resend_before = now - resend_after()
    transaction.on_commit(lambda: send(model, pk, resend_if_sent_before=resend_before))


# --- the running side --------------------------------------------------------------------------


def this_runner() -> str:
    return f"{HOST}:{os.getpid()}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a killed pool process not yet reaped by its parent is a zombie: gone too
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")
    except (OSError, IndexError):
        return False


def runner_is_dead(runner: str, heartbeat_at, now=None) -> bool:
    """No heartbeat for ``JOBS_STALE_SECONDS``, or its process on this machine is gone."""
    now = now or timezone.now()
    if heartbeat_at is None or heartbeat_at < now - stale_after():
        return True
    host, _, pid = runner.rpartition(":")
    return host == HOST and pid.isdigit() and _process_gone(int(pid))


def runner_status(job: TrackedJob) -> str:
    """For a task holding the row's lock: FREE (nobody runs it), BUSY (a live runner does:
    this delivery is a duplicate), ORPHANED (its runner died: this delivery is a redelivery)."""
    if not job.runner:
        return FREE
    return ORPHANED if runner_is_dead(job.runner, job.heartbeat_at) else BUSY


def begin(job: TrackedJob) -> list[str]:
    """Mark the (locked) row as run by this process; returns the fields to save."""
    job.runner, job.heartbeat_at = this_runner(), timezone.now()
    return ["runner", "heartbeat_at"]


class running:
    """``with running(job):`` beats the job's heart from a thread while the block runs (on a
    database connection of its own, so the task's open transaction does not hide it), and
    lets go of the job at the end."""

    def __init__(self, job: TrackedJob):
        self.model, self.pk, self.runner = type(job), job.pk, job.runner
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{self.pk}", daemon=True)

    def _beat(self):
        connection = None
        table = self.model._meta.db_table
        try:
            while not self.stop.wait(heartbeat_every().total_seconds()):
                try:
                    if connection is None:
                        connection = connections.create_connection("default")
                    with connection.cursor() as cursor:
                        cursor.execute(f'UPDATE "{table}" SET heartbeat_at = %s WHERE id = %s AND runner = %s',
                                       [timezone.now(), self.pk, self.runner])
                except DatabaseError:
                    logger.warning("%s %s: heartbeat not recorded", self.model._meta.label, self.pk, exc_info=True)
                    if connection is not None:
                        connection.close()
                        connection = None
        finally:
            if connection is not None:
                connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        self.model.objects.filter(pk=self.pk, runner=self.runner).update(runner="", heartbeat_at=None)
        return False


# --- the sweep ---------------------------------------------------------------------------------


def take_up(model: type[TrackedJob], pk, runner: str, heartbeat_at) -> bool:
    """Take up job ``pk`` whose runner ``runner`` died, exactly once: the conditional UPDATE
    on the runner and heartbeat seen succeeds for one caller only."""
    with transaction.atomic():
        seen = Q(heartbeat_at__isnull=True) if heartbeat_at is None else Q(heartbeat_at=heartbeat_at)
        if not model.objects.filter(seen, pk=pk, runner=runner).update(runner="", heartbeat_at=None):
            return False
        job = model.objects.select_for_update().get(pk=pk)
        again = job.job_interrupted()
        logger.warning("%s %s: its runner %s died; %s", model._meta.label, pk, runner,
                       "sent again" if again else "ended")
        if again:
            dispatch(job)
    return True


def sweep(*, at_worker_start: bool = False) -> dict:
    """Take up jobs whose runner died, send jobs whose message was never accepted or may be
    lost. At a worker's start every waiting job sent more than the grace period ago is sent
    again (a broker that restarted may have lost them all)."""
    now = timezone.now()
    report = {"taken_up": [], "sent": []}
    for model in job_models():
        label = model._meta.label
        for pk, runner, heartbeat_at in (
            model.objects.filter(state__in=model.JOB_PENDING_STATES).exclude(runner="")
            .values_list("pk", "runner", "heartbeat_at")
        ):
            if runner_is_dead(runner, heartbeat_at, now) and take_up(model, pk, runner, heartbeat_at):
                report["taken_up"].append(f"{label}:{pk}")
        waiting = model.objects.filter(state__in=model.JOB_PENDING_STATES, runner="")
        due = Q(sent_at__isnull=True, queued_at__lt=now - send_grace()) | Q(sent_at__isnull=True, queued_at__isnull=True)
        resend_before = now - (send_grace() if at_worker_start else resend_after())
        due |= Q(sent_at__lt=resend_before)
        for pk in waiting.filter(due).values_list("pk", flat=True):
            if send(model, pk, resend_if_sent_before=resend_before):
                report["sent"].append(f"{label}:{pk}")
    if report["taken_up"] or report["sent"]:
        logger.warning("job sweep%s: %s", " at worker start" if at_worker_start else "", report)
    return report


@shared_task(name="jobs.sweep", ignore_result=True)
def sweep_jobs() -> dict:
    return sweep()


@worker_ready.connect(dispatch_uid="unionadmin.jobs.sweep_at_worker_start")
def sweep_at_worker_start(**kwargs):
    try:
        sweep(at_worker_start=True)
    except Exception:  # noqa: BLE001 - a worker that cannot sweep still works; beat sweeps later
        logger.exception("the job sweep at worker start failed")
    finally:
        connections.close_all()  # the main process keeps no connection for pool processes to inherit
