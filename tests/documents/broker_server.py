"""A private redis-server for the broker-outage tests: a free port, a temporary directory, no
persistence (a stopped broker forgets its messages, the worst case). Never the system Redis."""
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import kombu.pools

from ..processes import end_with_the_tests
from .fixtures import _use_broker


def switch_broker(url: str):
    """Send this process's tasks to ``url`` from now on (kombu keeps producer pools per broker:
    they are dropped, so switching back and forth works)."""
    kombu.pools.reset()
    _use_broker(url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class PrivateRedis:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def _wait(self, up: bool, timeout=30):
        deadline = time.monotonic() + timeout
        while _answers(self.port) != up:
            if time.monotonic() > deadline:
                raise AssertionError(f"redis-server on {self.port} did not {'start' if up else 'stop'}")
            time.sleep(0.05)

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=open(self.directory / "redis.log", "ab"), stderr=subprocess.STDOUT, preexec_fn=end_with_the_tests,
        )
        self._wait(True)
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        self.process = None
        self._wait(False)
