"""A real streaming replica for the replica tests: a throwaway primary (initdb, WAL level
``replica``) holding a copy of the test database, and a hot standby made from it with
``pg_basebackup -R``, each on a free port under a temporary directory, run as the
``postgres`` system user when the tests run as root. Never the machine's own PostgreSQL
beyond reading the test database to copy it.

Django runs against the pair in other processes (the site under gunicorn, or
``manage.py shell``), configured the way an operator configures it: ``DATABASE_URL`` and
``DATABASE_REPLICA_URL``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import psycopg2

from tests.documents.broker_server import free_port

from .outage_servers import BASE_DIR, PG_BIN, PostgresServer, wait_for

DATABASE = "unionadmin"


class ReplicatedPostgres:
    """A primary (``self.primary``, a PostgresServer) and its streaming replica."""

    def __init__(self):
        self.primary = PostgresServer()
        self.replica_port = free_port()
        self.replica_data = self.primary.directory / "replica"

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, copy_of: dict) -> "ReplicatedPostgres":
        """Start the primary with a copy of the database ``copy_of`` (a Django settings dict),
        clone it with pg_basebackup and start the replica streaming from it."""
        self.primary.start()
        self.primary.copy_database(copy_of, DATABASE)
        # -R writes standby.signal and primary_conninfo: the clone starts as a streaming standby.
        # A fast checkpoint: the default spread one waits most of checkpoint_timeout.
        self.primary._run(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres",
                          "-D", self.replica_data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        self.start_replica()
        self.wait_until_caught_up()
        return self

    def start_replica(self):
        options = (f"-p {self.replica_port} -k {self.primary.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c hot_standby=on")
        self.primary._run(PG_BIN / "pg_ctl", "-D", self.replica_data, "-l", self.primary.directory / "replica.log",
                          "-o", options, "-w", "start")

    def stop_replica(self):
        self.primary._run(PG_BIN / "pg_ctl", "-D", self.replica_data, "-m", "fast", "-w", "stop")

    @property
    def replica_running(self) -> bool:
        return (self.replica_data / "postmaster.pid").exists()

    def remove(self):
        if self.replica_running:
            subprocess.run([*self.primary._as, str(PG_BIN / "pg_ctl"), "-D", str(self.replica_data), "-m",
                            "immediate", "stop"], capture_output=True, timeout=60)
        self.primary.remove()

    # --- SQL --------------------------------------------------------------------------------

    def url(self, which: str) -> str:
        port = self.primary.port if which == "primary" else self.replica_port
        return f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"

    def query(self, which: str, sql: str, params=()):
        port = self.primary.port if which == "primary" else self.replica_port
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=DATABASE,
                                      connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def wait_until_caught_up(self, deadline: float = 30.0):
        """Until the replica has replayed everything the primary has committed so far (its flush
        position: an idle primary's insert position may wait in its buffers for a long time)."""
        target = self.query("primary", "SELECT pg_current_wal_flush_lsn()::text")[0][0]
        wait_for(lambda: self.query("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])[0][0],
                 f"the replica to replay up to {target}", deadline=deadline, every=0.02)

    def pause_replay(self):
        self.query("replica", "SELECT pg_wal_replay_pause()")
        # 'pause requested' already stops replay before the next record; 'paused' once it has.
        state = self.query("replica", "SELECT pg_get_wal_replay_pause_state()")[0][0]
        assert state in {"pause requested", "paused"}, state

    def resume_replay(self):
        self.query("replica", "SELECT pg_wal_replay_resume()")

    # --- Django against the pair --------------------------------------------------------------

    def environment(self, **more) -> dict:
        return {"DATABASE_URL": self.url("primary"), "DATABASE_REPLICA_URL": self.url("replica"), **more}

    def django(self, code: str, **environment) -> dict:
        """Run ``code`` in ``manage.py shell`` against the pair; it prints one JSON line last,
        which is returned."""
        env = {**os.environ, **self.environment(**environment), "PYTHONUNBUFFERED": "1"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run([sys.executable, "manage.py", "shell", "-c", textwrap.dedent(code)], cwd=BASE_DIR,
                                env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])
