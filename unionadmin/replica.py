"""Reports from a streaming replica (issue 20): which work reads there, and when it may not.

With ``DATABASE_REPLICA_URL`` set, the settings add a second database alias, ``replica`` (a
PostgreSQL hot standby fed by streaming replication), the router
``unionadmin.db_routers.ReportReplicaRouter`` and ``ReportReadsMiddleware``. Without it none
of this is installed and everything reads and writes the one database.

Report work is declared here and nowhere else:

* ``REPORT_PAGES``: the URL names whose GET is report work — the dashboard and its
  drill-down, the exports (XLSX/CSV downloads), the welfare reports, a competition's results,
  the finance statements and the assessment results. The middleware
  evaluates them in ``process_view``, so no view of the apps knows about the replica.
* ``report_reads()``: a context manager for work outside a request (the PDF pipeline's data
  gathering in the worker).

Inside report work, reads of every model go to the replica; writes always go to the primary
(the router), and reads inside an ``atomic`` block on the primary stay there (the block may
read what it has just written). The routing decision is made once, on entry, and kept in a
context variable, so threads and async tasks each have their own.

Never read back an older state than the person has seen:

* read-your-writes: after a request of a signed-in person that wrote (an unsafe method, or any
  INSERT/UPDATE/DELETE/COPY the request sent to the primary), the primary's WAL flush position
  is kept in the session (``FENCE_SESSION_KEY``). A report request of that session reads the
  replica only once the replica has replayed that far (``pg_last_wal_replay_lsn()``, one cheap
  query that also tells a replica that answers from one that does not); otherwise the primary.
* a job: ``report_reads()`` takes the primary's position on entry and gives the replica
  ``CATCH_UP_SECONDS`` to replay that far, else reads the primary, so a PDF shows everything
  committed before its render started (the request that asked for it included).
* a replica that is down, unreachable or not replaying (promoted, misconfigured) costs at most
  its connect timeout once: reports read the primary for ``RETRY_AFTER_SECONDS``, with a
  warning in the log, then the replica is tried again.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections

logger = logging.getLogger("unionadmin.replica")

PRIMARY = "default"
REPLICA = "replica"

# GET (or HEAD) of these pages is report work: it reads many rows and writes nothing the page
# itself shows, so a replica a moment behind serves it as well as the primary. Exports may
# still write their audit event: writes always go to the primary.
REPORT_PAGES = frozenset({
    # the dashboard and its drill-down
    "dashboard",
    "dashboard_indicator",
    # reports and results read on screen
    "welfare:reports",
    "competitions:competition_results",
    "finance:statement",
    # assessment results and their workbooks
    "assessment:results",
    "assessment:rubric_export",
    "assessment:sheet_export",
    # exports: XLSX/CSV downloads
    "members:member_export_xlsx",
    "members:member_export_csv",
    "competitions:competition_export",
    "congress:register_export",
    "finance:voucher_export",
    "finance:statement_export",
    "welfare:grant_export",
    "welfare:care_round_export",
})
REPORT_METHODS = frozenset({"GET", "HEAD"})
# A request of another method may have written even when no statement shows it (a COPY
# through the driver's own API): it sets the fence whatever it sent.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Apps never read from the replica, even in report work: a session written a moment ago on
# the primary (a login) must be found.
PRIMARY_ONLY_APPS = frozenset({"sessions"})

FENCE_SESSION_KEY = "_replica_fence"
CATCH_UP_SECONDS = 1.0
CATCH_UP_POLL_SECONDS = 0.02
RETRY_AFTER_SECONDS = 30.0

# The alias reads of the current report work go to; None outside report work.
_reads_from: ContextVar[str | None] = ContextVar("unionadmin_report_reads_from", default=None)

_WRITE_STATEMENT = re.compile(
    r"^\s*(?:(?:INSERT|UPDATE|DELETE|MERGE|COPY|TRUNCATE)\b|WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b)",
    re.IGNORECASE | re.DOTALL,
)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias(model) -> str | None:
    """The router's answer for a read of ``model``: the replica inside report work, else None."""
    if _reads_from.get() != REPLICA:
        return None
    if model._meta.app_label in PRIMARY_ONLY_APPS:
        return None
    # An atomic block on the primary may read what it has just written (or locked).
    if connections[PRIMARY].in_atomic_block:
        return None
    return REPLICA


def primary_position() -> str:
    """The primary's WAL flush position now: every commit acknowledged so far lies before it.

    The flush position, because it is what the primary streams: the insert position may end
    in a record nobody commits (the bgwriter's snapshot of running transactions) that sits in
    the WAL buffers until the next page fills, and a fence there would keep reports on the
    primary on a quiet server. A commit is flushed before it is acknowledged while
    ``synchronous_commit`` is on (PostgreSQL's default, which unionadmin keeps).
    """
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
        return cursor.fetchone()[0]


class _ReplicaHealth:
    """When the replica last failed, per process: a dead replica costs one connect timeout
    per RETRY_AFTER_SECONDS, not one per report."""

    def __init__(self):
        self._lock = threading.Lock()
        self._down_until = 0.0

    def usable(self) -> bool:
        return time.monotonic() >= self._down_until

    def failed(self, reason: str) -> None:
        with self._lock:
            already = not self.usable()
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        if not already:
            logger.warning("replica unusable (%s): reports read the primary for the next %d s",
                           reason, RETRY_AFTER_SECONDS)


health = _ReplicaHealth()


def _replayed(not_before: str | None) -> bool | None:
    """Whether the replica has replayed up to ``not_before`` (any position when None);
    None when it cannot serve at all (down, or not a standby)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn() IS NOT NULL, pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [not_before or "0/0"],
            )
            in_recovery, replayed = cursor.fetchone()
    except DatabaseError as error:
        try:
            connections[REPLICA].close()
        except DatabaseError:
            pass
        first_line = (str(error).strip().splitlines() or [""])[0]
        health.failed(f"{error.__class__.__name__}: {first_line}")
        return None
    if not in_recovery:
        # A promoted or misconfigured replica is a database of its own: what it holds may
        # have parted from the primary's.
        health.failed("it is not replaying the primary's WAL (pg_last_wal_replay_lsn() is NULL)")
        return None
    return bool(replayed)


def choose(not_before: str | None = None, wait: float = 0.0) -> str:
    """The alias report reads go to: the replica when it answers and has replayed up to
    ``not_before`` (waiting up to ``wait`` seconds for it), else the primary."""
    if not configured() or not health.usable():
        return PRIMARY
    deadline = time.monotonic() + wait
    while True:
        replayed = _replayed(not_before)
        if replayed is None:
            return PRIMARY
        if replayed:
            return REPLICA
        if time.monotonic() >= deadline:
            logger.debug("replica not yet at %s: reading the primary", not_before)
            return PRIMARY
        time.sleep(CATCH_UP_POLL_SECONDS)


@contextmanager
def report_reads():
    """Reads inside the block are report work (a job's data gathering): the replica when it
    has replayed everything committed on the primary before the block began, else the
    primary. Writes go to the primary either way. Without a replica, nothing changes."""
    if not configured():
        yield PRIMARY
        return
    alias = PRIMARY
    if health.usable() and not connections[PRIMARY].in_atomic_block:
        alias = choose(not_before=primary_position(), wait=CATCH_UP_SECONDS)
    token = _reads_from.set(alias)
    try:
        yield alias
    finally:
        _reads_from.reset(token)


def _reading(iterator, alias):
    """A streaming response's chunks, each produced inside the request's report reads: a
    streamed export runs its queries after the middleware has returned."""
    iterator = iter(iterator)
    while True:
        token = _reads_from.set(alias)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reads_from.reset(token)
        yield chunk


class _WriteWatch:
    """An execute wrapper on the primary's connection: notes whether the request wrote."""

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and _WRITE_STATEMENT.match(sql or ""):
            self.wrote = True
        return execute(sql, params, many, context)


class ReportReadsMiddleware:
    """Routes the reads of declared report pages (REPORT_PAGES) to the replica, and keeps the
    read-your-writes fence of a session that wrote. Placed after the authentication middleware
    (it reads the session and the user), inside the session middleware (which saves the fence)."""

    def __init__(self, get_response):
        if not configured():
            raise MiddlewareNotUsed("no replica configured (DATABASE_REPLICA_URL)")
        self.get_response = get_response

    def __call__(self, request):
        request.report_reads_from = None
        watch = _WriteWatch()
        _reads_from.set(None)
        try:
            with connections[PRIMARY].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _reads_from.set(None)
        if request.report_reads_from == REPLICA and response.streaming:
            response.streaming_content = _reading(response.streaming_content, REPLICA)
        if watch.wrote or request.method not in SAFE_METHODS:
            self._fence(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method not in REPORT_METHODS or match is None or match.view_name not in REPORT_PAGES:
            return None
        # The session and the user come from the primary before reads turn: a login or a role
        # granted a moment ago must count.
        user = request.user
        if not user.is_authenticated:
            return None
        alias = choose(not_before=request.session.get(FENCE_SESSION_KEY))
        request.report_reads_from = alias
        _reads_from.set(alias)
        return None

    @staticmethod
    def _fence(request) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        try:
            request.session[FENCE_SESSION_KEY] = primary_position()
        except DatabaseError as error:  # the primary went away after the view: its answer stands
            logger.warning("replica fence not kept after %s %s (%s)", request.method, request.path,
                           error.__class__.__name__)
