"""Fixtures for the PDF pipeline: a private media directory and REAL Celery workers.

Run with a private database and Redis database, as every helper/CI run should:

    TEST_DATABASE_NAME=test_ua_docs REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python -m pytest tests/documents -q

Worker tests (``@pytest.mark.worker``) need ``@pytest.mark.django_db(transaction=True)``: the
worker is another process and only sees committed rows. The worker is
``celery -A unionadmin worker -Q default,pdf -c 1 --pool prefork`` with DATABASE_URL pointing
at pytest-django's test database, the same broker, the same MEDIA_ROOT, and
``-I tests.documents.worker_kinds`` so it knows the misbehaving test kinds.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from unionadmin import celery_app

from ..processes import end_with_the_tests
from . import worker_kinds  # noqa: F401  (registers the test kinds in this process)

BASE_DIR = Path(settings.BASE_DIR)
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
# Short, so a message held by a worker that was killed as a whole is redelivered within the
# test (the production value is 600 s; see docs/decisions.md).
TEST_VISIBILITY_TIMEOUT = 10


def private_broker_url() -> str:
    """The test broker: REDIS_URL if it names a database other than 0 (the development one),
    else database 7 of the same server. Flushed by the worker fixture."""
    url = os.environ.get("REDIS_URL", settings.CELERY_BROKER_URL)
    base, _, db = url.rpartition("/")
    if not db.isdigit() or db == "0":
        url = (base if db.isdigit() else url.rstrip("/")) + "/7"
    return url


@pytest.fixture(scope="session", autouse=True)
def documents_broker():
    """Tasks sent by these tests go to the private broker, never to the development queue."""
    broker = private_broker_url()
    saved = celery_app.conf.broker_url
    _use_broker(broker)
    yield broker
    _use_broker(saved)


def _use_broker(url):
    celery_app.conf.broker_url = url
    if celery_app._pool is not None:  # drop connections made to another broker
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="session", autouse=True)
def documents_media_root(tmp_path_factory):
    """Every test here stores files in a private MEDIA_ROOT (the workers get the same one)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)):
        yield media


def stored_pdfs(media_root: Path) -> list[Path]:
    return sorted((media_root / "documents").rglob("*.pdf")) if (media_root / "documents").exists() else []


class Worker:
    """One real worker process group (main process + prefork children)."""

    def __init__(self, name: str, env: dict, log_path: Path, extra_args=()):
        self.name = name
        self.env = env
        self.log_path = log_path
        self.extra_args = list(extra_args)  # e.g. ["-B", "-s", path]: beat inside this worker
        self.proc: subprocess.Popen | None = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(CELERY), "-A", "unionadmin", "worker", "-Q", "default,pdf", "-c", "1", "--pool", "prefork",
             "-n", f"{self.name}@localhost", "--loglevel", "INFO", "-I", "tests.documents.worker_kinds",
             "--without-gossip", "--without-mingle", "--without-heartbeat", *self.extra_args],
            cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=end_with_the_tests,
        )
        return self

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited ({self.proc.returncode}):\n{self.log_text()[-3000:]}")
            if re.search(rf"{re.escape(self.name)}@localhost ready\.", self.log_text()):
                return self
            time.sleep(0.1)
        raise RuntimeError(f"worker {self.name} not ready after {timeout}s:\n{self.log_text()[-3000:]}")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except FileNotFoundError:
            return []

    def received(self, task="documents.render") -> int:
        return len(re.findall(rf"Task {re.escape(task)}\[[0-9a-f-]+\] received", self.log_text()))

    def kill(self):
        """SIGKILL the whole process group: nothing gets to acknowledge or requeue anything."""
        if self.alive:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.close()

    def stop(self):
        if self.alive:
            os.killpg(self.proc.pid, signal.SIGTERM)  # warm shutdown
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.log.close()


class Workers:
    """Starts workers on demand for the session; each worker logs to its own file."""

    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.count = 0
        self.current: Worker | None = None

    def start(self) -> Worker:
        self.count += 1
        worker = Worker(f"docs-test-{self.count}", self.env, self.log_dir / f"worker-{self.count}.log")
        self.current = worker.start().wait_ready()
        return self.current

    def ensure(self) -> Worker:
        if self.current is None or not self.current.alive:
            return self.start()
        return self.current

    def stop_all(self):
        if self.current is not None:
            self.current.stop()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{'@' if auth else ''}{host}:{port}/{db['NAME']}"


@pytest.fixture(scope="session")
def workers(django_db_setup, django_db_blocker, documents_broker, documents_media_root, tmp_path_factory):
    broker = documents_broker
    redis.Redis.from_url(broker).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database, by its test name
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": broker,
        "MEDIA_ROOT": str(documents_media_root),
        "CELERY_VISIBILITY_TIMEOUT": str(TEST_VISIBILITY_TIMEOUT),
        "DOCUMENTS_TEST_WORKER": "1",
        "PYTHONPATH": str(BASE_DIR),
    }
    manager = Workers(env, tmp_path_factory.mktemp("workers"))
    yield manager
    manager.stop_all()


@pytest.fixture
def worker(workers) -> Worker:
    """A running worker (started if the previous test killed it)."""
    return workers.ensure()


def wait_for(predicate, timeout=30, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
