"""Text messages (短信) to a mobile number, through a pluggable backend, like Django's e-mail.

``send_text(mobile, body)`` hands the message to the backend named by the setting
``TEXT_MESSAGE_BACKEND``:

* ``unionadmin.texting.ConsoleBackend`` — prints it (development, ``make run``);
* ``unionadmin.texting.FileBackend`` — appends it as one JSON line to a file in
  ``TEXT_MESSAGE_FILE_PATH`` (tests read the one-time links from there);
* an SMS provider: subclass ``TextBackend`` and implement ``send`` with the provider's API
  (its keys from the environment), then name the class in ``TEXT_MESSAGE_BACKEND``.

A backend raises ``TextNotSent`` when the provider refuses or cannot be reached; callers
tell the officer, who can send again, and nothing already saved is lost.
"""
from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class TextNotSent(Exception):
    pass


@dataclass(frozen=True)
class TextMessage:
    mobile: str
    body: str
    purpose: str = ""  # e.g. "password_link", kept in logs, never shown to the recipient


class TextBackend:
    def send(self, message: TextMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(TextBackend):
    def send(self, message):
        sys.stdout.write(f"[text to {message.mobile}] {message.body}\n")
        sys.stdout.flush()


class FileBackend(TextBackend):
    _lock = threading.Lock()

    def path(self) -> Path:
        folder = Path(settings.TEXT_MESSAGE_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "texts.jsonl"

    def send(self, message):
        line = json.dumps({"mobile": message.mobile, "body": message.body, "purpose": message.purpose,
                           "sent_at": timezone.now().isoformat()}, ensure_ascii=False)
        try:
            with self._lock, self.path().open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as error:
            raise TextNotSent(str(error)) from error


def backend() -> TextBackend:
    return import_string(settings.TEXT_MESSAGE_BACKEND)()


def send_text(mobile: str, body: str, *, purpose: str = "") -> None:
    backend().send(TextMessage(mobile=mobile, body=body, purpose=purpose))


def sent_texts(mobile: str | None = None) -> list[dict]:
    """What the file backend holds (newest last), for tests and the demo."""
    path = FileBackend().path()
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if mobile is None or r["mobile"] == mobile]
