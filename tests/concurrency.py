"""Two requests at the same moment, as a double click or two officers make them.

``post_at_once`` sends the same POST from two threads, each a test client with its own
database connection (real PostgreSQL; use ``django_db(transaction=True)``), released together
by a barrier. ``writes_meet(Model)`` widens the race the way the congress numbering test
does: each request's first INSERT or UPDATE of ``Model`` waits until the other request
reaches its own (or a few seconds pass, when a lock keeps the other request away), so both
have checked "does it exist yet?" before either writes. Without it the first request
often finishes before the second starts and the race is not tested at all.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connections
from django.db.models.sql.compiler import SQLInsertCompiler, SQLUpdateCompiler
from django.test import Client
from django.utils.html import escape

_in_request = threading.local()  # set by post_at_once while its POST runs (not while logging in)


@contextmanager
def writes_meet(*models, parties=2, timeout=3.0):
    barrier = threading.Barrier(parties)
    local = threading.local()
    originals = {cls: cls.execute_sql for cls in (SQLInsertCompiler, SQLUpdateCompiler)}

    def patched(cls):
        def execute_sql(self, *args, **kwargs):
            if (self.query.model in models and getattr(_in_request, "active", False)
                    and not getattr(local, "met", False)):
                local.met = True
                try:
                    barrier.wait(timeout)
                except threading.BrokenBarrierError:
                    pass  # the other request waits on a lock this one holds: go on alone
            return originals[cls](self, *args, **kwargs)
        return execute_sql

    for cls in originals:
        cls.execute_sql = patched(cls)
    try:
        yield
    finally:
        for cls, original in originals.items():
            cls.execute_sql = original


def post_at_once(user, url=None, data=None, *, times=2, referer=None, language="en", follow=True, htmx=False,
                 posts=None):
    """The responses of ``times`` identical POSTs sent together (a 500 comes back as a response);
    ``posts``, a list of (url, data), sends different POSTs together instead."""
    posts = posts or [(url, data)] * times
    times = len(posts)
    barrier = threading.Barrier(times)
    responses: list = [None] * times
    errors: list = []

    def run(index):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            headers = {"HTTP_REFERER": "http://testserver" + referer} if referer else {}
            if htmx:
                headers["HTTP_HX_REQUEST"] = "true"
            barrier.wait(10)
            _in_request.active = True
            responses[index] = client.post(*posts[index], follow=follow, **headers)
            _in_request.active = False
        except Exception as error:  # asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return responses


def page_text(response) -> str:
    return response.content.decode()


def assert_no_server_error_and_told(responses, message: str):
    """Neither request failed with a server error, and one of them reads ``message``."""
    assert [r.status_code for r in responses if r.status_code >= 500] == [], [
        page_text(r)[:2000] for r in responses if r.status_code >= 500]
    texts = [page_text(r) for r in responses]
    assert any(message in text or escape(message) in text for text in texts), texts
