"""Processes the tests start (workers, servers) end with the test run, however it ends.

A pytest run killed from outside (a timeout, Ctrl-C twice, a CI job cancelled) never reaches
its fixtures' teardown; a Celery worker it started would live on and take the next run's jobs
from the same broker database against a database that no longer exists. Linux's parent-death
signal ends the child when the test process dies."""
import ctypes
import signal

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def end_with_the_tests() -> None:
    """``preexec_fn`` for subprocess.Popen: the child gets SIGTERM when the test process dies."""
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
