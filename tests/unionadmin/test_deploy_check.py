"""Production settings pass Django's deployment checklist, and refuse to start half-configured."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env_changes):
    env = {**os.environ}
    # The browser tests' conftest allows sync ORM calls inside Playwright's loop; a deployment never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def production(**changes):
    return {
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64)[:64],
        "ALLOWED_HOSTS": "union.example.cn",
        **changes,
    }


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output
    assert "no issues" in output


def _dotenv_sets_secret_key() -> bool:
    dotenv = ROOT / ".env"
    return dotenv.exists() and any(line.strip().startswith("SECRET_KEY") for line in dotenv.read_text().splitlines())


@pytest.mark.parametrize("secret_key", [None, "", "short-and-guessable"], ids=["unset", "empty", "short"])
def test_production_without_a_proper_secret_key_refuses_to_start(secret_key):
    if secret_key is None and _dotenv_sets_secret_key():
        pytest.skip(".env sets SECRET_KEY on this machine")
    result = manage("check", **production(SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = manage("check", **production(DEBUG="true"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG" in result.stderr


def test_production_requires_allowed_hosts():
    result = manage("check", **production(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
