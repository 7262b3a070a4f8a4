"""Document kinds that misbehave on purpose, for the worker tests.

Imported by the test process (conftest) and by the test workers (``celery worker -I
tests.documents.worker_kinds``), so both sides know the kinds. The misbehaviour happens only
inside a test worker (DOCUMENTS_TEST_WORKER=1): the request side renders the same HTML
normally, so the content hash is computed as usual.
"""
import os
import signal
import time

from unionadmin.documents.kinds import DocumentKind, registry
from unionadmin.documents.profile import profile_context, profile_filename
from unionadmin.models import Organisation

IN_TEST_WORKER = os.environ.get("DOCUMENTS_TEST_WORKER") == "1"


def slow_context(organisation, options):
    """Sleeps ``options["sleep"]`` seconds (default 5) in the worker: time to kill it."""
    if IN_TEST_WORKER:
        time.sleep(float(options.get("sleep", 5)))
    return profile_context(organisation, options)


def poison_context(organisation, options):
    """Kills the process rendering it, every time (an OOM kill, a segfault in a C library)."""
    if IN_TEST_WORKER:
        os.kill(os.getpid(), signal.SIGKILL)
    return profile_context(organisation, options)


def broken_context(organisation, options):
    """Bad data found only at render time: a real error, not a passing fault."""
    if IN_TEST_WORKER or options.get("break_in_process"):
        raise ValueError("unexpected data in the record")
    return profile_context(organisation, options)


def _kind(code, context):
    return DocumentKind(
        code=code, label=code, model=Organisation, template="documents/organisation_profile.html",
        context=context, filename=profile_filename, organisation=lambda organisation: organisation,
        allowed_options=("sleep",),
    )


SLOW = registry.register(_kind("test_slow", slow_context))
POISON = registry.register(_kind("test_poison", poison_context))
BROKEN = registry.register(_kind("test_broken", broken_context))
