"""Real servers for the outage tests: a throwaway PostgreSQL cluster,
the site itself under gunicorn (started the way the Procfile starts it), and a small
cookie-keeping HTTP client. Each server runs on a free port under a temporary directory and
is stopped by the test that started it; the machine's own PostgreSQL and Redis are never
touched beyond reading the test database. The private redis-server is the broker tests'
(``tests/documents/broker_server.py``).
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from tests.documents.broker_server import free_port
from tests.processes import end_with_the_tests

BASE_DIR = Path(settings.BASE_DIR)
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def wait_for(check, what: str, deadline: float = 30.0, every: float = 0.1):
    """Poll ``check()`` until it returns something truthy; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"gave up after {deadline:.0f} s waiting for {what}")
        time.sleep(every)


# --- PostgreSQL -------------------------------------------------------------------------------

class PostgresServer:
    """A throwaway PostgreSQL 15 cluster (initdb + pg_ctl) on a free port, run as the
    ``postgres`` system user when the tests run as root (PostgreSQL refuses root)."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="ua-outage-pg-"))
        self.port = free_port()
        self.data = self.directory / "data"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale", "C", "--no-sync")

    def _run(self, *args):
        result = subprocess.run([*self._as, *map(str, args)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> "PostgresServer":
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.directory / "postgres.log", "-o", options,
                  "-w", "start")
        return self

    def stop(self):
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def copy_database(self, source: dict, name: str):
        """pg_dump the database ``source`` (a Django settings dict) and restore it here as ``name``."""
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        dump = self.directory / "copy.dump"
        result = subprocess.run(
            ["pg_dump", "-Fc", "-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432),
             "-U", source["USER"], "-f", str(dump), source["NAME"]],
            capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        for command in (["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-E", "UTF8",
                         "-T", "template0", name],
                        ["pg_restore", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "--no-owner",
                         "-d", name, str(dump)]):
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self._as, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(self.directory, ignore_errors=True)


def database_url(settings_dict: dict) -> str:
    user = urllib.parse.quote(settings_dict["USER"] or "")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{urllib.parse.quote(password)}" if password else user
    return (f"postgres://{credentials}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
            f"{settings_dict['NAME']}")


# --- the site ---------------------------------------------------------------------------------

def procfile_command(name: str) -> list[str]:
    """The command line of one Procfile process, split as a shell would."""
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return shlex.split(line.split(":", 1)[1])
    raise AssertionError(f"the Procfile has no {name!r} process")


def _option(args: list[str], name: str, value: str) -> list[str]:
    args = list(args)
    if name in args:
        args[args.index(name) + 1] = value
    else:
        args += [name, value]
    return args


class WebServer:
    """The site under gunicorn, started with the Procfile's web command (one worker, a free
    port), a private HOME and the given environment."""

    def __init__(self, directory: Path, **environment):
        self.directory = directory
        self.port = free_port()
        self.home = directory / "home"
        self.home.mkdir(exist_ok=True)
        args = procfile_command("web")
        args = _option(_option(args, "--bind", f"127.0.0.1:{self.port}"), "--workers", "1")
        args = _option(args, "--threads", "2")
        args[0] = str(BASE_DIR / args[0])
        env = {**os.environ, "HOME": str(self.home), "DEBUG": "false", "DJANGO_ENV": "development",
               "PYTHONUNBUFFERED": "1", **environment}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = directory / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=open(self.log, "ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=end_with_the_tests)
        try:
            wait_for(self._ready, "gunicorn to answer /healthz", deadline=90)
        except AssertionError:
            self.stop()
            raise AssertionError(self.log_tail()) from None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            urllib.request.urlopen(self.base + "/healthz", timeout=5)
        except urllib.error.HTTPError:
            return True  # answering, even if degraded
        except OSError:
            return False
        return True

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


# --- a browser without a browser --------------------------------------------------------------

@dataclass
class Page:
    status: int
    body: str
    headers: dict
    url: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """Keeps cookies like a browser, posts forms with their CSRF token, never follows redirects."""

    base: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def set_cookie(self, name: str, value: str):
        self.cookies.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, True, None, None, {}))

    def _open(self, request) -> Page:
        started = time.monotonic()
        try:
            response = self._opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read().decode("utf-8", errors="replace")
        return Page(response.status, body, dict(response.headers), request.full_url, time.monotonic() - started)

    def get(self, path: str) -> Page:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> Page:
        token = self.cookie(settings.CSRF_COOKIE_NAME)
        if token is None:
            self.get(path)  # the form page sets the CSRF cookie
            token = self.cookie(settings.CSRF_COOKIE_NAME)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token or ""}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST",
                                                 headers={"Referer": self.base + path}))

    def login(self, username: str, password: str) -> Page:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})
