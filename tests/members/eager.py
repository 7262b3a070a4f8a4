"""Running an import's tasks in the test process, for the tests that are about the import's
rules rather than its delivery (that is tests/members/test_worker.py, with a real worker)."""
import contextlib

from django.test import TestCase

from unionadmin.celery import app


@contextlib.contextmanager
def worker_runs_it():
    """The tasks a request sends when it commits run right after it, here, as a worker would
    run them (Celery's eager mode); nothing is sent to a broker."""
    app.conf.task_always_eager = True
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        app.conf.task_always_eager = False
