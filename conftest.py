"""Fixtures every test package may use, registered once for the whole run.

Browser fixtures (one Chromium for the session) and the real-Celery-worker fixtures are
plugins rather than per-package conftests: a session fixture imported into several test
modules would be set up once per module, and two Playwright sessions cannot share a thread.
"""
pytest_plugins = ["tests.browser.fixtures", "tests.documents.fixtures"]
